"""Running the app in production: the error page when the database is gone, the health check,
the reverse proxy's headers, request ids in the log, and the gunicorn configuration."""

import logging
import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from coordinator.audit.models import AuditEntry
from coordinator.auth.models import Role
from coordinator.extensions import db
from coordinator.security import public
from tests import factories
from tests.conftest import skip_or_fail

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def _lose_the_database(app) -> None:
    """From now on every new connection fails, as when the database server is down."""
    with app.app_context():
        engine = db.engine
        dbapi = engine.dialect.loaded_dbapi

        @sa.event.listens_for(engine, "do_connect")
        def refuse(*_args):
            raise dbapi.OperationalError("the database server is gone (test)")

        engine.dispose()  # drop pooled connections, so the next query must connect


def _signed_in_client(app, locale: str):
    with app.app_context():
        user = factories.make_user(Role.COORDINATOR, locale=locale)
        db.session.commit()
        email = user.email
    client = app.test_client()
    response = client.post("/konto/log-ind", data={"email": email, "password": factories.PASSWORD})
    assert response.status_code == 302
    assert client.get("/hjem").status_code == 200
    return client


# -- the error page without the database ----------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "title", "text"),
    [
        ("en", "Something went wrong", "An error occurred on our side."),
        ("da", "Noget gik galt", "Der skete en fejl hos os."),
    ],
)
def test_a_signed_in_user_gets_the_friendly_error_page_in_their_language_when_the_database_is_gone(
    make_app, locale, title, text
):
    app = make_app()
    client = _signed_in_client(app, locale)
    _lose_the_database(app)

    response = client.get("/hjem", headers={"X-Request-Id": "support-case-42"})

    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert title in html
    assert text in html
    assert f'<html lang="{locale}">' in html
    assert "support-case-42" in html  # the id the user can quote
    assert "Traceback" not in html
    assert "OperationalError" not in html


def test_when_even_the_not_found_page_fails_the_user_still_gets_the_friendly_page(make_app):
    # As in production (not TESTING): an error inside an error handler becomes a 500, and the
    # 404 page, with its menu for the signed-in user, needs the database that is gone.
    # Outside tests staff need a second factor by default; this test is about the error page.
    app = make_app(TESTING=False, STAFF_TWO_FACTOR="optional")
    client = _signed_in_client(app, "en")
    _lose_the_database(app)
    response = client.get("/no-such-page")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "Something went wrong" in html
    assert "Traceback" not in html


def test_a_chosen_language_wins_on_the_error_page_too(make_app):
    app = make_app()
    client = _signed_in_client(app, "da")
    client.get("/sprog/en")
    _lose_the_database(app)
    response = client.get("/hjem")
    assert response.status_code == 500
    assert "Something went wrong" in response.get_data(as_text=True)


def _app_with_a_bug(make_app):
    app = make_app()

    @app.route("/boom")
    @public
    def boom():
        raise RuntimeError("a bug")

    return app


def test_after_signing_out_the_error_page_is_danish_again(make_app):
    app = _app_with_a_bug(make_app)
    client = _signed_in_client(app, "en")
    client.post("/konto/log-ud")
    response = client.get("/boom")
    assert response.status_code == 500
    assert "Noget gik galt" in response.get_data(as_text=True)


def test_the_error_page_shows_the_error_id_sent_in_the_header(make_app):
    app = _app_with_a_bug(make_app)
    response = app.test_client().get("/boom")
    assert response.status_code == 500
    request_id = response.headers["X-Request-Id"]
    html = response.get_data(as_text=True)
    assert f"Fejl-id: <code>{request_id}</code>" in html
    assert "a bug" not in html


# -- the health check -----------------------------------------------------------------------


def test_health_check_is_503_when_the_database_is_gone(make_app):
    app = make_app()
    _lose_the_database(app)
    response = app.test_client().get("/sundhed")
    assert response.status_code == 503
    assert response.get_data(as_text=True) == "database unavailable"


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens there once the socket is closed


def test_health_check_is_503_when_redis_is_configured_but_down(make_app):
    app = make_app(REDIS_URL=f"redis://127.0.0.1:{_closed_port()}/0")
    response = app.test_client().get("/sundhed")
    assert response.status_code == 503
    assert response.get_data(as_text=True) == "redis unavailable"


def test_health_check_is_ok_with_a_running_redis(make_app):
    import redis

    probe = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        probe.ping()
    except redis.RedisError as error:
        skip_or_fail(f"Redis is not reachable at {REDIS_URL}: {error}")
    finally:
        probe.close()
    app = make_app(REDIS_URL=REDIS_URL)
    response = app.test_client().get("/sundhed")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "ok"


# -- behind the reverse proxy ---------------------------------------------------------------


