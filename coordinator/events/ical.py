"""A small iCalendar (RFC 5545) writer: enough for events and meetings in a calendar feed.

Written by hand rather than with a package: CRLF line ends, TEXT escaping (backslash, semicolon,
comma, newline), UTC timestamps, and lines folded at 75 octets without splitting a character.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

PRODID = "-//Koordineringsenheden//Koordinering//DA"
MAX_OCTETS = 75


@dataclass(frozen=True)
class CalendarItem:
    """One VEVENT: timed (datetimes, aware) or all-day (dates)."""

    uid: str
    summary: str
    start: datetime | date
    end: datetime | date | None = None
    description: str = ""
    location: str = ""
    cancelled: bool = False


def escape_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line into pieces of at most 75 octets joined by CRLF and a space."""
    pieces: list[str] = []
    current = ""
    size = 0
    limit = MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            current, size = "", 0
            limit = MAX_OCTETS - 1  # a continuation line starts with one space
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def format_utc(moment: datetime) -> str:
    """A DATE-TIME in UTC form, e.g. 20261124T170000Z."""
    if moment.tzinfo is None:
        raise ValueError("calendar times must be timezone-aware")
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _when(name: str, value: datetime | date) -> str:
    if isinstance(value, datetime):
        return f"{name}:{format_utc(value)}"
    return f"{name};VALUE=DATE:{value.strftime('%Y%m%d')}"


def calendar(items: Iterable[CalendarItem], *, name: str, now: datetime | None = None) -> str:
    """Return a whole VCALENDAR as text with CRLF line ends."""
    stamp = format_utc(now or datetime.now(UTC))
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for item in items:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{item.uid}",
            f"DTSTAMP:{stamp}",
            _when("DTSTART", item.start),
        ]
        if item.end is not None:
            lines.append(_when("DTEND", item.end))
        lines.append(f"SUMMARY:{escape_text(item.summary)}")
        if item.description:
            lines.append(f"DESCRIPTION:{escape_text(item.description)}")
        if item.location:
            lines.append(f"LOCATION:{escape_text(item.location)}")
        lines.append("STATUS:CANCELLED" if item.cancelled else "STATUS:CONFIRMED")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
