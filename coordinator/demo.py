"""Demo data: one account per role, volunteers, young people, families, referrals and offers.

Deterministic (a fixed seed) so screenshots and walkthroughs look the same on every machine.
"""

import random
import secrets
from datetime import UTC, date, datetime, timedelta

from faker import Faker
from sqlalchemy import select

from coordinator import demo_growth, reference_data, vocabulary
from coordinator.ages import age_on, birth_year_for
from coordinator.auth.models import Role, User
from coordinator.auth.services import create_user
from coordinator.catalogue.models import Offer
from coordinator.catalogue.services import parse_all_offer_ages
from coordinator.extensions import db
from coordinator.matches import follow_up
from coordinator.matches.models import Concern, Match, MatchStatus, MatchStatusChange
from coordinator.organisations.models import PartnerOrganisation, PartnershipAgreement
from coordinator.referrals.models import (
    Consent,
    ConsentGiver,
    Family,
    FamilyChild,
    FriendBankStatus,
    Referral,
    ReferralStatus,
    SignupSource,
    YoungPerson,
)
from coordinator.vocabulary import (
    ClosureReason,
    ConcernType,
    MatchType,
    Phase,
    ScreeningStepKind,
)
from coordinator.volunteers.models import (
    CertificateAssessment,
    ChildCertificate,
    Gender,
    HouseholdMember,
    ScreeningStep,
    Volunteer,
    VolunteerKind,
    VolunteerStatus,
)

DEMO_PASSWORD = "demo-2026-kode"  # noqa: S105 - documented in the README, demo only
DEMO_ACCOUNTS = {
    Role.ADMIN: "admin@demo.gentofte.dk",
    Role.COORDINATOR: "koordinator@demo.gentofte.dk",
    Role.CASEWORKER: "sagsbehandler@demo.gentofte.dk",
    Role.VOLUNTEER: "frivillig@demo.gentofte.dk",
    Role.ORGANISATION_CONTACT: "organisation@demo.gentofte.dk",
}
# The demo young person signs in without a password: by a one-time link or code, which
# `make run` (no mail server) writes to the log.
DEMO_YOUNG_EMAIL = "ung@demo.gentofte.dk"
DEMO_NAMES = {
    Role.ADMIN: "Anne Admin",
    Role.COORDINATOR: "Karen Koordinator",
    Role.CASEWORKER: "Søren Sagsbehandler",
    Role.VOLUNTEER: "Frida Frivillig",
    Role.ORGANISATION_CONTACT: "Ole Organisation",
}
ORGANISATIONS = [
    ("Ungdommens Røde Kors, Gentofte", ["mentor", "friend_bank", "leisure_job"]),
    ("Red Barnet Gentofte", ["family_to_family", "practical_help"]),
    ("Foreningen af tidligere anbragte", ["young_to_young", "mentor"]),
    ("Gentofte Frivilligcenter", ["mentor", "practical_help", "parent_to_parent"]),
]
ABOUT_SNIPPETS = [
    "Jeg elsker at spille fodbold og brætspil, og jeg har tid om aftenen.",
    "Jeg er pensioneret lærer og hjælper gerne med lektier og dansk.",
    "Vi er en familie med to børn, og vi kan lide at gå ture i skoven og lave mad sammen.",
    "Jeg har selv været anbragt og ved, hvor meget en stabil voksen betyder.",
    "Jeg arbejder med IT og kan hjælpe med programmering, CV og jobansøgninger.",
    "Jeg går til håndbold og svømning og vil gerne vise unge, hvad foreningslivet kan.",
    "Jeg tegner, maler og går på museer; kreativitet giver ro.",
    "Jeg har været forælder til et anbragt barn og vil gerne støtte andre forældre.",
    "Jeg spiller guitar og kan lide koncerter og film.",
    "Jeg er sygeplejerske og kan hjælpe med praktiske ting i hverdagen.",
]
YOUNG_ABOUT = [
    "Jeg kan godt lide at game og spille fodbold, men jeg mangler nogen at være sammen med.",
    "Jeg har svært ved lektierne, især matematik.",
    "Jeg vil gerne have et fritidsjob, men ved ikke hvordan jeg søger.",
    "Jeg er ret ensom efter jeg flyttede, og vil gerne møde nogen.",
    "Jeg elsker dyr og heste og vil gerne lave noget kreativt.",
    "Jeg går til dans og kan godt lide musik.",
]


