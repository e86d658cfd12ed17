"""The steps of one letter between two Tỉnh Số instances (manage.py exchange_drive).

Each step is what a person does on screen, through the same services the pages call:
- at the sender: the letter is drafted, approved, signed by the leader, numbered and sealed
  (the agency's seal on the SoftHSM2 token) and sent (`outgoing_dispatch.send`: the
  exchange's reaction queues it), later recalled (`outgoing_dispatch.recall`);
- at the receiver: the clerk registers the pending copy (`incoming.register`), the leader
  assigns it, the specialist reports progress and completes it, the clerk agrees to a recall
  (`exchange.services.answer_recall`).
The statuses (01, 03, 04, 05, 06, 15, 02) travel by themselves (exchange reactions and the
`exchange_run` loop). A letter is named by its edXML DocumentId at both ends.

The leader's personal signature is made with the demo CA's key of the leader (what the local
signing app does once the leader confirms on their own computer); the signature goes through
the real `outgoing_signing.sign`, with a provider that exists only in this process.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from tinhso.documents.kinds import AssignmentRole, Channel
from tinhso.documents.models import Document
from tinhso.documents.models.outgoing import ApprovalKind, RecipientKind
from tinhso.organisation.models import Agency
from tinhso.organisation.roles import Role


class DriveError(ValueError):
    pass


def only_agency() -> Agency:
    """The instance's own agency: the one whose staff hold roles here."""
    from tinhso.accounts.models import StaffRole

    ids = set(
        StaffRole.objects.filter(is_active=True, role=Role.CLERK).values_list(
            "agency_id", flat=True
        )
    )
    agencies = list(Agency.objects.filter(pk__in=ids).order_by("code"))
    if not agencies:
        raise DriveError("Chưa có cơ quan nào có văn thư: chạy manage.py exchange_peer trước.")
    return agencies[0]


def person(agency: Agency, role: str, department: bool = False) -> Any:
    from tinhso.accounts.models import StaffRole

    rows = StaffRole.objects.filter(agency=agency, role=role, is_active=True)
    if department:
        rows = rows.filter(department__isnull=False)
    row = rows.select_related("user").order_by("pk").first()
    if row is None:
        raise DriveError(f"{agency.name} chưa có người giữ vai trò {role}.")
    return row.user


# --- the sender ----------------------------------------------------------------------------


class DemoCaKeyProvider:
    """Signs with the demo CA's key of the certificate (the leader's, never a seal's)."""

    name = "demo_ca_key"
    label = "Khóa minh họa của lãnh đạo (ứng dụng ký trên máy tính, mô phỏng)"

    def start(self, request: Any) -> Any:
        from tinhso.signatures import signing
        from tinhso.signatures.democa import demo_ca
        from tinhso.signatures.models import SigningCertificate
        from tinhso.signatures.providers.base import SignOutcome

        ca = demo_ca()
        cert = SigningCertificate.objects.get(pk=request.certificate_id)
        if ca is None or cert.kind != "person":
            return SignOutcome(status="refused", message="Không có khóa minh họa cho chứng thư.")
        pdf, _ = signing.sign_with(request, ca.simple_signer(cert.key_reference), ltv=False)
        return SignOutcome(status="signed", pdf=pdf)


@contextmanager
def _leader_signs_with_demo_key() -> Iterator[None]:
    from django.test import override_settings

    from tinhso.signatures import providers

    name = DemoCaKeyProvider.name
    providers.PROVIDERS[name] = f"{__name__}.DemoCaKeyProvider"
    try:
        with override_settings(
            SIGNING_PROVIDERS=[*settings.SIGNING_PROVIDERS, name],
            OUTGOING_SIGNING_PROVIDER=name,
        ):
            yield
    finally:
        providers.PROVIDERS.pop(name, None)


