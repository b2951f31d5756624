"""Demo data for volunteers who grow (issue 16): courses and supervision, the guides of the
knowledge library (real Danish texts), local workplaces, a safety-plan part, and an information
meeting at a placement site. Called by `demo.seed`, in the same transaction."""

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from coordinator.auth.models import User
from coordinator.courses.models import (
    Course,
    CourseKind,
    CourseSignup,
    CourseSignupStatus,
    CourseTheme,
)
from coordinator.events.models import Event, EventKind
from coordinator.extensions import db
from coordinator.library.models import Guide, GuideAcknowledgement, GuideVersion
from coordinator.matches.models import LIVE_STATUSES, Match
from coordinator.safety.models import SafetyPlanPart
from coordinator.volunteers.models import Volunteer, VolunteerStatus
from coordinator.workplaces.models import Workplace, WorkplaceStatus

LOCAL = ZoneInfo("Europe/Copenhagen")

CONFIDENTIALITY_DA = """Som frivillig møder du børn, unge og familier i en sårbar tid. Det, de
fortæller dig, skal blive hos dig.

## Hvad må jeg ikke fortælle videre?

- Navne, adresser og andet, der kan pege på barnet eller familien.
- Hvad barnet eller familien fortæller om sig selv, sin familie, skole eller anbringelse.
- Hvad du ser og hører, når du er sammen med dem.

Det gælder også over for din egen familie og dine venner, og det gælder på sociale medier:
**del aldrig billeder** af barnet eller den unge, og skriv ikke om jeres aftaler.

## Tavshedspligten gælder også, når matchet er slut

Du skrev under på en tavshedserklæring, da du blev godkendt. Den gælder, så længe du er frivillig,
og også bagefter.

## Hvornår skal jeg alligevel sige noget?

Tavshedspligten gælder **ikke**, når et barn er i fare. Så skal du sige det til
koordineringsenheden med det samme. Læs vejledningen *Bekymring for et barn*.

## Spørg hellere én gang for meget

Er du i tvivl, om du må fortælle noget videre, så ring til din koordinator."""

CONFIDENTIALITY_EN = """As a volunteer you meet children, young people and families at a vulnerable
time. What they tell you stays with you: names, addresses, what they tell about themselves and
what you see and hear. Never share pictures of the child on social media. The confidentiality
declaration you signed holds while you volunteer and afterwards. It does **not** hold when a child
is in danger: then tell the coordination unit at once (see *A concern about a child*)."""

CONCERN_DA = """Alle har efter Barnets Lov pligt til at sige til kommunen, hvis de får kendskab
til, at et barn eller en ung bliver udsat for vanrøgt, vold eller overgreb, eller lever under
forhold, der bringer barnets sundhed eller udvikling i fare. Som frivillig gør du det gennem
koordineringsenheden.

## Hvis barnet er i akut fare

Ring **112**. Bagefter giver du besked til koordineringsenheden.

## Hvis du er bekymret

1. Skriv ned, hvad du har set eller hørt, med dato, og med barnets egne ord.
2. Brug knappen **Meld en bekymring** på matchet. Så sættes matchet på pause, og barnets
   sagsbehandler får besked med det samme.
3. Ring til din koordinator, hvis du har brug for at tale om det.

## Hvad gør jeg, hvis barnet fortæller mig noget?

- Lyt, og lad barnet fortælle i sit eget tempo. Stil ikke ledende spørgsmål.
- Lov ikke barnet at holde det hemmeligt. Sig, at du vil hjælpe, og at du derfor må fortælle
  det til nogen, der kan hjælpe.
- Konfronter ikke forældrene selv.

Du skal ikke selv undersøge sagen eller vide, om bekymringen er rigtig. Det er kommunens opgave."""

CONCERN_EN = """Everyone has a duty under the Danish Children's Act to tell the municipality if a
child is neglected, abused or lives in conditions that endanger their health or development. As a
volunteer you do it through the coordination unit. In an emergency call **112**. Otherwise note
what you saw or heard, use **Raise a concern** on the match (the match pauses and the caseworker
is told at once), and call your coordinator. Listen, do not promise to keep it secret, and do not
confront the parents yourself."""

