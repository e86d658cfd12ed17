"""The world of the permission matrix: one dossier of citizen A received by agency A (Sở Tư
pháp), with a file, a national-portal link and a supplement draft; citizen A's online draft
with a file and a paper in the data store; and one account per persona.

Personas: anonymous, citizen A (the applicant), citizen B (a stranger), agency A's one-stop
officer and specialist (the current step), an officer of agency B (Sở Xây dựng), agency A's
leader, agency A's clerk (văn thư: its document books, issue 14), the province leader and the
system administrator (a superuser with Django's admin).
"""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.utils import timezone

from tinhso.accounts.services import role_grant, staff_create
from tinhso.dossiers.constants import FileKind
from tinhso.dossiers.models import DossierFile
from tinhso.dossiers.tests.conftest import (  # noqa: F401  (fixtures used by name)
    PASSWORD,
    cast,
    new_dossier,
    procedures,
    received,
)
from tinhso.organisation.roles import Role

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

PERSONAS = (
    "anonymous",
    "citizen_a",
    "citizen_b",
    "reception_a",
    "specialist_a",
    "officer_b",
    "leader_a",
    "clerk_a",
    "province_leader",
    "system_admin",
)


@dataclass
class World:
    users: dict[str, Any]  # persona → User (None for anonymous)
    params: dict[str, str]  # object key → the value that fills a route parameter
    dossier: Any


@pytest.fixture
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def _fresh_limits() -> Iterator[None]:
    """Rate limits count in the cache: every persona starts with none used."""
    cache.clear()
    yield
    cache.clear()


def _file(model: Any, name: str, **fields: Any) -> Any:
    row = model(original_name=name, content_type="application/pdf", size=len(PDF), **fields)
    row.file.save(name, ContentFile(PDF), save=False)
    row.save()
    return row


def _incoming_documents(agency: Any, specialist: Any, leader: Any) -> dict[str, str]:
    """Issue 14: an incoming document of agency A assigned to its specialist (with a file and
    its book), and one still waiting for agency A's clerk (clerk_a)."""
    from tinhso.documents.kinds import Channel, Direction
    from tinhso.documents.models import Assignment, Document, DocumentFile, DocumentState
    from tinhso.documents.numbering import book_for

    book = book_for(agency, Direction.INCOMING, year=timezone.localdate().year)
    common = {
        "direction": Direction.INCOMING,
        "agency": agency,
        "doc_type": "CV",
        "organ_name": "Sở Xây dựng",
        "subject": "Về việc phối hợp",
        "arrival_at": timezone.now(),
    }
    doc = Document.objects.create(
        state=DocumentState.ASSIGNED,
        channel=Channel.PAPER,
        book=book,
        book_number=1,
        registered_at=timezone.now(),
        **common,
    )
    waiting = Document.objects.create(
        state=DocumentState.PENDING, channel=Channel.INTERNAL, **common
    )
    stored = DocumentFile(
        document=doc, role="scan", name="scan.pdf", content_type="application/pdf", sha256="0"
    )
    stored.file.save("scan.pdf", ContentFile(PDF))
    line = Assignment.objects.create(
        document=doc,
        role="lead",
        assignee=specialist,
        assigned_by=leader,
        assigned_at=timezone.now(),
    )
    return {
        "incoming_doc": str(doc.pk),
        "incoming_pending": str(waiting.pk),
        "incoming_file": str(stored.pk),
        "incoming_assignment": str(line.pk),
        "incoming_book": str(book.pk),
        "register_kind": "so-dang-ky",
        "register_fmt": "pdf",
    }


def _remote_signing_session(user: Any) -> Any:
    """A phone signing session of leader_a's (issue 13): only its signer sees its page."""
    from datetime import timedelta

    from tinhso.signatures.models import CertificateKind, SigningCertificate, SigningSession

    cert = SigningCertificate.objects.create(
        kind=CertificateKind.PERSON,
        user=user,
        subject="CN=Lãnh đạo",
        issuer="CN=Demo",
        serial="01",
        not_before=timezone.now() - timedelta(days=1),
        not_after=timezone.now() + timedelta(days=1),
        der=b"0",
        sha256="1" * 64,
    )
    return SigningSession.objects.create(
        provider="remote",
        field_name="ChuKyLanhDao",
        document_sha256="2" * 64,
        document=PDF,
        certificate=cert,
        user=user,
        expires_at=timezone.now() + timedelta(minutes=5),
    )


