"""Good Danish: plural forms, one way to show dates and times, percentages, the genitive, and a
scan of the Danish catalogue for the mistakes we have made before."""

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask import render_template_string
from flask_babel import force_locale, ngettext

from coordinator.i18n import decimal, genitive, nice_date, nice_time, percent
from coordinator.matches.reasons import describe

ROOT = Path(__file__).resolve().parent.parent
NBSP = "\u00a0"


def _catalog(lang: str):
    with open(ROOT / f"coordinator/translations/{lang}/LC_MESSAGES/messages.po", "rb") as handle:
        return read_po(handle, locale=lang)


def _first(text: str | tuple) -> str:
    return text if isinstance(text, str) else text[0]


def _danish_strings() -> list[tuple[str, str]]:
    """(msgid, msgstr) for every Danish translation, each plural form on its own."""
    found = []
    for message in _catalog("da"):
        if not message.id:
            continue
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        found.extend((msgid, text) for text in strings if text)
    return found


# --- plurals -------------------------------------------------------------------------------


@pytest.mark.parametrize(("count", "expected"), [
    (0, "0 opfølgninger er forsinkede."),
    (1, "1 opfølgning er forsinket."),
    (2, "2 opfølgninger er forsinkede."),
])
def test_overdue_check_ins_take_the_singular_after_one(app, count, expected):
    with app.test_request_context(), force_locale("da"):
        assert ngettext("%(num)d check-in is overdue.", "%(num)d check-ins are overdue.",
                        count) == expected


def test_one_verified_young_person_waits_in_the_singular_in_a_template(app):
    source = ('{{ ngettext("%(num)d verified young person is waiting for a friend.", '
              '"%(num)d verified young people are waiting for a friend.", n) }}')
    with app.test_request_context():
        with force_locale("da"):
            assert render_template_string(source, n=1) == "1 godkendt ung venter på en ven."
            assert render_template_string(source, n=3) == "3 godkendte unge venter på en ven."
        with force_locale("en"):
            assert (render_template_string(source, n=1)
                    == "1 verified young person is waiting for a friend.")


def test_every_plural_entry_has_both_danish_forms():
    for message in _catalog("da"):
        if message.id and message.pluralizable:
            assert len(message.string) == 2, message.id
            assert all(message.string), f"a plural form is missing for {message.id!r}"


# --- dates and times -----------------------------------------------------------------------


def test_a_moment_reads_in_copenhagen_time_without_seconds(app):
    winter = datetime(2026, 12, 10, 17, 0, 5, tzinfo=UTC)  # 18:00:05 in Copenhagen (CET)
    summer = datetime(2026, 6, 10, 16, 30, tzinfo=UTC)  # 18:30 in Copenhagen (CEST)
    with app.test_request_context():
        with force_locale("da"):
            assert nice_date(winter) == "10. dec. 2026 kl. 18.00"
            assert nice_date(summer) == "10. jun. 2026 kl. 18.30"
            assert nice_time(winter) == "18.00"
            assert nice_date(winter, time=False) == "10. dec. 2026"
        with force_locale("en"):
            english = nice_date(winter)
            assert english.startswith("Dec 10, 2026, 6:00")
            assert english.endswith("PM")


def test_a_moment_near_midnight_is_shown_on_its_local_day(app):
    late = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)  # already 1 January in Copenhagen
    with app.test_request_context(), force_locale("da"):
        assert nice_date(late) == "1. jan. 2027 kl. 00.30"
        assert nice_date(late, time=False) == "1. jan. 2027"


def test_a_plain_date_has_no_time_and_nothing_is_empty(app):
    with app.test_request_context(), force_locale("da"):
        assert nice_date(date(2026, 12, 10)) == "10. dec. 2026"
        assert nice_date(None) == ""
        assert nice_time(None) == ""


def test_no_template_formats_dates_by_hand():
    """Every shown date goes through nice_date: no strftime, ISO text or Babel's own filters."""
    offenders = []
    for path in (ROOT / "templates").rglob("*.*"):
        text = path.read_text(encoding="utf-8")
        for pattern in (r"strftime", r"\|\s*dateformat", r"\|\s*datetimeformat",
                        r"\|\s*local_time", r"_(on|at|date)\s*\|\s*string"):
            if re.search(pattern, text):
                offenders.append(f"{path.relative_to(ROOT)}: {pattern}")
    assert offenders == []


# --- numbers -------------------------------------------------------------------------------


def test_percentages_and_decimals_the_danish_way(app):
    with app.test_request_context():
        with force_locale("da"):
            assert percent(0.85) == f"85{NBSP}%"
            assert percent(0.125, digits=1) == f"12,5{NBSP}%"
            assert decimal(3.5) == "3,5"
            assert decimal(1234.0) == "1.234"
            assert percent(None) == ""
        with force_locale("en"):
            assert percent(0.85) == "85%"
            assert decimal(3.5) == "3.5"


def test_the_dashboard_table_and_card_show_the_same_percentage(app, client, auth):
    from coordinator.auth.models import Role

    auth.login_as(Role.COORDINATOR)
    html = client.get("/vidensbank/").get_data(as_text=True)
    # No share is written the English way ("85%") anywhere on the Danish page.
    assert re.search(r"\d%", html.replace("100%", "").replace("0%<", "")) is None


# --- names and reasons ---------------------------------------------------------------------


def test_the_danish_genitive_takes_an_apostrophe_only_after_s_x_z(app):
    with app.test_request_context():
        with force_locale("da"):
            assert genitive("Gentofte") == "Gentoftes"
            assert genitive("Red Barnet") == "Red Barnets"
            assert genitive("Lars") == "Lars'"
            assert genitive("Felix") == "Felix'"
            assert genitive("Inez") == "Inez'"
        with force_locale("en"):
            assert genitive("Gentofte") == "Gentofte's"
            assert genitive("Lars") == "Lars'"


