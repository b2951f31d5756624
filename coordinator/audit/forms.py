"""Searching the audit log: who saw this record, what did this user open."""

from flask_babel import lazy_gettext as _l
from wtforms.validators import NumberRange, Optional

from coordinator.form_helpers import AppForm, ChoiceField, DayField, WholeNumberField, text

SUBJECT_TYPES = [
    ("", _l("Any kind of record")),
    ("Referral", _l("Referral")),
    ("YoungPerson", _l("Young person")),
    ("Family", _l("Family")),
    ("Volunteer", _l("Volunteer")),
    ("Match", _l("Match")),
    ("User", _l("Account")),
]


class AuditSearchForm(AppForm):
    """The filters of the audit log page (a GET form: a search changes nothing)."""

    class Meta:
        csrf = False

    subject_type = ChoiceField(_l("Kind of record"), default="")
    subject_id = WholeNumberField(
        _l("Record number"),
        validators=[Optional(), NumberRange(min=1, max=2**31 - 1,
                                            message=_l("Please enter a number from 1 upwards."))],
        description=_l("The number in the record's address, e.g. 12 in /henvisninger/12."),
    )
    actor = text(_l("User (e-mail)"), 254)
    action = text(_l("Action"), 80, description=_l("E.g. referral.viewed or match.approved."))
    date_from = DayField(_l("From"), validators=[Optional()])
    date_to = DayField(_l("To"), validators=[Optional()])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.subject_type.choices = [(value, str(label)) for value, label in SUBJECT_TYPES]
