"""Demo work files of Sở Tư pháp, one or more in every state, made through the real services
(so each has its routing history, audit records and deadlines from the working-day calendar),
and a running delegation. Only when the province has no demo work file yet: loading twice
changes nothing."""

from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from tinhso.accounts.models import User
from tinhso.documents.kinds import Channel, Direction
from tinhso.documents.models import Document, DocumentState
from tinhso.organisation.models import Agency, Department
from tinhso.workfiles import contents, delegations, services
from tinhso.workfiles.models import WorkFile

PEOPLE = ("chuyenvien.stp", "truongphong.stp", "giamdoc.stp", "vanthu.stp")


def _document(
    agency: Agency,
    author: User,
    direction: str,
    subject: str,
    department: Department | None = None,
) -> Document:
    incoming = direction == Direction.INCOMING
    return Document.objects.create(
        direction=direction,
        agency=agency,
        state=DocumentState.REGISTERED if incoming else DocumentState.DRAFT,
        channel=Channel.PAPER if incoming else Channel.DRAFTED,
        doc_type="CV",
        subject=subject,
        organ_name="Bộ Tư pháp" if incoming else agency.name,
        created_by=author,
        drafting_department=None if incoming else department,
        is_demo=True,
    )


class _Story:
    def __init__(self, agency: Agency, department: Department | None, people: list[User]):
        self.agency, self.department = agency, department
        self.specialist, self.head, self.leader, self.clerk = people

    def open(self, title: str, days: int, opened: datetime, **kw: Any) -> WorkFile:
        return services.create_work_file(
            user=kw.pop("user", self.head),
            agency=self.agency,
            title=title,
            deadline_days=days,
            department=self.department,
            in_charge=self.specialist,
            now=opened,
            **kw,
        )

    def move(self, wf: WorkFile, who: User, action: str, at: datetime, **kw: Any) -> WorkFile:
        return services.work_file_act(user=who, work_file=wf, action=action, now=at, **kw)

    def with_draft(self, wf: WorkFile, subject: str) -> None:
        draft = _document(
            self.agency, self.specialist, Direction.OUTGOING, subject, self.department
        )
        contents.link_document(user=self.specialist, work_file=wf, document_id=draft.pk)

    def to_signature(self, wf: WorkFile, at: datetime, subject: str) -> WorkFile:
        wf = self.move(wf, self.specialist, "start", at)
        self.with_draft(wf, subject)
        wf = self.move(wf, self.specialist, "prepare", at + timedelta(hours=2), to_user=self.head)
        return wf


def _stories(s: _Story, now: datetime) -> int:
    hour, day = timedelta(hours=1), timedelta(days=1)
    s.open("Góp ý dự thảo Nghị quyết về lệ phí hộ tịch", 10, now - hour)  # Mới tạo
    incoming = _document(
        s.agency, s.clerk, Direction.INCOMING, "Đề nghị báo cáo công tác kiểm tra văn bản năm 2026"
    )
    late = s.open("Báo cáo công tác kiểm tra văn bản năm 2026", 10, now - 30 * day)
    contents.link_document(user=s.leader, work_file=late, document_id=incoming.pk)
    late = s.move(late, s.specialist, "start", now - 29 * day)  # Đang xử lý, quá hạn
    contents.add_opinion(user=s.leader, work_file=late, text="Đề nghị khẩn trương hoàn thành.")
    contents.set_progress(user=s.specialist, work_file=late, progress=40)
    soon = s.open("Rà soát thủ tục hành chính lĩnh vực hộ tịch", 1, now - hour)
    s.move(soon, s.specialist, "start", now - hour / 2)  # Đang xử lý, sắp đến hạn
    s.to_signature(  # Chờ trình ký
        s.open("Kế hoạch phổ biến pháp luật quý II", 15, now - 5 * day),
        now - 4 * day,
        "Dự thảo Kế hoạch phổ biến, giáo dục pháp luật quý II",
    )
    wf = s.to_signature(
        s.open("Công văn trả lời UBND xã về chứng thực", 5, now - 3 * day),
        now - 3 * day + hour,
        "Dự thảo công văn hướng dẫn chứng thực bản sao",
    )
    s.move(wf, s.specialist, "present", now - 2 * day)  # Đã trình ký
    wf = s.to_signature(
        s.open("Quyết định kiện toàn tổ kiểm tra văn bản", 10, now - 8 * day),
        now - 8 * day + hour,
        "Dự thảo Quyết định kiện toàn tổ kiểm tra",
    )
    wf = s.move(wf, s.specialist, "present", now - 7 * day)
    s.move(wf, s.leader, "return", now - 6 * day, note="Bổ sung căn cứ Nghị định 30/2020/NĐ-CP.")
    done = s.open("Tổng kết công tác tư pháp 6 tháng", 10, now - 20 * day)
    done = s.move(done, s.specialist, "start", now - 20 * day + hour)
    sub = s.open(
        "Tổng hợp số liệu hộ tịch", 3, now - 20 * day + 2 * hour, parent=done, user=s.specialist
    )
    sub = s.move(sub, s.specialist, "start", now - 19 * day)
    s.move(sub, s.specialist, "complete", now - 18 * day)
    s.move(done, s.specialist, "complete", now - 15 * day)  # Hoàn thành (trước hạn)
    paused = s.open("Thẩm định quy chế phối hợp quản lý con dấu", 10, now - 6 * day)
    paused = s.move(paused, s.specialist, "start", now - 6 * day + hour)
    s.move(paused, s.leader, "pause", now - 2 * day, note="Chờ ý kiến của Công an tỉnh.")
    delegations.create_delegation(
        user=s.head,
        to_user=s.specialist,
        agency=s.agency,
        start_date=timezone.localdate(),
        end_date=timezone.localdate() + timedelta(days=7),
        scope_note="Đi công tác: xử lý các hồ sơ công việc của phòng.",
    )
    return WorkFile.objects.filter(agency=s.agency).update(is_demo=True)


def load_workfiles_demo(now: datetime | None = None) -> int:
    """Demo work files for Sở Tư pháp (every state); returns how many were made (0 when the
    demo accounts are missing or the demo files exist already)."""
    if WorkFile.objects.filter(is_demo=True).exists():
        return 0
    people = [User.objects.filter(username=u).first() for u in PEOPLE]
    agency = Agency.objects.filter(name__icontains="Tư pháp").order_by("name").first()
    if agency is None or any(p is None for p in people):
        return 0
    department = Department.objects.filter(agency=agency, code__endswith="HCTP").first()
    with transaction.atomic():
        return _stories(_Story(agency, department, people), now or timezone.now())  # type: ignore[arg-type]
