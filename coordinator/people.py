"""People known only by first name and birth year: a family's children, a volunteer's household.

A form gives back the whole list of (first name, birth year); saving it keeps the rows that are
still there, so what hangs on them (a household member's child certificate) is kept too.
"""

from collections.abc import Callable
from typing import Protocol, TypeVar


class NamedPerson(Protocol):
    @property
    def first_name(self) -> str: ...

    @property
    def birth_year(self) -> int: ...


Person = TypeVar("Person", bound=NamedPerson)


def sync_people(
    people: list[Person], wanted: list[tuple[str, int]], make: Callable[[str, int], Person]
) -> None:
    """Make `people` hold exactly `wanted` (first name, birth year): keep the rows that still
    match, remove the rest, and add one made by `make(first_name, birth_year)` for each new one."""
    missing = list(wanted)
    for person in list(people):
        key = (person.first_name, person.birth_year)
        if key in missing:
            missing.remove(key)
        else:
            people.remove(person)
    for first_name, birth_year in missing:
        people.append(make(first_name, birth_year))
