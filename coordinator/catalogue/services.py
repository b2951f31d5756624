"""The offers catalogue: keeping offers, finding the ones that fit a need, grouping them by theme.

The need-based search goes through one adapter, `offer_records`, which turns Offer rows into the
plain mappings `matching.recommend_offers` expects; everything else here works on rows.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask import g, has_app_context
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload

import matching
from coordinator.ages import age_on
from coordinator.audit import services as audit
from coordinator.auth.models import User
from coordinator.catalogue.models import Offer
from coordinator.extensions import db
from coordinator.referrals.models import Referral

# Themes for the public page, keyed by the catalogue's main effort (indsatsområde). The key is
# the catalogue's own Danish heading; the label is an English msgid whose Danish translation is
# that heading, so the page reads naturally in both languages. Order = order on the page.
THEMES: dict[str, tuple[str, ...]] = {
    "communities": ("Positive fællesskaber", "Deltagelse i sociale fællesskaber"),
    "wellbeing": ("Grundlæggende trivsel",),
    "support": ("Støtte og opbakning, når ungelivet er svært",),
    "life_skills": (
        "Hurtig hjælp med livsmestring",
        "Hurtig hjælp med livsmestring før, under og efter indgribende indsatser",
    ),
    "education_job": (
        "Beskæftigelsesindsats med fokus på unges progression og tilknytning til job og "
        "uddannelse",
        "Den koordinerede ungeindsats",
        "Uddannelse og beskæftigelse på særlige vilkår",
    ),
    "substances": ("Ungeliv uden nikotin, stoffer og med begrænset alkoholforbrug",),
    "parents": (
        "Viden og værktøjer til forældre og fagpersoner",
        "Viden og værktøjer til forældre og fagpersoner om unge i mistrivsel",
    ),
    "placements": ("Tryghed i anbringelser og bosteder",),
    "other": (),
}

THEME_LABELS: dict[str, object] = {
    "communities": _l("Communities and friendships"),
    "wellbeing": _l("Well-being"),
    "support": _l("Support when life as a young person is hard"),
    "life_skills": _l("Quick help with coping"),
    "education_job": _l("Education and jobs"),
    "substances": _l("Youth life without nicotine and drugs"),
    "parents": _l("Knowledge and tools for parents"),
    "placements": _l("Safety in placements and residential homes"),
    "other": _l("Other offers"),
}

_THEME_OF_EFFORT = {effort: key for key, efforts in THEMES.items() for effort in efforts}


def theme_of(offer: Offer) -> str:
    """Return the theme key of an offer (by its main effort); unknown efforts go to 'other'."""
    return _THEME_OF_EFFORT.get((offer.main_effort or "").strip(), "other")


# --- ages ---------------------------------------------------------------------------------------


def parse_offer_ages(offer: Offer) -> Offer:
    """Set the offer's age range and audience flags from its catalogue text `target_group`.

    The text stays as the catalogue wrote it; the parsed values are what the age filter and the
    public page use. Call it whenever an offer is created or its target group is changed (the
    edit form lets staff correct the parsed ages afterwards).
    """
    parsed = matching.parse_target_group(offer.target_group or "")
    offer.min_age = parsed.min_age
    offer.max_age = parsed.max_age
    offer.for_parents = parsed.for_parents
    offer.for_professionals = parsed.for_professionals
    return offer


def parse_all_offer_ages() -> int:
    """Parse the ages of every offer that has a target group but no parsed age yet."""
    offers = db.session.scalars(
        select(Offer).where(Offer.min_age.is_(None), Offer.max_age.is_(None))
    ).all()
    for offer in offers:
        parse_offer_ages(offer)
    db.session.flush()
    return len(offers)


def target_group_text(offer: Offer) -> str:
    """Return the target group in a form `matching.parse_target_group` reads back exactly.

    The stored ages win over the catalogue's text (staff may have corrected them); an offer with
    no stored ages passes its text on, so rows loaded without parsing still filter by age.
    """
    if offer.for_professionals and not offer.for_parents:
        return "Fagpersoner"
    low, high = offer.min_age, offer.max_age
    if low is None and high is None:
        return offer.target_group or ""
    # "og deres familier" keeps the parents flag, which the matcher uses for needs about a parent.
    families = " og deres familier" if offer.for_parents else ""
    if high is None:
        return f"{low} år+{families}"
    return f"{low or 0}-{high} år{families}"


# --- the adapter --------------------------------------------------------------------------------


def offer_records(offers: Iterable[Offer]) -> list[dict[str, Any]]:
    """Turn Offer rows into the plain mappings `matching.recommend_offers` expects."""
    return [
        {
            "id": offer.id,
            "name": offer.name,
            "description": offer.description or "",
            "target_group": target_group_text(offer),
        }
        for offer in offers
    ]


@dataclass
class _ActiveCatalogue:
    offers: dict[int, Offer]
    records: list[dict[str, Any]] = field(default_factory=list)
    _recommender: matching.OfferRecommender | None = None

    @property
    def recommender(self) -> matching.OfferRecommender:
        """The fitted recommender, built on first use (most requests never search)."""
        if self._recommender is None:
            self._recommender = matching.OfferRecommender().fit(self.records)
        return self._recommender


def _active_catalogue() -> _ActiveCatalogue:
    """The active offers and their records, loaded once per request."""
    cached = g.get("_active_catalogue") if has_app_context() else None
    if cached is not None:
        return cached
    offers = db.session.scalars(select(Offer).where(Offer.active).order_by(Offer.id)).all()
    catalogue = _ActiveCatalogue({offer.id: offer for offer in offers}, offer_records(offers))
    if has_app_context():
        g._active_catalogue = catalogue
    return catalogue


def forget_cached_catalogue() -> None:
    """Drop the per-request offer list after a change to the catalogue."""
    if has_app_context():
        g.pop("_active_catalogue", None)


@dataclass(frozen=True)
class OfferHit:
    offer: Offer
    score: float
    why: list[str]

    def __iter__(self):  # unpacks as (offer, score, why)
        return iter((self.offer, self.score, self.why))


def search_offers(text: str, *, age: int | None = None, k: int = 10) -> list[OfferHit]:
    """Return the active offers that best fit a need in everyday Danish, best first, with why."""
    text = (text or "").strip()
    if not text:
        return []
    catalogue = _active_catalogue()
    if not catalogue.records:
        return []
    recommender = catalogue.recommender
    ranked = recommender.recommend(text, age=age, k=k)
    return [
        OfferHit(catalogue.offers[int(offer_id)], score, list(recommender.explain(text, offer_id)))
        for offer_id, score in ranked
    ]


def has_active_offers() -> bool:
    """Whether the catalogue has any active offer (an empty search then means "none fits")."""
    return bool(_active_catalogue().records)


# --- offers for a referral ----------------------------------------------------------------------


def referral_need_text(referral: Referral) -> str:
    """Describe a referral's need in Danish words the recommender understands."""
    from coordinator import vocabulary

    parts = [vocabulary.label("needs", need, "da") for need in referral.needs or []]
    if referral.description_for_volunteer:
        parts.append(referral.description_for_volunteer)
    return ". ".join(parts)


