"""The work-file transition table: every move, every refusal, pause/resume and undo."""

from datetime import datetime, timedelta

import pytest

from tinhso.audit.models import AuditEvent
from tinhso.documents.kinds import Direction
from tinhso.workcalendar import calendar
from tinhso.workfiles import contents, services
from tinhso.workfiles.models import RoutingStep, WorkFile, WorkFileState
from tinhso.workfiles.services import StaleWorkFile, WorkFileError
from tinhso.workfiles.workflow import TRANSITIONS, NotAllowed, TransitionError, allowed_actions

from .conftest import MONDAY, VN, document, open_file

pytestmark = pytest.mark.django_db
S = WorkFileState


def act(wf, user, action, **kw):
    return services.work_file_act(user=user, work_file=wf, action=action, **kw)


def with_draft(office, wf):
    contents.link_document(
        user=office.specialist,
        work_file=wf,
        document_id=document(office, Direction.OUTGOING, created_by=office.specialist).pk,
    )


def test_opening_numbers_per_agency_and_year_and_sets_the_working_day_deadline(office, wf):
    second = open_file(office, title="Việc thứ hai")
    other = open_file(
        office,
        user=office.other_leader,
        agency=office.sxd,
        department=None,
        in_charge=None,
    )
    assert (wf.code, second.code) == ("HSCV-STP-2026-001", "HSCV-STP-2026-002")
    assert other.code == "HSCV-SXD-2026-001"
    assert wf.due_at == calendar.due_at(MONDAY, working_days=10)
    assert (wf.state, wf.holder, wf.in_charge) == (S.NEW, office.specialist, office.specialist)
    assert AuditEvent.objects.filter(action="workfile.open", object_id=str(wf.pk)).exists()


def test_the_happy_path_to_done_records_who_holds_it_and_the_on_time_class(office, wf):
    hour = timedelta(hours=1)
    wf = act(wf, office.specialist, "start", now=MONDAY + hour)
    assert wf.state == S.IN_PROGRESS
    with_draft(office, wf)
    wf = act(wf, office.specialist, "prepare", now=MONDAY + 2 * hour)
    assert (wf.state, wf.holder) == (S.AWAITING_SIGNATURE, office.head)
    wf = act(wf, office.head, "present", now=MONDAY + 3 * hour)
    assert (wf.state, wf.holder) == (S.SUBMITTED, office.leader)
    done_at = MONDAY + timedelta(days=1)
    wf = act(wf, office.leader, "complete", now=done_at)
    assert (wf.state, wf.holder, wf.progress) == (S.DONE, None, 100)
    assert wf.closed_at == done_at and wf.timeliness == "early"
    steps = list(wf.steps.values_list("action", "from_user__username", "to_user__username"))
    assert steps[1:] == [
        ("start", "chuyenvien.stp", "chuyenvien.stp"),
        ("prepare", "chuyenvien.stp", "truongphong.stp"),
        ("present", "truongphong.stp", "giamdoc.stp"),
        ("complete", "giamdoc.stp", None),
    ]
    assert (
        AuditEvent.objects.filter(action__startswith="workfile.", object_id=str(wf.pk)).count() >= 6
    )


def test_late_completion_is_classed_late(office, wf):
    wf = act(wf, office.specialist, "start")
    wf = act(wf, office.specialist, "complete", now=wf.due_at + timedelta(hours=1))
    assert wf.timeliness == "late"


@pytest.mark.parametrize(
    ("who", "action"),
    [("leader", "start"), ("head", "start"), ("office_specialist", "start"), ("clerk", "start")],
)
def test_only_the_person_in_charge_starts(office, wf, who, action):
    with pytest.raises(NotAllowed, match="Chỉ người chủ trì hồ sơ"):
        act(wf, getattr(office, who), action)
    assert WorkFile.objects.get(pk=wf.pk).state == S.NEW


def test_prepare_needs_a_draft_and_present_only_by_head_or_in_charge(office, wf):
    wf = act(wf, office.specialist, "start")
    with pytest.raises(TransitionError, match="chưa có dự thảo"):
        act(wf, office.specialist, "prepare")
    with_draft(office, wf)
    with pytest.raises(NotAllowed):
        act(wf, office.head, "prepare")  # the person in charge prepares
    wf = act(wf, office.specialist, "prepare")
    with pytest.raises(NotAllowed):
        act(wf, office.leader, "present")
    with pytest.raises(WorkFileError, match="phải là lãnh đạo cơ quan"):
        act(wf, office.head, "present", to_user=office.specialist)
    assert WorkFile.objects.get(pk=wf.pk).state == S.AWAITING_SIGNATURE


