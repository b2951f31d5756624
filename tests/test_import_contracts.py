"""Every module of the app has a place in the declared import order (pyproject.toml).

import-linter only checks the modules a contract names: a new package that is in neither the
shared modules nor the feature layers would escape both rules without anyone noticing.
"""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "coordinator"

# The app itself sits on top of every layer (it wires the features together); not data folders.
APP_TOP = {"__init__", "cli", "demo", "demo_growth", "models", "warmup"}
NOT_CODE = {"data", "static", "translations", "__pycache__"}


def _contracts() -> list[dict]:
    with open(ROOT / "pyproject.toml", "rb") as file:
        return tomllib.load(file)["tool"]["importlinter"]["contracts"]


def _top_level(module: str) -> str:
    return module.split(".")[1]


def _placed() -> tuple[set[str], set[str]]:
    shared: set[str] = set()
    layered: set[str] = set()
    for contract in _contracts():
        if contract["name"] == "shared modules never import a feature package":
            shared = {_top_level(m) for m in contract["source_modules"]}
        if contract["type"] == "layers":
            for layer in contract["layers"]:
                layered |= {_top_level(m.strip()) for m in re.split(r"[|:]", layer)}
    return shared, layered


def _app_modules() -> set[str]:
    names = set()
    for path in APP.iterdir():
        if path.name in NOT_CODE or path.name.startswith("."):
            continue
        if path.is_dir() and (path / "__init__.py").exists():
            names.add(path.name)
        elif path.suffix == ".py":
            names.add(path.stem)
    return names


def test_every_module_is_shared_or_in_a_layer():
    shared, layered = _placed()
    assert shared, "the shared-modules contract was not found in pyproject.toml"
    assert layered, "the layers contract was not found in pyproject.toml"
    unplaced = _app_modules() - shared - layered - APP_TOP
    assert not unplaced, f"name these in an import contract in pyproject.toml: {sorted(unplaced)}"


def test_no_module_is_both_shared_and_a_feature():
    shared, layered = _placed()
    assert not shared & layered


def test_shared_modules_are_forbidden_every_feature():
    shared, layered = _placed()
    contract = next(
        c for c in _contracts() if c["name"] == "shared modules never import a feature package"
    )
    forbidden = {_top_level(m) for m in contract["forbidden_modules"]}
    assert layered <= forbidden, f"also forbid: {sorted(layered - forbidden)}"
