"""One rule for a person's age: the age they turn in the year (only birth years are stored)."""

from datetime import date

from coordinator.ages import age_on, birth_year_for


def test_age_is_the_age_turned_in_that_year_whatever_the_day():
    assert age_on(2010, date(2026, 1, 1)) == 16
    assert age_on(2010, date(2026, 12, 31)) == 16
    assert age_on(2010, date(2027, 1, 1)) == 17


def test_birth_year_for_an_age_is_the_inverse():
    on = date(2026, 11, 26)
    assert birth_year_for(16, on) == 2010
    assert age_on(birth_year_for(15, on), on) == 15