def test_return_needs_a_reason_goes_back_to_the_person_in_charge_then_rework(office, wf):
    wf = act(wf, office.specialist, "start")
    with_draft(office, wf)
    wf = act(wf, office.specialist, "prepare")
    with pytest.raises(WorkFileError, match="Cần ghi lý do"):
        act(wf, office.head, "return")
    with pytest.raises(NotAllowed):
        act(wf, office.specialist, "return", note="Tự trả")
    wf = act(wf, office.head, "return", note="Sửa căn cứ pháp lý")
    assert (wf.state, wf.holder) == (S.RETURNED, office.specialist)
    assert wf.steps.last().note == "Sửa căn cứ pháp lý"
    wf = act(wf, office.specialist, "rework")
    wf = act(wf, office.specialist, "prepare")
    wf = act(wf, office.head, "present")
    wf = act(wf, office.leader, "return", note="Bổ sung số liệu")
    assert (wf.state, wf.holder) == (S.RETURNED, office.specialist)


def test_forward_changes_the_person_in_charge_and_needs_someone_of_the_agency(office, wf):
    with pytest.raises(WorkFileError, match="chọn người nhận"):
        act(wf, office.specialist, "forward")
    with pytest.raises(WorkFileError, match="phải là cán bộ của"):
        act(wf, office.specialist, "forward", to_user=office.other_clerk)
    wf = act(wf, office.head, "forward", to_user=office.office_specialist, note="Giao lại")
    assert (wf.in_charge, wf.holder, wf.state) == (
        office.office_specialist,
        office.office_specialist,
        S.IN_PROGRESS,
    )


def test_complete_refused_while_a_subtask_is_open(office, wf):
    wf = act(wf, office.specialist, "start")
    sub = services.create_work_file(
        user=office.specialist,
        agency=office.stp,
        title="Lấy ý kiến Văn phòng",
        deadline_days=3,
        in_charge=office.office_specialist,
        parent=wf,
        now=MONDAY,
    )
    with pytest.raises(TransitionError, match="nhiệm vụ con chưa hoàn thành"):
        act(wf, office.specialist, "complete")
    sub = act(sub, office.office_specialist, "start")
    act(sub, office.office_specialist, "complete")
    assert act(wf, office.specialist, "complete").state == S.DONE


def test_subtask_deadline_may_not_pass_the_parents(office, wf):
    with pytest.raises(WorkFileError, match="vượt hạn của hồ sơ cha"):
        services.create_work_file(
            user=office.specialist,
            agency=office.stp,
            title="Quá hạn cha",
            deadline_days=30,
            parent=wf,
            now=MONDAY,
        )
    assert WorkFile.objects.count() == 1


def test_states_that_do_not_allow_an_action_are_refused_in_vietnamese(office, wf):
    with pytest.raises(TransitionError, match="Không thể 'Trình ký' khi hồ sơ công việc đang ở"):
        act(wf, office.head, "present")
    with pytest.raises(TransitionError, match="không tồn tại"):
        act(wf, office.specialist, "xoa")
    with pytest.raises(TransitionError, match="không tồn tại"):
        act(wf, office.specialist, "open")
    wf = act(wf, office.specialist, "start")
    wf = act(wf, office.specialist, "complete")
    with pytest.raises(TransitionError, match="Không thể 'Tạm dừng'"):
        act(wf, office.specialist, "pause", note="x")


def test_a_stale_version_is_refused(office, wf):
    act(wf, office.specialist, "start")
    with pytest.raises(StaleWorkFile):
        act(wf, office.specialist, "pause", note="Chờ", expected_version=1)
    assert WorkFile.objects.get(pk=wf.pk).state == S.IN_PROGRESS


def test_allowed_actions_follow_the_table(office, wf):
    names = lambda user: [t.action.value for t in allowed_actions(wf, user)]  # noqa: E731
    assert names(office.specialist) == ["start", "forward"]
    assert names(office.head) == ["forward"]
    assert names(office.clerk) == []
    assert names(office.province_leader) == []
    wf = act(wf, office.specialist, "start")
    assert names(office.leader) == ["forward", "complete", "pause"]
    assert {t.action for t in TRANSITIONS} >= {"start", "prepare", "present", "return", "resume"}