def seed(today: date | None = None) -> bool:
    """Load the demo data unless it is already there; return whether anything was created."""
    if db.session.scalar(select(User).where(User.email == DEMO_ACCOUNTS[Role.ADMIN])):
        return False
    today = today or date.today()
    rng = random.Random(2017)  # the committee's year: same data on every machine
    fake = Faker("da_DK")
    fake.seed_instance(2017)
    postcodes = list(reference_data.postcodes())

    accounts = {
        role: create_user(email=email, name=DEMO_NAMES[role], role=role, password=DEMO_PASSWORD)
        for role, email in DEMO_ACCOUNTS.items()
    }
    extra_caseworkers = [
        create_user(
            email=f"sagsbehandler{n}@demo.gentofte.dk",
            name=fake.name(),
            role=Role.CASEWORKER,
            password=DEMO_PASSWORD,
        )
        for n in (2, 3)
    ]
    coordinator = accounts[Role.COORDINATOR]

    organisations = _seed_organisations(today)
    accounts[Role.ORGANISATION_CONTACT].organisation = organisations[0]
    volunteers = _seed_volunteers(rng, fake, postcodes, organisations, coordinator, today)
    volunteers[0].user = accounts[Role.VOLUNTEER]
    volunteers[0].first_name, volunteers[0].last_name = "Frida", "Frivillig"
    _seed_volunteer_accounts(volunteers[1:])
    caseworkers = [accounts[Role.CASEWORKER], *extra_caseworkers]
    young_people = _seed_young_people(rng, fake, postcodes, caseworkers, coordinator, today)
    families = _seed_families(rng, fake, postcodes)
    referrals = _seed_referrals(rng, young_people, families, caseworkers, today)
    _seed_active_matches(rng, referrals, volunteers, coordinator, today)
    _seed_offers(organisations)
    db.session.flush()
    parse_all_offer_ages()
    _seed_friend_bank(rng, fake, postcodes, today)
    _seed_match_history(rng, referrals, volunteers, coordinator, accounts, today)
    _seed_young_account(coordinator, today)
    db.session.flush()
    demo_growth.seed(rng, coordinator, volunteers, today)
    db.session.flush()
    return True


def _seed_organisations(today: date) -> list[PartnerOrganisation]:
    organisations = []
    for index, (name, match_types) in enumerate(ORGANISATIONS):
        organisation = PartnerOrganisation(
            name=name,
            contact_name="Ole Organisation" if index == 0 else None,
            contact_email=DEMO_ACCOUNTS[Role.ORGANISATION_CONTACT] if index == 0 else None,
            description="Frivillige, der støtter børn, unge og familier i Gentofte.",
            match_types=match_types,
        )
        organisation.agreements.append(
            PartnershipAgreement(
                starts_on=today - timedelta(days=300 + 60 * index),
                ends_on=today + timedelta(days=20 + 120 * index),
                organisation_role="Rekrutterer og støtter egne frivillige.",
                unit_role="Screener, matcher og følger op.",
                contact_points="Koordineringsenheden, tlf. 39 98 00 00",
                document_reference=f"SAG-2026-{100 + index}",
            )
        )
        db.session.add(organisation)
        organisations.append(organisation)
    return organisations


def _pick(rng: random.Random, group: str, low: int, high: int) -> list[str]:
    return sorted(rng.sample(vocabulary.keys(group), rng.randint(low, high)))


