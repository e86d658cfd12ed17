"""A year of incoming documents for the demo province (issue 14 item 10): Sở Tư pháp's clerk
registers what arrives (scans, e-mails, documents from other agencies in the system), the
director writes the handling slip, the specialist reports progress and closes; every state
is present (chờ vào sổ, đã vào sổ, đã phân công, đang xử lý, đã xong, đã từ chối).

Everything goes through the services (tinhso.documents.incoming, incoming_handling), with
moments in the past, so numbers, deadlines in working days and the history are real.
Idempotent: nothing is done when the agency already has demo incoming documents.
"""

from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from tinhso.accounts.models import User
from tinhso.documents import incoming, incoming_handling, search
from tinhso.documents.incoming_handling import SlipLine
from tinhso.documents.kinds import AssignmentRole, Channel, Direction, Urgency
from tinhso.documents.models import Document, DocumentState
from tinhso.organisation.models import Agency, Department
from tinhso.workcalendar import calendar

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SENDERS = (
    ("UBND tỉnh Tây Ninh", "UBND-VP", "CV"),
    ("Văn phòng UBND tỉnh", "VP-KSTT", "TB"),
    ("Bộ Tư pháp", "BTP-VP", "CV"),
    ("Sở Xây dựng", "SXD-QLN", "CV"),
    ("Sở Nội vụ", "SNV-TCBC", "KH"),
    ("UBND xã Hòa Thành", "UBND", "BC"),
    ("Sở Tài chính", "STC-NS", "GM"),
)
SUBJECTS = (
    "Về việc góp ý dự thảo nghị quyết của HĐND tỉnh",
    "Về việc báo cáo kết quả công tác kiểm tra văn bản quy phạm pháp luật",
    "Về việc triển khai Luật Ban hành văn bản quy phạm pháp luật",
    "Về việc mời dự họp giao ban công tác cải cách hành chính",
    "Về việc rà soát thủ tục hành chính lĩnh vực hộ tịch",
    "Về việc phối hợp tổ chức tuyên truyền phổ biến pháp luật",
    "Về việc cung cấp thông tin lý lịch tư pháp",
    "Về việc thẩm định dự thảo quyết định quy định chi tiết",
)


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _working_moments(start: date, end: date, count: int) -> list[datetime]:
    days: list[date] = []
    d = calendar.working_day_on_or_after(start)
    while d <= end:
        days.append(d)
        d = calendar.next_working_day(d)
    step = max(len(days) / count, 1e-9)
    tz = timezone.get_current_timezone()
    picked = [days[min(int(i * step), len(days) - 1)] for i in range(count)]
    return [
        datetime.combine(day, time(8 + i % 8, (i * 7) % 60), tzinfo=tz)
        for i, day in enumerate(picked)
    ]


def _story(
    i: int, arrival: datetime, agency: Agency, people: dict[str, Any], dept: Any, share: float
) -> Document:
    organ, notation, kind = SENDERS[i % len(SENDERS)]
    urgent = i % 11 == 0
    data = incoming.IncomingData(
        doc_type=kind,
        subject=SUBJECTS[i % len(SUBJECTS)],
        organ_name=organ,
        code_number=str(100 + i),
        code_notation=notation,
        issued_date=calendar.working_day_on_or_after(arrival.date() - timedelta(days=3)),
        urgency=Urgency.URGENT if urgent else Urgency.NORMAL,
        arrival_at=arrival,
    )
    registered = arrival + timedelta(minutes=20 if urgent else 90)
    doc = incoming.register(
        actor=people["clerk"],
        agency=agency,
        data=data,
        channel=Channel.EMAIL if i % 3 == 0 else Channel.PAPER,
        files=[ContentFile(PDF, name=f"van-ban-den-{i}.pdf")],
        moment=registered,
    )
    if share > 0.97:
        return doc  # still waiting for the director
    lines = [
        SlipLine(AssignmentRole.LEAD, assignee=people["specialist"], working_days=5),
        SlipLine(AssignmentRole.COORDINATE, assignee=people["head"], working_days=4),
    ]
    if dept is not None:
        lines.append(SlipLine(AssignmentRole.INFORM, department=dept))
    incoming_handling.assign(
        doc,
        actor=people["leader"],
        lines=lines,
        due_date=calendar.add_working_days(registered.date(), 7),
        moment=registered + timedelta(hours=2),
    )
    if share > 0.94:
        return doc
    later = registered + timedelta(days=1)
    incoming_handling.mark_read(doc, user=people["specialist"], moment=later)
    incoming_handling.report_progress(
        doc,
        actor=people["specialist"],
        percent=50,
        note="Đang dự thảo văn bản trả lời",
        moment=later,
    )
    if share > 0.9:
        return doc
    incoming_handling.complete(
        doc,
        actor=people["specialist"],
        reply_notation=f"{i + 1:02d}/STP-VP" if i % 2 else "",
        moment=later + timedelta(days=2),
    )
    return doc


def load_incoming_demo(
    *, agency_code: str = "000.00.02.H53", count: int = 120, today: date | None = None
) -> int:
    """Create `count` incoming documents over the last twelve months for Sở Tư pháp (demo
    users vanthu.stp, giamdoc.stp, truongphong.stp, chuyenvien.stp), plus three waiting to
    be registered and one refused. Returns how many documents were created."""
    agency = Agency.objects.filter(code=agency_code).first()
    people = {
        "clerk": _user("vanthu.stp"),
        "leader": _user("giamdoc.stp"),
        "head": _user("truongphong.stp"),
        "specialist": _user("chuyenvien.stp"),
    }
    if agency is None or any(p is None for p in people.values()):
        return 0
    if Document.objects.filter(agency=agency, direction=Direction.INCOMING, is_demo=True).exists():
        return 0
    today = today or timezone.localdate()
    dept = Department.objects.filter(agency=agency).order_by("code").first()
    moments = _working_moments(today - timedelta(days=365), today - timedelta(days=1), count)
    created: list[int] = []
    with transaction.atomic():
        for i, arrival in enumerate(moments):
            created.append(_story(i, arrival, agency, people, dept, i / count).pk)
        for j, channel in enumerate(
            (Channel.INTERNAL, Channel.EXCHANGE, Channel.INTERNAL, Channel.INTERNAL)
        ):
            organ, notation, kind = SENDERS[j]
            row = Document.objects.create(
                direction=Direction.INCOMING,
                agency=agency,
                state=DocumentState.PENDING,
                channel=channel,
                doc_type=kind,
                subject=SUBJECTS[(j + 3) % len(SUBJECTS)],
                organ_name=organ,
                code_number=str(900 + j),
                code_notation=notation,
                issued_date=today,
                arrival_at=timezone.now() - timedelta(hours=j + 1),
                exchange_id=f"000.00.00.H53,{today:%Y/%m/%d},{900 + j}/{notation}"
                if channel == Channel.EXCHANGE
                else "",
            )
            created.append(row.pk)
            if j == 3:
                incoming.refuse(row, actor=people["clerk"], reason="Gửi nhầm cơ quan nhận")
        search.update_documents(Document.objects.filter(pk__in=created), is_demo=True)
    return len(created)