def referral_age(referral: Referral, today: date | None = None) -> int | None:
    """The age of the referred young person, or None for a family."""
    if referral.young_person is None:
        return None
    return age_on(referral.young_person.birth_year, today or date.today())


def offers_for_referral(referral: Referral, k: int = 5) -> list[tuple[Offer, float, list[str]]]:
    """Return the top `k` active offers that may fit a referral, as (offer, score, why)."""
    hits = search_offers(referral_need_text(referral), age=referral_age(referral), k=k)
    return [(hit.offer, hit.score, hit.why) for hit in hits]


# --- keeping the catalogue ----------------------------------------------------------------------

OFFER_FIELDS = (
    "name",
    "provider_id",
    "committee",
    "segment",
    "main_effort",
    "description",
    "target_group",
    "min_age",
    "max_age",
    "for_parents",
    "for_professionals",
    "contact",
    "area",
    "active",
)


def create_offer(actor: User, values: dict[str, Any]) -> Offer:
    """Add an offer; ages left empty are parsed from the target group text."""
    offer = Offer()
    _apply(offer, values)
    db.session.add(offer)
    db.session.flush()
    audit.record(actor, "offer.created", subject=offer)
    forget_cached_catalogue()
    return offer


def update_offer(actor: User, offer: Offer, values: dict[str, Any]) -> Offer:
    """Change an offer; a changed target group with no ages given is parsed again."""
    before = {name: getattr(offer, name) for name in OFFER_FIELDS}
    _apply(offer, values)
    changed = sorted(name for name in OFFER_FIELDS if getattr(offer, name) != before[name])
    db.session.flush()
    audit.record(actor, "offer.updated", subject=offer, detail={"fields": changed})
    forget_cached_catalogue()
    return offer