def _letter_pdf(agency: Agency, subject: str) -> bytes:
    from tinhso.printing.render import html_to_pdf

    html = (
        "<html><body style='font-family: Tinos, serif; font-size: 13pt'>"
        f"<p><b>{agency.name.upper()}</b></p><p style='margin-top:2cm'></p>"
        f"<h2 style='text-align:center'>CÔNG VĂN</h2><p>{subject}</p>"
        "<p>Văn bản minh họa liên thông giữa hai hệ thống Tỉnh Số (dữ liệu thử nghiệm).</p>"
        "</body></html>"
    )
    return html_to_pdf(html)


def issue_letter(
    to_organ: str, to_name: str, subject: str, *, tamper: bool = False
) -> dict[str, Any]:
    """Draft → approve → sign → number and seal → send to `to_organ` over the exchange.

    `tamper` (for the test of a forged package): the letter is sent inside one transaction
    with its edXML built, signed and then one byte of it changed, so the loop only ever sees
    the corrupted package."""
    from tinhso.documents import exchange_events, outgoing_dispatch

    draft = _sealed_letter(to_organ, to_name, subject)
    clerk = person(draft.agency, Role.CLERK)
    if tamper:
        with override_send_after_commit(), transaction.atomic():
            outgoing_dispatch.send(clerk, draft)
            _corrupt_outbox(draft)
    else:
        outgoing_dispatch.send(clerk, draft)
    draft.refresh_from_db()
    return {
        "document": exchange_events.exchange_document_id(draft),
        "number": draft.number_and_symbol,
        "state": draft.state,
        "tampered": tamper,
    }


def issue_batch(to_organ: str, to_name: str, subject: str, count: int) -> dict[str, Any]:
    """For the bench: `count` letters signed and sealed first, then sent one after another;
    returns when the sending began (epoch seconds) and the letters' DocumentIds."""
    import time

    from tinhso.documents import exchange_events, outgoing_dispatch

    if not 1 <= count <= 1000:
        raise DriveError("Số văn bản từ 1 đến 1.000.")
    letters = [_sealed_letter(to_organ, to_name, f"{subject} (số {n + 1})") for n in range(count)]
    clerk = person(letters[0].agency, Role.CLERK)
    started = time.time()
    for letter in letters:
        outgoing_dispatch.send(clerk, letter)
    return {
        "started": started,
        "sent_in": round(time.time() - started, 3),
        "documents": [exchange_events.exchange_document_id(d) for d in letters],
    }


def _sealed_letter(to_organ: str, to_name: str, subject: str) -> Document:
    from tinhso.documents import outgoing, outgoing_signing

    agency = only_agency()
    specialist = person(agency, Role.SPECIALIST, department=True)
    head, clerk = person(agency, Role.HEAD_OF_DEPARTMENT), person(agency, Role.CLERK)
    leader = person(agency, Role.AGENCY_LEADER)
    upload = SimpleUploadedFile(
        "du-thao.pdf", _letter_pdf(agency, subject), content_type="application/pdf"
    )
    draft = outgoing.draft_create(
        specialist, outgoing.DraftData(doc_type="CV", subject=subject), upload, note="Bản đầu"
    )
    outgoing.recipient_add(
        specialist, draft, RecipientKind.EXTERNAL, name=to_name, organ_id=to_organ
    )
    outgoing.submit(specialist, draft)
    outgoing.approve(head, draft, ApprovalKind.CONTENT, "Nội dung được")
    outgoing.approve(clerk, draft, ApprovalKind.FORMAT, "Thể thức đúng")
    with _leader_signs_with_demo_key():
        status, message = outgoing_signing.sign(leader, draft)
    if status != "signed":
        raise DriveError(f"Lãnh đạo chưa ký được: {message}")
    outgoing_signing.number_and_seal(clerk, draft)
    return draft


@contextmanager
def override_send_after_commit() -> Iterator[None]:
    from django.test import override_settings

    with override_settings(EXCHANGE_SEND_AFTER_COMMIT=False):
        yield


