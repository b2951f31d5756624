"""Make a freshly started web process as fast on its first requests as on later ones.

A new process (a deploy, a gunicorn worker recycled after `max_requests`) would otherwise pay
for compiling templates and loading the fitted matcher on its first requests. Gunicorn calls
`warm_up` once per worker, before the worker accepts requests (deploy/gunicorn.conf.py).
"""

import logging
from datetime import date

from flask import Flask

log = logging.getLogger(__name__)


def warm_up(app: Flask) -> None:
    """Compile every template and load the matcher and supply gap the worker job stored.

    Nothing is fitted here: without a stored result (no worker has run yet) the first request
    that needs the matcher fits it, as before.
    """
    from coordinator.matches import proposals, supply_gap

    for name in app.jinja_env.list_templates(extensions=("html", "txt")):
        app.jinja_env.get_template(name)
    today = date.today()
    with app.app_context():
        try:
            matcher = proposals.load_stored_profiles(today)
            gap = supply_gap.load_stored_supply_gap(today)
        except Exception:
            # A database that is not reachable yet must not stop the worker from starting.
            log.exception("Warm-up could not read the stored matcher")
            return
    log.info("Warm-up: templates compiled; stored matcher %s, supply gap %s",
             "loaded" if matcher else "not found", "loaded" if gap else "not found")