ETHICS_DA = """Du er en voksen uden for systemet, og netop derfor betyder du noget. Nogle gode
grænser hjælper både dig og barnet.

- **Hold aftaler.** Kommer du ikke, så sig det i god tid. Mange af børnene har oplevet voksne,
  der forsvandt.
- **Giv ikke penge eller store gaver.** Små ting til en fælles aktivitet er fint.
- **Vær ikke alene med barnet i dit hjem**, medmindre det står i jeres aftale.
- **Du er ikke behandler.** Lyt og vær der, men lad de professionelle tage sig af behandling og
  sagen.
- **Tal pænt om barnets forældre**, også når du er uenig med dem.

Slutter matchet, så tag afsked ordentligt. Koordinatoren hjælper med den sidste samtale."""

LEISURE_JOB_DA = """Et fritidsjob giver lommepenge, selvtillid og et netværk. Sådan kan du hjælpe.

## Hvor vil jeg arbejde?

Tal om, hvad den unge godt kan lide. Kig på listen over lokale arbejdspladser sammen.

## CV og ansøgning

- Et CV på én side: navn, skole, erfaring (også pasning af søskende, sport og frivilligt
  arbejde), og hvad den unge er god til.
- En kort ansøgning: hvorfor netop denne arbejdsplads?

## Jobsamtalen

Øv samtalen sammen: hvad vil de spørge om, og hvad vil den unge gerne spørge om? Efter samtalen
taler I om, hvad der gik godt, og hvad der kan gøres anderledes næste gang.

Sæt kryds ved hvert trin på matchet, så koordinatoren kan følge med."""

GUIDES = [
    ("tavshedspligt", True, "Tavshedspligt", "Confidentiality", CONFIDENTIALITY_DA,
     CONFIDENTIALITY_EN),
    ("bekymring", True, "Bekymring for et barn", "A concern about a child", CONCERN_DA,
     CONCERN_EN),
    ("etik-og-graenser", False, "Etik og grænser", "Ethics and boundaries", ETHICS_DA, ""),
    ("fritidsjob", False, "Hjælp til fritidsjob", "Helping with a leisure job", LEISURE_JOB_DA,
     ""),
]

WORKPLACES = [
    ("Bageriet på Hovedgaden", "Bageri", "2820", ["leisure_job", "trial_work"], ["cooking"], 14,
     "Lone Bager", "39 12 34 56"),
    ("Dyreklinikken Jægersborg", "Dyreklinik", "2820", ["internship"], ["animals"], 15,
     "Mads Holm", "39 23 45 67"),
    ("Hellerup Boldklub", "Sportsklub", "2900", ["leisure_job"], ["football", "handball"], 13,
     "Karin Lund", "39 34 56 78"),
    ("Supermarkedet i Charlottenlund", "Detailhandel", "2920", ["leisure_job"], [], 15,
     "Peter Nørgaard", "39 45 67 89"),
    ("Cykelværkstedet Ordrup", "Værksted", "2920", ["internship", "trial_work"],
     ["cycling", "cars"], 14, "Ali Hassan", "39 56 78 90"),
    ("Caféen ved Bernstorff Slot", "Café", "2820", ["leisure_job"], ["cooking"], 15,
     "Sofie Berg", "39 67 89 01"),
]


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=LOCAL).astimezone(UTC)


def seed(rng: random.Random, coordinator: User, volunteers: list[Volunteer],
         today: date) -> None:
    """Add the growth demo data (the caller flushes)."""
    approved = [v for v in volunteers if v.status is VolunteerStatus.APPROVED]
    _seed_guides(coordinator, approved)
    _seed_courses(rng, coordinator, volunteers, approved, today)
    _seed_workplaces(coordinator, volunteers)
    _seed_safety_plan(coordinator)
    db.session.add(Event(
        kind=EventKind.INFO_MEETING, title="Fritidsjob: mød Bageriet og Hellerup Boldklub",
        description="Arbejdsgivere fortæller om fritidsjob og praktik. Tag gerne en voksen med.",
        starts_at=_at(today + timedelta(days=12), 16), location="Opholdsstedet Solgården",
        min_age=13, max_age=18, places=20, created_by_id=coordinator.id,
    ))


