"""The lifecycle of a dossier through the state machine, with its clock."""

import itertools
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tinhso.audit.models import AuditEvent
from tinhso.catalogue.models import ProcessStep
from tinhso.dossiers import services
from tinhso.dossiers.constants import Action, Status, StepState, Timeliness
from tinhso.dossiers.models import Dossier
from tinhso.dossiers.workflow import NotAllowed, TransitionError
from tinhso.organisation.roles import Role

VN = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


def at(*args) -> datetime:
    return datetime(*args, tzinfo=VN)


def act(dossier, action, actor, note="", **data):
    return services.dossier_act(dossier, action, actor=actor, note=note, data=data)


def test_counter_reception_gives_code_due_date_and_first_step(new_dossier, cast, province):
    # Thursday 19/11/2026, 09:00; 24/11/2026 is Ngày Văn hóa Việt Nam (a day off from 2026).
    with time_machine.travel(at(2026, 11, 19, 9, 0), tick=False):
        d = services.counter_receive(new_dossier(), actor=cast.reception)
    assert d.code == "000.00.12.H53-261119-0001"
    assert d.status == Status.PROCESSING
    # 10 working days from Fri 20/11 … skipping Sat/Sun and Tue 24/11 → Thu 04/12 at 17:00.
    assert d.due_at == at(2026, 12, 4, 17, 0)
    assert d.legal_due_at == d.due_at
    assert d.fees_due == 200000
    step = d.current_step
    assert (step.order, step.role, step.agency) == (1, Role.SPECIALIST, province["stp"])
    assert step.due_at == at(2026, 12, 3, 17, 0)  # 9 of the 10 days for the specialist


def test_sequence_restarts_each_day_and_is_per_agency(new_dossier, cast, province):
    with time_machine.travel(at(2026, 11, 19, 9, 0), tick=False):
        a = services.counter_receive(new_dossier(), actor=cast.reception)
        b = services.counter_receive(new_dossier(), actor=cast.reception)
    with time_machine.travel(at(2026, 11, 23, 9, 0), tick=False):
        c = services.counter_receive(new_dossier(), actor=cast.reception)
    assert [a.code[-11:], b.code[-11:], c.code[-11:]] == [
        "261119-0001",
        "261119-0002",
        "261123-0001",
    ]


def test_the_whole_journey_on_time_is_recorded(received, cast):
    d = act(received, Action.FORWARD, cast.specialist, "Đủ điều kiện cấp phiếu")
    assert d.current_step.role == Role.AGENCY_LEADER
    d = act(d, Action.APPROVE, cast.leader)
    assert d.status == Status.RESULT_READY
    assert d.timeliness == Timeliness.EARLY
    d = act(d, Action.RETURN_RESULT, cast.reception)
    assert d.status == Status.RETURNED
    assert d.returned_at is not None and d.closed_at is not None
    events = list(d.events.order_by("at", "id"))
    assert [e.action for e in events] == [
        "submit",
        "receive",
        "forward",
        "approve",
        "return_result",
    ]
    assert all(e.from_status == p.to_status for p, e in itertools.pairwise(events))
    steps = list(d.steps.order_by("order"))
    assert [s.state for s in steps] == [StepState.DONE, StepState.DONE]
    assert all(s.timeliness == Timeliness.EARLY for s in steps)
    audited = AuditEvent.objects.filter(object_id=str(d.pk)).values_list("action", flat=True)
    assert set(audited) >= {"dossier.receive", "dossier.approve", "dossier.return_result"}


def test_late_result_is_counted_late(new_dossier, cast):
    with time_machine.travel(at(2026, 11, 19, 9, 0), tick=False):
        d = services.counter_receive(new_dossier(), actor=cast.reception)
    with time_machine.travel(at(2026, 12, 4, 16, 59), tick=False):
        d = act(d, Action.FORWARD, cast.specialist)  # step 1 was due 03/12: late
        assert d.steps.get(order=1).timeliness == Timeliness.LATE
    with time_machine.travel(at(2026, 12, 7, 8, 0), tick=False):
        d = act(d, Action.APPROVE, cast.leader)
    assert d.timeliness == Timeliness.LATE


def test_result_on_the_due_day_is_on_time(new_dossier, cast):
    with time_machine.travel(at(2026, 11, 19, 9, 0), tick=False):
        d = services.counter_receive(new_dossier(), actor=cast.reception)
    with time_machine.travel(at(2026, 12, 4, 10, 0), tick=False):
        d = act(d, Action.FORWARD, cast.specialist)
        d = act(d, Action.APPROVE, cast.leader)
    assert d.timeliness == Timeliness.ON_TIME