# --- pause and resume ---------------------------------------------------------------------------


def test_pause_stops_the_clock_and_resume_moves_the_deadline_by_the_working_time(office, wf):
    wf = act(wf, office.specialist, "start", now=MONDAY)
    with pytest.raises(WorkFileError, match="Cần ghi lý do"):
        act(wf, office.specialist, "pause")
    due = wf.due_at
    paused = datetime(2026, 3, 3, 9, 0, tzinfo=VN)  # Tuesday 09:00
    resumed = datetime(2026, 3, 5, 9, 0, tzinfo=VN)  # Thursday 09:00: two office days
    wf = act(wf, office.head, "pause", note="Chờ ý kiến Bộ Tư pháp", now=paused)
    assert (wf.state, wf.paused_at) == (S.PAUSED, paused)
    wf = act(wf, office.specialist, "resume", now=resumed)
    assert wf.paused_at is None and wf.state == S.IN_PROGRESS
    assert wf.due_at == calendar.resume_due_at(due, paused, resumed)
    assert calendar.working_time_between(due, wf.due_at) == calendar.working_time_between(
        paused, resumed
    )
    assert wf.due_at > due


def test_a_pause_over_the_weekend_outside_office_hours_moves_nothing(office, wf):
    wf = act(wf, office.specialist, "start")
    due = wf.due_at
    wf = act(wf, office.specialist, "pause", note="Nghỉ", now=datetime(2026, 3, 6, 18, tzinfo=VN))
    wf = act(wf, office.specialist, "resume", now=datetime(2026, 3, 9, 7, tzinfo=VN))
    assert wf.due_at == due


# --- undo ----------------------------------------------------------------------------------------


def test_undo_by_the_same_person_while_the_receiver_has_not_acted(office, wf):
    wf = act(wf, office.specialist, "forward", to_user=office.office_specialist)
    assert services.user_may_undo(office.specialist, wf)
    wf = services.undo_last_step(user=office.specialist, work_file=wf)
    assert (wf.state, wf.in_charge, wf.holder) == (S.NEW, office.specialist, office.specialist)
    step = RoutingStep.objects.get(work_file=wf, action="forward")
    assert step.undone_at is not None
    assert AuditEvent.objects.filter(action="workfile.undo", object_id=str(wf.pk)).exists()


def test_undo_refused_once_the_receiver_acted(office, wf):
    wf = act(wf, office.specialist, "forward", to_user=office.office_specialist)
    contents.add_opinion(user=office.office_specialist, work_file=wf, text="Đã nhận")
    assert not services.user_may_undo(office.specialist, wf)
    with pytest.raises(TransitionError, match="người nhận đã xử lý hồ sơ lúc"):
        services.undo_last_step(user=office.specialist, work_file=wf)
    assert WorkFile.objects.get(pk=wf.pk).in_charge == office.office_specialist


def test_undo_refused_to_someone_else_and_when_nothing_moved(office, wf):
    with pytest.raises(TransitionError, match="chưa có bước chuyển"):
        services.undo_last_step(user=office.specialist, work_file=wf)
    wf = act(wf, office.specialist, "start")
    with pytest.raises(NotAllowed, match="Chỉ người đã thực hiện bước"):
        services.undo_last_step(user=office.head, work_file=wf)
    assert WorkFile.objects.get(pk=wf.pk).state == S.IN_PROGRESS


def test_undo_of_a_pause_and_of_a_completion_restores_the_fields(office, wf):
    wf = act(wf, office.specialist, "start")
    wf = act(wf, office.specialist, "pause", note="Chờ")
    wf = services.undo_last_step(user=office.specialist, work_file=wf)
    assert (wf.state, wf.paused_at) == (S.IN_PROGRESS, None)
    wf = act(wf, office.specialist, "complete")
    wf = services.undo_last_step(user=office.specialist, work_file=wf)
    assert (wf.state, wf.closed_at, wf.timeliness, wf.progress) == (S.IN_PROGRESS, None, "", 0)
    assert wf.holder == office.specialist


def test_the_previous_step_cannot_be_undone_after_a_later_one(office, wf):
    wf = act(wf, office.specialist, "forward", to_user=office.office_specialist)
    wf = act(wf, office.office_specialist, "pause", note="Chờ hồ sơ gốc")
    with pytest.raises(NotAllowed):
        services.undo_last_step(user=office.specialist, work_file=wf)
    assert RoutingStep.objects.get(work_file=wf, action="forward").acted_at is not None
