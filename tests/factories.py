"""Factories for the records tests need; each returns a flushed object with sensible defaults."""

import itertools
from datetime import UTC, date, datetime, timedelta
from functools import cache

from werkzeug.security import generate_password_hash

from coordinator.auth.models import Role, User
from coordinator.extensions import db
from coordinator.referrals.models import (
    Consent,
    ConsentGiver,
    Family,
    FamilyChild,
    Referral,
    YoungPerson,
)
from coordinator.vocabulary import MatchType, Phase, ScreeningStepKind
from coordinator.volunteers.models import (
    CertificateAssessment,
    ChildCertificate,
    ScreeningStep,
    Volunteer,
    VolunteerKind,
    VolunteerStatus,
)

PASSWORD = "correct horse battery"


#: scrypt with a work factor of 2**10 instead of Werkzeug's 2**15. The app hashes every real
#: password with its own (slow, on purpose) settings; the test users' hash only has to be
#: checked by the real `check_password_hash` at each sign-in, which reads the cost from the
#: hash, so a test's sign-in takes milliseconds instead of a tenth of a second of CPU.
TEST_HASH_METHOD = "scrypt:1024:8:1"


@cache
def _password_hash() -> str:
    # Hashed once: the factories stay fast while every sign-in still checks the password.
    return generate_password_hash(PASSWORD, method=TEST_HASH_METHOD)


_sequence = itertools.count(1)


def make_user(role: Role = Role.COORDINATOR, *, confirmed: bool = True, **fields) -> User:
    n = next(_sequence)
    user = User(
        email=fields.pop("email", f"{role.value}{n}@test.example.dk"),
        name=fields.pop("name", f"Test {role.value} {n}"),
        role=role,
        email_confirmed_at=datetime.now(UTC) if confirmed else None,
        **fields,
    )
    user.password_hash = _password_hash()
    db.session.add(user)
    db.session.flush()
    if role == Role.YOUNG_PERSON:
        # A young person's account always belongs to a young person of 15 or over.
        make_young_person(first_name=user.name.split()[-1], birth_year=date.today().year - 16,
                          email=user.email, email_confirmed_at=datetime.now(UTC),
                          user_id=user.id)
    return user


def make_volunteer(
    *, status: VolunteerStatus = VolunteerStatus.APPROVED, user: User | None = None, **fields
) -> Volunteer:
    n = next(_sequence)
    today = date.today()
    volunteer = Volunteer(
        kind=fields.pop("kind", VolunteerKind.PERSON),
        first_name=fields.pop("first_name", f"Frivillig{n}"),
        last_name=fields.pop("last_name", "Jensen"),
        birth_year=fields.pop("birth_year", today.year - 35),
        postcode=fields.pop("postcode", "2820"),
        languages=fields.pop("languages", ["da"]),
        interests=fields.pop("interests", ["football", "board_games"]),
        helps_with=fields.pop("helps_with", ["homework", "activities"]),
        offers=fields.pop("offers", ["mentor"]),
        availability=fields.pop("availability", ["weekend"]),
        capacity=fields.pop("capacity", 1),
        status=status,
        user=user if user is not None else make_user(Role.VOLUNTEER),
        **fields,
    )
    if status is VolunteerStatus.APPROVED:
        for step in ScreeningStepKind:
            volunteer.screening_steps.append(
                ScreeningStep(step=step, completed_on=today - timedelta(days=30))
            )
        volunteer.certificates.append(
            ChildCertificate(
                requested_on=today - timedelta(days=40),
                received_on=today - timedelta(days=30),
                assessment=CertificateAssessment.NO_REMARKS,
                valid_until=today + timedelta(days=700),
            )
        )
    db.session.add(volunteer)
    db.session.flush()
    return volunteer


def make_young_person(**fields) -> YoungPerson:
    n = next(_sequence)
    person = YoungPerson(
        first_name=fields.pop("first_name", f"Ung{n}"),
        birth_year=fields.pop("birth_year", date.today().year - 14),
        postcode=fields.pop("postcode", "2900"),
        interests=fields.pop("interests", ["football"]),
        languages=fields.pop("languages", ["da"]),
        availability=fields.pop("availability", ["weekend"]),
        **fields,
    )
    db.session.add(person)
    db.session.flush()
    return person


def make_family(**fields) -> Family:
    family = Family(
        display_name=fields.pop("display_name", "Sara og børnene"),
        postcode=fields.pop("postcode", "2820"),
        children=fields.pop("children", [FamilyChild(first_name="Ali", birth_year=2018)]),
        **fields,
    )
    db.session.add(family)
    db.session.flush()
    return family


def make_referral(caseworker: User | None = None, **fields) -> Referral:
    if "young_person" not in fields and "family" not in fields:
        fields["young_person"] = make_young_person()
    referral = Referral(
        caseworker=caseworker if caseworker is not None else make_user(Role.CASEWORKER),
        phase=fields.pop("phase", Phase.DURING),
        match_type=fields.pop("match_type", MatchType.MENTOR),
        needs=fields.pop("needs", ["homework"]),
        description_for_volunteer=fields.pop("description_for_volunteer", "Glad for fodbold."),
        case_notes=fields.pop("case_notes", "FORTROLIGT SAGSNOTAT"),
        **fields,
    )
    referral.consents.append(
        Consent(
            given_by=ConsentGiver.CUSTODY_HOLDER,
            giver_name="Mor",
            given_on=date.today(),
            scope="Henvisning og deling af fornavn, alder og interesser.",
        )
    )
    db.session.add(referral)
    db.session.flush()
    return referral


def make_organisation(**fields):
    from coordinator.organisations.models import PartnerOrganisation

    n = next(_sequence)
    organisation = PartnerOrganisation(
        name=fields.pop("name", f"Forening {n}"),
        contact_name=fields.pop("contact_name", "Ole Kontakt"),
        contact_email=fields.pop("contact_email", f"kontakt{n}@forening.example.dk"),
        description=fields.pop("description", "Frivillige, der støtter unge."),
        match_types=fields.pop("match_types", ["mentor"]),
        **fields,
    )
    db.session.add(organisation)
    db.session.flush()
    return organisation


def make_offer(**fields):
    from coordinator.catalogue.models import Offer

    n = next(_sequence)
    offer = Offer(
        name=fields.pop("name", f"Tilbud {n}"),
        description=fields.pop("description", "Et tilbud til unge."),
        target_group=fields.pop("target_group", "13-17 år"),
        main_effort=fields.pop("main_effort", "Positive fællesskaber"),
        **fields,
    )
    db.session.add(offer)
    db.session.flush()
    return offer


def make_match(referral_id: int, volunteer_id: int, status, **fields):
    """A mentor match between an existing referral and volunteer, in the given status."""
    from coordinator.matches.models import Match

    match = Match(
        match_type=fields.pop("match_type", MatchType.MENTOR),
        referral_id=referral_id,
        volunteer_id=volunteer_id,
        status=status,
        **fields,
    )
    db.session.add(match)
    db.session.flush()
    return match
