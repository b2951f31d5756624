"""The shared fields: a value of only spaces is nothing typed, in every form that uses them."""

import pytest
from flask_babel import force_locale
from flask_wtf import FlaskForm
from wtforms.validators import InputRequired, Optional

from coordinator.form_helpers import DayField, TimeField, WholeNumberField

SPACES = [" ", "   ", "\t", " \r\n "]


class _Form(FlaskForm):
    required_day = DayField("Dag", validators=[InputRequired()])
    worded_day = DayField("Dag", validators=[InputRequired("Skriv datoen for mødet.")])
    optional_day = DayField("Dag", validators=[Optional()])
    required_time = TimeField("Tid", validators=[InputRequired()])
    required_number = WholeNumberField("Alder", validators=[InputRequired()])
    optional_number = WholeNumberField("Alder", validators=[Optional()])


def _post(app, **data) -> _Form:
    filled = {"required_day": "2026-05-01", "worded_day": "2026-05-01",
              "required_time": "10:00", "required_number": "14"}
    filled.update(data)
    with app.test_request_context(method="POST", data=filled), force_locale("da"):
        form = _Form()
        form.validate()
        # Render the messages while the locale is forced: they are lazy strings.
        form.messages = {name: [str(error) for error in errors]
                         for name, errors in form.errors.items()}
        return form


@pytest.mark.parametrize("spaces", SPACES)
def test_a_required_date_of_only_spaces_gets_the_danish_required_message(app, spaces):
    form = _post(app, required_day=spaces)
    assert form.messages == {"required_day": ["Skriv en dato."]}


def test_the_forms_own_wording_is_kept_for_a_required_date(app):
    form = _post(app, worded_day="  ")
    assert form.messages == {"worded_day": ["Skriv datoen for mødet."]}


@pytest.mark.parametrize("spaces", SPACES)
def test_an_optional_date_of_only_spaces_is_simply_empty(app, spaces):
    form = _post(app, optional_day=spaces, optional_number=spaces)
    assert form.messages == {}
    assert form.optional_day.data is None
    assert form.optional_number.data is None


def test_a_required_time_or_number_of_only_spaces_is_refused_in_danish(app):
    form = _post(app, required_time=" ", required_number=" ")
    assert form.messages == {"required_time": ["Skriv et klokkeslæt."],
                             "required_number": ["Feltet skal udfyldes."]}


def test_a_typed_date_still_works_and_a_wrong_one_gets_one_message(app):
    assert _post(app, required_day=" 2026-05-01 ").messages == {}
    form = _post(app, required_day="i morgen")
    assert form.messages == {"required_day": ["Skriv en dato (åååå-mm-dd)."]}
