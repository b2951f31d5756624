"""Load the municipality's real offers catalogue into the test database."""

from coordinator import reference_data
from coordinator.catalogue.models import Offer
from coordinator.catalogue.services import parse_offer_ages
from coordinator.extensions import db


def load_real_catalogue() -> int:
    """Add every row of the shipped catalogue as an active offer with parsed ages."""
    rows = reference_data.offers_catalogue()
    for row in rows:
        offer = Offer(
            name=row["name"],
            committee=row["committee"] or None,
            segment=row["segment"] or None,
            main_effort=row["main_effort"] or None,
            description=row["description"],
            target_group=row["target_group"],
            area="Gentofte Kommune",
        )
        parse_offer_ages(offer)
        db.session.add(offer)
    db.session.flush()
    return len(rows)