def _corrupt_outbox(document: Document) -> None:
    from tinhso.exchange.models import Direction, ExchangeMessage
    from tinhso.exchange.outbox import _body

    message = ExchangeMessage.objects.get(
        direction=Direction.OUT, document=document, message_type="edoc"
    )
    body = _body(message)  # built and signed now, kept for every attempt
    at = body.index(document.subject.encode()[:40])  # one byte of the signed subject
    tampered = body[:at] + (b"W" if body[at : at + 1] != b"W" else b"V") + body[at + 1 :]
    message.body.save(message.body.name.rsplit("/", 1)[-1], ContentFile(tampered), save=False)
    message.body_sha256 = hashlib.sha256(tampered).hexdigest()
    message.save(update_fields=["body", "body_sha256"])


def _outgoing(document_id: str) -> Document:
    from tinhso.documents import exchange_events
    from tinhso.documents.kinds import Direction

    agency = only_agency()
    for doc in Document.objects.filter(agency=agency, direction=Direction.OUTGOING).order_by("-pk"):
        if doc.number_and_symbol and exchange_events.exchange_document_id(doc) == document_id:
            return doc
    raise DriveError(f"Không có văn bản đi {document_id} tại {agency.name}.")


def recall_letter(document_id: str, reason: str) -> dict[str, Any]:
    from tinhso.documents import outgoing_dispatch

    doc = _outgoing(document_id)
    outgoing_dispatch.recall(person(doc.agency, Role.AGENCY_LEADER), doc, reason)
    return show_letter(document_id)


def show_letter(document_id: str) -> dict[str, Any]:
    """The sender's view: each recipient's status and the history of its events."""
    doc = _outgoing(document_id)
    recipients = []
    for r in doc.recipients.order_by("pk"):
        events = [
            {"at": timezone.localtime(e.at).strftime("%d/%m/%Y %H:%M:%S"), "status": e.status,
             "note": e.note}
            for e in r.events.order_by("at", "pk")
        ]  # fmt: skip
        codes = [e["note"][:2] for e in events if e["note"][:2].isdigit()]
        recipients.append(
            {"organ_id": r.organ_id, "name": r.name, "status": r.status,
             "status_label": r.get_status_display(), "codes": codes, "events": events}
        )  # fmt: skip
    from tinhso.exchange.models import Direction, ExchangeMessage

    outbox = ExchangeMessage.objects.filter(direction=Direction.OUT, document=doc).exclude(
        message_type="status"
    )
    sent = [
        {"type": m.message_type, "state": m.state, "attempts": m.attempts,
         "error": m.last_error[:200]}
        for m in outbox.order_by("pk")
    ]  # fmt: skip
    return {"document": document_id, "state": doc.state, "recipients": recipients, "outbox": sent}


def resend_letter(document_id: str) -> dict[str, Any]:
    """A sender that lost its receipts: the sent package goes again under the same message
    id, and once more under a new id (the receiver must register it once)."""
    from tinhso.exchange import outbox
    from tinhso.exchange.models import Direction, ExchangeMessage, State

    doc = _outgoing(document_id)
    sent = ExchangeMessage.objects.filter(
        direction=Direction.OUT, document=doc, message_type="edoc", state=State.SENT
    ).first()
    if sent is None:
        raise DriveError("Văn bản chưa được gửi lên trục.")
    with transaction.atomic():
        ExchangeMessage.objects.filter(pk=sent.pk).update(
            state=State.QUEUED, next_attempt_at=timezone.now()
        )
        copy = ExchangeMessage.objects.create(
            direction=Direction.OUT,
            message_type=sent.message_type,
            state=State.QUEUED,
            from_organ_id=sent.from_organ_id,
            to_organ_id=sent.to_organ_id,
            edxml_document_id=sent.edxml_document_id,
            body=sent.body.name,
            body_sha256=sent.body_sha256,
            body_size=sent.body_size,
            next_attempt_at=timezone.now(),
        )
    result = outbox.send_due(only=[sent.pk, copy.pk])
    return {"same_id": str(sent.message_id), "new_id": str(copy.message_id),
            "sent": result.sent, "retrying": result.retrying, "failed": result.failed}  # fmt: skip


# --- the receiver --------------------------------------------------------------------------


def _copy(document_id: str) -> Document:
    agency = only_agency()
    doc = Document.objects.filter(
        agency=agency, channel=Channel.EXCHANGE, exchange_id=document_id
    ).first()
    if doc is None:
        raise DriveError(f"{agency.name} chưa nhận văn bản {document_id}.")
    return doc