def _seed_volunteers(rng, fake, postcodes, organisations, coordinator, today) -> list[Volunteer]:
    volunteers = []
    match_types = [m.value for m in MatchType if m is not MatchType.FRIEND_BANK]
    for index in range(60):
        kind = VolunteerKind.FAMILY if index % 8 == 3 else VolunteerKind.PERSON
        gender = rng.choice([Gender.FEMALE, Gender.MALE])
        first = fake.first_name_female() if gender is Gender.FEMALE else fake.first_name_male()
        lived = []
        if index % 9 == 2:
            lived = ["formerly_placed"]
        elif index % 11 == 5:
            lived = ["parent_of_placed_child"]
        birth_year = birth_year_for(
            rng.randint(19, 29) if lived == ["formerly_placed"] else rng.randint(22, 72), today
        )
        offers = sorted(set(rng.sample(match_types, rng.randint(1, 3))) | {"mentor"})
        if "formerly_placed" in lived:
            offers = sorted(set(offers) | {"young_to_young"})
        if "parent_of_placed_child" in lived:
            offers = sorted(set(offers) | {"parent_to_parent"})
        if kind is VolunteerKind.FAMILY:
            offers = sorted(set(offers) | {"family_to_family"})
        # The first volunteer is the demo login; they must be fully approved.
        status = VolunteerStatus.APPROVED if index == 0 else _demo_status(index)
        volunteer = Volunteer(
            kind=kind,
            first_name=first,
            last_name=fake.last_name(),
            birth_year=birth_year,
            gender=gender,
            postcode=rng.choice(postcodes),
            phone=fake.phone_number(),
            languages=sorted({"da"} | set(rng.sample(vocabulary.keys("languages"), 1))),
            interests=_pick(rng, "interests", 2, 5),
            helps_with=_pick(rng, "needs", 1, 4),
            offers=offers,
            availability=_pick(rng, "availability", 1, 3),
            capacity=rng.choice([1, 1, 1, 2, 2, 3]),
            lived_experience=lived,
            about=rng.choice(ABOUT_SNIPPETS),
            organisation=organisations[index % 4] if index % 5 == 0 else None,
            status=status,
            privacy_consent_at=datetime.now(UTC) - timedelta(days=rng.randint(20, 400)),
            privacy_consent_version="2026-01",
        )
        if kind is VolunteerKind.FAMILY:
            volunteer.household = [
                HouseholdMember(first_name=fake.first_name(), birth_year=birth_year_for(age, today))
                for age in (rng.randint(35, 50), rng.randint(16, 19), rng.randint(6, 12))
            ]
        _screen(volunteer, status, rng, coordinator, today, expired=index % 13 == 7)
        db.session.add(volunteer)
        volunteers.append(volunteer)
    return volunteers


def _demo_status(index: int) -> VolunteerStatus:
    if index % 10 == 9:
        return VolunteerStatus.APPLICANT
    if index % 10 == 8:
        return VolunteerStatus.IN_SCREENING
    if index % 20 == 7:
        return VolunteerStatus.PAUSED
    return VolunteerStatus.APPROVED


def _screen(volunteer, status, rng, coordinator, today, *, expired: bool) -> None:
    if status is VolunteerStatus.APPLICANT:
        return
    steps = list(ScreeningStepKind)
    done = steps if status is not VolunteerStatus.IN_SCREENING else steps[:2]
    start = today - timedelta(days=rng.randint(60, 700))
    for offset, step in enumerate(done):
        volunteer.screening_steps.append(
            ScreeningStep(
                step=step,
                completed_on=start + timedelta(days=7 * offset),
                notes="Godt indtryk ved samtalen." if step is ScreeningStepKind.INTERVIEW else "",
                recorded_by=coordinator,
            )
        )
    if ScreeningStepKind.CHILD_CERTIFICATE not in done:
        return
    received = start + timedelta(days=10)
    valid_until = today - timedelta(days=30) if expired else received + timedelta(days=730)
    if valid_until < today and not expired:
        valid_until = today + timedelta(days=rng.randint(10, 400))
    members = [None] + [m for m in volunteer.household if age_on(m.birth_year, today) >= 15]
    for member in members:
        volunteer.certificates.append(
            ChildCertificate(
                household_member=member,
                requested_on=received - timedelta(days=8),
                received_on=received,
                assessment=CertificateAssessment.NO_REMARKS,
                valid_until=valid_until,
                recorded_by=coordinator,
            )
        )


