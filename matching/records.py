"""Validation and normalisation of the plain-mapping records the matcher accepts.

Records are plain mappings (``dict`` or any :class:`collections.abc.Mapping`). Validation turns
each one into a small immutable :class:`Person` and raises :class:`ValueError` naming the record
id and the field on bad input.

Required fields
---------------
seeker
    ``id``, ``age``, ``match_type``
volunteer
    ``id``, ``age``, ``offers``, ``capacity``, ``screened``
young person (friend bank)
    ``id``, ``age`` (``match_type`` may be left out; if given it must be ``"friend_bank"``)

Every other field is optional; a missing optional field means "unknown" and the soft signal it
feeds becomes neutral.
"""

from __future__ import annotations

import datetime as _dt
import numbers
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeGuard

__all__ = [
    "AVAILABILITY_SLOTS",
    "KINDS",
    "LIVED_EXPERIENCE",
    "MATCH_TYPES",
    "PHASES",
    "Person",
    "id_sort_key",
    "validate_seekers",
    "validate_volunteers",
    "validate_young_people",
]

MATCH_TYPES = (
    "mentor",
    "young_to_young",
    "parent_to_parent",
    "family_to_family",
    "practical_help",
    "leisure_job",
    "friend_bank",
)
AVAILABILITY_SLOTS = ("weekday_day", "weekday_evening", "weekend")
LIVED_EXPERIENCE = ("formerly_placed", "parent_of_placed_child")
PHASES = ("before", "during", "after")
KINDS = ("person", "family")
#: Preference values that mean "no preference".
NO_PREFERENCE = frozenset({"", "any", "none", "no_preference"})

_EMPTY: frozenset[str] = frozenset()


def is_int(value: object) -> TypeGuard[int]:
    """An integer but not a bool; exact ints skip the (slow) abstract-base-class check.

    NumPy integers pass too; to a type checker they are ``int`` (they convert and compare alike).
    """
    kind = type(value)
    if kind is int:
        return True
    return kind is not bool and isinstance(value, numbers.Integral)


def is_real(value: object) -> TypeGuard[float]:
    """A real number but not a bool; exact ints and floats skip the abstract-base-class check."""
    kind = type(value)
    if kind is int or kind is float:
        return True
    return kind is not bool and isinstance(value, numbers.Real)


@dataclass(frozen=True, slots=True)
class Person:
    """A validated, normalised seeker, volunteer or young person (internal)."""

    id: int | str
    kind: str
    age: float
    gender: str | None
    postcode: str | None
    location: tuple[float, float] | None
    languages: frozenset[str]
    interests: frozenset[str]
    availability: frozenset[str]
    about: str
    # seeker side
    needs: frozenset[str] = _EMPTY
    match_type: str | None = None
    phase: str | None = None
    volunteer_gender: frozenset[str] = _EMPTY
    friend_gender: frozenset[str] = _EMPTY
    # volunteer side
    helps_with: frozenset[str] = _EMPTY
    offers: frozenset[str] = _EMPTY
    capacity: int = 0
    screened: bool = False
    child_certificate_until: _dt.date | None = None
    lived_experience: frozenset[str] = _EMPTY


def id_sort_key(value: int | str) -> tuple[int, int | str]:
    """Sort key that orders ids deterministically, also when ints and strs are mixed.

    Examples
    --------
    >>> sorted([10, "b", 2, "a"], key=id_sort_key)
    [2, 10, 'a', 'b']
    """
    if isinstance(value, str):
        return (1, value)
    return (0, int(value))


