"""The electronic result carries the competent person's and the agency's signatures before it is
returned (issue 13 item 5; docs/signatures.md "Kết quả điện tử của hồ sơ").

Legal basis: Nghị định 118/2025/NĐ-CP (kết quả giải quyết thủ tục hành chính điện tử có giá trị
pháp lý như bản giấy); Luật Giao dịch điện tử 20/2023/QH15 Điều 22–23; Nghị định 30/2020/NĐ-CP
Điều 5 and Phụ lục I (the competent person signs first — field ChuKyLanhDao —, then the
organisation — field ChuKyCoQuan, the seal — over it).

Rules chosen:
- the current result is the latest RESULT file; a signed version is a new RESULT file whose bytes
  extend the unsigned one (incremental update), which is kept but superseded;
- a PDF result must bear both signatures, in that order, both "hợp lệ" when returned; delivery
  "electronic" needs such a PDF; a dossier whose result is paper only (no PDF, not delivered
  electronically) is returned as before;
- the leader of the competent agency signs (RESULT_SIGNING_PROVIDER, local app by default); a
  one-stop officer of the dossier who is staff of the competent agency applies that agency's
  seal through the HSM (RESULT_SEAL_PROVIDER, pkcs11).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction

from tinhso.accounts.models import User
from tinhso.audit.services import audit_record
from tinhso.catalogue.constants import DeliveryMode
from tinhso.dossiers.access import Actor, actors_of
from tinhso.dossiers.constants import FileKind, Status
from tinhso.dossiers.intake import NewFile
from tinhso.dossiers.models import Dossier, DossierFile
from tinhso.dossiers.signing import SignerAuthorityError, authority_for
from tinhso.signatures import selectors as sig_selectors
from tinhso.signatures import services as sig_services
from tinhso.signatures import validation
from tinhso.signatures.providers.base import FIELD_PERSON, FIELD_SEAL, SignRequest

GUARD_MESSAGE = (
    "Kết quả điện tử chưa thể trả: tệp kết quả (PDF) phải có chữ ký số của người có thẩm quyền "
    "và sau đó chữ ký số (con dấu) của cơ quan giải quyết, cả hai còn hợp lệ."
)


def _bytes(f: DossierFile) -> bytes:
    with f.file.storage.open(f.file.name, "rb") as raw:
        return bytes(raw.read())


def result_files(dossier: Dossier) -> list[DossierFile]:
    return list(dossier.files.filter(kind=FileKind.RESULT).order_by("uploaded_at", "id"))


def current_result(dossier: Dossier) -> DossierFile | None:
    """The latest RESULT file: after signing, the signed version."""
    found = result_files(dossier)
    return found[-1] if found else None


def superseded_result_ids(dossier: Dossier) -> set[int]:
    """RESULT files a later RESULT file extends (their signed version exists): kept, not given."""
    files = result_files(dossier)
    contents = {f.pk: _bytes_or_empty(f) for f in files}
    out: set[int] = set()
    for i, earlier in enumerate(files):
        early = contents[earlier.pk]
        for later in files[i + 1 :]:
            late = contents[later.pk]
            if early and len(late) > len(early) and late.startswith(early):
                out.add(earlier.pk)
                break
    return out


def _bytes_or_empty(f: DossierFile) -> bytes:
    try:
        return _bytes(f)
    except OSError:
        return b""


def _is_pdf(f: DossierFile) -> bool:
    return f.content_type == "application/pdf" or _bytes_or_empty(f)[:5] == b"%PDF-"


def signatures_required(dossier: Dossier) -> bool:
    """Nghị định 118/2025/NĐ-CP: an electronic result (a PDF result, or any result delivered
    electronically) must be signed; a paper-only result keeps the counter/post flow."""
    if not getattr(settings, "RESULT_SIGNATURES_REQUIRED", True):
        return False
    if dossier.delivery_mode == DeliveryMode.ELECTRONIC:
        return True
    current = current_result(dossier)
    return current is not None and _is_pdf(current)


@dataclass(frozen=True)
class ResultState:
    person: str  # verdict of ChuKyLanhDao ("" = not signed)
    seal: str  # verdict of ChuKyCoQuan
    in_order: bool
    problem: str  # Vietnamese, "" when the result may be returned


# The dossier page shows the verdicts on every load; validating a PDF costs tens of
# milliseconds per signature, so the page reuses the last verdicts for the same bytes (a new
# signed version is a new file, hence a new key). The return guard always validates afresh.
STATE_CACHE_SECONDS = 600


def _state_key(digest: str) -> str:
    return f"dossiers:result_state:{digest}"


def result_state(dossier: Dossier, *, cached: bool = False) -> ResultState:
    """Validate the current result now (signatures.validation, the trust list); with `cached`,
    reuse the verdicts of the same file (sha256) from the last STATE_CACHE_SECONDS."""
    current = current_result(dossier)
    if current is None or not _is_pdf(current):
        return ResultState("", "", False, "Chưa có tệp kết quả điện tử (PDF).")
    try:
        data = _bytes(current)
    except OSError as exc:
        return ResultState("", "", False, str(exc) or "Không đọc được tệp kết quả.")
    key = _state_key(hashlib.sha256(data).hexdigest())
    if cached:
        hit = cache.get(key)
        if isinstance(hit, ResultState):
            return hit
    state = _state_of(data)
    cache.set(key, state, STATE_CACHE_SECONDS)
    return state


def _state_of(data: bytes) -> ResultState:
    try:
        report = validation.validate_pdf(data)
    except validation.BadDocument as exc:
        return ResultState("", "", False, str(exc) or "Không đọc được tệp kết quả.")
    by_field = {s.field: s for s in report.signatures}
    person, seal = by_field.get(FIELD_PERSON), by_field.get(FIELD_SEAL)
    in_order = bool(person and seal and person.signed_revision_bytes < seal.signed_revision_bytes)
    problem = ""
    if person is None:
        problem = "Kết quả chưa có chữ ký số của người có thẩm quyền."
    elif not person.ok:
        problem = f"Chữ ký của người có thẩm quyền: {person.verdict} ({person.reason})."
    elif seal is None:
        problem = "Kết quả chưa được đóng dấu số của cơ quan."
    elif not seal.ok:
        problem = f"Chữ ký số của cơ quan: {seal.verdict} ({seal.reason})."
    elif not in_order:
        problem = "Chữ ký của cơ quan phải được ký sau chữ ký của người có thẩm quyền."
    return ResultState(
        person.verdict if person else "", seal.verdict if seal else "", in_order, problem
    )


def may_return(dossier: Dossier, *, cached: bool = False) -> bool:
    """Guard of RETURN_RESULT (workflow.TRANSITIONS); `cached` for listing it on the page."""
    return not signatures_required(dossier) or not result_state(dossier, cached=cached).problem


class SigningError(Exception):
    """A signing of the result that cannot be done; Vietnamese message."""


def _check_can_sign(dossier: Dossier, user: User, actor: Actor) -> DossierFile:
    if dossier.status != Status.RESULT_READY:
        raise SigningError("Chỉ ký số kết quả khi hồ sơ đang chờ trả kết quả.")
    if actor not in actors_of(user, dossier):
        who = "lãnh đạo cơ quan giải quyết" if actor == Actor.LEADER else "cán bộ một cửa"
        raise SigningError(f"Chỉ {who} của hồ sơ được thực hiện thao tác này.")
    current = current_result(dossier)
    if current is None or not _is_pdf(current):
        raise SigningError("Hồ sơ chưa có tệp kết quả điện tử (PDF) để ký.")
    return current


def provider_name() -> str:
    """The leader's provider (settings.RESULT_SIGNING_PROVIDER): the local app by default."""
    return str(getattr(settings, "RESULT_SIGNING_PROVIDER", "local_app"))


