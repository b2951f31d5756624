"""The demo data: one account per role, a realistic population, and idempotent loading."""

from sqlalchemy import func, select

from coordinator import demo
from coordinator.auth.models import Role, User
from coordinator.catalogue.models import Offer
from coordinator.extensions import db
from coordinator.matches.models import Match, MatchStatus
from coordinator.referrals.models import Family, FriendBankStatus, Referral, YoungPerson
from coordinator.volunteers.models import Volunteer, VolunteerKind, VolunteerStatus


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_seed_demo_is_idempotent_and_covers_the_domain(demo_database):
    # The fixture ran `flask seed-demo` once on an empty database (exit code 0 checked there).
    first_output = demo_database.first_output
    assert "Demo data loaded." in first_output
    assert demo.DEMO_PASSWORD in first_output
    second = demo_database.app.test_cli_runner().invoke(args=["seed-demo"])
    assert "nothing changed" in second.output

    with demo_database.app.app_context():
        for role, email in demo.DEMO_ACCOUNTS.items():
            user = db.session.scalar(select(User).where(User.email == email))
            assert user.role == role
            assert user.check_password(demo.DEMO_PASSWORD)
        assert count(Volunteer) == 60
        assert count(Volunteer, Volunteer.kind == VolunteerKind.FAMILY) >= 5
        assert count(Volunteer, Volunteer.organisation_id.is_not(None)) >= 5
        assert count(Volunteer, Volunteer.status != VolunteerStatus.APPROVED) >= 5
        assert count(YoungPerson) == 32  # 30 in the friend bank and referrals, Maja and Sofie
        assert count(Family) == 15
        assert count(Referral) >= 30
        assert count(Offer) == 130
        phases = set(db.session.scalars(select(Referral.phase).distinct()))
        assert len(phases) == 3
        demo_volunteer = db.session.scalar(
            select(User).where(User.email == demo.DEMO_ACCOUNTS[Role.VOLUNTEER])
        ).volunteer
        assert demo_volunteer.status == VolunteerStatus.APPROVED
        # Something to do on the first day, for every role.
        assert (
            count(
                Match, Match.volunteer_id == demo_volunteer.id, Match.status == MatchStatus.OFFERED
            )
            == 1
        )
        assert count(Match, Match.status == MatchStatus.CLOSED) >= 5
        assert count(Match, Match.status.in_([MatchStatus.ACTIVE, MatchStatus.PAUSED])) >= 2
        assert count(YoungPerson, YoungPerson.friend_bank_status == FriendBankStatus.VERIFIED) >= 10
        assert count(Offer, Offer.min_age.is_not(None)) > 100  # target groups parsed


def test_demo_data_has_expired_certificates_for_the_screening_lists(demo_database):
    from datetime import date

    from coordinator.volunteers.models import ChildCertificate

    with demo_database.app.app_context():
        assert count(ChildCertificate, ChildCertificate.valid_until < date.today()) >= 1


def test_seed_demo_never_runs_in_production_and_needs_demo_elsewhere(make_app):
    production = make_app(TESTING=False, DEPLOYMENT="production").test_cli_runner()
    for args in (["seed-demo"], ["seed-demo", "--demo"]):
        result = production.invoke(args=args)
        assert result.exit_code != 0
        assert "never runs in production" in result.output
    demo_server = make_app(TESTING=False, DEPLOYMENT="demo").test_cli_runner()
    refused = demo_server.invoke(args=["seed-demo"])
    assert refused.exit_code != 0
    assert "--demo" in refused.output


def test_an_unknown_deployment_is_refused(make_app):
    import pytest

    from coordinator import ConfigurationError

    with pytest.raises(ConfigurationError):
        make_app(DEPLOYMENT="staging")
