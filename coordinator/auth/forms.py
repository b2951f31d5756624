"""Forms for signing in and out, and for the account's password and sessions."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from coordinator.auth.services import ADMINISTERED_ROLES
from coordinator.form_helpers import AppForm, ChoiceField, email_field, new_password_field, text
from coordinator.labels import enum_label


def _current_password(label):
    return PasswordField(
        label,
        validators=[
            DataRequired(_l("Please enter your password.")),
            Length(max=200, message=_l("The password is too long.")),
        ],
    )


def _repeat():
    return PasswordField(
        _l("Repeat the password"),
        validators=[
            DataRequired(_l("Please repeat the password.")),
            EqualTo("new_password", message=_l("The two passwords are not the same.")),
        ],
    )


class LoginForm(AppForm):
    email = email_field()
    password = _current_password(_l("Password"))
    remember = BooleanField(
        _l("Keep me signed in on this device"),
        description=_l("Not for staff accounts, and never on a shared computer."),
    )


class ForgotPasswordForm(AppForm):
    email = email_field()


class ResetPasswordForm(AppForm):
    new_password = new_password_field(_l("New password"))
    new_password_again = _repeat()


class ChangePasswordForm(AppForm):
    current_password = _current_password(_l("Current password"))
    new_password = new_password_field(_l("New password"))
    new_password_again = _repeat()


class ChangeEmailForm(AppForm):
    email = email_field(_l("New e-mail address"))
    current_password = _current_password(_l("Current password"))


class TwoFactorForm(AppForm):
    code = StringField(
        _l("Code"),
        description=_l("The 6 digits from your authenticator app, or one of your recovery codes."),
        validators=[
            DataRequired(_l("Please enter the code.")),
            Length(max=40, message=_l("The code is too long.")),
        ],
        render_kw={"autocomplete": "one-time-code", "inputmode": "text"},
    )


def _role_choices():
    return [(role.value, enum_label(role)) for role in ADMINISTERED_ROLES]


class InviteForm(AppForm):
    name = text(_l("Name"), 120, required=_l("Please enter the name."))
    email = email_field()
    role = ChoiceField(_l("Role"), validators=[DataRequired(_l("Please choose a role."))])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.role.choices = _role_choices()


class RoleForm(AppForm):
    role = ChoiceField(_l("Role"), validators=[DataRequired(_l("Please choose a role."))])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.role.choices = _role_choices()
