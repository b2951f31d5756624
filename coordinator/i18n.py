"""The interface language: Danish first, English on request, remembered per user."""

from datetime import date, datetime

from flask import Flask, current_app, session
from flask_babel import format_date, format_decimal, format_percent, format_time, get_locale
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
    app.jinja_env.filters["nice_time"] = nice_time
    app.jinja_env.filters["percent"] = percent
    app.jinja_env.filters["decimal"] = decimal
    app.jinja_env.filters["genitive"] = genitive
    app.context_processor(lambda: {"today": date.today()})


def _language() -> str:
    locale = get_locale()
    return locale.language if locale else "da"


def nice_date(value: date | datetime | None, time: bool = True) -> str:
    """The one way the interface shows a date or a moment, in the reader's language.

    A date reads "10. dec. 2026"; a datetime (stored in UTC) reads "10. dec. 2026 kl. 18.00" in
    Copenhagen time (English: "Dec 10, 2026, 6:00 PM"), never with seconds. With `time=False` a
    datetime shows only its local day.
    """
    if value is None:
        return ""
    if not isinstance(value, datetime):
        return format_date(value, "medium")
    day = format_date(value, "medium")
    if not time:
        return day
    clock = nice_time(value)
    if _language() == "da":
        return f"{day} kl. {clock}"
    return f"{day}, {clock}"


def nice_time(value: datetime | None) -> str:
    """The time of day of a moment in Copenhagen time ("18.00"; English "6:00 PM")."""
    if value is None:
        return ""
    return format_time(value, "short")


def percent(share: float | None, digits: int = 0) -> str:
    """A share (0.85) as a percentage the reader's way: "85 %" in Danish, "85%" in English."""
    if share is None:
        return ""
    # Danish writes a (non-breaking) space before the sign, English none.
    sign = "\u00a0%" if _language() == "da" else "%"
    pattern = "#,##0" + ("." + "0" * digits if digits else "") + sign
    return format_percent(share, pattern)


def decimal(value: float | None, digits: int = 1) -> str:
    """A number with at most `digits` decimals the reader's way ("3,5" in Danish, "3.5")."""
    if value is None:
        return ""
    return format_decimal(value, "#,##0" + ("." + "#" * digits if digits else ""))


def genitive(name: str | None) -> str:
    """A name in the genitive: Danish adds s ("Gentoftes"), or only an apostrophe after s, x or z
    ("Lars'"); English adds 's ("Gentofte's"), or only an apostrophe after s."""
    if not name:
        return ""
    last = name[-1].lower()
    if _language() == "da":
        return name + ("'" if last in "sxz" else "s")
    return name + ("'" if last == "s" else "'s")