def _seed_volunteer_accounts(volunteers: list[Volunteer]) -> None:
    for index, volunteer in enumerate(volunteers, start=2):
        user = User(
            email=f"frivillig{index}@demo.gentofte.dk",
            name=volunteer.full_name,
            role=Role.VOLUNTEER,
            email_confirmed_at=datetime.now(UTC),
        )
        user.set_password(DEMO_PASSWORD)
        volunteer.user = user


def _seed_young_people(rng, fake, postcodes, caseworkers, coordinator, today) -> list[YoungPerson]:
    people = []
    for index in range(20):  # and ten more in the friend bank: about 30 young people
        gender = rng.choice([Gender.FEMALE, Gender.MALE])
        first = fake.first_name_female() if gender is Gender.FEMALE else fake.first_name_male()
        age = rng.randint(8, 22)
        in_friend_bank = index % 3 == 0 and age >= 13
        person = YoungPerson(
            first_name=first,
            birth_year=birth_year_for(age, today),
            gender=gender,
            postcode=rng.choice(postcodes),
            phase=rng.choice(list(Phase)),
            interests=_pick(rng, "interests", 2, 4),
            languages=sorted({"da"} | ({"ar"} if index % 7 == 0 else set())),
            availability=_pick(rng, "availability", 1, 2),
            volunteer_gender_wish=Gender.MALE if index % 10 == 4 else None,
            friend_gender_wish=gender if in_friend_bank and index % 2 == 0 else None,
            about=rng.choice(YOUNG_ABOUT),
        )
        if in_friend_bank:
            person.friend_bank_status = (
                FriendBankStatus.PENDING if index % 4 == 3 else FriendBankStatus.VERIFIED
            )
            person.signup_source = SignupSource.SELF if age >= 15 else SignupSource.CASEWORKER
            if person.friend_bank_status is FriendBankStatus.VERIFIED:
                person.verified_by_id = None
                person.verified_at = datetime.now(UTC) - timedelta(days=rng.randint(1, 90))
            person.consents.append(
                Consent(
                    given_by=(
                        ConsentGiver.YOUNG_PERSON if age >= 15 else ConsentGiver.CUSTODY_HOLDER
                    ),
                    giver_name=first if age >= 15 else fake.name(),
                    given_on=today - timedelta(days=rng.randint(1, 120)),
                    scope="Deltagelse i vennebanken og deling af fornavn, alder og interesser.",
                )
            )
        db.session.add(person)
        people.append(person)
    return people


def _seed_families(rng, fake, postcodes) -> list[Family]:
    families = []
    for _index in range(15):
        parent = fake.first_name()
        family = Family(
            display_name=f"{parent} og børnene",
            postcode=rng.choice(postcodes),
            interests=_pick(rng, "interests", 1, 3),
            languages=sorted({"da"} | set(rng.sample(["ar", "so", "tr", "uk", "da"], 1))),
            availability=_pick(rng, "availability", 1, 2),
            about="Familien ønsker et større netværk og hjælp i hverdagen.",
            children=[
                FamilyChild(
                    first_name=fake.first_name(), birth_year=birth_year_for(age, date.today())
                )
                for age in rng.sample(range(2, 16), rng.randint(1, 3))
            ],
        )
        db.session.add(family)
        families.append(family)
    return families


def _seed_referrals(rng, young_people, families, caseworkers, today) -> list[Referral]:
    referrals = []
    youth_types = [
        MatchType.MENTOR,
        MatchType.MENTOR,
        MatchType.YOUNG_TO_YOUNG,
        MatchType.LEISURE_JOB,
    ]
    family_types = [
        MatchType.FAMILY_TO_FAMILY,
        MatchType.PRACTICAL_HELP,
        MatchType.PARENT_TO_PARENT,
    ]
    for index, person in enumerate(young_people):
        age = age_on(person.birth_year, today)
        match_type = rng.choice(youth_types)
        if match_type is MatchType.LEISURE_JOB and age < 13:
            match_type = MatchType.MENTOR
        referrals.append(
            _referral(
                rng,
                caseworkers[index % 3],
                match_type,
                today,
                young_person=person,
                consent_by_young=age >= 15,
                giver=person.first_name,
            )
        )
    for index, family in enumerate(families):
        referrals.append(
            _referral(
                rng,
                caseworkers[index % 3],
                rng.choice(family_types),
                today,
                family=family,
                consent_by_young=False,
                giver=family.display_name,
            )
        )
    return referrals


