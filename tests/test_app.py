"""The factory: configuration order and refusing an unsafe start."""

import pytest

from coordinator import ConfigurationError, create_app


def test_production_refuses_to_start_without_secret_key(monkeypatch, tmp_path):
    monkeypatch.delenv("FLASK_SECRET_KEY", raising=False)
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"})


def test_production_refuses_the_development_key(monkeypatch, tmp_path):
    monkeypatch.setenv("FLASK_SECRET_KEY", "dev-only-not-secret")
    with pytest.raises(ConfigurationError, match="development"):
        create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"})


def test_environment_configures_the_app_and_test_overrides_win(monkeypatch, tmp_path):
    monkeypatch.setenv("FLASK_SECRET_KEY", "from-the-environment-0123456789")
    monkeypatch.setenv("FLASK_CERTIFICATE_VALID_YEARS", "3")
    monkeypatch.setenv("DATABASE_URL", "postgresql://someone@db.internal/koord")
    app = create_app({"CERTIFICATE_FOR_ALL_AGES": True})
    assert app.config["SECRET_KEY"] == "from-the-environment-0123456789"
    assert app.config["CERTIFICATE_VALID_YEARS"] == 3
    assert app.config["CERTIFICATE_FOR_ALL_AGES"] is True
    # The shipped driver is psycopg 3, so a plain postgresql:// URL is pointed at it.
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://someone@db.internal/koord"


def test_health_check_answers_without_login(client):
    response = client.get("/sundhed")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "ok"
    assert response.mimetype == "text/plain"
