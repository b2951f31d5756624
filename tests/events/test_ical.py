"""The hand-written iCalendar writer follows RFC 5545: CRLF, escaping, UTC stamps, folding."""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from coordinator.events import ical


def test_text_is_escaped():
    assert ical.escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


@pytest.mark.parametrize("text", ["x" * 200, "æ" * 120, "😀" * 50, "a" + "ø" * 80])
def test_long_lines_fold_at_75_octets_without_splitting_a_character(text):
    folded = ical.fold("SUMMARY:" + text)
    lines = folded.split("\r\n")
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    assert all(line.startswith(" ") for line in lines[1:])
    assert "".join(line[1:] if i else line for i, line in enumerate(lines)) == "SUMMARY:" + text


def test_a_calendar_uses_crlf_utc_times_and_all_day_meetings():
    copenhagen = timezone(timedelta(hours=1))
    body = ical.calendar(
        [
            ical.CalendarItem(uid="event-1@x", summary="Spilaften, pizza; hygge",
                              start=datetime(2026, 11, 24, 18, 0, tzinfo=copenhagen),
                              end=datetime(2026, 11, 24, 20, 0, tzinfo=copenhagen),
                              location="Byens Hus"),
            ical.CalendarItem(uid="meeting-2@x", summary="Møde", start=date(2026, 11, 20),
                              end=date(2026, 11, 21)),
        ],
        name="Min kalender",
        now=datetime(2026, 11, 22, 9, 30, tzinfo=UTC),
    )
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert body.endswith("END:VCALENDAR\r\n")
    assert "\n" not in body.replace("\r\n", "")
    assert "DTSTAMP:20261122T093000Z\r\n" in body
    assert "DTSTART:20261124T170000Z\r\n" in body
    assert "SUMMARY:Spilaften\\, pizza\\; hygge\r\n" in body
    assert "DTSTART;VALUE=DATE:20261120\r\n" in body
    assert body.count("BEGIN:VEVENT") == 2


def test_naive_times_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        ical.format_utc(datetime(2026, 1, 1, 12, 0))  # noqa: DTZ001