def _work_file(officers: Any, province: dict[str, Any]) -> tuple[Any, Any]:
    """Issue 14: a work file of agency A in specialist A's charge, and a delegation of theirs
    that starts next month (so it gives nobody anything now)."""
    from datetime import timedelta

    from tinhso.workfiles.delegations import create_delegation
    from tinhso.workfiles.services import create_work_file

    work_file = create_work_file(
        user=officers.leader,
        agency=province["stp"],
        title="Hồ sơ công việc của cơ quan A",
        deadline_days=10,
        in_charge=officers.specialist,
    )
    start = timezone.localdate() + timedelta(days=30)
    delegation = create_delegation(
        user=officers.specialist,
        to_user=officers.leader,
        agency=province["stp"],
        start_date=start,
        end_date=start + timedelta(days=5),
    )
    return work_file, delegation


def _archive_world(agency: Any, keeper: Any) -> dict[str, str]:
    """Issue 14 (archive part): a document of agency A with a PDF, and a file of agency A's
    Danh mục hồ sơ; the agency's leader keeps them, province-wide readers read them."""
    from tinhso.archive.services import file_create, plan_create
    from tinhso.documents.models import Document, DocumentFile

    document = Document.objects.create(
        direction="in",
        agency=agency,
        state="registered",
        channel="paper",
        doc_type="QD",
        subject="Quyết định kiểm tra",
        organ_name="UBND tỉnh",
    )
    stored = DocumentFile(
        document=document,
        role="main",
        name="qd.pdf",
        content_type="application/pdf",
        size=len(PDF),
        sha256="0" * 64,
    )
    stored.file.save("qd.pdf", ContentFile(PDF), save=False)
    stored.save()
    plan = plan_create(actor=keeper, agency=agency, year=2026, title="Danh mục hồ sơ 2026")
    record = file_create(
        actor=keeper, plan=plan, notation="01.VP", title="Hồ sơ", person=keeper, permanent=True
    )
    return {
        "document_a": str(document.pk),
        "document_file_a": str(stored.pk),
        "archive_plan_a": str(plan.pk),
        "archive_file_a": str(record.pk),
    }