def test_supplement_pauses_the_clock_and_moves_the_due_date(new_dossier, cast):
    with time_machine.travel(at(2026, 11, 19, 9, 0), tick=False):
        d = services.counter_receive(new_dossier(), actor=cast.reception)
    with time_machine.travel(at(2026, 11, 25, 10, 0), tick=False):
        d = act(d, Action.REQUEST_SUPPLEMENT, cast.specialist, "Bổ sung bản chụp CCCD")
        assert d.status == Status.AWAITING_SUPPLEMENT and d.is_paused
    # Resumed Tue 01/12: the working days 26, 27, 30/11 and 01/12 do not count.
    with time_machine.travel(at(2026, 12, 1, 9, 0), tick=False):
        d = act(d, Action.SUPPLEMENT_RECEIVED, cast.reception)
    assert d.status == Status.PROCESSING and not d.is_paused
    # Paused Wed 25/11 10:00, resumed Tue 1/12 09:00: 37 h of office time did not count, so
    # the deadline moves from Fri 4/12 17:00 by 37 h of office time (regulations: NĐ 118/2025).
    assert d.due_at == at(2026, 12, 10, 16, 0)
    assert d.legal_due_at == d.due_at
    pause = d.pauses.get()
    assert pause.ended_at == at(2026, 12, 1, 9, 0)


def test_supplement_before_reception_waits_and_then_is_received(new_dossier, cast):
    d = services.dossier_create(new_dossier(received_components=set()), actor=cast.reception)
    with pytest.raises(TransitionError, match="thiếu giấy tờ bắt buộc"):
        act(d, Action.RECEIVE, cast.reception)
    d.refresh_from_db()
    assert d.status == Status.SUBMITTED and d.received_at is None
    d = act(d, Action.REQUEST_SUPPLEMENT, cast.reception, "Thiếu tờ khai")
    assert d.paused_at is None  # the clock has not started
    component = d.components.get(required=True)
    d = act(d, Action.SUPPLEMENT_RECEIVED, cast.reception, components=[component.pk])
    assert d.status == Status.SUBMITTED
    d = act(d, Action.RECEIVE, cast.reception)
    assert d.status == Status.PROCESSING


def test_extension_is_the_leaders_decision_each_time(received, cast):
    with pytest.raises(NotAllowed, match="lãnh đạo"):
        act(received, Action.EXTEND, cast.specialist, "Chờ xác minh", new_due_date="2027-01-05")
    with pytest.raises(TransitionError, match="ngày hẹn"):
        act(received, Action.EXTEND, cast.leader, "Chờ xác minh")
    d = act(received, Action.EXTEND, cast.leader, "Chờ xác minh", new_due_date="2027-01-05")
    assert d.extensions == 1
    assert d.due_at == at(2027, 1, 5, 17, 0)
    assert d.legal_due_at < d.due_at  # the legal deadline stays: a late result is late
    with pytest.raises(NotAllowed, match="lãnh đạo"):
        act(d, Action.EXTEND, cast.specialist, "Lần hai", new_due_date="2027-01-12")
    d = act(d, Action.EXTEND, cast.leader, "Lần hai", new_due_date="2027-01-12")
    assert d.extensions == 2
    assert d.due_at == at(2027, 1, 12, 17, 0)
    assert list(d.events.filter(action="extend").values_list("actor__username", flat=True)) == [
        "giamdoc.stp",
        "giamdoc.stp",
    ]


def test_extension_needs_a_later_working_day(received, cast):
    with pytest.raises(TransitionError, match="không phải ngày làm việc"):
        act(received, Action.EXTEND, cast.leader, "Chờ", new_due_date="2027-01-02")
    with pytest.raises(TransitionError, match="phải sau"):
        act(received, Action.EXTEND, cast.leader, "Chờ", new_due_date="2026-11-25")


def test_illegal_actions_are_refused_and_change_nothing(received, cast):
    before = Dossier.objects.values().get(pk=received.pk)
    events = received.events.count()
    with pytest.raises(TransitionError, match="Trả kết quả"):
        act(received, Action.RETURN_RESULT, cast.reception)
    with pytest.raises(TransitionError, match="chưa đến bước phê duyệt"):
        act(received, Action.APPROVE, cast.specialist)
    with pytest.raises(NotAllowed):
        act(received, Action.FORWARD, cast.leader)  # not the leader's step yet
    with pytest.raises(TransitionError, match="lý do"):
        act(received, Action.PROPOSE_REFUSAL, cast.specialist, "")
    with pytest.raises(TransitionError, match="Chưa có đề xuất từ chối"):
        act(received, Action.REFUSE, cast.leader, "")
    with pytest.raises(TransitionError, match="không tồn tại"):
        act(received, "teleport", cast.specialist)
    assert Dossier.objects.values().get(pk=received.pk) == before
    assert received.events.count() == events


