"""Ages from birth years: the one rule every feature uses.

Only a birth year is ever stored (no birth date, no CPR number), so a person's age on a day is the
age they turn in that day's year.
"""

from datetime import date


def age_on(birth_year: int, on: date) -> int:
    """The age a person born in `birth_year` turns in the year of `on`."""
    return on.year - birth_year


def birth_year_for(age: int, on: date) -> int:
    """The birth year of a person who turns `age` in the year of `on` (the inverse of age_on)."""
    return on.year - age