def _referral(rng, caseworker, match_type, today, *, consent_by_young, giver, **seeker):
    needs = _pick(rng, "needs", 1, 3)
    referral = Referral(
        caseworker=caseworker,
        phase=rng.choice(list(Phase)),
        match_type=match_type,
        needs=needs,
        description_for_volunteer="Har brug for en stabil voksen at lave aktiviteter med.",
        case_notes="Sagsnotat: kun til fagpersoner. Familien er orienteret om forløbet.",
        created_at=datetime.now(UTC) - timedelta(days=rng.randint(1, 120)),
        **seeker,
    )
    referral.consents.append(
        Consent(
            given_by=ConsentGiver.YOUNG_PERSON if consent_by_young else ConsentGiver.CUSTODY_HOLDER,
            giver_name=giver,
            given_on=today - timedelta(days=rng.randint(1, 60)),
            scope="Henvisning til koordineringsenheden og deling af fornavn, alder og interesser "
            "med en godkendt frivillig.",
            form_location="Sagssystemet, dokument 'Samtykke frivillig'",
        )
    )
    db.session.add(referral)
    return referral


def _seed_active_matches(rng, referrals, volunteers, coordinator, today) -> None:
    """A few running matches, so the coordinator's overview is not empty on the first day."""
    candidates = [v for v in volunteers if v.status is VolunteerStatus.APPROVED and v.capacity >= 2]
    mentor_referrals = [r for r in referrals if r.match_type is MatchType.MENTOR][:4]
    for referral, volunteer in zip(mentor_referrals, candidates[1:], strict=False):
        if "mentor" not in volunteer.offers:
            continue
        start_date = today - timedelta(days=rng.randint(30, 300))
        match = Match(
            match_type=referral.match_type,
            referral=referral,
            volunteer=volunteer,
            status=MatchStatus.ACTIVE,
            score=round(rng.uniform(0.55, 0.9), 3),
            reasons=[["shared_interests", ", ".join(volunteer.interests[:2])]],
            proposed_by_id=None,
            start_date=start_date,
            agreement_frequency="Hver anden uge",
            agreement_activities="Fritidsaktiviteter og lektiehjælp",
            agreement_duration="12 måneder",
            agreement_contact="Koordineringsenheden",
        )
        match.history.append(
            MatchStatusChange(
                from_status=MatchStatus.ACCEPTED,
                to_status=MatchStatus.ACTIVE,
                changed_by_id=coordinator.id,
                reason="",
            )
        )
        follow_up.plan_check_ins(match, start_date)
        _referred_before(referral, start_date, rng)
        for item in match.follow_ups:
            # The unit has kept up with its check-ins, but for the last fortnight.
            if item.due_on < today - timedelta(days=14):
                item.done_on = item.due_on + timedelta(days=rng.randint(0, 5))
                item.with_whom = "Telefonsamtale"
                item.rating = rng.choice([3, 4, 4, 5])
                item.recorded_by_id = coordinator.id
        referral.status = ReferralStatus.MATCHED
        db.session.add(match)


def _referred_before(referral: Referral, start: date, rng: random.Random) -> None:
    """A referral comes some weeks before its match starts (the median days-to-match figure)."""
    referral.created_at = datetime.combine(
        start - timedelta(days=rng.randint(14, 90)), datetime.min.time(), tzinfo=UTC
    )


