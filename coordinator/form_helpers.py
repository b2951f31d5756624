"""Pieces every feature's forms share: input cleaning, fields with Danish messages, validators.

WTForms ships no Danish translations, so the fields that produce a built-in message (numbers,
dates, times, choices) are small subclasses here with our own translated messages.
"""

import re
from collections.abc import Callable, Iterator, Sequence
from datetime import date, time, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.form import _Auto
from wtforms import (
    EmailField,
    Field,
    FieldList,
    FormField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    ValidationError,
    widgets,
)
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp, StopValidation

from coordinator.drafts import resubmit

# C0 control characters except tab, newline and carriage return; PostgreSQL refuses NUL in text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
TOO_LONG = _l("At most %(max)d characters.")
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2100, 12, 31)


def clean(value: object) -> object:
    """Trim text and drop control characters no person types; leave other values alone."""
    if isinstance(value, str):
        return _CONTROL.sub("", value).strip()
    return value


# A CPR number: DDMMYY, an optional dash or space, four digits, not inside a longer number.
_CPR = re.compile(r"(?<![0-9])([0-9]{2})([0-9]{2})([0-9]{2})[- ]?[0-9]{4}(?![0-9])")
CPR_MESSAGE = _l(
    "Please do not write CPR numbers here. Remove the number; everything else you typed is kept."
)


def contains_cpr(value: object) -> bool:
    """Whether text holds something that is a Danish CPR number: ten digits whose first six are
    a real date (DDMMYY, in either century), with or without a dash or a space after the date.

    A phone number or an impossible date (310299) is not a CPR number and is let through.
    """
    if not isinstance(value, str):
        return False
    for match in _CPR.finditer(value):
        day, month, year = (int(part) for part in match.groups())
        for century in (1900, 2000):
            try:
                date(century + year, month, day)
            except ValueError:
                continue
            return True
    return False


class AppForm(FlaskForm):
    """The base of every form: no free-text field may carry a CPR number (we store none), and a
    form sent after its CSRF token or sign-in ran out comes back filled in (drafts.resubmit)."""

    def __init__(self, formdata=_Auto, **kwargs) -> None:
        if formdata is _Auto:
            kept = resubmit.kept_values_for(self, kwargs.get("prefix", ""))
            if kept is not None:
                formdata = kept
        super().__init__(formdata=formdata, **kwargs)

    def validate(self, extra_validators=None) -> bool:
        """Validate as usual, then refuse any free text holding a CPR number, field by field."""
        valid = super().validate(extra_validators)
        for field in _text_fields(self):
            if contains_cpr(field.data):
                field.errors = [*field.errors, str(CPR_MESSAGE)]
                valid = False
        return valid


def _text_fields(fields) -> Iterator[Field]:
    """Every free-text field of a form, also inside its rows (household members, children)."""
    for field in fields:
        if isinstance(field, FormField):
            yield from _text_fields(field.form)
        elif isinstance(field, FieldList):
            yield from _text_fields(field.entries)
        elif isinstance(field, StringField) and not isinstance(field, PasswordField):
            yield field


class ConfirmForm(AppForm):
    """An empty form: a button that only confirms a POST still carries a CSRF token."""


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes, rendered as a fieldset whose legend names the group."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()
    # The form macro renders a group as <fieldset>/<legend> (WCAG 1.3.1), never a <label> for
    # a list, and keeps `required` off each box: one box of several is not itself required.
    is_group = True


class CheckboxesField(MultiCheckboxField):
    """Checkboxes that refuse values not offered, with a translated message."""

    def pre_validate(self, form) -> None:
        known = {value for value, _label in self.choices}
        if any(value not in known for value in self.data or []):
            raise ValidationError(str(_l("Please choose only from the options shown.")))


def _check_choice(field) -> None:
    if not field.data and field.flags.required:
        return  # the field's own "please choose ..." message says it better
    if field.data not in {value for value, _label in field.choices}:
        raise ValidationError(str(_l("Please choose one of the options.")))


class ChoiceField(SelectField):
    """A select that refuses values not offered, with a translated message."""

    def pre_validate(self, form) -> None:
        _check_choice(self)


class RadioChoiceField(RadioField):
    """Radio buttons that refuse values not offered, with a translated message; rendered as a
    fieldset with a legend (see MultiCheckboxField)."""

    is_group = True

    def pre_validate(self, form) -> None:
        _check_choice(self)


class _SpacesAreEmpty:
    """A field whose value is parsed (a date, a number): only spaces count as nothing typed.

    `InputRequired` looks at the raw text, so "  " would pass it while the parsed value is None,
    and the view would fail on a required value that is missing. Here a blank value is emptied
    before the validators run, and a required field without a value stops with a translated
    message (the form's own wording where it gave one).
    """

    required_message = _l("This field is required.")
    # WTForms is untyped, so a field's value is Any as everywhere else; a required field never
    # hands a view None (see pre_validate).
    data: Any
    flags: Any
    process_errors: list[Any]
    raw_data: list[Any] | None
    validators: Any

    def _is_blank(self, valuelist) -> bool:
        if valuelist and isinstance(valuelist[0], str) and valuelist[0].strip():
            return False
        if valuelist:
            self.raw_data = [""]
        return True

    def pre_validate(self, form) -> None:
        """Refuse a missing required value here, so no view ever receives None for it."""
        if self.data is None and self.flags.required and not self.process_errors:
            raise StopValidation(str(self._required_message()))

    def _required_message(self):
        for validator in self.validators:
            if "required" in getattr(validator, "field_flags", {}) and validator.message:
                return validator.message
        return self.required_message


