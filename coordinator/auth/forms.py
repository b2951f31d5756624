"""Forms for signing in and out."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField
from wtforms.validators import DataRequired, Email, Length

from coordinator.form_helpers import clean


class LoginForm(FlaskForm):
    email = EmailField(
        _l("E-mail"),
        filters=[clean],
        validators=[
            DataRequired(_l("Please enter your e-mail address.")),
            Length(max=254, message=_l("The e-mail address is too long.")),
            Email(_l("Please enter a valid e-mail address.")),
        ],
    )
    password = PasswordField(
        _l("Password"),
        validators=[
            DataRequired(_l("Please enter your password.")),
            Length(max=200, message=_l("The password is too long.")),
        ],
    )
    remember = BooleanField(_l("Keep me signed in on this device"))

