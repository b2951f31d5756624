"""The young people's place in the coordinator's task inbox: matches at risk, and the young
people's own matters (signals, club proposals, contact wishes), each as one grouped item."""

from datetime import date

from flask import url_for
from flask_babel import gettext as _

from coordinator.auth.models import Role, User
from coordinator.inbox.registry import InboxItem, register
from coordinator.young import club, health, page, voice


@register(Role.COORDINATOR, Role.ADMIN)
def young_people_items(user: User, today: date) -> list[InboxItem]:
    """Matches at risk (with how many reasons), and the young people's matters waiting."""
    items: list[InboxItem] = []
    at_risk = health.at_risk_matches(today)
    if at_risk:
        items.append(InboxItem(
            title=_("Matches at risk: %(count)d", count=len(at_risk)),
            url=url_for("young.at_risk"),
            action=_("Call both sides"),
            since=min((r.start_date for r in at_risk if r.start_date), default=None),
            count=len(at_risk),
            kind="match_at_risk",
            ref=[r.match_id for r in at_risk],
        ))
    signals = voice.open_signals()
    waiting = len(signals) + len(club.pending()) + len(page.exchanges_waiting())
    if waiting:
        items.append(InboxItem(
            title=_("Young people's matters waiting: %(count)d", count=waiting),
            url=url_for("young.unit_inbox"),
            action=_("Open"),
            since=min((s.created_at for s in signals), default=None),
            count=waiting,
            urgent=bool(signals),
            kind="young_people",
        ))
    return items
