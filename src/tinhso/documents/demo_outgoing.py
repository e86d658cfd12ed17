"""A year of outgoing documents of the demo province's Sở Tư pháp, in every state.

Made with the real building blocks (numbering.number_outgoing in date order, so the book runs
from 01 without gaps; the dispatch's internal copy for recent ones) but not through signing:
bulk demo rows carry the unsigned rendering as their issued file (the demo PKI signs the
documents people sign on screen). Idempotent: nothing happens if the agency already has demo
outgoing documents.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, time, timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from tinhso.accounts.models import User
from tinhso.documents import numbering, search
from tinhso.documents.kinds import Channel, Direction
from tinhso.documents.models import Document, DocumentFile, DocumentState
from tinhso.documents.models.base import FileRole
from tinhso.documents.models.outgoing import (
    Approval,
    ApprovalDecision,
    ApprovalKind,
    DraftComment,
    DraftVersion,
    OutgoingDetail,
    OutgoingRecipient,
    OutgoingRelation,
    PostalDispatch,
    RecipientEvent,
    RecipientKind,
    RecipientStatus,
)
from tinhso.organisation.models import Agency, Department
from tinhso.printing.render import html_to_pdf

S = DocumentState
SUBJECTS = [
    ("CV", "V/v góp ý dự thảo Quyết định quy định chi tiết thi hành Luật Hộ tịch"),
    ("KH", "Kế hoạch phổ biến, giáo dục pháp luật năm {year}"),
    ("BC", "Báo cáo kết quả công tác tư pháp tháng {month}"),
    ("CV", "V/v rà soát văn bản quy phạm pháp luật lĩnh vực xây dựng"),
    ("TB", "Thông báo kết luận cuộc họp giao ban tháng {month}"),
    ("QD", "Quyết định thành lập Tổ kiểm tra văn bản quy phạm pháp luật"),
    ("GM", "Giấy mời dự hội nghị tập huấn nghiệp vụ hộ tịch"),
    ("CV", "V/v cung cấp thông tin lý lịch tư pháp"),
    ("TTR", "Tờ trình đề nghị ban hành Quy chế phối hợp"),
    ("BC", "Báo cáo tình hình thi hành pháp luật về xử lý vi phạm hành chính"),
]
# The last documents of the year, still on their way (every outgoing state).
TAIL = [S.DRAFT, S.DRAFT, S.IN_REVIEW, S.IN_REVIEW, S.APPROVED, S.SIGNED, S.ISSUED]


def _pdf(agency: Agency) -> bytes:
    html = (
        "<html><body style='font-family: Tinos, serif; font-size: 13pt'>"
        f"<p><b>{agency.name.upper()}</b></p><p style='margin-top:2cm'>Số:</p>"
        "<h2 style='text-align:center'>CÔNG VĂN</h2>"
        "<p>Văn bản minh họa của hệ thống Tỉnh Số (dữ liệu thử nghiệm).</p></body></html>"
    )
    return html_to_pdf(html)


def _file(row: Any, name: str, data: bytes) -> None:
    row.file.save(name, ContentFile(data), save=False)
    row.save()


def _make(
    agency: Agency,
    dept: Department | None,
    people: dict[str, User],
    state: str,
    moment: datetime,
    n: int,
    pdf: bytes,
    sxd: Agency | None,
) -> Document:
    doc_type, subject = SUBJECTS[n % len(SUBJECTS)]
    subject = subject.format(year=moment.year, month=f"{moment.month:02d}/{moment.year}")
    leader = people["giamdoc.stp"]
    doc = Document.objects.create(
        direction=Direction.OUTGOING,
        agency=agency,
        state=state,
        channel=Channel.DRAFTED,
        doc_type=doc_type,
        subject=subject,
        organ_name=agency.name,
        issuer_agency=agency,
        drafting_department=dept,
        created_by=people["chuyenvien.stp"],
        is_demo=True,
    )
    search.update_documents(
        Document.objects.filter(pk=doc.pk), created_at=moment - timedelta(days=2)
    )
    OutgoingDetail.objects.create(document=doc, archive_copy="Lưu: VT, XDVB")
    sha = hashlib.sha256(pdf).hexdigest()
    version = DraftVersion(
        document=doc,
        number=1,
        name="du-thao.pdf",
        content_type="application/pdf",
        size=len(pdf),
        sha256=sha,
        note="Dự thảo lần đầu",
        author=people["chuyenvien.stp"],
    )
    _file(version, "du-thao.pdf", pdf)
    if n % 3 == 0:
        DraftComment.objects.create(
            document=doc,
            version=version,
            author=people["truongphong.stp"],
            text="Đề nghị bổ sung căn cứ pháp lý.",
        )
    if state == S.DRAFT:
        return doc
    order: list[str] = [S.IN_REVIEW, S.APPROVED, S.SIGNED, S.ISSUED, S.SENT, S.RECALLED, S.REPLACED]
    if order.index(state) >= 1:
        for kind, who in (
            (ApprovalKind.CONTENT, "truongphong.stp"),
            (ApprovalKind.FORMAT, "vanthu.stp"),
        ):
            Approval.objects.create(
                document=doc,
                version=version,
                kind=kind,
                decision=ApprovalDecision.APPROVED,
                by=people[who],
                at=moment - timedelta(days=1),
            )
    if order.index(state) >= 2:
        doc.signer_name, doc.signer_position = leader.get_full_name()[:50], "Giám đốc"
        doc.save(update_fields=["signer_name", "signer_position"])
        OutgoingDetail.objects.filter(document=doc).update(signed_by=leader, signed_at=moment)
    if order.index(state) >= 3:
        numbering.number_outgoing(doc, department_code="XDVB", moment=moment)
        main = DocumentFile(
            document=doc,
            role=FileRole.MAIN,
            name=f"van-ban-di-{doc.pk}.pdf",
            content_type="application/pdf",
            size=len(pdf),
            sha256=sha,
            created_by=people["vanthu.stp"],
        )
        _file(main, main.name, pdf)
        OutgoingDetail.objects.filter(document=doc).update(
            sealed_by=people["vanthu.stp"], sealed_at=moment
        )
    if order.index(state) >= 4:
        _recipients(doc, people["vanthu.stp"], moment, sxd)
    return doc


def _recipients(doc: Document, clerk: User, moment: datetime, sxd: Agency | None) -> None:
    from tinhso.documents.outgoing_dispatch import _copy_internal

    recent = timezone.now() - moment < timedelta(days=10)
    paper = OutgoingRecipient.objects.create(
        document=doc,
        kind=RecipientKind.PAPER,
        name="UBND xã Tân Ninh",
        address="Số 1 đường 30/4, Tây Ninh",
        status=RecipientStatus.SENT,
        sent_at=moment,
    )
    PostalDispatch.objects.create(
        recipient=paper,
        agency=doc.agency,
        handed_on=timezone.localdate(moment),
        number_and_symbol=doc.number_and_symbol,
        destination=f"{paper.name}, {paper.address}",
    )
    external = OutgoingRecipient.objects.create(
        document=doc,
        kind=RecipientKind.EXTERNAL,
        name="Bộ Tư pháp",
        organ_id="000.00.00.G05",
        status=RecipientStatus.EXCHANGE_WAITING if recent else RecipientStatus.SENT,
        sent_at=None if recent else moment,
    )
    rows = [paper, external]
    if recent and sxd is not None:
        internal = OutgoingRecipient.objects.create(
            document=doc,
            kind=RecipientKind.INTERNAL,
            agency=sxd,
            name=sxd.name,
            status=RecipientStatus.SENT,
            sent_at=moment,
        )
        internal.internal_copy = _copy_internal(doc, internal, clerk)
        internal.save(update_fields=["internal_copy"])
        rows.append(internal)
    for r in rows:
        RecipientEvent.objects.create(recipient=r, status=r.status, by=clerk, at=moment)


def load_outgoing_demo(agency_code: str = "000.00.02.H53", *, per_month: int = 8) -> int:
    """A year (1 January to today) of outgoing documents of the agency; returns how many."""
    agency = Agency.objects.filter(code=agency_code).first()
    names = ("chuyenvien.stp", "truongphong.stp", "giamdoc.stp", "vanthu.stp")
    people = {u.username: u for u in User.objects.filter(username__in=names)}
    if agency is None or len(people) < len(names):
        return 0
    if Document.objects.filter(agency=agency, direction=Direction.OUTGOING, is_demo=True).exists():
        return 0
    dept = Department.objects.filter(agency=agency, code__endswith="XDVB").first()
    sxd = Agency.objects.filter(code="000.00.04.H53").first()
    pdf = _pdf(agency)
    today = timezone.localdate()
    start = today.replace(month=1, day=1)
    days = max((today - start).days, 1)
    total = max(per_month * today.month, len(TAIL) + 3)
    made: list[Document] = []
    with transaction.atomic():
        for n in range(total):
            day = start + timedelta(days=days * n // total)
            moment = timezone.make_aware(datetime.combine(day, time(8 + n % 8, 15)))
            state = TAIL[n - (total - len(TAIL))] if n >= total - len(TAIL) else S.SENT
            made.append(_make(agency, dept, people, state, moment, n, pdf, sxd))
        _history(made, people)
    return len(made)


def _history(made: list[Document], people: dict[str, User]) -> None:
    """One recalled document, one replaced by a later one (Điều 18.3)."""
    sent = [d for d in made if d.state == S.SENT]
    if len(sent) < 4:
        return
    recalled, old, new = sent[1], sent[2], sent[3]
    search.update_documents(Document.objects.filter(pk=recalled.pk), state=S.RECALLED)
    OutgoingDetail.objects.filter(document=recalled).update(
        recalled_at=timezone.now(),
        recalled_by=people["giamdoc.stp"],
        recall_reason="Gửi nhầm nơi nhận",
    )
    recalled.recipients.update(status=RecipientStatus.RECALLED)
    search.update_documents(Document.objects.filter(pk=old.pk), state=S.REPLACED)
    OutgoingDetail.objects.filter(document=new).update(
        related=old, relation=OutgoingRelation.REPLACES, relation_reason="Sai số liệu tại mục 2"
    )
