"""Issue 12 item 17 (d): data subjects' requests with their legal time limits — an answer
within 02 working days (working calendar), carried out within the kind's period in days,
extended once by at most 15 days (Nghị định 356/2025/NĐ-CP; tinhso.privacy.deadlines)."""

from datetime import date, datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from tinhso.audit.models import AuditEvent
from tinhso.notifications.models import Notification
from tinhso.privacy import deadlines, services
from tinhso.privacy.constants import RequestKind, RequestStatus
from tinhso.privacy.models import DataSubjectRequest

from .conftest import VN, signed_in

pytestmark = pytest.mark.django_db


def test_the_answer_is_due_in_two_working_days_the_work_in_calendar_days():
    # Friday 04/12/2026 10:00: Monday 07 and Tuesday 08 are the two working days.
    friday = datetime(2026, 12, 4, 10, 0, tzinfo=VN)
    assert deadlines.acknowledge_due_on(friday) == date(2026, 12, 8)
    assert deadlines.complete_due_on(RequestKind.DELETION, friday) == date(2026, 12, 24)
    assert deadlines.complete_due_on(RequestKind.ACCESS, friday) == date(2026, 12, 14)
    # Thursday 31/12/2026 after office close: counts from Monday 04/01/2027 (01/01 is Tết
    # Dương lịch), so the answer is due Wednesday 06/01/2027.
    evening = datetime(2026, 12, 31, 18, 0, tzinfo=VN)
    assert deadlines.acknowledge_due_on(evening) == date(2027, 1, 6)


def test_a_citizen_files_a_request_and_the_officer_answers_it(cast, dpo):
    citizen = signed_in(cast.citizen)
    with time_machine.travel(datetime(2026, 12, 4, 10, 0, tzinfo=VN), tick=False):
        response = citizen.post(
            reverse("privacy:request_new"),
            {"kind": "correction", "details": "Sửa ngày sinh: 15/01/1990."},
        )
    assert response.status_code == 302
    filed = DataSubjectRequest.objects.get()
    assert filed.requester == cast.citizen and filed.status == RequestStatus.OPEN
    assert filed.acknowledge_due_on == date(2026, 12, 8)
    assert filed.due_on == date(2026, 12, 14)
    mine = citizen.get(reverse("privacy:mine")).content.decode()
    assert "Chỉnh sửa dữ liệu cá nhân" in mine and "14/12/2026" in mine

    officer = signed_in(dpo)
    listing = officer.get(reverse("privacy:requests")).content.decode()
    assert "Nguyễn Thị Ánh" in listing and "08/12/2026" in listing
    answered = officer.post(
        reverse("privacy:request", args=[filed.pk]),
        {"status": "done", "answer": "Đã sửa ngày sinh theo CCCD."},
    )
    assert answered.status_code == 302
    filed.refresh_from_db()
    assert filed.status == RequestStatus.DONE and filed.answered_by == dpo
    assert AuditEvent.objects.filter(action="privacy.request.answer").exists()
    assert Notification.objects.filter(reference=f"privacy.request:{filed.pk}").exists()
    assert "Đã sửa ngày sinh theo CCCD." in citizen.get(reverse("privacy:mine")).content.decode()
    # answered once: a second answer is refused with a message, not a 500
    again = officer.post(
        reverse("privacy:request", args=[filed.pk]), {"status": "refused", "answer": "Không"}
    )
    assert again.status_code == 400 and "đã được trả lời" in again.content.decode()


def test_a_leader_cannot_open_or_answer_a_request(cast):
    filed = services.request_file(user=cast.citizen, kind="deletion", details="Xóa số điện thoại")
    leader = signed_in(cast.leader)
    url = reverse("privacy:request", args=[filed.pk])
    assert leader.get(url).status_code == 403
    assert leader.post(url, {"status": "done", "answer": "x"}).status_code == 403
    filed.refresh_from_db()
    assert filed.status == RequestStatus.OPEN


def test_the_time_limit_is_extended_once_by_at_most_fifteen_days(cast, dpo):
    with time_machine.travel(datetime(2026, 12, 4, 10, 0, tzinfo=VN), tick=False):
        filed = services.request_file(user=cast.citizen, kind="deletion", details="Xóa dữ liệu")
    officer = signed_in(dpo)
    url = reverse("privacy:request", args=[filed.pk])
    too_long = officer.post(url, {"extend": "1", "days": "20", "reason": "Nhiều hệ thống"})
    assert too_long.status_code == 400 and "tối đa" in too_long.content.decode()
    assert (
        officer.post(url, {"extend": "1", "days": "10", "reason": "Nhiều hệ thống"}).status_code
        == 302
    )
    filed.refresh_from_db()
    assert filed.extended_to == date(2027, 1, 3) and filed.final_due_on == date(2027, 1, 3)
    with pytest.raises(ValidationError):
        services.request_extend(filed, actor=dpo, days=5, reason="Lần nữa")


def test_a_request_without_content_gets_a_message(cast):
    response = signed_in(cast.citizen).post(
        reverse("privacy:request_new"), {"kind": "access", "details": "  "}
    )
    assert response.status_code == 400
    assert "Cho biết nội dung yêu cầu." in response.content.decode()
    assert not DataSubjectRequest.objects.exists()
