"""Erasure on request: the reason is required and kept in the audit log."""

from flask_babel import lazy_gettext as _l

from coordinator.form_helpers import AppForm, text


class ErasureForm(AppForm):
    reason = text(_l("Reason for the erasure"), 500, area=True,
                  required=_l("Please write why the record is erased."))
