"""Hypothesis strategies and small helpers shared by the matching tests."""

from __future__ import annotations

import datetime
import math

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

TODAY = datetime.date(2025, 6, 1)
INTERESTS = ["football", "chess", "music", "gaming", "dance"]
NEEDS = ["homework", "loneliness", "guidance", "leisure_job"]
HELPS = NEEDS + ["cv"]
LANGS = ["da", "ar", "so", "en"]
SLOTS = ["weekday_day", "weekday_evening", "weekend"]
POSTCODES = ["2820", "2900", "2930", "2800", "9999"]
MATCH_TYPES = [
    "mentor",
    "young_to_young",
    "parent_to_parent",
    "family_to_family",
    "practical_help",
    "leisure_job",
]
GENDERS = ["female", "male", "nonbinary"]
ABOUTS = [
    "",
    "Jeg elsker fodbold og at spille skak",
    "Glad for musik, koncerter og at lave mad",
    "Jeg har selv været anbragt og vil gerne hjælpe",
    "Spiller computerspil og går til dans",
]

# database=None: no example database written into the working tree
FAST = settings(
    max_examples=50,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def subset(values):
    return st.lists(st.sampled_from(values), unique=True, max_size=len(values))


maybe_location = st.one_of(
    st.none(),
    st.tuples(st.floats(55.65, 55.85, allow_nan=False), st.floats(12.40, 12.65, allow_nan=False)),
)
cert_dates = st.one_of(
    st.none(),
    st.sampled_from(
        [TODAY - datetime.timedelta(days=1), TODAY, TODAY + datetime.timedelta(days=30)]
    ),
)


@st.composite
def volunteer(draw, ident):
    record = {
        "id": ident,
        "kind": draw(st.sampled_from(["person", "family"])),
        "age": draw(st.integers(16, 70)),
        "offers": draw(subset(MATCH_TYPES)),
        "capacity": draw(st.integers(0, 2)),
        "screened": draw(st.booleans()),
        "gender": draw(st.one_of(st.none(), st.sampled_from(GENDERS))),
        "postcode": draw(st.sampled_from(POSTCODES)),
        "languages": draw(subset(LANGS)),
        "interests": draw(subset(INTERESTS)),
        "helps_with": draw(subset(HELPS)),
        "availability": draw(subset(SLOTS)),
        "child_certificate_until": draw(cert_dates),
        "lived_experience": draw(subset(["formerly_placed", "parent_of_placed_child"])),
        "about": draw(st.sampled_from(ABOUTS)),
    }
    location = draw(maybe_location)
    if location is not None:
        record["location"] = location
    return record


@st.composite
def seeker(draw, ident, match_types=MATCH_TYPES):
    prefs = {}
    if draw(st.booleans()):
        prefs["volunteer_gender"] = draw(st.sampled_from(GENDERS))
    record = {
        "id": ident,
        "kind": draw(st.sampled_from(["person", "family"])),
        "age": draw(st.integers(6, 24)),
        "match_type": draw(st.sampled_from(match_types)),
        "gender": draw(st.one_of(st.none(), st.sampled_from(GENDERS))),
        "postcode": draw(st.one_of(st.none(), st.sampled_from(POSTCODES))),
        "languages": draw(subset(LANGS)),
        "interests": draw(subset(INTERESTS)),
        "needs": draw(subset(NEEDS)),
        "availability": draw(subset(SLOTS)),
        "phase": draw(st.sampled_from([None, "before", "during", "after"])),
        "preferences": prefs,
        "about": draw(st.sampled_from(ABOUTS)),
    }
    location = draw(maybe_location)
    if location is not None:
        record["location"] = location
    return record


@st.composite
def young_person(draw, ident):
    prefs = {}
    if draw(st.booleans()):
        prefs["friend_gender"] = draw(st.sampled_from(GENDERS[:2]))
    return {
        "id": ident,
        "age": draw(st.integers(12, 18)),
        "gender": draw(st.one_of(st.none(), st.sampled_from(GENDERS[:2]))),
        "postcode": draw(st.sampled_from(POSTCODES)),
        "languages": draw(subset(LANGS)),
        "interests": draw(subset(INTERESTS)),
        "availability": draw(subset(SLOTS)),
        "preferences": prefs,
        "about": draw(st.sampled_from(ABOUTS)),
    }


@st.composite
def population(draw, max_seekers=8, max_volunteers=8, id_kind="int"):
    n_s = draw(st.integers(0, max_seekers))
    n_v = draw(st.integers(0, max_volunteers))
    make_id = (lambda i: i) if id_kind == "int" else (lambda i: f"id-{i:03d}")
    seekers = [draw(seeker(make_id(100 + i))) for i in range(n_s)]
    volunteers = [draw(volunteer(make_id(500 + i))) for i in range(n_v)]
    pairs = [(s["id"], v["id"]) for s in seekers for v in volunteers]
    blocked = draw(st.lists(st.sampled_from(pairs), max_size=4)) if pairs else []
    return seekers, volunteers, blocked


@st.composite
def friend_population(draw, max_people=10):
    n = draw(st.integers(0, max_people))
    people = [draw(young_person(i + 1)) for i in range(n)]
    pairs = [(a["id"], b["id"]) for a in people for b in people if a["id"] < b["id"]]
    blocked = draw(st.lists(st.sampled_from(pairs), max_size=3)) if pairs else []
    return people, blocked


def haversine_km(a, b):
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(h))