def _seed_guides(coordinator: User, approved: list[Volunteer]) -> None:
    for slug, required, title_da, title_en, body_da, body_en in GUIDES:
        guide = Guide(slug=slug, requires_acknowledgement=required)
        guide.versions.append(GuideVersion(number=1, title_da=title_da, title_en=title_en,
                                           body_da=body_da, body_en=body_en,
                                           created_by_id=coordinator.id))
        db.session.add(guide)
    db.session.flush()
    required_versions = [g.versions[0] for g in db.session.query(Guide).all()
                         if g.requires_acknowledgement]
    # All but the last two approved volunteers have read the required guides: the demo shows a
    # volunteer the matcher holds back until they do.
    for volunteer in approved[:-2]:
        for version in required_versions:
            db.session.add(GuideAcknowledgement(version_id=version.id, volunteer_id=volunteer.id))


def _seed_courses(rng, coordinator, volunteers, approved, today) -> None:
    plan = [
        (CourseKind.INTRODUCTION, None, "Introduktionskursus for nye frivillige", 7, 17, 150, 16),
        (CourseKind.THEME, CourseTheme.CONFIDENTIALITY, "Tavshedspligt i praksis", 14, 17, 120,
         20),
        (CourseKind.THEME, CourseTheme.CONCERN, "Når du er bekymret for et barn", 28, 17, 120,
         20),
        (CourseKind.SUPERVISION, None, "Gruppesupervision", 10, 19, 90, 8),
        (CourseKind.SUPERVISION, None, "Gruppesupervision", -150, 19, 90, 8),
        (CourseKind.INTRODUCTION, None, "Introduktionskursus for nye frivillige", -60, 17, 150,
         16),
    ]
    coming_supervision = None
    for kind, theme, title, days, hour, minutes, places in plan:
        course = Course(kind=kind, theme=theme, title=title, starts_at=_at(today + timedelta(
            days=days), hour), duration_minutes=minutes, location="Gentofte Rådhus, mødelokale 3",
            places=places, created_by_id=coordinator.id,
            description="Kaffe og kage fra kl. 16.45." if hour == 17 else "")
        db.session.add(course)
        past = days < 0
        attendees = rng.sample(approved, k=min(places - 2, len(approved))) if past else []
        for volunteer in attendees:
            course.signups.append(CourseSignup(volunteer=volunteer, attended=True,
                                               status=CourseSignupStatus.REGISTERED))
        if past:
            course.attendance_recorded_at = _at(today + timedelta(days=days + 1), 9)
        elif kind == CourseKind.SUPERVISION:
            coming_supervision = course
    # The coming supervision is full, with two on its waiting list.
    assert coming_supervision is not None
    for index, volunteer in enumerate(approved[:10]):
        coming_supervision.signups.append(CourseSignup(
            volunteer=volunteer,
            status=CourseSignupStatus.REGISTERED if index < 8 else CourseSignupStatus.WAITLISTED))


def _seed_workplaces(coordinator, volunteers) -> None:
    now = datetime.now(UTC)
    for name, sector, postcode, offers, interests, min_age, contact, phone in WORKPLACES:
        db.session.add(Workplace(
            name=name, sector=sector, postcode=postcode, offers=offers, interests=interests,
            min_age=min_age, contact_name=contact, contact_phone=phone,
            contact_confirmed_at=now, status=WorkplaceStatus.APPROVED,
            proposed_by_id=coordinator.id, decided_by_id=coordinator.id))
    proposer = volunteers[0].user
    db.session.add(Workplace(
        name="Gentofte Bibliotek", sector="Bibliotek", postcode="2820", offers=["trial_work"],
        interests=["reading"], min_age=14, notes="Foreslået af en frivillig: tager unge i "
        "prøvearbejde om lørdagen.", status=WorkplaceStatus.PROPOSED,
        proposed_by_id=proposer.id if proposer else None))


def _seed_safety_plan(coordinator: User) -> None:
    match = db.session.query(Match).filter(Match.status.in_(LIVE_STATUSES),
                                           Match.volunteer_id.is_not(None)).first()
    if match is None or match.referral is None:
        return
    match.referral.needs = [*(match.referral.needs or []), "safety_plan"]
    db.session.add(SafetyPlanPart(
        match=match, what_to_do="Bliv hos barnet, og tag det med hjem til dig, hvis far er "
        "beruset, når du kommer.", whom_to_call="Mormor Inge, 22 33 44 55; vagtcentralen "
        "39 98 00 00 uden for kontortid", when_to_act="Hvis far er beruset eller vred, når du "
        "henter eller afleverer.", recorded_by_id=match.referral.caseworker_id))
