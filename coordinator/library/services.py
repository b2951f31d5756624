"""The knowledge library: publishing guides and new versions, reading them in the reader's
language, and the acknowledgements some guides need before a volunteer can be matched.

One rule, one place: `missing_acknowledgements` (one volunteer, with the guides' titles) and
`unacknowledged_volunteer_ids` (many, one query) are what the matcher's adapter, the shortlist
and the pages all ask.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import g, has_app_context
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from coordinator.audit.services import record as audit_record
from coordinator.auth.models import User
from coordinator.db_types import utcnow
from coordinator.extensions import db
from coordinator.library.models import Guide, GuideAcknowledgement, GuideVersion
from coordinator.volunteers.models import Volunteer, VolunteerStatus

LOCAL_ZONE = ZoneInfo("Europe/Copenhagen")

# The guides other pages link to by address.
CONCERN_GUIDE = "bekymring"
CONFIDENTIALITY_GUIDE = "tavshedspligt"


@dataclass(frozen=True)
class GuideText:
    """A guide version in one language (Danish where no English text was written)."""

    title: str
    body: str
    number: int
    changed_on: date  # the day in Copenhagen the version was published


def text_in(version: GuideVersion, language: str) -> GuideText:
    """The version's title and body in `language`, falling back to Danish."""
    english = language == "en"
    return GuideText(
        title=(version.title_en if english and version.title_en else version.title_da),
        body=(version.body_en if english and version.body_en.strip() else version.body_da),
        number=version.number,
        changed_on=_local_day(version.created_at),
    )


def _local_day(moment: datetime) -> date:
    if moment.tzinfo is None:  # SQLite gives naive values back; they are stored in UTC
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(LOCAL_ZONE).date()


def all_guides() -> list[Guide]:
    """Every guide with its versions loaded, ordered by address."""
    return list(db.session.scalars(
        select(Guide).options(selectinload(Guide.versions)).order_by(Guide.slug)
    ))


def guide_by_slug(slug: str) -> Guide | None:
    return db.session.scalar(select(Guide).where(Guide.slug == slug))


def create_guide(actor: User, slug: str, requires_acknowledgement: bool,
                 texts: dict[str, str]) -> Guide:
    """Publish a new guide with its first version."""
    guide = Guide(slug=slug, requires_acknowledgement=requires_acknowledgement)
    db.session.add(guide)
    guide.versions.append(_version(actor, 1, texts))
    db.session.flush()
    g.pop("required_guides", None)
    audit_record(actor, "guide.created", subject=guide, detail={"slug": slug})
    return guide


def update_guide(actor: User, guide: Guide, requires_acknowledgement: bool,
                 texts: dict[str, str]) -> bool:
    """Save a guide; a changed text becomes a new version (and asks volunteers again).

    Returns whether a new version was published.
    """
    guide.requires_acknowledgement = requires_acknowledgement
    current = guide.current
    changed = any(getattr(current, key) != (value or "").strip() for key, value in texts.items())
    if changed:
        guide.versions.append(_version(actor, current.number + 1, texts))
    db.session.flush()
    g.pop("required_guides", None)
    audit_record(actor, "guide.updated", subject=guide,
                 detail={"version": guide.current.number, "new_version": changed})
    return changed


def _version(actor: User, number: int, texts: dict[str, str]) -> GuideVersion:
    return GuideVersion(
        number=number,
        title_da=texts["title_da"].strip(),
        title_en=(texts.get("title_en") or "").strip(),
        body_da=texts["body_da"].strip(),
        body_en=(texts.get("body_en") or "").strip(),
        created_by_id=actor.id,
    )


# --- acknowledgements ---------------------------------------------------------------------------


def acknowledged_version_ids(volunteer: Volunteer) -> set[int]:
    return set(db.session.scalars(
        select(GuideAcknowledgement.version_id)
        .where(GuideAcknowledgement.volunteer_id == volunteer.id)
    ))


def has_acknowledged(volunteer: Volunteer, guide: Guide) -> bool:
    """Whether the volunteer acknowledged the guide's current version."""
    return guide.current.id in acknowledged_version_ids(volunteer)


def acknowledge(actor: User, volunteer: Volunteer, guide: Guide) -> GuideAcknowledgement | None:
    """Record that the volunteer read and understood the current version (once)."""
    version = guide.current
    if version.id in acknowledged_version_ids(volunteer):
        return None
    acknowledgement = GuideAcknowledgement(version_id=version.id, volunteer_id=volunteer.id)
    db.session.add(acknowledgement)
    # The matcher's cached fit is keyed on volunteers' last change: this volunteer may now be
    # matchable, so their row counts as changed.
    volunteer.updated_at = utcnow()
    db.session.flush()
    audit_record(actor, "guide.acknowledged", subject=volunteer,
                 detail={"guide": guide.slug, "version": version.number})
    return acknowledgement


def _required_current_versions() -> dict[int, Guide]:
    """The current version id of every guide that must be acknowledged: one query a request
    (the matcher's adapter, the proposals and the shortlist all ask within one decision)."""
    if has_app_context() and "required_guides" in g:
        return g.required_guides
    guides = db.session.scalars(
        select(Guide).options(selectinload(Guide.versions))
        .where(Guide.requires_acknowledgement.is_(True)).order_by(Guide.slug)
    ).all()
    required = {guide.current.id: guide for guide in guides if guide.versions}
    if has_app_context():
        g.required_guides = required
    return required


def missing_acknowledgements(volunteer: Volunteer) -> list[Guide]:
    """The required guides whose current version the volunteer has not acknowledged."""
    required = _required_current_versions()
    if not required:
        return []
    done = acknowledged_version_ids(volunteer)
    return [guide for version_id, guide in required.items() if version_id not in done]


def unacknowledged_volunteer_ids(volunteer_ids: Iterable[int]) -> set[int]:
    """Of these volunteers, those missing an acknowledgement of a required guide (two queries)."""
    ids = list(volunteer_ids)
    required = _required_current_versions()
    if not required or not ids:
        return set()
    acknowledged = dict(db.session.execute(
        select(GuideAcknowledgement.volunteer_id, func.count())
        .where(GuideAcknowledgement.version_id.in_(list(required)),
               GuideAcknowledgement.volunteer_id.in_(ids))
        .group_by(GuideAcknowledgement.volunteer_id)
    ).all())
    return {volunteer_id for volunteer_id in ids
            if acknowledged.get(volunteer_id, 0) < len(required)}


def approved_volunteers_missing_acknowledgement() -> set[int]:
    """Approved volunteers who miss an acknowledgement of a required guide (two queries): the
    matcher blocks them at question time, so a fit made before a new version never offers them.
    """
    required = _required_current_versions()
    if not required:
        return set()
    complete = (
        select(GuideAcknowledgement.volunteer_id)
        .where(GuideAcknowledgement.version_id.in_(list(required)))
        .group_by(GuideAcknowledgement.volunteer_id)
        .having(func.count() >= len(required))
    )
    return set(db.session.scalars(
        select(Volunteer.id).where(Volunteer.status == VolunteerStatus.APPROVED,
                                   Volunteer.id.not_in(complete))
    ))


def guide_titles(guides: Iterable[Guide], language: str) -> str:
    """The guides' titles for a sentence: "Tavshedspligt, Bekymringsrutine"."""
    return ", ".join(text_in(guide.current, language).title for guide in guides)
