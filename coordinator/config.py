"""Default configuration; environment variables (FLASK_*) and test overrides come on top."""

import os

DEV_SECRET_KEY = "dev-only-not-secret"  # noqa: S105 - refused outside development and tests


DEPLOYMENTS = ("development", "demo", "production")


class Defaults:
    SECRET_KEY = None
    SQLALCHEMY_DATABASE_URI = None  # set from DATABASE_URL or the instance folder's SQLite file
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    BABEL_DEFAULT_LOCALE = "da"
    BABEL_DEFAULT_TIMEZONE = "Europe/Copenhagen"
    LANGUAGES = ("da", "en")
    WTF_CSRF_TIME_LIMIT = 8 * 3600
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # Where the app runs: "development" (make run), "demo" (a shared demo server) or
    # "production" (the default, so a forgotten setting errs on the safe side).
    DEPLOYMENT = "production"
    # The municipality the unit belongs to, shown in the header and footer: its name, and its
    # logo as a file under coordinator/static/ (e.g. "img/logo.svg"; none by default).
    MUNICIPALITY_NAME = "Gentofte Kommune"
    MUNICIPALITY_LOGO = None
    # Who answers about accessibility (the accessibility statement's contact, as the web
    # accessibility act requires), and when the statement was last reviewed.
    ACCESSIBILITY_CONTACT_EMAIL = "koordinering@gentofte.dk"
    ACCESSIBILITY_CONTACT_PHONE = None
    ACCESSIBILITY_REVIEWED_ON = "2026-11-26"
    # Server-side sessions (auth/sessions.py): idle timeouts in minutes, absolute lifetime in
    # hours; "remember me" (never for staff) keeps a device signed in this many days.
    SESSION_IDLE_MINUTES_STAFF = 30
    SESSION_IDLE_MINUTES = 120
    SESSION_ABSOLUTE_HOURS = 12
    REMEMBER_DEVICE_DAYS = 30
    # After this many wrong passwords in a row the account waits LOGIN_LOCK_MINUTES, doubling
    # with every further failure (at most a day), and its owner gets an e-mail.
    LOGIN_LOCK_AFTER = 5
    LOGIN_LOCK_MINUTES = 15
    # Throttling (coordinator/throttle.py): per client address, and per e-mail address typed.
    # Counts live in Redis when REDIS_URL is set (RATELIMIT_STORAGE_URI overrides), else memory.
    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = None
    RATELIMIT_LOGIN = "20 per minute;200 per hour"
    RATELIMIT_LOGIN_ADDRESS = "10 per minute;50 per hour"
    RATELIMIT_SIGNUP = "5 per minute;30 per hour"
    RATELIMIT_SIGNUP_ADDRESS = "3 per hour"
    RATELIMIT_RESET = "5 per minute;30 per hour"
    RATELIMIT_RESET_ADDRESS = "3 per hour"
    RATELIMIT_RESEND = "5 per minute;30 per hour"
    RATELIMIT_RESEND_ADDRESS = "3 per hour"
    # A young person's one-time link or code: asking for one, and typing the code.
    RATELIMIT_YOUNG_LINK = "5 per minute;30 per hour"
    RATELIMIT_YOUNG_LINK_ADDRESS = "3 per 10 minutes;10 per day"
    RATELIMIT_YOUNG_CODE = "10 per minute;60 per hour"
    RATELIMIT_YOUNG_CODE_ADDRESS = "5 per 10 minutes"
    # The young people's own sign-in: from this age, by a link or code that works once, for
    # YOUNG_SIGN_IN_MAX_AGE seconds (an invitation from staff: INVITATION_MAX_AGE); a code dies
    # after YOUNG_CODE_TRIES wrong tries.
    YOUNG_MIN_AGE = 15
    YOUNG_SIGN_IN_MAX_AGE = 15 * 60
    YOUNG_CODE_TRIES = 5
    # A custody holder's check-in link (for a child under YOUNG_MIN_AGE) works this long.
    CHECK_IN_LINK_MAX_AGE = 14 * 24 * 3600
    # Match health: a running match with no meeting logged for this many days is at risk.
    AT_RISK_NO_MEETING_DAYS = 30
    # Two-factor sign-in for staff: "required" or "optional". None means: required, except in
    # development and tests (so the demo accounts of `make run` stay password-only).
    STAFF_TWO_FACTOR = None
    # Single sign-on for staff (OpenID Connect); off unless all three are set.
    OIDC_ISSUER = None
    OIDC_CLIENT_ID = None
    OIDC_CLIENT_SECRET = None
    # A password-reset link works once, for this many seconds.
    PASSWORD_RESET_MAX_AGE = 3600
    # An invitation to a new staff or contact account works once, for this many seconds.
    INVITATION_MAX_AGE = 3 * 24 * 3600
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    # SQLite only: how long a request waits for another request's write lock before the user is
    # asked to try again. Requests hold it for milliseconds; only something stuck runs it out.
    SQLITE_BUSY_TIMEOUT_MS = 10_000

    # Screening policy of the coordination unit (no statutory renewal of a child certificate).
    CERTIFICATE_VALID_YEARS = 2
    CERTIFICATE_EXPIRY_WARNING_DAYS = 30
    CERTIFICATE_FOR_ALL_AGES = False
    CERTIFICATE_ANSWER_DAYS = 14
    SCREENING_WAIT_WARNING_DAYS = 14
    # The unit's name on a volunteer's statement (udtalelse) for a job application.
    UNIT_NAME = "Koordineringsenheden for frivillige, Gentofte Kommune"
    # An active volunteer with no group supervision for this many months is listed for follow-up.
    SUPERVISION_DUE_MONTHS = 6

    # After a match ends, the volunteer sees the family's details this long, then only the date.
    VOLUNTEER_ACCESS_AFTER_END_DAYS = 30

    # How many ranked volunteers a coordinator sees; choosing anyone else is an override.
    PROPOSALS_SHOWN = 10
    # Relevance floor: a volunteer (or a friend-bank peer) scoring below this is not proposed;
    # a coordinator is told that nobody fits well instead of being shown weak fits. A pair with
    # no shared need, interest or time and some distance apart scores about 0.1-0.25; a pair
    # sharing a need or an interest nearby scores 0.4 or more.
    PROPOSAL_MIN_SCORE = 0.3
    FRIEND_PAIR_MIN_SCORE = 0.3
    # Check-ins: within 14 days, twice in the first month, monthly to month 12, quarterly after.
    FOLLOW_UP_SCHEDULE = {"first_days": (14, 28), "monthly_until_month": 12,
                          "quarterly_until_month": 24}

    # Outgoing mail; with no MAIL_SERVER, mail is written to the log (development).
    MAIL_SERVER = None
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USERNAME = None
    MAIL_PASSWORD = None
    MAIL_DEFAULT_SENDER = "koordinering@localhost"
    MAIL_SMTP_TIMEOUT = 10
    # The outbox: retry after 1 minute, doubling, and give up after 24 hours.
    MAIL_RETRY_FIRST_SECONDS = 60
    MAIL_GIVE_UP_SECONDS = 24 * 3600
    # How long a worker may hold a message it is sending before another may take it over.
    MAIL_CLAIM_SECONDS = 300
    MAIL_BATCH_SIZE = 100
    # The worker sweeps the outbox this often, for mail committed while Redis was unreachable.
    MAIL_SWEEP_SECONDS = 300

    # Background jobs: RQ on Redis when REDIS_URL is set, else in-process ("auto"); the tests
    # use "inline".
    REDIS_URL = None
    JOB_RUNNER = "auto"
    # Refit the matcher and recompute the supply gap in the background after a change, so no
    # web request waits for a fit.
    MATCHING_BACKGROUND_REFIT = True
    # How many reverse proxies to believe for each X-Forwarded-* header (0: none, no proxy).
    PROXY_FIX_X_FOR = 0
    PROXY_FIX_X_PROTO = 0
    PROXY_FIX_X_HOST = 0
    PROXY_FIX_X_PREFIX = 0

    # Retention (GDPR art. 5(1)(e), storage limitation), in days; the daily job `retention`
    # (and `flask retention`) applies them, and the privacy pages are generated from them.
    # Unconfirmed volunteer sign-ups: nobody can use an account whose e-mail never answered.
    RETENTION_UNCONFIRMED_SIGNUP_DAYS = 30
    # Applicants who never finished screening (or were found unsuitable): 6 months after their
    # last step, long enough to finish or complain, no longer.
    RETENTION_APPLICANT_DAYS = 183
    # Volunteers who left: contact details at once; name and the rest anonymised after 5 years
    # (the municipality documents who was in contact with children).
    RETENTION_VOLUNTEER_ENDED_DAYS = 5 * 365
    # Withdrawn or closed referrals and closed matches: the municipality's duty to document its
    # work with children and families; anonymised after 5 years, figures kept.
    RETENTION_CASE_DAYS = 5 * 365
    # Friend-bank young people with no activity (sign-up, verification, a pair, an event).
    RETENTION_FRIENDBANK_INACTIVE_DAYS = 365
    # Public friend-bank sign-ups that no coordinator verified.
    RETENTION_FRIENDBANK_UNVERIFIED_DAYS = 30
    # Sent (or given-up) e-mail in the outbox: long enough to answer "did the mail go out?".
    RETENTION_OUTBOX_DAYS = 90
    # A workplace's contact person not confirmed for this long is removed (the workplace stays).
    RETENTION_WORKPLACE_CONTACT_DAYS = 2 * 365
    # Audit rows: long enough to answer a data subject or the Danish DPA about past access.
    RETENTION_AUDIT_DAYS = 5 * 365
    # What was typed into an unfinished form (the sign-up's steps, a form sent after its
    # session or CSRF token ran out): kept only so it is not lost, then deleted.
    RETENTION_FORM_DRAFT_DAYS = 1

    # Where links in e-mails sent outside a request (CLI reminders) point.
    BASE_URL = "http://127.0.0.1:5000"
    EMAIL_CONFIRM_MAX_AGE = 3 * 24 * 3600


def database_url_from_environment() -> str | None:
    """Return the database URL from the conventional DATABASE_URL variable, if set."""
    url = os.environ.get("DATABASE_URL")
    if url and url.startswith("postgresql://"):
        # psycopg 3 is the driver we ship; plain postgresql:// would look for psycopg2.
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url