def test_the_matchers_reasons_read_as_good_danish(app):
    with app.test_request_context(), force_locale("da"):
        assert describe("helps_with", "leisure_job") == (
            "Kan hjælpe med at finde et fritidsjob (ansøgning, CV, jobsamtale)")
        assert describe("helps_with", "homework,safety_plan") == (
            "Kan hjælpe med lektiehjælp og at deltage i familiens sikkerhedsplan")
        assert describe("age_gap", "0") == "Samme alder"
        assert describe("age_gap", "1") == "1 års aldersforskel"
        assert describe("age_gap", "12") == "12 års aldersforskel"
    with app.test_request_context(), force_locale("en"):
        assert describe("age_gap", "1") == "1 year apart in age"
        assert describe("age_gap", "0") == "The same age"


# --- the catalogue -------------------------------------------------------------------------

# Verbs that follow "med" and need "at" before them ("hjælpe med at finde").
_INFINITIVES_AFTER_MED = ("finde", "deltage", "skrive", "forberede", "lave", "komme", "søge")


def test_no_space_before_a_colon_in_danish():
    bad = [text for _msgid, text in _danish_strings() if re.search(r"\S :(\s|$)", text)]
    assert bad == []


def test_med_is_followed_by_at_before_a_verb():
    pattern = re.compile(r"\bmed (" + "|".join(_INFINITIVES_AFTER_MED) + r")\b", re.IGNORECASE)
    bad = [text for _msgid, text in _danish_strings() if pattern.search(text)]
    assert bad == []


def test_an_apostrophe_genitive_only_follows_s_x_or_z():
    # "%(name)s' frivillige" would be wrong for any name not ending in s, x or z: use the
    # genitive filter. A word ending in another letter never takes a bare apostrophe.
    bad = [
        text for _msgid, text in _danish_strings()
        if re.search(r"\)s' |[a-wyæøå]' [a-zæøå]", text, re.IGNORECASE)
    ]
    assert bad == []


def test_optional_fields_are_not_called_frivilligt_on_a_volunteer_service():
    # "Telefon (frivilligt)" reads as "the volunteer's phone" here.
    bad = [text for _msgid, text in _danish_strings() if "(frivilligt)" in text]
    assert bad == []


def test_the_english_catalogue_holds_every_danish_msgid():
    danish = {(m.id if isinstance(m.id, str) else m.id[0]) for m in _catalog("da") if m.id}
    english = {(m.id if isinstance(m.id, str) else m.id[0]) for m in _catalog("en") if m.id}
    assert sorted(danish - english) == []


def test_the_english_interface_shows_english():
    """The msgids are the English texts, so an empty English msgstr falls back to them; a Danish
    msgid would leak Danish into the English interface."""
    danish_letters = re.compile(r"[æøåÆØÅ]")
    leaks = [
        m.id for m in _catalog("en")
        if m.id and not (m.string if isinstance(m.string, str) else m.string[0])
        # Quoted examples of the catalogue's own Danish (“13-17 år”) are meant.
        and danish_letters.search(re.sub(r"“[^”]*”", "", _first(m.id)))
    ]
    assert leaks == []


# --- the reader in the second person ---------------------------------------------------------


def test_the_volunteer_reads_their_own_answer_in_the_second_person(app, client, auth):
    from coordinator.auth.models import Role
    from coordinator.extensions import db
    from coordinator.matches.models import MatchStatus
    from tests import factories

    user = auth.login_as(Role.VOLUNTEER)
    with app.app_context():
        volunteer = factories.make_volunteer(user=db.session.get(type(user), user.id))
        referral = factories.make_referral()
        match = factories.make_match(referral.id, volunteer.id, MatchStatus.ACCEPTED)
        db.session.commit()
        match_id = match.id
    html = client.get(f"/match/{match_id}").get_data(as_text=True)
    assert "Du har takket ja" in html
    assert "Accepteret af den frivillige" not in html
    mine = client.get("/frivillig/min-side/mine-oplysninger").get_data(as_text=True)
    assert "Her er alt, hvad koordineringsenheden har om dig." in mine
    assert "om personen" not in mine


def test_a_family_volunteer_is_shown_without_a_space_before_the_colon(app, client, auth):
    from coordinator.auth.models import Role
    from coordinator.extensions import db
    from coordinator.volunteers.models import HouseholdMember, VolunteerKind
    from tests import factories

    auth.login_as(Role.COORDINATOR)
    with app.app_context():
        volunteer = factories.make_volunteer(kind=VolunteerKind.FAMILY)
        volunteer.household.append(HouseholdMember(first_name="Søren", birth_year=2010))
        db.session.commit()
        volunteer_id = volunteer.id
    html = client.get(f"/frivillig/{volunteer_id}").get_data(as_text=True)
    assert re.search(r"Som familie: Søren", html)
    assert not re.search(r"Som familie\s+:", html)


@pytest.mark.parametrize("lang", ["da", "en"])
def test_no_msgid_is_defined_twice(lang):
    """GNU msgfmt refuses a catalogue with a duplicate msgid (pybabel silently keeps one)."""
    import ast
    from collections import Counter

    seen: Counter = Counter()
    current: list[str] | None = None
    path = ROOT / f"coordinator/translations/{lang}/LC_MESSAGES/messages.po"
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith("msgid "):
            current = [ast.literal_eval(line[6:])]
        elif current is not None and line.startswith('"'):
            current.append(ast.literal_eval(line))
        elif current is not None:
            if "".join(current):
                seen["".join(current)] += 1
            current = None
    assert [msgid for msgid, count in seen.items() if count > 1] == []
