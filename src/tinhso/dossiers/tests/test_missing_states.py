"""Issue 12 §16: the states nobody presses a button for — a supplement deadline with a reminder
and a stop, the limit on waiting in "chờ tiếp nhận" with escalation, results not collected.
Time is driven with time_machine; December 2026 has no holidays (Mon 07/12 … Fri 11/12)."""

import re
import unicodedata
from datetime import datetime
from io import BytesIO, StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client, override_settings
from pypdf import PdfReader

from tinhso.audit.models import AuditEvent
from tinhso.dossiers import deadlines, paperwork, services
from tinhso.dossiers.constants import Action, Channel, Status
from tinhso.dossiers.models import Dossier
from tinhso.dossiers.tests.conftest import PASSWORD
from tinhso.dossiers.workflow import allowed_actions
from tinhso.notifications.models import Notification

VN = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text))


def at(d: int, hh: int, mm: int = 0) -> datetime:
    return datetime(2026, 12, d, hh, mm, tzinfo=VN)


def _awaiting_supplement(received, cast) -> Dossier:
    return services.dossier_act(
        received, Action.REQUEST_SUPPLEMENT, actor=cast.specialist, note="Bổ sung bản chụp CCCD"
    )


def _reminders(d: Dossier, key: str) -> list[Notification]:
    return list(Notification.objects.filter(event_key=f"{d.code}:{key}"))


# --- supplement deadline --------------------------------------------------------------------


@override_settings(SUPPLEMENT_DEADLINE_DAYS=5, SUPPLEMENT_REMINDER_DAYS=2)
def test_supplement_deadline_from_the_setting_is_on_the_dossier_and_on_mau_02(new_dossier, cast):
    with time_machine.travel(at(7, 9), tick=False):
        received = services.counter_receive(new_dossier(), actor=cast.reception)
        d = _awaiting_supplement(received, cast)
    # 5 working days counted from Tuesday 08/12: Mon 14/12 at office close.
    assert d.supplement_due_at == at(14, 17)
    text = pdf_text(paperwork.supplement(d))
    assert "Thời hạn bổ sung, hoàn thiện hồ sơ" in text
    assert "14/12/2026" in text


def test_a_procedure_states_its_own_supplement_days(new_dossier, cast, procedures):
    version = procedures["lltp"]
    version.supplement_days = 7
    version.save(update_fields=["supplement_days"])
    with time_machine.travel(at(7, 9), tick=False):
        received = services.counter_receive(new_dossier(), actor=cast.reception)
        d = _awaiting_supplement(received, cast)
    assert d.supplement_due_at == at(16, 17)  # Tue 08 … Wed 16/12


@override_settings(SUPPLEMENT_DEADLINE_DAYS=5, SUPPLEMENT_REMINDER_DAYS=2)
def test_the_applicant_is_reminded_once_before_the_supplement_deadline(new_dossier, cast):
    with time_machine.travel(at(7, 9), tick=False):
        d = _awaiting_supplement(
            services.counter_receive(new_dossier(), actor=cast.reception), cast
        )
    key = "supplement-reminder:202612141700"
    with time_machine.travel(at(9, 9), tick=False):  # 3.5 working days left: too early
        assert deadlines.run().supplement_reminders == 0
    with time_machine.travel(at(10, 17), tick=False):  # 2 working days left
        assert deadlines.run().supplement_reminders == 1
        assert deadlines.run().supplement_reminders == 0  # once
    sms = [n for n in _reminders(d, key) if n.channel == "sms"]
    assert len(sms) == 1 and "han bo sung 17:00 14/12/2026" in sms[0].body
    mail = [n for n in _reminders(d, key) if n.channel == "email"]
    assert len(mail) == 1 and "bị dừng giải quyết" in mail[0].body
    assert Dossier.objects.get(pk=d.pk).status == Status.AWAITING_SUPPLEMENT


@override_settings(SUPPLEMENT_DEADLINE_DAYS=5)
def test_an_unanswered_supplement_stops_the_dossier_by_the_system(new_dossier, cast):
    with time_machine.travel(at(7, 9), tick=False):
        d = _awaiting_supplement(
            services.counter_receive(new_dossier(), actor=cast.reception), cast
        )
    with time_machine.travel(at(14, 16, 59), tick=False):  # not yet passed
        assert deadlines.run().supplements_expired == 0
    with time_machine.travel(at(14, 17, 1), tick=False):
        out = StringIO()
        call_command("dossier_deadlines", stdout=out)
        assert "dừng do quá hạn bổ sung: 1" in out.getvalue()
    d.refresh_from_db()
    assert d.status == Status.STOPPED
    assert d.closed_at == at(14, 17, 1)
    event = d.events.latest("at")
    assert (event.action, event.actor, event.actor_label) == (Action.STOP, None, "Hệ thống")
    assert event.data["reason"] == "supplement_expired"
    assert "Quá hạn bổ sung" in event.note
    audit = AuditEvent.objects.filter(action="dossier.stop").latest("id")
    assert audit.actor is None
    # The applicant is told, and Mẫu 05 (Thông báo dừng giải quyết hồ sơ) is available.
    assert Notification.objects.filter(reference=d.code, body__contains="dừng giải quyết").exists()
    assert "05" in [n for n, _ in paperwork.available_forms(d)]
    # Running again changes nothing.
    with time_machine.travel(at(15, 9), tick=False):
        assert deadlines.run().supplements_expired == 0