def set_offer_active(actor: User, offer: Offer, active: bool) -> Offer:
    """Retire an offer (kept for history, hidden from search) or bring it back."""
    offer.active = active
    db.session.flush()
    audit.record(actor, "offer.reactivated" if active else "offer.retired", subject=offer)
    forget_cached_catalogue()
    return offer


def _apply(offer: Offer, values: dict[str, Any]) -> None:
    for name in OFFER_FIELDS:
        if name in values:
            setattr(offer, name, values[name])
    if values.get("min_age") is None and values.get("max_age") is None:
        parsed = matching.parse_target_group(offer.target_group or "")
        offer.min_age, offer.max_age = parsed.min_age, parsed.max_age
        # The flags are the user's choice when ticked; the text can only add to them.
        offer.for_parents = bool(offer.for_parents) or parsed.for_parents
        offer.for_professionals = bool(offer.for_professionals) or parsed.for_professionals


def all_offers() -> Sequence[Offer]:
    """Every offer, active first, then by name (the coordinators' list)."""
    return db.session.scalars(select(Offer).order_by(Offer.active.desc(), Offer.name)).all()


# Who an offer is for, as the catalogue list filters it.
AUDIENCES = ("young", "parents", "professionals")


@dataclass(frozen=True)
class OfferFilters:
    """What the coordinators' catalogue list is narrowed to; None means "any"."""

    theme: str | None = None  # a key of THEMES
    age: int | None = None  # offers whose age range includes this age (or have none)
    audience: str | None = None  # one of AUDIENCES
    name: str = ""


def offer_list(filters: OfferFilters | None = None) -> Select:
    """The catalogue as a query to page through: active first, then by name, with each
    offer's provider loaded in the same few statements whatever the page size."""
    filters = filters or OfferFilters()
    statement = (
        select(Offer)
        .options(selectinload(Offer.provider))
        .order_by(Offer.active.desc(), Offer.name, Offer.id)
    )
    if filters.theme == "other":
        known = [effort for efforts in THEMES.values() for effort in efforts]
        statement = statement.where(
            or_(Offer.main_effort.is_(None), func.trim(Offer.main_effort).not_in(known))
        )
    elif filters.theme:
        statement = statement.where(func.trim(Offer.main_effort).in_(THEMES[filters.theme]))
    if filters.age is not None:
        statement = statement.where(
            or_(Offer.min_age.is_(None), Offer.min_age <= filters.age),
            or_(Offer.max_age.is_(None), Offer.max_age >= filters.age),
        )
    if filters.audience == "parents":
        statement = statement.where(Offer.for_parents.is_(True))
    elif filters.audience == "professionals":
        statement = statement.where(Offer.for_professionals.is_(True))
    elif filters.audience == "young":
        statement = statement.where(
            or_(Offer.for_professionals.is_(False), Offer.for_parents.is_(True)),
            or_(Offer.min_age.is_not(None), Offer.max_age.is_not(None)),
        )
    if filters.name:
        statement = statement.where(func.lower(Offer.name).like(f"%{filters.name.lower()}%"))
    return statement


def get_offer(offer_id: int) -> Offer | None:
    return db.session.get(Offer, offer_id)


def public_offers_by_theme() -> list[tuple[str, object, list[Offer]]]:
    """Active offers for families and young people (not professionals-only), grouped by theme."""
    offers = db.session.scalars(
        select(Offer)
        .where(Offer.active, Offer.for_professionals.is_(False))
        .order_by(Offer.name)
    ).all()
    grouped: dict[str, list[Offer]] = {key: [] for key in THEMES}
    for offer in offers:
        grouped[theme_of(offer)].append(offer)
    return [(key, THEME_LABELS[key], grouped[key]) for key in THEMES if grouped[key]]