def _seed_offers(organisations: list[PartnerOrganisation]) -> None:
    for row in reference_data.offers_catalogue():
        db.session.add(
            Offer(
                name=row["name"],
                committee=row["committee"] or None,
                segment=row["segment"] or None,
                main_effort=row["main_effort"] or None,
                description=row["description"],
                target_group=row["target_group"],
                for_parents="forældre" in row["target_group"].lower(),
                for_professionals="fagpersoner" in row["target_group"].lower(),
                area="Gentofte Kommune",
            )
        )


FRIEND_NAMES = [
    ("Freja", Gender.FEMALE),
    ("Ida", Gender.FEMALE),
    ("Nour", Gender.FEMALE),
    ("Alma", Gender.FEMALE),
    ("Sofie", Gender.FEMALE),
    ("Emil", Gender.MALE),
    ("Noah", Gender.MALE),
    ("Yusuf", Gender.MALE),
    ("Oscar", Gender.MALE),
    ("Malte", Gender.MALE),
]


def _seed_friend_bank(rng, fake, postcodes, today) -> None:
    """Verified young people aged 15-20 waiting for a friend, so pairing has something to do."""
    for first_name, gender in FRIEND_NAMES:
        age = rng.randint(15, 19)
        person = YoungPerson(
            first_name=first_name,
            birth_year=birth_year_for(age, today),
            gender=gender,
            postcode=rng.choice(postcodes),
            interests=_pick(rng, "interests", 2, 4),
            languages=["da"],
            availability=_pick(rng, "availability", 1, 2),
            about=rng.choice(YOUNG_ABOUT),
            friend_bank_status=FriendBankStatus.VERIFIED,
            signup_source=SignupSource.SELF,
            verified_at=datetime.now(UTC) - timedelta(days=rng.randint(1, 30)),
        )
        person.consents.append(
            Consent(
                given_by=ConsentGiver.YOUNG_PERSON,
                giver_name=first_name,
                given_on=today - timedelta(days=rng.randint(1, 60)),
                scope="Deltagelse i vennebanken og deling af fornavn, alder og interesser.",
            )
        )
        db.session.add(person)


def _seed_match_history(rng, referrals, volunteers, coordinator, accounts, today) -> None:
    """Closed matches of different lengths (the knowledge bank's survival curve), a concern,
    and a proposal waiting for the demo volunteer's answer."""
    approved = [v for v in volunteers if v.status is VolunteerStatus.APPROVED]
    closed_referrals = [r for r in referrals if r.status is ReferralStatus.WAITING][-8:]
    reasons = list(ClosureReason)
    for index, referral in enumerate(closed_referrals):
        volunteer = approved[(index * 7 + 3) % len(approved)]
        lasted = rng.choice([40, 95, 150, 200, 380, 420, 500])
        start = today - timedelta(days=lasted + rng.randint(10, 200))
        match = Match(
            match_type=referral.match_type,
            referral=referral,
            volunteer=volunteer,
            status=MatchStatus.CLOSED,
            score=round(rng.uniform(0.4, 0.9), 3),
            reasons=[["match_type", referral.match_type.value]],
            start_date=start,
            end_date=start + timedelta(days=lasted),
            closure_reason=reasons[index % len(reasons)],
            closure_planned=lasted > 365,
            closure_note="Afsluttet efter aftale." if lasted > 365 else "",
        )
        match.history.append(
            MatchStatusChange(
                from_status=MatchStatus.ACTIVE,
                to_status=MatchStatus.CLOSED,
                changed_by_id=coordinator.id,
                reason="",
            )
        )
        referral.status = ReferralStatus.CLOSED
        _referred_before(referral, start, rng)
        db.session.add(match)
    running = db.session.scalars(
        select(Match).where(Match.status == MatchStatus.ACTIVE).order_by(Match.id)
    ).first()
    if running is not None:
        running.transition(MatchStatus.PAUSED, by=coordinator, reason="concern")
        running.concerns.append(
            Concern(
                concern_type=ConcernType.NO_CONTACT,
                description="Den unge har ikke svaret på beskeder i tre uger.",
                raised_by_id=coordinator.id,
            )
        )
    demo_volunteer = volunteers[0]
    waiting = next(
        (
            r
            for r in referrals
            if r.status is ReferralStatus.WAITING
            and r.match_type is MatchType.MENTOR
            and r.young_person is not None
            and age_on(r.young_person.birth_year, today) >= 15
        ),
        None,
    )
    if waiting is not None and "mentor" in demo_volunteer.offers:
        offer = Match(
            match_type=waiting.match_type,
            referral=waiting,
            volunteer=demo_volunteer,
            status=MatchStatus.OFFERED,
            score=0.72,
            reasons=[["match_type", "mentor"]],
        )
        offer.history.append(
            MatchStatusChange(
                from_status=MatchStatus.CHOSEN,
                to_status=MatchStatus.OFFERED,
                changed_by_id=accounts[Role.CASEWORKER].id,
                reason="",
            )
        )
        waiting.status = ReferralStatus.IN_PROGRESS
        db.session.add(offer)


