"""Erasure on request: the reason is required and kept in the audit log."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

from coordinator.form_helpers import text


class ErasureForm(FlaskForm):
    reason = text(_l("Reason for the erasure"), 500, area=True,
                  required=_l("Please write why the record is erased."))
