"""Status updates to the national portal, end to end: real HTTP to the simulated portal running
in the live server, which verifies each signature and records what it received."""

import json
import time
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from tinhso.audit.models import AuditEvent
from tinhso.dossiers.constants import Action, Status
from tinhso.dossiers.models import Dossier
from tinhso.dossiers.services import dossier_act
from tinhso.nationalportal.constants import MessageState
from tinhso.nationalportal.models import StatusMessage
from tinhso.nationalportal.outbox import send_due
from tinhso.nationalportal.tests.conftest import INBOUND_SECRET, URL
from tinhso.simulators.models import PortalStatusReceipt
from tinhso.simulators.national_portal.client import submit
from tinhso.simulators.national_portal.receiver import set_outage


@pytest.fixture
def portal(live_server, settings):
    """The simulated national portal, listening in the live server."""
    settings.NATIONAL_PORTAL_STATUS_URL = live_server.url + "/mo-phong/dvcqg/trang-thai/"
    return live_server


@pytest.fixture
def filed(portal, payload):
    """A dossier filed on the portal through the real intake API; returns it."""

    def file(**overrides) -> Dossier:
        status, answer = submit(
            payload(**overrides), url=portal.url + URL, secret=INBOUND_SECRET, timeout=30
        )
        assert status == 201, answer
        return Dossier.objects.get(code=answer["dossier_code"])

    return file


def accepted() -> list[tuple]:
    return [
        (r.sequence, r.action, r.status)
        for r in PortalStatusReceipt.objects.filter(answered=200).order_by("id")
    ]


def message(dossier: Dossier, sequence: int) -> StatusMessage:
    return StatusMessage.objects.get(portal_dossier__dossier=dossier, sequence=sequence)


def test_every_status_change_reaches_the_portal_signed_and_in_order(filed, cast):
    dossier = filed()
    dossier_act(dossier, Action.RECEIVE, actor=cast.reception)
    dossier_act(dossier, Action.FORWARD, actor=cast.specialist)
    dossier_act(dossier, Action.APPROVE, actor=cast.leader)
    dossier_act(dossier, Action.RETURN_RESULT, actor=cast.reception)

    assert accepted() == [
        (1, "submit", "submitted"),
        (2, "receive", "processing"),
        (3, "forward", "processing"),
        (4, "approve", "result_ready"),
        (5, "return_result", "returned"),
    ]
    assert PortalStatusReceipt.objects.filter(signature_valid=False).count() == 0
    received = json.loads(PortalStatusReceipt.objects.get(sequence=2).body)
    dossier.refresh_from_db()
    assert received["external_id"] == "G22.99-261120-000123"
    assert received["dossier_code"] == dossier.code
    assert received["status_label"] == "Đang xử lý"
    assert received["at"].endswith("+07:00")
    assert received["due_at"] == timezone.localtime(dossier.due_at).isoformat(timespec="seconds")
    assert received["due_at"].endswith("+07:00")
    assert set(StatusMessage.objects.values_list("state", flat=True)) == {MessageState.SENT}


def test_a_refusal_reaches_the_portal_with_its_reason(filed, cast):
    dossier = filed()
    dossier_act(
        dossier,
        Action.REFUSE_RECEPTION,
        actor=cast.reception,
        note="Người yêu cầu không thuộc đối tượng được cấp Phiếu số 2.",
    )

    last = PortalStatusReceipt.objects.filter(answered=200).latest("id")
    assert (last.action, last.status, last.status_label) == (
        "refuse_reception",
        "refused",
        "Từ chối",
    )
    assert last.note == "Người yêu cầu không thuộc đối tượng được cấp Phiếu số 2."


# Dossiers filed elsewhere (counter, online, post) are reported too since issue 12 item 11:
# test_every_channel_reported.py.