def _seed_young_account(coordinator: User, today: date) -> None:
    """Maja, 16, with her own page: a friend-bank friend, a club activity to join, her own
    proposal waiting for a coordinator, and a check-in she gave."""
    from coordinator.events.models import Event
    from coordinator.young.models import (
        ActivityKind,
        ActivityStatus,
        CheckInGiver,
        ClubActivity,
        YoungCheckIn,
    )

    user = User(email=DEMO_YOUNG_EMAIL, name="Maja", role=Role.YOUNG_PERSON,
                email_confirmed_at=datetime.now(UTC))
    user.set_password(secrets.token_urlsafe(32))  # never used: she signs in by link or code
    db.session.add(user)
    db.session.flush()
    now = datetime.now(UTC)
    maja, sofie = (
        YoungPerson(
            first_name=name, birth_year=birth_year_for(age, today), postcode="2900",
            interests=interests, languages=["da"], availability=["weekend"],
            friend_bank_status=FriendBankStatus.VERIFIED, signup_source=SignupSource.SELF,
            verified_at=now - timedelta(days=40), email=email,
            email_confirmed_at=now - timedelta(days=41) if email else None,
        )
        for name, age, interests, email in (
            ("Maja", 16, ["football", "music", "film"], DEMO_YOUNG_EMAIL),
            ("Sofie", 17, ["music", "film", "animals"], None),
        )
    )
    maja.user_id = user.id
    db.session.add_all([maja, sofie])
    pair = Match(match_type=MatchType.FRIEND_BANK, friend_a=maja, friend_b=sofie,
                 status=MatchStatus.ACTIVE, start_date=today - timedelta(days=30),
                 agreement_activities="I mødes første gang til spilaften i Ungdomshuset "
                                      "sammen med en koordinator.")
    db.session.add(pair)
    starts = datetime.combine(today + timedelta(days=9), datetime.min.time(), tzinfo=UTC) + \
        timedelta(hours=17)
    event = Event(title="Filmaften i klubben", description="Vi ser en film og spiser popcorn.",
                  starts_at=starts, location="Ungdomshuset, Gentofte", min_age=15, max_age=19,
                  places=12, created_by_id=coordinator.id)
    db.session.add(event)
    db.session.flush()
    db.session.add_all([
        ClubActivity(proposed_by_id=sofie.id, kind=ActivityKind.FILM_NIGHT,
                     title=event.title, description=event.description, starts_at=starts,
                     location=event.location, min_age=15, max_age=19, places=12,
                     status=ActivityStatus.APPROVED, host_id=coordinator.id, event_id=event.id,
                     decided_by_id=coordinator.id, decided_at=now - timedelta(days=2)),
        ClubActivity(proposed_by_id=maja.id, kind=ActivityKind.FOOTBALL,
                     title="Fodbold i parken", description="Vi spiller 5 mod 5. Alle kan være med.",
                     starts_at=starts + timedelta(days=5), location="Bernstorffsparken",
                     min_age=15, max_age=20, places=14),
        YoungCheckIn(match_id=pair.id, young_person_id=maja.id,
                     given_by=CheckInGiver.YOUNG_PERSON, how_was_it=3, together_well=3,
                     message="Vi har det sjovt!", created_at=now - timedelta(days=10)),
    ])
