"""One meaning of overdue (item 7): past the LEGAL deadline, whatever an extension says.

An extension (Mẫu 04, the new appointment in Dossier.due_at) is simulated by writing what the
EXTEND action writes (due_at, extensions, the current step's due_at), so these tests do not
depend on who may extend or when.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from tinhso.dossiers import overdue, selectors, services
from tinhso.dossiers.constants import Action
from tinhso.dossiers.models import Dossier, DossierStep

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
RECEIVED = datetime(2026, 11, 2, 9, 0, tzinfo=VN)  # Monday; LLTP: 10 working days
EXTENDED_TO = datetime(2026, 12, 18, 17, 0, tzinfo=VN)
AFTER_DEADLINE = datetime(2026, 11, 19, 10, 0, tzinfo=VN)  # past 16/11, before 18/12


def _extended(new_dossier, cast) -> Dossier:
    with time_machine.travel(RECEIVED, tick=False):
        d = services.counter_receive(new_dossier(), actor=cast.reception)
    assert d.legal_due_at is not None
    assert d.legal_due_at.astimezone(VN).date() == date(2026, 11, 16)
    Dossier.objects.filter(pk=d.pk).update(due_at=EXTENDED_TO, extensions=1)
    DossierStep.objects.filter(dossier=d, state="active").update(due_at=EXTENDED_TO)
    return Dossier.objects.get(pk=d.pk)


def test_an_extended_dossier_past_its_legal_deadline_is_overdue(new_dossier, cast):
    d = _extended(new_dossier, cast)
    assert not overdue.is_overdue(d, d.legal_due_at - timedelta(minutes=1))
    assert overdue.is_overdue(d, AFTER_DEADLINE)  # the appointment 18/12 is still to come
    assert overdue.is_extended_past_deadline(d)


def test_the_queue_lists_it_as_overdue_with_the_extension_beside(new_dossier, cast):
    d = _extended(new_dossier, cast)
    with time_machine.travel(AFTER_DEADLINE, tick=False):
        assert list(selectors.queue(cast.specialist, "qua-han")) == [d]
        assert list(selectors.queue(cast.province_leader, "qua-han")) == [d]
        assert d not in selectors.queue(cast.specialist, "sap-den-han")
        client = Client()
        client.force_login(cast.specialist)
        page = client.get(reverse("dossiers:office_queue", args=["qua-han"])).content.decode()
        detail = client.get(reverse("dossiers:office_dossier", args=[d.code])).content.decode()
    row = page.split(d.code)[-1].split("</tr>")[0]
    assert "16/11/2026" in row and "Quá hạn" in row
    assert "gia hạn, hẹn trả 18/12/2026 17:00" in row
    assert '<span class="badge late">Quá hạn</span>' in detail


def test_due_soon_is_by_the_legal_deadline(new_dossier, cast):
    d = _extended(new_dossier, cast)
    with time_machine.travel(datetime(2026, 11, 13, 10, 0, tzinfo=VN), tick=False):
        assert list(selectors.queue(cast.specialist, "sap-den-han")) == [d]
        assert not selectors.queue(cast.specialist, "qua-han").exists()


def test_a_paused_dossier_is_overdue_only_if_late_when_the_clock_stopped(new_dossier, cast):
    with time_machine.travel(RECEIVED, tick=False):
        d = services.counter_receive(new_dossier(), actor=cast.reception)
    with time_machine.travel(RECEIVED + timedelta(days=1), tick=False):
        d = services.dossier_act(
            d, Action.REQUEST_SUPPLEMENT, actor=cast.specialist, note="Bổ sung CCCD"
        )
    assert not overdue.is_overdue(d, AFTER_DEADLINE)  # the clock stands still
    Dossier.objects.filter(pk=d.pk).update(paused_at=AFTER_DEADLINE)
    d.refresh_from_db()
    assert overdue.is_overdue(d, AFTER_DEADLINE + timedelta(days=1))
    with time_machine.travel(AFTER_DEADLINE + timedelta(days=1), tick=False):
        assert list(selectors.queue(cast.province_leader, "qua-han")) == [d]


def test_closing_uses_the_same_rule_for_the_dossier_and_its_step(new_dossier, cast):
    d = _extended(new_dossier, cast)
    step = d.current_step
    with time_machine.travel(AFTER_DEADLINE, tick=False):
        d = services.dossier_act(d, Action.FORWARD, actor=cast.specialist)
        d = services.dossier_act(d, Action.APPROVE, actor=cast.leader)
    step.refresh_from_db()
    # Both finished before the extended appointment, after the legal deadline: late.
    assert step.timeliness == "late"
    assert d.timeliness == "late" and overdue.is_overdue(d)


def test_a_result_ready_on_time_is_not_overdue_while_waiting_for_collection(new_dossier, cast):
    with time_machine.travel(RECEIVED, tick=False):
        d = services.counter_receive(new_dossier(), actor=cast.reception)
    with time_machine.travel(RECEIVED + timedelta(days=1), tick=False):
        d = services.dossier_act(d, Action.FORWARD, actor=cast.specialist)
        d = services.dossier_act(d, Action.APPROVE, actor=cast.leader)
    assert not overdue.is_overdue(d, AFTER_DEADLINE)
    with time_machine.travel(AFTER_DEADLINE, tick=False):
        client = Client()
        client.force_login(cast.reception)
        url = reverse("dossiers:office_queue", args=["cho-tra-ket-qua"])
        page = client.get(url).content.decode()
    assert d.code in page and "Quá hạn" not in page.split(d.code)[-1].split("</tr>")[0]