def _login_address(app, **client_headers) -> str | None:
    with app.app_context():
        user = factories.make_user(Role.COORDINATOR)
        db.session.commit()
        email, user_id = user.email, user.id
    app.test_client().post(
        "/konto/log-ind",
        data={"email": email, "password": factories.PASSWORD},
        headers=client_headers,
    )
    with app.app_context():
        entry = db.session.scalars(
            sa.select(AuditEntry).where(AuditEntry.actor_id == user_id).order_by(AuditEntry.id)
        ).first()
        assert entry is not None, "signing in is audited"
        return entry.ip_address


def test_behind_a_trusted_proxy_the_audit_log_records_the_clients_address(make_app):
    app = make_app(PROXY_FIX_X_FOR=1)
    assert _login_address(app, **{"X-Forwarded-For": "203.0.113.7"}) == "203.0.113.7"


def test_without_the_setting_a_forwarded_address_is_not_believed(make_app):
    app = make_app()
    assert _login_address(app, **{"X-Forwarded-For": "203.0.113.7"}) == "127.0.0.1"


def test_the_proxy_settings_come_from_the_environment(monkeypatch, make_app):
    monkeypatch.setenv("FLASK_PROXY_FIX_X_FOR", "1")
    app = make_app()
    assert app.config["PROXY_FIX_X_FOR"] == 1
    assert _login_address(app, **{"X-Forwarded-For": "198.51.100.9"}) == "198.51.100.9"


def test_external_links_use_the_public_scheme_and_host(make_app):
    from flask import url_for

    app = make_app(PROXY_FIX_X_PROTO=1, PROXY_FIX_X_HOST=1)

    @app.route("/link")
    @public
    def link():
        return url_for("main.index", _external=True)

    response = app.test_client().get(
        "/link",
        headers={"X-Forwarded-Proto": "https", "X-Forwarded-Host": "koordinering.gentofte.dk"},
    )
    assert response.get_data(as_text=True) == "https://koordinering.gentofte.dk/"


# -- request ids and the access log ---------------------------------------------------------


def test_every_response_carries_a_request_id_and_one_log_line(client, caplog):
    with caplog.at_level(logging.INFO, logger="coordinator.requests"):
        response = client.get("/sundhed")
    request_id = response.headers["X-Request-Id"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    lines = [r.getMessage() for r in caplog.records if r.name == "coordinator.requests"]
    assert len(lines) == 1
    assert re.fullmatch(
        rf"GET /sundhed 200 \d+\.\dms user=- request_id={request_id}", lines[0]
    ), lines[0]


def test_a_sane_incoming_request_id_is_kept_and_a_forged_one_replaced(client):
    kept = client.get("/sundhed", headers={"X-Request-Id": "nginx-5f2a9c"})
    assert kept.headers["X-Request-Id"] == "nginx-5f2a9c"
    for forged in ("<script>", "a" * 200, "id with spaces", "x\u00e6"):
        replaced = client.get("/sundhed", headers={"X-Request-Id": forged})
        assert re.fullmatch(r"[0-9a-f]{32}", replaced.headers["X-Request-Id"]), forged


def test_the_log_line_names_the_signed_in_user(app, client, auth, caplog):
    user = auth.login_as(Role.COORDINATOR)
    with caplog.at_level(logging.INFO, logger="coordinator.requests"):
        client.get("/hjem")
    lines = [r.getMessage() for r in caplog.records if r.name == "coordinator.requests"]
    assert lines
    assert lines[-1].startswith("GET /hjem 200 ")
    assert f"user={user.id} " in lines[-1]


# -- deployment files -----------------------------------------------------------------------


def test_gunicorn_can_load_the_shipped_configuration(tmp_path):
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
    if gunicorn is None:
        pytest.fail("gunicorn is a dependency and must be installed")
    env = {
        **os.environ,
        "FLASK_SECRET_KEY": "check-config-only-0123456789abcdef",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'check.db'}",
    }
    result = subprocess.run(
        [gunicorn, "--check-config", "-c", "deploy/gunicorn.conf.py", "coordinator:create_app()"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]


def test_the_daily_timer_runs_the_reminders_at_seven():
    timer = (ROOT / "deploy/koordinering-daily.timer").read_text()
    service = (ROOT / "deploy/koordinering-daily.service").read_text()
    assert "OnCalendar=*-*-* 07:00:00" in timer
    assert "flask --app coordinator send-reminders" in service
    worker = (ROOT / "deploy/koordinering-worker.service").read_text()
    assert "flask --app coordinator worker" in worker


def test_the_error_messages_used_on_the_page_are_danish(app):
    # The page's wording must exist in Danish: the database-free page has no other fallback.
    with app.test_request_context("/"):
        from flask_babel import force_locale, gettext

        with force_locale("da"):
            assert gettext("Error ID") == "Fejl-id"