def test_province_leader_reads_but_changes_nothing(received, cast):
    for action in (Action.FORWARD, Action.PROPOSE_REFUSAL, Action.STOP, Action.EXTEND):
        with pytest.raises(NotAllowed):
            act(received, action, cast.province_leader, "Chỉ đạo")


def test_send_back_returns_to_the_previous_step(received, cast):
    d = act(received, Action.FORWARD, cast.specialist)
    d = act(d, Action.SEND_BACK, cast.leader, "Thẩm định lại nhân thân")
    assert d.current_step.order == 1 and d.current_step.role == Role.SPECIALIST
    assert d.steps.filter(state=StepState.SENT_BACK).count() == 1


def test_refuse_stop_and_withdraw_close_the_dossier(new_dossier, cast):
    proposed = act(
        services.counter_receive(new_dossier(), actor=cast.reception),
        Action.PROPOSE_REFUSAL,
        cast.specialist,
        "Không thuộc đối tượng",
        legal_basis="Điều 7 Luật Lý lịch tư pháp",
    )
    refused = act(proposed, Action.REFUSE, cast.leader)
    stopped = act(
        services.counter_receive(new_dossier(), actor=cast.reception),
        Action.STOP,
        cast.leader,
        "Người nộp đề nghị dừng",
    )
    withdrawn = act(
        services.counter_receive(new_dossier(), actor=cast.reception),
        Action.WITHDRAW,
        cast.citizen,
        "Tôi không cần phiếu nữa",
    )
    for d, status in (
        (refused, Status.REFUSED),
        (stopped, Status.STOPPED),
        (withdrawn, Status.WITHDRAWN),
    ):
        assert d.status == status and d.closed_at is not None
        assert d.current_step is None
        assert not d.steps.filter(state=StepState.ACTIVE).exists()
    with pytest.raises(NotAllowed):
        act(
            services.counter_receive(new_dossier(), actor=cast.reception),
            Action.WITHDRAW,
            cast.stranger,
            "Không phải hồ sơ của tôi",
        )


def test_linked_step_hands_the_dossier_to_another_agency(new_dossier, procedures, cast, province):
    version = procedures["lltp"]
    for order, (name, agency, role, allotted) in enumerate(
        [
            ("Thẩm định", province["stp"], Role.SPECIALIST, "5"),
            ("Xác minh liên thông", province["sxd"], Role.SPECIALIST, "4"),
            ("Phê duyệt", province["stp"], Role.AGENCY_LEADER, "1"),
        ],
        start=1,
    ):
        ProcessStep.objects.create(
            version=version,
            order=order,
            name=name,
            agency=agency,
            role=role,
            allotted=Decimal(allotted),
        )
    d = services.counter_receive(new_dossier(), actor=cast.reception)
    assert d.plan_length == 3
    d = act(d, Action.FORWARD, cast.specialist)
    assert d.current_step.agency == province["sxd"]
    with pytest.raises(NotAllowed):
        act(d, Action.FORWARD, cast.specialist)  # Sở Tư pháp no longer holds it
    d = act(d, Action.FORWARD, cast.other_specialist, "Đã xác minh")
    d = act(d, Action.APPROVE, cast.leader)
    assert d.status == Status.RESULT_READY
    assert list(d.steps.values_list("agency__code", flat=True).order_by("order")) == [
        "000.00.12.H53",
        "000.00.13.H53",
        "000.00.12.H53",
    ]


def test_same_day_procedure_uses_the_cutoff(new_dossier, procedures, cast, province):
    khaisinh = procedures["khaisinh"]
    build = {"version": khaisinh, "receiving_agency": province["x1"]}
    with time_machine.travel(at(2026, 11, 20, 14, 59), tick=False):
        early = services.counter_receive(new_dossier(**build), actor=cast.commune_reception)
    with time_machine.travel(at(2026, 11, 20, 15, 1), tick=False):
        late = services.counter_receive(new_dossier(**build), actor=cast.commune_reception)
    assert early.due_at == at(2026, 11, 20, 17, 0)
    assert late.due_at == at(2026, 11, 23, 17, 0)
    assert early.competent_agency == province["x1"]


def test_bad_input_is_explained(new_dossier, cast, province):
    bad = new_dossier(
        applicant=services.ApplicantInfo(name="  "),
        delivery_mode="postal",
        competent_agency=province["sxd"],
    )
    with pytest.raises(services.DossierInputError) as caught:
        services.dossier_create(bad, actor=cast.reception)
    assert set(caught.value.errors) == {"applicant_name", "postal_address", "competent_agency"}
    assert not Dossier.objects.exists()
