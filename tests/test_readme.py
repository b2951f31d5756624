"""The README's map of the code matches the tree, so a newcomer finds every package by it."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _architecture_section() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split("## Architecture", 1)[1].split("\n## ", 1)[0]


def test_every_package_of_the_app_is_on_the_readmes_map():
    section = _architecture_section()
    named = set(re.findall(r"^\s{2}(\w+)/", section, flags=re.MULTILINE))
    packages = {
        path.parent.name for path in (ROOT / "coordinator").glob("*/__init__.py")
    }
    assert packages - named == set(), "add these packages to the README's Architecture section"


def test_every_shared_module_of_the_app_is_on_the_readmes_map():
    section = _architecture_section()
    modules = {
        path.name for path in (ROOT / "coordinator").glob("*.py") if path.name != "__init__.py"
    }
    missing = {name for name in modules if name not in section}
    assert missing == set(), "add these modules to the README's Architecture section"
