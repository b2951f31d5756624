"""The interface language: Danish first, English on request, remembered per user."""

from datetime import date, datetime

from flask import Flask, current_app, session
from flask_babel import format_date, format_datetime
from flask_login import current_user

from coordinator import vocabulary
from coordinator.extensions import babel

# The signed-in account's language, kept in the (signed) session cookie so the error page can
# speak it when the database, where the account lives, cannot be reached.
ACCOUNT_LOCALE = "account_locale"


def select_locale() -> str:
    """Choose the language: the visitor's choice this session, then the account's, then Danish."""
    languages = current_app.config["LANGUAGES"]
    chosen = session.get("lang")
    if isinstance(chosen, str) and chosen in languages:
        return chosen
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        if session.get(ACCOUNT_LOCALE) != current_user.locale:
            session[ACCOUNT_LOCALE] = current_user.locale
        return current_user.locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def locale_without_database() -> str:
    """The same choice as `select_locale`, from the session alone (for the error page)."""
    languages = current_app.config["LANGUAGES"]
    chosen = session.get("lang")
    if isinstance(chosen, str) and chosen in languages:
        return chosen
    # Only while someone is signed in: after sign-out the next visitor gets the default.
    if session.get("_user_id") and session.get(ACCOUNT_LOCALE) in languages:
        return session[ACCOUNT_LOCALE]
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def register(app: Flask) -> None:
    """Bind Flask-Babel with our locale selector and expose the vocabulary to templates."""
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.globals["vocab_label"] = vocabulary.label
    app.jinja_env.globals["current_language"] = select_locale
    app.jinja_env.filters["nice_date"] = nice_date
    app.context_processor(lambda: {"today": date.today()})


def nice_date(value: date | datetime | None) -> str:
    """A date in the reader's language ("22. nov. 2026"); datetimes in Copenhagen time."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_datetime(value, "medium")
    return format_date(value, "medium")
