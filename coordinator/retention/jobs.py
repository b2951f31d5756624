"""The daily retention job, on the queue like every other background job."""

from flask import current_app

from coordinator import jobs
from coordinator.extensions import db
from coordinator.retention import services

RETENTION_JOB = "retention"


@jobs.job(RETENTION_JOB)
def retention() -> int:
    """Anonymise or delete what the retention schedule says has been kept long enough."""
    actions = services.run(jobs.now(), current_app.config)
    db.session.commit()
    return sum(action.count for action in actions)
