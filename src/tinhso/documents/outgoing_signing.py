"""The leader signs, the clerk takes the number and seals (Nghị định 30/2020/NĐ-CP Điều 13.3,
15, 16; Phụ lục I: ô 3 số và ký hiệu, ô 4 ngày tháng, ô 7c chữ ký của người có thẩm quyền — the
blue signature image —, ô 8 chữ ký số của cơ quan — the red seal over the left third of it).

How the number and date get into the sealed PDF (Điều 15.2: the number is given only after the
competent person has signed, yet it must be part of what the organisation's signature covers):
- when the leader signs, the final draft PDF first receives, as one incremental update, two
  empty text form fields in the header — `SoKyHieu` (ô 3, under the agency name, left) and
  `NgayBanHanh` (ô 4, right) — then the leader signs that file (field ChuKyLanhDao);
- at "Cấp số và đóng dấu" the clerk's transaction takes the number (numbering.number_outgoing,
  gap-free under the book's row lock), fills the two fields ("Số: 05/QĐ-STP", "ngày 04 tháng 12
  năm 2026") as an incremental form-filling update — which PAdES allows after a signature, so
  the leader's signature stays "hợp lệ" —, then seals that file (ChuKyCoQuan), whose signature
  covers the whole file including the filled number and date. If the seal fails the
  transaction rolls back and the number is given back (no gap).
Drafts therefore leave the "Số:" and date lines of their header blank.
"""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from pyhanko.pdf_utils import generic, layout
from pyhanko.pdf_utils.font.api import FontEngineFactory
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.stamp import TextStampStyle

from tinhso.audit.services import audit_record
from tinhso.core.files import delete_on_rollback
from tinhso.documents import access, numbering
from tinhso.documents.models import Document, DocumentFile, DocumentState
from tinhso.documents.models.base import FileRole
from tinhso.documents.models.outgoing import OutgoingDetail
from tinhso.documents.outgoing import apply_transition, current_version
from tinhso.documents.outgoing_flow import Action, OutgoingError, check_transition
from tinhso.signatures import appearance as look
from tinhso.signatures import selectors as sig_selectors
from tinhso.signatures import services as sig_services
from tinhso.signatures import validation
from tinhso.signatures.appearance import Appearance
from tinhso.signatures.providers.base import FIELD_PERSON, FIELD_SEAL, SignRequest

NUMBER_FIELD = "SoKyHieu"  # ô 3
DATE_FIELD = "NgayBanHanh"  # ô 4
# Header boxes on A4 (points from the bottom left): ô 3 left, ô 4 right, ~25 mm from the top.
NUMBER_BOX = (56.0, 752.0, 276.0, 770.0)
DATE_BOX = (300.0, 752.0, 560.0, 770.0)


def signing_provider() -> str:
    return str(getattr(settings, "OUTGOING_SIGNING_PROVIDER", settings.RESULT_SIGNING_PROVIDER))


def seal_provider() -> str:
    return str(getattr(settings, "OUTGOING_SEAL_PROVIDER", settings.RESULT_SEAL_PROVIDER))


