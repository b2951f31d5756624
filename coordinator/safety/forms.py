"""The caseworker's form for the volunteer's part in the safety plan."""

from flask_babel import lazy_gettext as _l

from coordinator.form_helpers import AppForm, text


class SafetyPlanPartForm(AppForm):
    what_to_do = text(_l("What the volunteer does"), 2000, area=True,
                      required=_l("Say what the volunteer does."))
    whom_to_call = text(_l("Whom to call (name and phone)"), 1000, area=True,
                        required=_l("Say whom the volunteer calls."))
    when_to_act = text(_l("When (the signs to act on)"), 2000, area=True,
                       required=_l("Say when the volunteer acts."))