def _outgoing_draft(author: Any) -> Any:
    """An outgoing draft of agency A by specialist_a, with one paper recipient (issue 14)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tinhso.documents import outgoing
    from tinhso.documents.models.outgoing import RecipientKind

    draft = outgoing.draft_create(
        author,
        outgoing.DraftData(doc_type="CV", subject="V/v thử quyền"),
        SimpleUploadedFile("du-thao.pdf", PDF),
    )
    outgoing.recipient_add(author, draft, RecipientKind.PAPER, name="Ông A", address="Số 1")
    return draft


def _exchange_message(agency: Any) -> str:
    """A message of agency A that the axis refused (issue 15): what the operator page lists."""
    from tinhso.exchange.models import Direction, ExchangeMessage, State

    message = ExchangeMessage.objects.create(
        direction=Direction.OUT,
        message_type="edoc",
        state=State.FAILED,
        from_organ_id=agency.code,
        to_organ_id="000.99.99.H99",
        edxml_document_id=f"{agency.code},2026/12/01,05/STP-VP",
        last_error="Không có cơ quan nào trên trục với mã định danh: 000.99.99.H99.",
    )
    return str(message.pk)


@pytest.fixture
def world(
    cast: Any,  # noqa: F811
    received: Any,  # noqa: F811
    procedures: Any,  # noqa: F811
    province: dict[str, Any],
    _media: None,
    _fresh_limits: None,
) -> World:
    from tinhso.documentstore.constants import PaperKind
    from tinhso.documentstore.models import StoredPaper
    from tinhso.mydossiers.models import SupplementDraft
    from tinhso.nationalportal.models import PortalDossier
    from tinhso.privacy.services import request_file
    from tinhso.submission.models import Draft, DraftFile

    admin = staff_create(
        username="quantri.tinh",
        full_name="Quản Trị Hệ Thống",
        password=PASSWORD,
        is_staff=True,
        is_superuser=True,
    )
    role_grant(user=admin, agency=province["ubnd"], role=Role.SYSTEM_ADMIN)
    clerk = staff_create(username="vanthu.a", full_name="Văn Thư Cơ Quan A", password=PASSWORD)
    role_grant(user=clerk, agency=province["stp"], role=Role.CLERK)  # issue 14: the books
    dossier = received
    component = dossier.components.first()
    dossier_file = _file(
        DossierFile, "to-khai.pdf", dossier=dossier, component=component, kind=FileKind.SCAN
    )
    PortalDossier.objects.create(
        external_id="G22.99.1-261203-0001",
        dossier=dossier,
        procedure_code=dossier.procedure_version.code,
        receiving_agency_code=dossier.receiving_agency.code,
        submitted_at=timezone.now(),
        body_sha256="0" * 64,
    )
    supplement = _file(
        SupplementDraft, "bo-sung.pdf", dossier=dossier, owner=cast.citizen, component=component
    )
    version = procedures["lltp"]
    draft = Draft.objects.create(
        applicant=cast.citizen, version=version, receiving_agency=province["stp"]
    )
    spec = version.components.first()
    spec.template_file.save("to-khai-mau.pdf", ContentFile(PDF))  # the public blank form
    draft_file = _file(DraftFile, "nhap.pdf", draft=draft, component=spec)
    paper = _file(
        StoredPaper, "giay-to.pdf", owner=cast.citizen, title="CCCD", kind=PaperKind.UPLOAD
    )
    data_request = request_file(user=cast.citizen, kind="access", details="Cho tôi xem dữ liệu.")
    remote_session = _remote_signing_session(cast.leader)
    work_file, delegation = _work_file(cast, province)
    outgoing_draft = _outgoing_draft(cast.specialist)  # issue 14 (part 2)
    users = {
        "anonymous": None,
        "citizen_a": cast.citizen,
        "citizen_b": cast.stranger,
        "reception_a": cast.reception,
        "specialist_a": cast.specialist,
        "officer_b": cast.other_specialist,
        "leader_a": cast.leader,
        "clerk_a": clerk,
        "province_leader": cast.province_leader,
        "system_admin": admin,
    }
    params = {
        "dossier_a": dossier.code,
        "file_a": str(dossier_file.pk),
        "supplement_draft_a": str(supplement.pk),
        "procedure": version.code,
        "procedure_version": "1",
        "agency_a": province["stp"].code,
        "agency_a_pk": str(province["stp"].pk),
        "draft_a": str(draft.pk),
        "draft_file_a": str(draft_file.pk),
        "component_a": str(spec.pk),
        "paper_a": str(paper.pk),
        "form": "01",
        "action": "forward",
        "queue": "tat-ca",
        "token": "khong-hop-le",
        "uidb64": "MQ",
        "reset_token": "set-password",
        "data_request": str(data_request.pk),
        "remote_session": remote_session.pk,
        "workfile_a": str(work_file.pk),
        "workfile_action": "start",
        "delegation_a": str(delegation.pk),
        **_incoming_documents(province["stp"], cast.specialist, cast.leader),
        **_archive_world(province["stp"], cast.leader),
        "outgoing_a": str(outgoing_draft.pk),
        "outgoing_version_a": str(outgoing_draft.drafts.get().pk),
        "outgoing_recipient_a": str(outgoing_draft.recipients.get().pk),
        "outgoing_action": "submit",
        "exchange_msg": _exchange_message(province["stp"]),
        "payment_provider": "vnpay",
        "no_such_receipt": "999999",
    }
    return World(users=users, params=params, dossier=dossier)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Print the permission matrix's size and result (for the closing note)."""
    from tests.security import test_permission_matrix as matrix

    if matrix.RESULTS:
        terminalreporter.write_line(matrix.summary())
