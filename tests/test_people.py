"""Saving a list of first names and birth years keeps the rows that are still there."""

from dataclasses import dataclass

from coordinator.people import sync_people


@dataclass(eq=False)
class _Person:
    first_name: str
    birth_year: int


def test_rows_still_wanted_are_kept_the_rest_removed_and_new_ones_added():
    kept, twin, gone = _Person("Ida", 2012), _Person("Ida", 2012), _Person("Bo", 2010)
    people = [kept, gone, twin]

    sync_people(people, [("Ida", 2012), ("Ali", 2015)], _Person)

    assert people[0] is kept  # the same row, with whatever hangs on it
    assert [(p.first_name, p.birth_year) for p in people] == [("Ida", 2012), ("Ali", 2015)]
    assert gone not in people
    assert twin not in people  # one Ida was wanted, so only one is kept