def start_leader_signing(dossier: Dossier, user: User) -> tuple[str, str]:
    """ "Ký số kết quả" (ChuKyLanhDao) by the competent agency's leader with the configured
    provider. Returns (status, session id or message)."""
    current = _check_can_sign(dossier, user, Actor.LEADER)
    cert = sig_selectors.usable_certificate(user_id=user.pk)
    if cert is None:
        raise SigningError("Bạn chưa có chứng thư số cá nhân còn hiệu lực được đăng ký.")
    try:  # a delegation in force prints its line ("KT. GIÁM ĐỐC") in the signature
        delegation = authority_for(dossier.competent_agency, user)
    except SignerAuthorityError as exc:
        raise SigningError(str(exc)) from exc
    request = SignRequest(
        pdf=_bytes(current),
        field_name=FIELD_PERSON,
        signer_id=user.pk,
        certificate_id=cert.pk,
        reason=f"Ký kết quả giải quyết hồ sơ {dossier.code}",
        delegation_id=delegation.pk if delegation else None,
    )
    outcome = sig_services.sign_now(request, provider_name())  # pre-checks, then the provider
    if outcome.status == "pending":
        return "pending", str(outcome.session_id)
    if outcome.status == "signed":
        adopt_signed(dossier, user)
        return "signed", outcome.message
    raise SigningError(outcome.message or "Ký số không thành công.")