def register_copy(document_id: str) -> dict[str, Any]:
    from tinhso.documents import incoming

    copy = _copy(document_id)
    incoming.register(actor=person(copy.agency, Role.CLERK), pending=copy)
    return show_copy(document_id)


def assign_copy(document_id: str) -> dict[str, Any]:
    from tinhso.documents import incoming_handling

    copy = _copy(document_id)
    incoming_handling.assign(
        copy,
        actor=person(copy.agency, Role.AGENCY_LEADER),
        lines=[incoming_handling.SlipLine(
            role=AssignmentRole.LEAD, assignee=person(copy.agency, Role.SPECIALIST, True))],
    )  # fmt: skip
    return show_copy(document_id)


def progress_copy(document_id: str, percent: int = 50) -> dict[str, Any]:
    from tinhso.documents import incoming_handling

    copy = _copy(document_id)
    actor = person(copy.agency, Role.SPECIALIST, True)
    incoming_handling.report_progress(copy, actor=actor, percent=percent)
    return show_copy(document_id)


def complete_copy(document_id: str) -> dict[str, Any]:
    from tinhso.documents import incoming_handling

    copy = _copy(document_id)
    incoming_handling.complete(copy, actor=person(copy.agency, Role.SPECIALIST, True))
    return show_copy(document_id)


def agree_recall(document_id: str) -> dict[str, Any]:
    from tinhso.exchange import services

    copy = _copy(document_id)
    clerk = person(copy.agency, Role.CLERK)
    request = services.recall_requests(clerk).filter(document=copy).first()
    if request is None:
        raise DriveError("Chưa có yêu cầu thu hồi văn bản này.")
    services.answer_recall(clerk, request, agree=True)
    return show_copy(document_id)


def show_copy(document_id: str) -> dict[str, Any]:
    """The receiver's view: its copies of the letter and the packages that came for it."""
    from tinhso.exchange.models import Direction, ExchangeMessage

    agency = only_agency()
    copies = Document.objects.filter(agency=agency, channel=Channel.EXCHANGE,
                                     exchange_id=document_id)  # fmt: skip
    messages = ExchangeMessage.objects.filter(
        direction=Direction.IN, edxml_document_id=document_id
    ).order_by("pk")
    return {
        "document": document_id,
        "copies": [{"pk": c.pk, "state": c.state} for c in copies.order_by("pk")],
        "incoming": [
            {
                "type": m.message_type,
                "state": m.state,
                "code": m.status_code,
                "error": m.last_error[:200],
            }
            for m in messages
        ],
        "refused": list(
            ExchangeMessage.objects.filter(direction=Direction.IN, state="refused")
            .order_by("pk")
            .values("message_type", "edxml_document_id", "last_error")
        ),
    }


# --- waiting for the other side (the demo script and the test poll in one process) ---------


def wait_for(check: Any, timeout: float) -> tuple[dict[str, Any], float]:
    import time

    from django.db import close_old_connections

    start = time.monotonic()
    while True:
        close_old_connections()
        result, done = check()
        elapsed = round(time.monotonic() - start, 2)
        if done or elapsed >= timeout:
            return {**result, "waited": elapsed, "timed_out": not done}, elapsed
        time.sleep(0.2)


def wait_status(document_id: str, code: str, timeout: float = 30) -> dict[str, Any]:
    """The sender waits until the first recipient's history holds status `code`."""

    def check() -> tuple[dict[str, Any], bool]:
        shown = show_letter(document_id)
        return shown, any(code in r["codes"] for r in shown["recipients"])

    return wait_for(check, timeout)[0]


def wait_arrival(document_id: str, timeout: float = 30) -> dict[str, Any]:
    """The receiver waits until a package about the letter came in (a copy, or a refusal)."""

    def check() -> tuple[dict[str, Any], bool]:
        shown = show_copy(document_id)
        return shown, bool(shown["copies"] or shown["incoming"])

    return wait_for(check, timeout)[0]
