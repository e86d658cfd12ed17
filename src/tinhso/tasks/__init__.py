"""Background work on Celery (issue 17 §2): `celery -A tinhso.tasks worker|beat`.

The Celery app is `app`; each context's tasks live in its own tasks.py (found by
autodiscovery), the periodic ones are scheduled in schedule.py, and signals.py carries the
request id into tasks and records every run. Without CELERY_BROKER_URL a task runs
in-process when it is queued (`make run`, the tests).
"""

from tinhso.tasks.celery_app import app

__all__ = ["app"]