def seal_result(dossier: Dossier, user: User) -> str:
    """ "Đóng dấu cơ quan" (ChuKyCoQuan): the competent agency's seal in the HSM, synchronous."""
    current = _check_can_sign(dossier, user, Actor.RECEPTION)
    cert = sig_selectors.usable_certificate(agency_id=dossier.competent_agency_id)
    if cert is None:
        raise SigningError("Cơ quan giải quyết chưa có con dấu số (chứng thư số) còn hiệu lực.")
    request = SignRequest(
        pdf=_bytes(current),
        field_name=FIELD_SEAL,
        signer_id=user.pk,
        certificate_id=cert.pk,
        reason=f"Đóng dấu kết quả giải quyết hồ sơ {dossier.code}",
    )
    outcome = sig_services.sign_now(request, getattr(settings, "RESULT_SEAL_PROVIDER", "pkcs11"))
    if outcome.status != "signed":
        raise SigningError(outcome.message or "Đóng dấu số không thành công.")
    adopt_signed(dossier, user)
    return outcome.message


def adopt_signed(dossier: Dossier, actor: User | None = None) -> DossierFile | None:
    """If a signature was made over the current result (synchronously or by a session that
    finished since), its signed PDF becomes the current result: a new RESULT file, the
    unsigned one kept; one transaction, audited. Called after signing and on page load."""
    current = current_result(dossier)
    if current is None or dossier.status != Status.RESULT_READY:
        return None
    try:
        digest = hashlib.sha256(_bytes(current)).hexdigest()
    except OSError:
        return None
    evidence = sig_selectors.evidence_over(digest)
    if evidence is None:
        return None
    from tinhso.dossiers.services import _store_file  # same context: keep a file the usual way

    with transaction.atomic():
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        latest = current_result(locked)
        if latest is None or latest.pk != current.pk:
            return None  # adopted meanwhile
        stem = PurePath(current.original_name).stem or "ket-qua"
        suffix = "-da-ky" if evidence.field_name == FIELD_PERSON else "-da-dong-dau"
        name = f"{stem.removesuffix('-da-ky')}{suffix}.pdf"
        upload = ContentFile(bytes(evidence.signed_pdf or b""), name=name)
        stored = _store_file(locked, NewFile(upload, None, FileKind.RESULT), None, None)
        stored.uploaded_by = evidence.signer
        stored.save(update_fields=["uploaded_by"])
        audit_record(
            actor=actor or evidence.signer,
            action="dossier.result_signed",
            target=locked,
            summary=f"Kết quả đã được ký số ô {evidence.field_name}: {name}",
            changes={"file": stored.pk, "replaces": current.pk, "evidence": evidence.code},
        )
    return stored


def check_attached_at_return(files: Sequence[NewFile]) -> None:
    """A PDF result handed in with the return itself could not have been signed: refused (it is
    attached at approval, then signed and sealed). Other files (a scan of the paper receipt)
    pass."""
    from tinhso.dossiers.workflow import TransitionError

    if not getattr(settings, "RESULT_SIGNATURES_REQUIRED", True):
        return
    for f in files:
        upload = f.upload
        upload.seek(0)
        head = upload.read(5)
        upload.seek(0)
        if head == b"%PDF-":
            raise TransitionError(
                "Kết quả điện tử (PDF) phải được đính kèm khi phê duyệt, được ký số và đóng dấu "
                "số trước khi trả; không đính kèm tệp PDF mới khi trả kết quả."
            )


def panel(dossier: Dossier, user: User) -> dict[str, object] | None:
    """What the dossier page shows about the electronic result while it waits to be returned:
    the verdicts, and which of the two buttons this user gets."""
    if dossier.status != Status.RESULT_READY:
        return None
    current = current_result(dossier)
    if current is None or not _is_pdf(current):
        if dossier.delivery_mode == DeliveryMode.ELECTRONIC and signatures_required(dossier):
            return {"state": ResultState("", "", False, "Chưa có tệp kết quả điện tử (PDF).")}
        return None
    state = result_state(dossier, cached=True)  # the return guard re-validates (may_return)
    who = actors_of(user, dossier)
    return {
        "file": current,
        "state": state,
        "can_sign": Actor.LEADER in who and not state.person,
        "can_seal": Actor.RECEPTION in who and state.person and not state.seal,
    }
