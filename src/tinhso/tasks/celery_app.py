"""The Celery app, configured from Django's settings (CELERY_* names) and the rules below.

Delivery is at least once, never lost: a task is acknowledged only after it ran
(acks_late), a task whose worker process died is put back (reject_on_worker_lost), and a
worker takes one task at a time (prefetch 1), so a killed worker holds back nothing else.
Running twice is safe because tasks only drain outboxes, whose rows are claimed with a lease
(tinhso.core.outbox). JSON only: a message from the broker never unpickles code.
"""

from __future__ import annotations

import os

from celery import Celery

from tinhso.envvars import env_int

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tinhso.settings")

# A task taken by a worker that was killed is handed out again after this long (Redis): longer
# than any task runs, short enough that a lost task is redone before its outbox lease matters.
VISIBILITY_TIMEOUT = env_int("CELERY_VISIBILITY_TIMEOUT", 1800)

app = Celery("tinhso")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.update(
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    # No result backend: tasks record their effect in the database, and their figures in
    # core.task_stats; nobody waits on a result.
    task_ignore_result=True,
    # In-process (no broker): an error surfaces where the task was queued, as in the tests.
    task_eager_propagates=True,
    # A request that queues a task while the broker is down must not hang: two quick tries,
    # then core.outbox.enqueue logs it and the periodic drain sends the rows instead.
    task_publish_retry_policy={
        "max_retries": 2,
        "interval_start": 0,
        "interval_step": 0.2,
        "interval_max": 0.5,
    },
    broker_connection_timeout=3,
    broker_connection_retry_on_startup=True,
    broker_transport_options={
        "visibility_timeout": VISIBILITY_TIMEOUT,
        # How often a worker looks for such tasks (one Redis range query).
        "unacked_restore_interval": max(1, min(10, VISIBILITY_TIMEOUT // 3)),
        "unacked_restore_throttle": 1,
        "socket_connect_timeout": 3,
        "socket_timeout": 10,
    },
    worker_hijack_root_logger=False,  # Django's LOGGING (core/logs.py) formats the lines
    timezone="Asia/Ho_Chi_Minh",
    enable_utc=True,
)
app.autodiscover_tasks()
