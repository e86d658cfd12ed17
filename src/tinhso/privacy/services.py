"""Writing personal-data protection records: consents, the access log, data subjects' requests.

Every change is in one transaction and on the audit record; the access log is one insert and
is itself the record (not duplicated in the audit).
"""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from tinhso.audit.services import audit_record
from tinhso.core.client_ip import client_ip
from tinhso.notifications.services import notify
from tinhso.privacy import deadlines
from tinhso.privacy.constants import AccessKind, Purpose, RequestKind, RequestStatus
from tinhso.privacy.models import ConsentRecord, DataSubjectRequest, PersonalDataAccess

NOT_OPEN = "Yêu cầu này đã được trả lời."
ALREADY_EXTENDED = "Yêu cầu này đã được gia hạn một lần; không gia hạn thêm."


def log_access(
    user: Any,
    dossier: Any,
    what: AccessKind | str,
    request: HttpRequest | None,
    *,
    detail: str = "",
    personal: bool = True,
) -> None:
    """A staff member read `dossier` (a page, the API, a file, a form PDF): one insert.

    Luật 91/2025/QH15 and Nghị định 356/2025/NĐ-CP Điều 4.2 (access to personal data limited
    by role and traceable); who, which dossier, how, when, from which address. The callers
    (tinhso.dossiers views and API) call it for staff readers only.
    """
    PersonalDataAccess.objects.create(
        user=user if getattr(user, "pk", None) else None,
        username=user.get_username() if getattr(user, "pk", None) else "",
        dossier_code=str(getattr(dossier, "code", dossier))[:32],
        what=AccessKind(what),
        detail=detail[:255],
        personal_shown=personal,
        ip_address=client_ip(request),
    )


def _purpose(value: str) -> Purpose:
    try:
        return Purpose(value)
    except ValueError:
        raise ValidationError({"purpose": "Mục đích này không có trong thông báo."}) from None


@transaction.atomic
def consents_record(
    *, user: Any, purposes: Iterable[str], version: str, request: HttpRequest | None = None
) -> list[ConsentRecord]:
    """The optional purposes the person ticked (at sign-up or later on their account page).

    Each is a separate consent, with its time and the version of the notice (Luật 91/2025/QH15
    Điều 9; Nghị định 356/2025/NĐ-CP: consent per purpose, provable, never pre-ticked). A
    purpose already consented to is left as it is.
    """
    made = []
    for value in dict.fromkeys(purposes):
        purpose = _purpose(value)
        if ConsentRecord.objects.filter(user=user, purpose=purpose, withdrawn_at=None).exists():
            continue
        record = ConsentRecord.objects.create(user=user, purpose=purpose, version=version)
        audit_record(
            actor=user,
            action="privacy.consent.give",
            target=record,
            summary=f"Đồng ý: {purpose.label} (thông báo phiên bản {version})",
            request=request,
        )
        made.append(record)
    return made


@transaction.atomic
def consent_withdraw(*, user: Any, purpose: str, request: HttpRequest | None = None) -> bool:
    """Withdraw the consent to an optional purpose (Luật 91/2025/QH15 Điều 12): at once, from
    the account page; what was done before stays lawful. False when there was none."""
    live = (
        ConsentRecord.objects.select_for_update()
        .filter(user=user, purpose=_purpose(purpose), withdrawn_at=None)
        .first()
    )
    if live is None:
        return False
    live.withdrawn_at = timezone.now()
    live.save(update_fields=["withdrawn_at"])
    audit_record(
        actor=user,
        action="privacy.consent.withdraw",
        target=live,
        summary=f"Rút lại sự đồng ý: {live.get_purpose_display()}",
        request=request,
    )
    return True