class _Checker:
    """Field readers that raise a ValueError naming the record and the field."""

    def __init__(self, role: str, record: object, position: int) -> None:
        self.role = role
        self.label = f"{role} at position {position}"
        if not isinstance(record, Mapping):
            raise ValueError(f"{self.label}: record must be a mapping, got {type(record).__name__}")
        self.record = record

    def fail(self, field: str, message: str) -> ValueError:
        return ValueError(f"{self.label}: field {field!r} {message}")

    def required(self, field: str) -> object:
        if field not in self.record or self.record[field] is None:
            raise self.fail(field, "is required")
        return self.record[field]

    def ident(self) -> int | str:
        value = self.required("id")
        if not (type(value) is str or is_int(value)):
            raise self.fail("id", f"must be an int or a str, got {value!r}")
        if isinstance(value, str) and not value.strip():
            raise self.fail("id", "must not be empty")
        value = value if isinstance(value, str) else int(value)
        self.label = f"{self.role} {value!r}"
        return value

    def age(self) -> float:
        value = self.required("age")
        if not is_real(value):
            raise self.fail("age", f"must be a number, got {value!r}")
        value = float(value)
        if not 0 <= value <= 130:
            raise self.fail("age", f"must be between 0 and 130, got {value!r}")
        return value

    def choice(self, field: str, allowed: Iterable[str], default: str | None) -> str | None:
        value = self.record.get(field)
        if value is None:
            return default
        if not isinstance(value, str) or value not in allowed:
            raise self.fail(field, f"must be one of {sorted(allowed)}, got {value!r}")
        return value

    def text(self, field: str) -> str | None:
        value = self.record.get(field)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.fail(field, f"must be a str, got {type(value).__name__}")
        return value

    def tags(self, field: str, allowed: Iterable[str] | None = None) -> frozenset[str]:
        value = self.record.get(field)
        if value is None:
            return _EMPTY
        if not isinstance(value, list | tuple | set | frozenset):
            raise self.fail(field, f"must be a list of str, got {type(value).__name__}")
        if not all(type(tag) is str for tag in value):  # exact str: the fast common case
            for tag in value:
                if not isinstance(tag, str):
                    raise self.fail(field, f"must contain only str, got {tag!r}")
        out = {tag.strip().lower() for tag in value}
        out.discard("")
        if allowed is not None:
            unknown = out.difference(allowed)
            if unknown:
                raise self.fail(
                    field, f"has unknown value(s) {sorted(unknown)}; allowed: {sorted(allowed)}"
                )
        return frozenset(out)

    def postcode(self) -> str | None:
        value = self.record.get("postcode")
        if value is None:
            return None
        if not (type(value) is str or is_int(value)):
            raise self.fail("postcode", f"must be a str or an int, got {value!r}")
        value = str(value).strip()
        return value or None

    def location(self) -> tuple[float, float] | None:
        value = self.record.get("location")
        if value is None:
            return None
        if not isinstance(value, list | tuple) or len(value) != 2:
            raise self.fail("location", f"must be a (lat, lon) pair, got {value!r}")
        lat, lon = value
        for part in (lat, lon):
            if not is_real(part):
                raise self.fail("location", f"must be a (lat, lon) pair of numbers, got {value!r}")
        lat, lon = float(lat), float(lon)
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise self.fail("location", f"is out of range: {value!r}")
        return (lat, lon)

    def preference(self, field: str) -> frozenset[str]:
        prefs = self.record.get("preferences")
        if prefs is None:
            return _EMPTY
        if not isinstance(prefs, Mapping):
            raise self.fail("preferences", f"must be a mapping, got {type(prefs).__name__}")
        value = prefs.get(field)
        if value is None:
            return _EMPTY
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list | tuple | set | frozenset) or not all(
            isinstance(v, str) for v in values
        ):
            raise self.fail(f"preferences.{field}", f"must be a str or a list of str: {value!r}")
        cleaned = {v.strip().lower() for v in values}
        if cleaned & NO_PREFERENCE:
            return _EMPTY
        return frozenset(cleaned)

    def gender(self) -> str | None:
        value = self.text("gender")
        if value is None:
            return None
        value = value.strip().lower()
        return value or None

    def common(self) -> dict[str, Any]:
        ident = self.ident()
        return {
            "id": ident,
            "kind": self.choice("kind", KINDS, "person"),
            "age": self.age(),
            "gender": self.gender(),
            "postcode": self.postcode(),
            "location": self.location(),
            "languages": self.tags("languages"),
            "interests": self.tags("interests"),
            "availability": self.tags("availability", AVAILABILITY_SLOTS),
            "about": self.text("about") or "",
        }