def test_portal_down_is_recorded_retried_with_backoff_and_delivered_in_order(filed, cast):
    dossier = filed()
    set_outage(2)

    before = timezone.now()
    dossier_act(dossier, Action.RECEIVE, actor=cast.reception)
    after = timezone.now()

    dossier.refresh_from_db()
    assert dossier.status == Status.PROCESSING  # the officer's action stands
    second = message(dossier, 2)
    assert (second.state, second.attempts, second.last_status_code) == (
        MessageState.RETRYING,
        1,
        503,
    )
    assert "503" in second.last_error
    assert before + timedelta(seconds=60) <= second.next_attempt_at <= after + timedelta(seconds=60)

    dossier_act(dossier, Action.FORWARD, actor=cast.specialist)
    third = message(dossier, 3)
    assert (third.state, third.attempts) == (MessageState.PENDING, 0)  # waits behind #2

    assert send_due().sent == 0  # nothing is due yet

    later = second.next_attempt_at + timedelta(seconds=1)
    outcome = send_due(now=later)
    second.refresh_from_db()
    assert (outcome.sent, outcome.failed) == (0, 1)
    assert second.attempts == 2
    assert second.next_attempt_at == later + timedelta(seconds=120)  # the wait doubled
    assert message(dossier, 3).attempts == 0

    outcome = send_due(now=second.next_attempt_at + timedelta(seconds=1))
    assert (outcome.sent, outcome.failed) == (2, 0)
    assert accepted() == [
        (1, "submit", "submitted"),
        (2, "receive", "processing"),
        (3, "forward", "processing"),
    ]
    refused = PortalStatusReceipt.objects.filter(answered=503).values_list("sequence", flat=True)
    assert list(refused) == [2, 2]


def test_after_a_failure_officers_do_not_wait_for_the_portal(filed, cast):
    first = filed()
    set_outage(1)
    dossier_act(first, Action.RECEIVE, actor=cast.reception)
    assert message(first, 2).state == MessageState.RETRYING

    second = filed(external_id="G22.99-261120-000124")

    waiting = message(second, 1)
    assert (waiting.state, waiting.attempts) == (MessageState.PENDING, 0)  # not tried inline
    outcome = send_due()  # the next nationalportal_send run
    assert (outcome.sent, outcome.failed) == (1, 0)
    assert accepted()[-1] == (1, "submit", "submitted")


def test_retry_command_delivers_what_is_due(filed, cast, settings):
    settings.NATIONAL_PORTAL_RETRY_BASE = 1
    dossier = filed()
    set_outage(1)
    dossier_act(dossier, Action.RECEIVE, actor=cast.reception)
    assert message(dossier, 2).state == MessageState.RETRYING

    time.sleep(1.5)
    out = StringIO()
    call_command("nationalportal_send", stdout=out)

    assert "Đã gửi 1 tin" in out.getvalue()
    assert message(dossier, 2).state == MessageState.SENT
    assert accepted()[-1] == (2, "receive", "processing")


def test_a_given_up_message_is_resent_by_an_administrator(filed, cast, settings, admin_client):
    settings.NATIONAL_PORTAL_MAX_ATTEMPTS = 1
    dossier = filed()
    set_outage(1)
    dossier_act(dossier, Action.RECEIVE, actor=cast.reception)
    dossier_act(dossier, Action.FORWARD, actor=cast.specialist)
    given_up = message(dossier, 2)
    assert (given_up.state, given_up.next_attempt_at) == (MessageState.FAILED, None)
    assert send_due(now=timezone.now() + timedelta(days=1)).sent == 0  # #3 waits behind it

    listing = admin_client.get("/quan-tri/nationalportal/statusmessage/?state__exact=failed")
    assert listing.status_code == 200
    assert "G22.99-261120-000123" in listing.content.decode()

    response = admin_client.post(
        "/quan-tri/nationalportal/statusmessage/",
        {"action": "resend", "_selected_action": [given_up.pk]},
        follow=True,
    )

    assert "Đã gửi 2 tin." in response.content.decode()
    assert message(dossier, 2).state == MessageState.SENT
    assert message(dossier, 3).state == MessageState.SENT
    audit = AuditEvent.objects.get(action="nationalportal.resend")
    assert audit.object_id == str(given_up.pk)
    assert audit.actor.username == "admin"
    assert accepted()[-2:] == [(2, "receive", "processing"), (3, "forward", "processing")]