@transaction.atomic
def request_file(
    *, user: Any, kind: str, details: str, request: HttpRequest | None = None
) -> DataSubjectRequest:
    """A data subject files a request from their account; its time limits are set now
    (tinhso.privacy.deadlines)."""
    try:
        kind = RequestKind(kind)
    except ValueError:
        raise ValidationError({"kind": "Chọn loại yêu cầu trong danh sách."}) from None
    details = details.strip()
    if not details:
        raise ValidationError({"details": "Cho biết nội dung yêu cầu."})
    now = timezone.now()
    filed = DataSubjectRequest.objects.create(
        requester=user,
        requester_name=getattr(user, "full_name", "") or user.get_username(),
        kind=kind,
        details=details,
        received_at=now,
        acknowledge_due_on=deadlines.acknowledge_due_on(now),
        due_on=deadlines.complete_due_on(kind, now),
    )
    audit_record(
        actor=user,
        action="privacy.request.file",
        target=filed,
        summary=f"Yêu cầu của chủ thể dữ liệu: {kind.label}",
        request=request,
    )
    return filed


@transaction.atomic
def request_extend(
    filed: DataSubjectRequest,
    *,
    actor: Any,
    days: int,
    reason: str,
    request: HttpRequest | None = None,
) -> DataSubjectRequest:
    """One extension, at most 15 days, with the reason (Nghị định 356/2025/NĐ-CP)."""
    filed = DataSubjectRequest.objects.select_for_update().get(pk=filed.pk)
    if filed.status != RequestStatus.OPEN:
        raise ValidationError(NOT_OPEN)
    if filed.extended_to is not None:
        raise ValidationError(ALREADY_EXTENDED)
    if not reason.strip():
        raise ValidationError({"reason": "Nêu lý do gia hạn."})
    try:
        filed.extended_to = deadlines.extended_due_on(filed.due_on, days)
    except ValueError as exc:
        raise ValidationError({"days": str(exc)}) from None
    filed.extension_reason = reason.strip()
    filed.save(update_fields=["extended_to", "extension_reason"])
    audit_record(
        actor=actor,
        action="privacy.request.extend",
        target=filed,
        summary=f"Gia hạn đến {filed.extended_to:%d/%m/%Y}: {filed.extension_reason}",
        request=request,
    )
    return filed


@transaction.atomic
def request_answer(
    filed: DataSubjectRequest,
    *,
    actor: Any,
    status: str,
    answer: str,
    request: HttpRequest | None = None,
) -> DataSubjectRequest:
    """The data protection officer's answer: carried out, or not (with the reason)."""
    filed = DataSubjectRequest.objects.select_for_update().get(pk=filed.pk)
    if filed.status != RequestStatus.OPEN:
        raise ValidationError(NOT_OPEN)
    if status not in (RequestStatus.DONE, RequestStatus.REFUSED):
        raise ValidationError({"status": "Chọn kết quả: đã thực hiện hoặc không thực hiện."})
    if not answer.strip():
        raise ValidationError({"answer": "Viết nội dung trả lời cho người yêu cầu."})
    filed.status = RequestStatus(status)
    filed.answer = answer.strip()
    filed.answered_at = timezone.now()
    filed.answered_by = actor
    filed.save(update_fields=["status", "answer", "answered_at", "answered_by"])
    audit_record(
        actor=actor,
        action="privacy.request.answer",
        target=filed,
        summary=f"{filed.get_status_display()}: {filed.get_kind_display()}",
        request=request,
    )
    requester = filed.requester
    if requester is not None:
        notify(
            reference=f"privacy.request:{filed.pk}",
            subject="[Tỉnh Số] Trả lời yêu cầu về dữ liệu cá nhân",
            body=(
                f"Yêu cầu {filed.get_kind_display().lower()} gửi ngày "
                f"{timezone.localtime(filed.received_at):%d/%m/%Y}: "
                f"{filed.get_status_display().lower()}. {filed.answer}"
            ),
            email=getattr(requester, "email", ""),
            phone=getattr(requester, "phone", ""),
            user=requester,
        )
    return filed


def access_log_purge(before: Any, dry_run: bool) -> int:
    """Retention rule "access_log" (tinhso.privacy.retention): entries older than `before`."""
    old = PersonalDataAccess.objects.filter(at__lt=before)
    if dry_run:
        return old.count()
    deleted, _ = old.delete()
    return deleted