def _check_list(records: object, role: str) -> list[Any]:
    if isinstance(records, Mapping | str | bytes):
        raise ValueError(f"{role}s must be a sequence of mappings, got {type(records).__name__}")
    try:
        return list(records)  # type: ignore[call-overload, no-any-return]
    except TypeError:
        raise ValueError(
            f"{role}s must be a sequence of mappings, got {type(records).__name__}"
        ) from None


def _unique(people: list[Person], role: str) -> list[Person]:
    seen: set[Any] = set()
    for person in people:
        key = id_sort_key(person.id)
        if key in seen:
            raise ValueError(f"{role} {person.id!r}: field 'id' is duplicated")
        seen.add(key)
    return people


def validate_seekers(records: Iterable[Mapping[str, Any]]) -> list[Person]:
    """Validate seeker records and return normalised :class:`Person` objects.

    Raises
    ------
    ValueError
        On a missing required field, a wrong type, an unknown match type or a duplicated id; the
        message names the record id and the field.

    Examples
    --------
    >>> [p.match_type for p in validate_seekers([{"id": 1, "age": 12, "match_type": "mentor"}])]
    ['mentor']
    """
    people = []
    for position, record in enumerate(_check_list(records, "seeker")):
        check = _Checker("seeker", record, position)
        fields = check.common()
        check.required("match_type")
        match_type = check.choice("match_type", MATCH_TYPES, None)
        people.append(
            Person(
                **fields,
                needs=check.tags("needs"),
                match_type=match_type,
                phase=check.choice("phase", PHASES, None),
                volunteer_gender=check.preference("volunteer_gender"),
                friend_gender=check.preference("friend_gender"),
            )
        )
    return _unique(people, "seeker")


def validate_young_people(records: Iterable[Mapping[str, Any]]) -> list[Person]:
    """Validate friend-bank records (``id`` and ``age`` required).

    Examples
    --------
    >>> validate_young_people([{"id": "a", "age": 15}])[0].match_type
    'friend_bank'
    """
    people = []
    for position, record in enumerate(_check_list(records, "young person")):
        check = _Checker("young person", record, position)
        fields = check.common()
        check.choice("match_type", ("friend_bank",), "friend_bank")
        people.append(
            Person(
                **fields,
                needs=check.tags("needs"),
                match_type="friend_bank",
                phase=check.choice("phase", PHASES, None),
                volunteer_gender=check.preference("volunteer_gender"),
                friend_gender=check.preference("friend_gender"),
            )
        )
    return _unique(people, "young person")


def _certificate(check: _Checker) -> _dt.date | None:
    value = check.record.get("child_certificate_until")
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise check.fail("child_certificate_until", f"must be a date or None, got {value!r}")


def validate_volunteers(records: Iterable[Mapping[str, Any]]) -> list[Person]:
    """Validate volunteer records and return normalised :class:`Person` objects.

    Raises
    ------
    ValueError
        On a missing required field, a wrong type, a negative capacity, an unknown match type in
        ``offers`` or a duplicated id; the message names the record id and the field.

    Examples
    --------
    >>> v = {"id": 7, "age": 40, "offers": ["mentor"], "capacity": 1, "screened": True}
    >>> validate_volunteers([v])[0].capacity
    1
    """
    people = []
    for position, record in enumerate(_check_list(records, "volunteer")):
        check = _Checker("volunteer", record, position)
        fields = check.common()
        check.required("offers")
        offers = check.tags("offers", MATCH_TYPES)
        capacity = check.required("capacity")
        if not is_int(capacity):
            raise check.fail("capacity", f"must be an int, got {capacity!r}")
        if capacity < 0:
            raise check.fail("capacity", f"must be >= 0, got {capacity!r}")
        screened = check.required("screened")
        if not isinstance(screened, bool) and type(screened).__name__ != "bool_":
            raise check.fail("screened", f"must be a bool, got {screened!r}")
        people.append(
            Person(
                **fields,
                helps_with=check.tags("helps_with"),
                offers=offers,
                capacity=int(capacity),
                screened=bool(screened),
                child_certificate_until=_certificate(check),
                lived_experience=check.tags("lived_experience", LIVED_EXPERIENCE),
            )
        )
    return _unique(people, "volunteer")
