"""The retention schedule: one entry per category of personal data, read from the configuration.

The daily job, `flask retention` and the privacy pages all read this one list, so what the
privacy notice promises and what the job does can never drift apart.
"""

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Category:
    """One kind of record, how long it is kept (days) and what happens then, and why."""

    key: str
    setting: str
    days: int
    what: Any  # lazy text: what the category holds
    then: Any  # lazy text: what happens when the time has run out
    why: Any  # lazy text: the reason for the period


# The order is the order of the privacy pages and of the job's report.
_CATEGORIES = (
    ("unconfirmed_signups", "RETENTION_UNCONFIRMED_SIGNUP_DAYS",
     _l("Volunteer sign-ups whose e-mail address was never confirmed"),
     _l("deleted"),
     _l("Nobody can use an account whose e-mail address never answered.")),
    ("unfinished_applicants", "RETENTION_APPLICANT_DAYS",
     _l("Applicants who never finished screening or were found unsuitable, counted from "
        "their last screening step"),
     _l("deleted (anonymised instead if they were ever part of a match)"),
     _l("Long enough to finish screening or to complain about a decision, no longer.")),
    ("ended_volunteers", "RETENTION_VOLUNTEER_ENDED_DAYS",
     _l("Volunteers who stopped: name, birth year, postcode, screening and certificate dates"),
     _l("anonymised; contact details are removed already when the volunteer stops"),
     _l("The municipality must be able to document who was in contact with children.")),
    ("closed_cases", "RETENTION_CASE_DAYS",
     _l("Withdrawn or closed referrals of children, young people and families, with consent "
        "and case notes, counted from the withdrawal or the end of the last match"),
     _l("anonymised; the knowledge bank's figures are kept"),
     _l("The municipality's duty to document its work with children and families.")),
    ("closed_matches", "RETENTION_CASE_DAYS",
     _l("Closed matches: agreement, meetings, check-ins, concerns and closing notes"),
     _l("anonymised; dates, match type and closure reason are kept for the figures"),
     _l("The municipality's duty to document its work with children and families.")),
    ("friendbank_unverified", "RETENTION_FRIENDBANK_UNVERIFIED_DAYS",
     _l("Friend-bank sign-ups that no coordinator verified"),
     _l("deleted"),
     _l("An unverified sign-up about a child is not kept longer than it takes to verify it.")),
    ("friendbank_inactive", "RETENTION_FRIENDBANK_INACTIVE_DAYS",
     _l("Friend-bank young people with no activity (sign-up, verification, a friend, an event)"),
     _l("deleted (anonymised instead if they were ever part of a pair)"),
     _l("A young person who no longer uses the friend bank should not stay in it.")),
    ("outbox", "RETENTION_OUTBOX_DAYS",
     _l("Copies of e-mails the service sent"),
     _l("deleted"),
     _l("Long enough to answer whether a message went out.")),
    ("form_drafts", "RETENTION_FORM_DRAFT_DAYS",
     _l("What was typed into an unfinished form: the steps of a volunteer sign-up, or a form "
        "sent after the session had run out"),
     _l("deleted"),
     _l("Kept only so that nothing typed is lost, while the form can still be finished.")),
    ("workplace_contacts", "RETENTION_WORKPLACE_CONTACT_DAYS",
     _l("Contact persons at local workplaces (name, phone, e-mail), counted from when a "
        "coordinator last confirmed them"),
     _l("removed; the workplace stays"),
     _l("A contact person is only kept while the unit still works with the workplace.")),
    ("audit", "RETENTION_AUDIT_DAYS",
     _l("The audit log: who saw or changed which record, and when"),
     _l("deleted"),
     _l("Long enough to answer a data subject or the Danish Data Protection Agency about "
        "past access.")),
)


def schedule(config: Any) -> list[Category]:
    """The retention categories with the periods this installation is configured with."""
    return [
        Category(key=key, setting=setting, days=int(config[setting]), what=what, then=then,
                 why=why)
        for key, setting, what, then, why in _CATEGORIES
    ]


def days(config: Any, key: str) -> int:
    """The configured period of the category `key`."""
    return next(c.days for c in schedule(config) if c.key == key)
