"""Gunicorn settings for the coordination unit's app behind nginx.

    gunicorn -c deploy/gunicorn.conf.py "coordinator:create_app()"

Values can be changed without editing this file through the environment variables named below.
"""

import multiprocessing
import os

# Only nginx on the same machine talks to gunicorn; the world talks to nginx.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# The usual 2 x cores + 1 sync workers, capped: each worker keeps its own fitted matcher and
# database pool, so more workers than this costs memory and connections for no gain.
workers = int(os.environ.get("GUNICORN_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 9)))
# Threads let a worker answer another request while one waits for PostgreSQL, and keep
# connections alive between requests (the sync worker closes each one): about 1.5x the requests
# per second on the home page (README, Performance). Each thread takes a database connection
# from the worker's pool (SQLAlchemy's default of 5 covers 4 threads).
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 4))

# A request that takes longer than this is stuck (the slowest page is about a second).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
# On restart (deploy), running requests get this long to finish before workers are killed.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", 30))
keepalive = 5
# Recycle workers now and then, so a slow leak never grows into an outage.
max_requests = 2000
max_requests_jitter = 200

# Each worker imports the app itself: no database connection or fitted matcher is shared
# across a fork, and a restart picks up new code.
preload_app = False

# No control socket: nobody manages this server through it, and it is one less file to secure.
control_socket_disable = True

# The app writes one line per request itself (logger "coordinator.requests", with the user and
# a request id), so gunicorn's own access log would only repeat it. Errors go to stderr,
# which systemd hands to the journal.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# Gunicorn itself trusts X-Forwarded-* only from nginx on this machine. The app decides
# separately, through FLASK_PROXY_FIX_X_FOR and friends, what to believe (see README).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")


def post_worker_init(worker):
    """Compile the templates and load the stored matcher before this worker takes requests."""
    from coordinator.warmup import warm_up

    warm_up(worker.wsgi)
