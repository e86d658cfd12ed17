"""After-commit work goes through tasks (issue 17 §2): in-process with no broker, and with a
broker that cannot be reached the rows wait in the outbox for the periodic drain."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from tinhso.core import outbox_registry, request_id, task_stats
from tinhso.dossiers.services import counter_receive
from tinhso.dossiers.tests.conftest import cast, new_dossier, procedures  # noqa: F401
from tinhso.nationalportal import outbox as portal_outbox
from tinhso.nationalportal import tasks as portal_tasks
from tinhso.nationalportal.constants import MessageState
from tinhso.nationalportal.models import StatusMessage
from tinhso.notifications import services, tasks
from tinhso.notifications.constants import Status
from tinhso.notifications.models import Notification
from tinhso.tasks import app
from tinhso.tasks.schedule import SCHEDULE

CLOSED_PORT_BROKER = "redis://127.0.0.1:9/0"  # nothing listens on the discard port


@pytest.fixture
def locmem(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SMS_BACKEND = "local"
    settings.SMS_OUTBOX = tmp_path / "sms.jsonl"


def _forget_connections() -> None:
    # Even an in-process run makes the app keep a (lazy) producer pool for the broker it was
    # configured with: drop it, so the next publish connects to the broker set now.
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def broker_down():
    saved = (app.conf.task_always_eager, app.conf.broker_url)
    _forget_connections()
    app.conf.task_always_eager = False
    app.conf.broker_url = CLOSED_PORT_BROKER
    try:
        yield
    finally:
        app.conf.task_always_eager, app.conf.broker_url = saved
        _forget_connections()


@pytest.fixture
def portal_posts(monkeypatch, settings):
    settings.NATIONAL_PORTAL_STATUS_SECRET = "khoa-ky-kiem-thu"
    settings.NATIONAL_PORTAL_STATUS_URL = "http://cong.example.invalid/trang-thai"
    posted: list[str] = []

    def post(message):
        posted.append(message.action)
        return 200

    monkeypatch.setattr(portal_outbox, "_post", post)
    return posted


def email(**extra):
    return services.notify(
        reference="R-1", subject="Thông báo", body="Nội dung", email="a@example.vn", **extra
    )


@pytest.mark.django_db
def test_with_no_broker_the_task_runs_in_process_with_the_requests_id(
    locmem, django_capture_on_commit_callbacks
):
    token = request_id.bind("yeu-cau-0001")
    seen: list[str] = []
    original = services.deliver_many

    def spy(ids, *, claimant=""):
        seen.append(request_id.current())
        return original(ids, claimant=claimant)

    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(services, "deliver_many", spy)
            with django_capture_on_commit_callbacks(execute=True):
                (row,) = email()
    finally:
        request_id.reset(token)
    row.refresh_from_db()
    assert row.status == Status.SENT and len(mail.outbox) == 1
    assert seen == ["yeu-cau-0001"]  # the task ran under the id of the request that queued it
    figures = {f.name: f for f in task_stats.figures()}
    assert figures["notifications.deliver"].runs >= 1


@pytest.mark.django_db
def test_broker_down_the_request_carries_on_and_the_drain_sends_later(
    locmem, broker_down, django_capture_on_commit_callbacks, caplog
):
    with (
        caplog.at_level(logging.WARNING, logger="tinhso.core.outbox"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        (row,) = email()
    assert "hàng đợi" in caplog.text  # logged, not raised
    row.refresh_from_db()
    assert (row.status, row.attempts, len(mail.outbox)) == (Status.PENDING, 0, 0)
    assert row.next_attempt_at <= timezone.now()  # due for the very next drain

    assert tasks.retry_due.apply().get() == 1  # what beat's notifications-retry runs
    row.refresh_from_db()
    assert (row.status, row.attempts, len(mail.outbox)) == (Status.SENT, 1, 1)


@pytest.mark.django_db
def test_broker_down_status_updates_wait_for_the_portal_drain(
    broker_down,
    portal_posts,
    new_dossier,  # noqa: F811
    cast,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        dossier = counter_receive(new_dossier(), actor=cast.reception)
    assert portal_posts == []
    waiting = StatusMessage.objects.filter(dossier=dossier)
    assert set(waiting.values_list("state", flat=True)) == {MessageState.PENDING}

    assert portal_tasks.send_due.apply().get() == waiting.count()
    assert set(waiting.values_list("state", flat=True)) == {MessageState.SENT}
    assert portal_posts == ["submit", "receive"]


@pytest.mark.django_db
def test_the_same_task_run_again_takes_back_its_rows_another_does_not(locmem):
    (row,) = email()  # outside a capture: the after-commit task never ran
    # A worker took the row as task "t-1" and was killed before it sent anything.
    Notification.objects.filter(pk=row.pk).update(
        claimed_by="t-1", next_attempt_at=timezone.now() + timedelta(minutes=10)
    )
    assert services.deliver_many([row.pk], claimant="t-2") == 0  # someone else's lease
    assert services.deliver_many([row.pk], claimant="t-1") == 1  # the task, redelivered
    assert services.deliver_many([row.pk], claimant="t-1") == 0  # and only once
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_every_outbox_reports_its_depth_and_what_was_given_up(locmem):
    email()
    (gone,) = email(event_key="k")
    Notification.objects.filter(pk=gone.pk).update(status=Status.FAILED, next_attempt_at=None)
    states = {s.name: s for s in outbox_registry.states()}
    assert {"notifications", "nationalportal", "exchange", "payments"} <= set(states)
    notifications = states["notifications"]
    assert (notifications.pending, notifications.failed) == (1, 1)
    assert notifications.oldest_pending_seconds is not None
    assert states["nationalportal"].oldest_pending_seconds is None  # empty


def test_the_beat_schedules_only_tasks_that_exist_and_every_cron_command():
    from django.core.management import get_commands

    from tinhso.tasks.periodic import COMMANDS

    app.loader.import_default_modules()
    assert {entry["task"] for entry in SCHEDULE.values()} <= set(app.tasks)
    assert set(COMMANDS) <= set(get_commands())
    scheduled = {entry["task"] for entry in SCHEDULE.values()}
    assert {f"cron.{name}" for name in COMMANDS} <= scheduled
    assert {"notifications.retry_due", "nationalportal.send_due"} <= scheduled
    assert app.conf.beat_schedule == SCHEDULE


def test_a_killed_worker_gives_its_task_back_and_json_only():
    assert app.conf.task_acks_late and app.conf.task_reject_on_worker_lost
    assert app.conf.worker_prefetch_multiplier == 1
    assert app.conf.accept_content == ["json"] and app.conf.task_serializer == "json"