class WholeNumberField(_SpacesAreEmpty, IntegerField):
    """A whole number; anything else gets our own message, in the user's language."""

    def process_formdata(self, valuelist):
        if self._is_blank(valuelist):
            self.data = None
            return
        try:
            self.data = int(valuelist[0].strip())
        except ValueError as error:
            self.data = None
            raise ValueError(str(_l("Please enter a whole number."))) from error


class _IsoField(_SpacesAreEmpty, Field):
    """A value typed in its ISO form by the browser's picker, with a translated message."""

    parse: Callable[[str], Any] = staticmethod(date.fromisoformat)
    message = _l("Please enter a date (yyyy-mm-dd).")
    required_message = _l("Please enter a date.")

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return self.format(self.data) if self.data else ""

    @staticmethod
    def format(value) -> str:
        return value.isoformat()

    def process_formdata(self, valuelist) -> None:
        self.data = None
        if self._is_blank(valuelist):
            return
        try:
            self.data = self.parse(valuelist[0].strip())
        except ValueError as error:
            raise ValueError(str(self.message)) from error


class DayField(_IsoField):
    """A date (yyyy-mm-dd, the browser's date picker) between 1900 and 2100: anything outside
    is a typing error, and dates near the calendar's ends would overflow date arithmetic."""

    widget = widgets.DateInput()

    def process_formdata(self, valuelist) -> None:
        super().process_formdata(valuelist)
        if self.data is not None and not FIRST_DAY <= self.data <= LAST_DAY:
            self.data = None
            raise ValueError(str(_l("Please enter a date between 1900 and 2100.")))


def within_days(before: int, after: int):
    """A validator: the date lies from `before` days ago to `after` days ahead of today."""

    def check(form, field) -> None:
        if field.data is None:
            return
        today = date.today()
        if not today - timedelta(days=before) <= field.data <= today + timedelta(days=after):
            if after == 0:
                raise ValidationError(str(_l("The date cannot be in the future.")))
            raise ValidationError(str(_l("Please choose a date within a year or so of today.")))

    return check


class TimeField(_IsoField):
    """A time of day (hh:mm, the browser's time picker)."""

    widget = widgets.TimeInput()
    parse = staticmethod(time.fromisoformat)
    message = _l("Please enter a time (hh:mm).")
    required_message = _l("Please enter a time.")

    @staticmethod
    def format(value) -> str:
        return value.strftime("%H:%M")


def text(label, max_length: int, *, required=None, area: bool = False, description=None):
    """A cleaned text field with a length limit and, if `required` is a message, required."""
    validators = [
        DataRequired(required) if required else Optional(),
        Length(max=max_length, message=TOO_LONG),
    ]
    cls = TextAreaField if area else StringField
    return cls(label, filters=[clean], validators=validators, description=description)


def email_field(label=None):
    """A required e-mail address: trimmed, at most 254 characters, of a valid form."""
    return EmailField(
        label or _l("E-mail"),
        filters=[clean],
        validators=[
            DataRequired(_l("Please enter your e-mail address.")),
            Length(max=254, message=_l("The e-mail address is too long.")),
            Email(_l("Please enter a valid e-mail address.")),
        ],
    )


def danish_postcode():
    """A Danish postcode is four ASCII digits (`\\d` would also take e.g. full-width digits)."""
    return Regexp(r"^[0-9]{4}$", message=_l("Please enter a Danish postcode of four digits."))


def postcode_field(label=None):
    """A required Danish postcode."""
    return StringField(
        label or _l("Postcode"),
        filters=[clean],
        validators=[DataRequired(_l("Please enter your postcode.")), danish_postcode()],
    )


PASSWORD_MIN_LENGTH = 12
# zxcvbn's scale: 3 is "safely unguessable" (about 10^10 guesses), what online and slow offline
# attacks on a scrypt hash cannot reach.
PASSWORD_MIN_SCORE = 3


def password_problem(password: str, hints: Sequence[str] = ()) -> object | None:
    """Why a password is not good enough (a translatable message), or None if it is.

    At least 12 characters and not guessable: zxcvbn, which knows common passwords, names,
    keyboard patterns and dates, must score it 3 or more. The message says why, since "too
    weak" alone teaches nothing. Used by the forms and by `flask create-user`.
    """
    from zxcvbn import zxcvbn

    if len(password) < PASSWORD_MIN_LENGTH:
        return _l("Use at least %(count)d characters.", count=PASSWORD_MIN_LENGTH)
    # zxcvbn refuses more than 72 characters; a longer password is long enough anyway.
    if zxcvbn(password[:72], user_inputs=list(hints))["score"] < PASSWORD_MIN_SCORE:
        return _l("This password is too easy to guess (a common word, a name, a date or a "
                  "keyboard pattern). Use a few unrelated words, or add more characters.")
    return None


class StrongPassword:
    """The password policy as a WTForms validator (see `password_problem`)."""

    def __call__(self, form, field) -> None:
        # The user's own e-mail and name are the first guesses of anyone who knows them.
        hints = [
            str(value) for name in ("email", "name") if (value := getattr(
                getattr(form, name, None), "data", None))
        ]
        problem = password_problem(field.data or "", hints)
        if problem is not None:
            raise StopValidation(problem)


def new_password_field(label, description=None):
    """A field for choosing a password, with the password policy."""
    return PasswordField(
        label,
        description=description
        or _l("At least 12 characters, hard to guess: e.g. three or four unrelated words."),
        validators=[
            DataRequired(_l("Please choose a password.")),
            Length(max=200, message=_l("The password is too long.")),
            StrongPassword(),
        ],
    )