# --- the PDF ----------------------------------------------------------------------------------
def _write(writer: IncrementalPdfFileWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def with_number_fields(pdf: bytes) -> bytes:
    """The PDF plus the two empty header fields (one incremental update), before signing."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    if _fields(writer):
        return pdf
    page_ref, _res = writer.find_page_for_modification(0)
    refs = []
    for name, box in ((NUMBER_FIELD, NUMBER_BOX), (DATE_FIELD, DATE_BOX)):
        widget = generic.DictionaryObject(
            {
                pdf_name("/Type"): pdf_name("/Annot"),
                pdf_name("/Subtype"): pdf_name("/Widget"),
                pdf_name("/FT"): pdf_name("/Tx"),
                pdf_name("/T"): generic.TextStringObject(name),
                pdf_name("/Rect"): generic.ArrayObject([generic.FloatObject(v) for v in box]),
                pdf_name("/F"): generic.NumberObject(4),
                pdf_name("/Ff"): generic.NumberObject(1),  # read-only for readers' UIs
                pdf_name("/P"): page_ref,
                pdf_name("/V"): generic.TextStringObject(""),
                pdf_name("/DA"): generic.TextStringObject("/Helv 0 Tf 0 g"),
            }
        )
        refs.append(writer.add_object(widget))
    page = page_ref.get_object()
    annots = page.get("/Annots")
    if annots is None:
        page[pdf_name("/Annots")] = generic.ArrayObject(refs)
    else:
        annots.get_object().extend(refs)
    writer.update_container(page)
    root = writer.root
    form = root.get("/AcroForm")
    if form is None:
        root[pdf_name("/AcroForm")] = generic.DictionaryObject(
            {pdf_name("/Fields"): generic.ArrayObject(refs)}
        )
    else:
        form.get_object()["/Fields"].extend(refs)
        writer.update_container(form)
    writer.update_root()
    return _write(writer)


def _fields(handler: Any) -> dict[str, Any]:
    form = handler.root.get("/AcroForm")
    if form is None:
        return {}
    found: dict[str, Any] = {}
    for ref in form.get_object().get("/Fields", []):
        obj = ref.get_object()
        if str(obj.get("/T", "")) in (NUMBER_FIELD, DATE_FIELD):
            found[str(obj["/T"])] = ref
    return found


def date_line(document: Document) -> str:
    """Ô 4: "ngày 04 tháng 12 năm 2026" (Phụ lục I §II.4: days and months below 10 with 0)."""
    d = document.issued_date
    if d is None:
        return ""
    return f"ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"


class _SharedFont(FontEngineFactory):
    """One font engine for every text of one writer: the Vietnamese TTF is parsed and
    subset once (fontTools subsetting is most of the time of filling the header)."""

    def __init__(self, inner: FontEngineFactory) -> None:
        self.inner = inner
        self.engine: Any = None

    def create_font_engine(self, writer: Any, obj_stream: Any = None) -> Any:
        if self.engine is None:
            self.engine = self.inner.create_font_engine(writer, obj_stream)
        return self.engine


def fill_number(pdf: bytes, number_text: str, date_text: str) -> bytes:
    """Fill ô 3 and ô 4 (form filling: the leader's signature stays valid)."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    found = _fields(writer)
    if set(found) != {NUMBER_FIELD, DATE_FIELD}:
        raise OutgoingError("Tệp đã ký không có ô số, ký hiệu và ngày ban hành để điền.")
    box = look._text_box(13)
    box = TextBoxStyle(font=_SharedFont(box.font), font_size=13)  # one font subset for both
    for name, text in ((NUMBER_FIELD, number_text), (DATE_FIELD, date_text)):
        ref = found[name]
        obj = ref.get_object()
        rect = [float(v) for v in obj["/Rect"]]
        style = TextStampStyle(stamp_text=text, border_width=0, text_box_style=box)
        stamp = style.create_stamp(
            writer, layout.BoxConstraints(int(rect[2] - rect[0]), int(rect[3] - rect[1])), {}
        )
        obj[pdf_name("/V")] = generic.TextStringObject(text)
        obj[pdf_name("/AP")] = generic.DictionaryObject({pdf_name("/N"): stamp.register()})
        writer.mark_update(ref)
    return _write(writer)


def field_values(pdf: bytes) -> dict[str, str]:
    """The header fields' values of a PDF (what ô 3 and ô 4 show)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    return {name: str(ref.get_object().get("/V", "")) for name, ref in _fields(reader).items()}


def file_bytes(f: Any) -> bytes:
    with f.file.storage.open(f.file.name, "rb") as raw:
        return bytes(raw.read())


def current_main(document: Document) -> DocumentFile | None:
    return document.files.filter(role=FileRole.MAIN, is_current=True).order_by("-revision").first()


def _store_main(document: Document, data: bytes, name: str, user: Any) -> DocumentFile:
    import hashlib

    previous = current_main(document)
    revision = (previous.revision + 1) if previous else 1
    document.files.filter(role=FileRole.MAIN, is_current=True).update(is_current=False)
    row = DocumentFile(
        document=document,
        role=FileRole.MAIN,
        name=name,
        content_type="application/pdf",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        revision=revision,
        is_current=True,
        created_by=user,
    )
    row.file.save(name, ContentFile(data), save=False)
    delete_on_rollback(row.file.storage, row.file.name or "")
    row.save()
    return row


def _stem(document: Document) -> str:
    return f"van-ban-di-{document.pk}"


# --- the leader's signature -------------------------------------------------------------------
def signature_image(certificate: Any, full_name: str) -> bytes | None:
    """The blue signature image (Phụ lục I, ô 7c): the demo CA's for demo certificates."""
    from tinhso.signatures.democa import demo_ca

    ca = demo_ca()
    if ca is None or not certificate.key_reference:
        return None
    return ca.signature_png(certificate.key_reference, full_name)


def seal_image(certificate: Any, agency_name: str) -> bytes | None:
    from tinhso.signatures.democa import demo_ca

    ca = demo_ca()
    if ca is None or not certificate.key_reference:
        return None
    return ca.seal_png(certificate.key_reference, agency_name)


def sign(user: Any, document: Document) -> tuple[str, str]:
    """Ký số ban hành: the leader signs the final draft (ChuKyLanhDao) with the configured
    provider. Returns ("signed", message) or ("pending", session id) for asynchronous ones."""
    check_transition(user, document, Action.SIGN)
    version = current_version(document)
    assert version is not None  # guarded by the transition
    cert = sig_selectors.usable_certificate(user_id=user.pk)
    if cert is None:
        raise OutgoingError("Bạn chưa có chứng thư số cá nhân còn hiệu lực được đăng ký.")
    pdf = with_number_fields(file_bytes(version))
    name = user.get_full_name() or user.get_username()
    request = SignRequest(
        pdf=pdf,
        field_name=FIELD_PERSON,
        signer_id=user.pk,
        certificate_id=cert.pk,
        reason=f"Ký ban hành: {document.subject[:120]}",
        appearance=Appearance(image=signature_image(cert, name)),
    )
    outcome = sig_services.sign_now(request, signing_provider())
    if outcome.status == "pending":
        OutgoingDetail.objects.filter(document=document).update(
            signing_session=str(outcome.session_id)
        )
        return "pending", str(outcome.session_id)
    if outcome.status != "signed" or outcome.pdf is None:
        raise OutgoingError(outcome.message or "Ký số không thành công.")
    _adopt_signature(document, user, outcome.pdf)
    return "signed", outcome.message


def _adopt_signature(document: Document, user: Any, signed: bytes) -> None:
    with transaction.atomic():
        locked = apply_transition(document, Action.SIGN, user)
        stored = _store_main(locked, signed, f"{_stem(locked)}-da-ky.pdf", user)
        role = access.StaffRole.objects.filter(
            user=user, agency_id=locked.agency_id, is_active=True
        ).first()
        locked.signer_name = (user.get_full_name() or user.get_username())[:50]
        locked.signer_position = (role.position if role else "")[:100]
        locked.save(update_fields=["signer_name", "signer_position", "updated_at"])
        OutgoingDetail.objects.filter(document=locked).update(
            signed_by=user, signed_at=timezone.now(), signing_session=""
        )
        audit_record(
            actor=user,
            action="documents.outgoing_signed_file",
            target=locked,
            summary=f"Tệp đã ký: {stored.name}",
            changes={"file": stored.pk},
        )
    document.refresh_from_db()


def adopt_pending_signature(document: Document) -> bool:
    """An asynchronous signing (local app, phone) that finished since: adopt its signed PDF.
    Called on page load. True when the document became SIGNED."""
    from tinhso.signatures.models import SigningSession

    detail = OutgoingDetail.objects.filter(document=document).first()
    if detail is None or not detail.signing_session or document.state != DocumentState.APPROVED:
        return False
    session = SigningSession.objects.filter(pk=detail.signing_session).first()
    evidence = sig_selectors.evidence_over(session.document_sha256) if session else None
    if evidence is None or not evidence.signed_pdf:
        return False
    _adopt_signature(document, evidence.signer, bytes(evidence.signed_pdf))
    return True


# --- number and seal --------------------------------------------------------------------------
def number_and_seal(user: Any, document: Document) -> Document:
    """Cấp số và đóng dấu: number (after the signature, Điều 15), fill ô 3/ô 4, seal (ô 8) —
    one transaction: a failed seal gives the number back."""
    check_transition(user, document, Action.ISSUE)
    signed_file = current_main(document)
    if signed_file is None:
        raise OutgoingError("Văn bản chưa có tệp đã ký của người có thẩm quyền.")
    cert = sig_selectors.usable_certificate(agency_id=document.agency_id)
    if cert is None:
        raise OutgoingError("Cơ quan chưa có con dấu số (chứng thư số) còn hiệu lực.")
    signed = file_bytes(signed_file)
    with transaction.atomic():
        locked = Document.objects.select_for_update().get(pk=document.pk)
        check_transition(user, locked, Action.ISSUE)
        dept = locked.drafting_department.code if locked.drafting_department else ""
        numbering.number_outgoing(locked, department_code=dept)
        filled = fill_number(signed, f"Số: {locked.number_and_symbol}", date_line(locked))
        request = SignRequest(
            pdf=filled,
            field_name=FIELD_SEAL,
            signer_id=user.pk,
            certificate_id=cert.pk,
            reason=f"Ban hành văn bản số {locked.number_and_symbol}",
            appearance=Appearance(image=seal_image(cert, locked.agency.name)),
        )
        outcome = sig_services.sign_now(request, seal_provider())
        if outcome.status != "signed" or outcome.pdf is None:
            raise OutgoingError(outcome.message or "Đóng dấu số không thành công.")
        stored = _store_main(locked, outcome.pdf, f"{_stem(locked)}-ban-hanh.pdf", user)
        OutgoingDetail.objects.filter(document=locked).update(
            sealed_by=user, sealed_at=timezone.now()
        )
        apply_transition(
            locked,
            Action.ISSUE,
            user,
            changes={
                "number": locked.number_and_symbol,
                "file": stored.pk,
                "evidence": outcome.evidence_code,
            },
        )
        from tinhso.documents.outgoing_dispatch import on_issued

        on_issued(locked, user)
    document.refresh_from_db()
    return document


def signature_verdicts(document: Document) -> dict[str, str]:
    """The current file's signatures, validated now: {field: verdict}."""
    current = current_main(document)
    if current is None:
        return {}
    try:
        report = validation.validate_pdf(file_bytes(current))
    except (validation.BadDocument, OSError):
        return {}
    return {s.field: s.verdict for s in report.signatures}
