"""Forms for signing in and out."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, PasswordField
from wtforms.validators import DataRequired, Length

from coordinator.form_helpers import AppForm, email_field


class LoginForm(AppForm):
    email = email_field()
    password = PasswordField(
        _l("Password"),
        validators=[
            DataRequired(_l("Please enter your password.")),
            Length(max=200, message=_l("The password is too long.")),
        ],
    )
    remember = BooleanField(_l("Keep me signed in on this device"))

