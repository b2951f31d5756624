"""Danish first: every interface text in the code and templates has a Danish translation."""

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
METHOD_MAP = [
    ("coordinator/**.py", "python"),
    ("templates/**.html", "jinja2"),
    ("templates/**.txt", "jinja2"),
]
KEYWORDS = {"_": None, "gettext": None, "_l": None, "lazy_gettext": None, "ngettext": (1, 2)}


def _msgids_in_source() -> set[str]:
    found = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT),
        METHOD_MAP,
        keywords=KEYWORDS,
        options_map={
            "templates/**.html": {"extensions": "jinja2.ext.do"},
            "templates/**.txt": {"extensions": "jinja2.ext.do"},
        },
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def _danish_catalog():
    with open(ROOT / "coordinator/translations/da/LC_MESSAGES/messages.po", "rb") as handle:
        return read_po(handle, locale="da")


def test_every_interface_text_has_a_danish_translation():
    catalog = _danish_catalog()
    translated = {
        (message.id if isinstance(message.id, str) else message.id[0])
        for message in catalog
        if message.id
        and (message.string if isinstance(message.string, str) else message.string[0])
        and "fuzzy" not in message.flags
    }
    missing = sorted(_msgids_in_source() - translated)
    assert missing == [], "run `make translations-update` and translate: " + repr(missing[:20])