@override_settings(SUPPLEMENT_DEADLINE_DAYS=5)
def test_a_supplement_in_time_clears_the_deadline_and_nothing_stops(new_dossier, cast):
    with time_machine.travel(at(7, 9), tick=False):
        d = _awaiting_supplement(
            services.counter_receive(new_dossier(), actor=cast.reception), cast
        )
    with time_machine.travel(at(11, 9), tick=False):
        d = services.dossier_act(d, Action.SUPPLEMENT_RECEIVED, actor=cast.reception)
    assert d.supplement_due_at is None
    with time_machine.travel(at(15, 9), tick=False):
        assert deadlines.run().supplements_expired == 0
    assert Dossier.objects.get(pk=d.pk).status == Status.PROCESSING


def test_no_officer_is_offered_the_system_stop(new_dossier, cast):
    with time_machine.travel(at(7, 9), tick=False):
        d = _awaiting_supplement(
            services.counter_receive(new_dossier(), actor=cast.reception), cast
        )
    for user in (cast.reception, cast.specialist, cast.citizen):
        assert Action.STOP not in {t.action for t in allowed_actions(d, user)}
    with time_machine.travel(at(8, 9), tick=False), pytest.raises(Exception, match="chưa quá hạn"):
        services.dossier_system_act(d, Action.STOP, note="x")


# --- waiting for reception ------------------------------------------------------------------


def _online(new_dossier, cast) -> Dossier:
    return services.dossier_create(new_dossier(channel=Channel.ONLINE), actor=cast.citizen)


@override_settings(INTAKE_WAIT_LIMIT_HOURS=8)
def test_an_online_dossier_waiting_too_long_is_escalated_once(new_dossier, cast, client: Client):
    cast.reception.email = "motcua@stp.example.vn"
    cast.reception.save(update_fields=["email"])
    cast.leader.email = "giamdoc@stp.example.vn"
    cast.leader.save(update_fields=["email"])
    with time_machine.travel(at(7, 16, 0), tick=False):
        d = _online(new_dossier, cast)
    with time_machine.travel(at(8, 15, 0), tick=False):  # 1 h + 6 h 30 of office time
        assert deadlines.run().intake_escalated == 0
    with time_machine.travel(at(8, 16, 1), tick=False):  # 8 h 1 min
        assert deadlines.run().intake_escalated == 1
        assert deadlines.run().intake_escalated == 0
    d.refresh_from_db()
    assert d.intake_escalated_at == at(8, 16, 1)
    told = set(
        Notification.objects.filter(event_key__contains="intake-escalation").values_list(
            "recipient", flat=True
        )
    )
    assert told == {"motcua@stp.example.vn", "giamdoc@stp.example.vn"}
    assert AuditEvent.objects.filter(action="dossier.intake_escalated", actor=None).count() == 1
    # The reception queue marks it.
    with time_machine.travel(at(8, 16, 5), tick=False):
        client.login(username="motcua.stp", password=PASSWORD)
        page = client.get("/can-bo/ho-so/danh-sach/cho-tiep-nhan/").content.decode()
    assert d.code in page and "Quá thời gian chờ tiếp nhận" in page


@override_settings(INTAKE_WAIT_LIMIT_HOURS=8)
def test_counter_dossiers_are_not_escalated(new_dossier, cast):
    with time_machine.travel(at(7, 9), tick=False):
        services.dossier_create(new_dossier(), actor=cast.reception)
    with time_machine.travel(at(11, 9), tick=False):
        assert deadlines.run().intake_escalated == 0


# --- results not collected ------------------------------------------------------------------


def _result_ready(new_dossier, cast, when: datetime) -> Dossier:
    with time_machine.travel(when, tick=False):
        d = services.counter_receive(new_dossier(), actor=cast.reception)
        d = services.dossier_act(d, Action.FORWARD, actor=cast.specialist)
        return services.dossier_act(d, Action.APPROVE, actor=cast.leader)


@override_settings(RESULT_UNCOLLECTED_DAYS=3)
def test_an_uncollected_result_is_listed_and_the_applicant_reminded(
    new_dossier, cast, client: Client
):
    d = _result_ready(new_dossier, cast, at(7, 9))
    assert d.status == Status.RESULT_READY
    url = "/can-bo/ho-so/danh-sach/ket-qua-chua-nhan/"
    with time_machine.travel(at(9, 17), tick=False):  # 2 working days 8 h: not yet
        client.login(username="motcua.stp", password=PASSWORD)
        assert deadlines.run().result_reminders == 0
        assert d.code not in client.get(url).content.decode()
    with time_machine.travel(at(10, 9), tick=False):  # 3 working days
        assert deadlines.run().result_reminders == 1
        assert deadlines.run().result_reminders == 0
        client.login(username="motcua.stp", password=PASSWORD)
        page = client.get(url).content.decode()
    assert d.code in page and "Kết quả chưa nhận" in page
    sms = [n for n in _reminders(d, "result-uncollected") if n.channel == "sms"]
    assert len(sms) == 1 and "07/12/2026" in sms[0].body
