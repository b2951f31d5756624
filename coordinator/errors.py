"""Friendly error pages in the user's language; no stack trace ever reaches a user.

The 500 page is rendered without the database: the error may be that the database is down,
and the page must not fail the same way (the account, the menu and the account's language all
live there). It is a minimal page in the language remembered in the session.
"""

from flask import Flask, current_app, flash, redirect, render_template, request
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from coordinator.drafts import resubmit
from coordinator.extensions import db
from coordinator.i18n import locale_without_database
from coordinator.request_log import request_id


def _messages() -> dict[int, tuple[str, str]]:
    return {
        400: (_("Something in the request was wrong"), _("Please go back and try again.")),
        403: (
            _("You do not have access"),
            _("This page is not available to your role. Contact the coordination unit if you "
              "think this is wrong."),
        ),
        404: (_("Page not found"), _("The page does not exist, or you do not have access to it.")),
        405: (_("Not allowed"), _("That action is not possible on this page.")),
        413: (_("Too much data"), _("What you sent was too large. Please shorten it.")),
        429: (
            _("Too many attempts"),
            _("There have been too many attempts from here in a short time. Please wait a few "
              "minutes and try again."),
        ),
        500: (
            _("Something went wrong"),
            _("An error occurred on our side. Nothing you had saved is lost. Please try again."),
        ),
    }


def render_error(code: int, detail: str | None = None) -> tuple[str, int]:
    """Render the error page for an HTTP status code."""
    title, text = _messages().get(code, _messages()[400] if code < 500 else _messages()[500])
    return render_template("errors/error.html", code=code, title=title, text=detail or text), code


def handle_csrf_error(error: CSRFError):
    """An expired CSRF token: keep what was typed and show the form again, filled in with a
    fresh token, instead of throwing the typing away. A missing or foreign token gets the
    error page."""
    if request.method == "POST":
        try:
            target = (resubmit.keep_posted_form(signed_in_only=False)
                      if resubmit.is_own_expired_csrf_token() else None)
        except Exception:  # the database may be down: the plain error page still answers
            current_app.logger.warning("Could not keep a form after a CSRF error", exc_info=True)
            db.session.rollback()
            target = None
        if target is not None:
            flash(_("The form had expired, so it was not sent. What you typed is filled in "
                    "again below: check it and send it once more."), "info")
            return redirect(target, code=303)
    return render_error(
        400,
        _("The form had expired or was sent from somewhere else. Please open the page again "
          "and send the form once more."),
    )


def handle_http_error(error: HTTPException) -> tuple[str, int]:
    return render_error(error.code or 500)


def handle_unexpected_error(error: Exception) -> tuple[str, int]:
    current_app.logger.exception("Unhandled error (request id %s)", request_id())
    try:
        # Whatever half-done change caused the error must not be committed by a later request.
        db.session.rollback()
    except Exception:  # the database may be what failed: still answer the user
        current_app.logger.warning("Rollback after an error failed", exc_info=True)
    return render_server_error()


def render_server_error() -> tuple[str, int]:
    """The 500 page: no database, no signed-in user, the language from the session."""
    language = locale_without_database()
    with force_locale(language):
        title, text = _messages()[500]
        # Straight from the Jinja environment: render_template would run the context
        # processors, and Flask-Login's loads current_user from the database.
        template = current_app.jinja_env.get_template("errors/500.html")
        page = template.render(lang=language, title=title, text=text, request_id=request_id())
    return page, 500


def register(app: Flask) -> None:
    """Attach the handlers."""
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(InternalServerError, handle_unexpected_error)
    if not app.debug:
        app.register_error_handler(Exception, handle_unexpected_error)
