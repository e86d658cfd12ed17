"""Ủy quyền xử lý hồ sơ công việc: an officer lets a colleague of the same agency see and act
on their work files for a period (leave, business trip). While the delegation runs (start date
to end date, Asia/Ho_Chi_Minh, and not revoked) the delegate acts "thay mặt" the delegator and
every move records both names; outside the dates it gives nothing (workfiles/access.py).

Basis: Nghị định 30/2020/NĐ-CP Điều 13 khoản 1 (ký thay, ký thừa ủy quyền: the work of a
leader may be done by another person within a written scope and time), Phụ lục VI §III
(ủy quyền xử lý văn bản trên hệ thống).
"""

from datetime import date

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from tinhso.accounts.models import User
from tinhso.audit.services import audit_record
from tinhso.organisation.models import Agency
from tinhso.workfiles import access
from tinhso.workfiles.models import WorkDelegation
from tinhso.workfiles.services import WorkFileError, _text
from tinhso.workfiles.workflow import NotAllowed


def delegations_of(user: User) -> QuerySet[WorkDelegation]:
    """The delegations the user gave or received, newest first."""
    return (
        WorkDelegation.objects.filter(Q(from_user=user) | Q(to_user=user))
        .select_related("from_user", "to_user", "agency")
        .order_by("-start_date", "-pk")
    )


def create_delegation(
    *,
    user: User,
    to_user: User | None,
    agency: Agency | None,
    start_date: date | None,
    end_date: date | None,
    scope_note: str = "",
    request: HttpRequest | None = None,
) -> WorkDelegation:
    if agency is None or not access.creatable_agencies(user).filter(pk=agency.pk).exists():
        raise NotAllowed("Bạn chỉ ủy quyền được trong cơ quan mình đang công tác.")
    if to_user is None:
        raise WorkFileError("Hãy chọn người được ủy quyền.")
    if to_user == user:
        raise WorkFileError("Không thể tự ủy quyền cho chính mình.")
    if not access.agency_staff(agency.pk).filter(pk=to_user.pk).exists():
        raise WorkFileError(f"Người được ủy quyền phải là cán bộ của {agency.name}.")
    if start_date is None or end_date is None:
        raise WorkFileError("Hãy nhập ngày bắt đầu và ngày kết thúc ủy quyền (dd/mm/yyyy).")
    if end_date < start_date:
        raise WorkFileError("Ngày kết thúc ủy quyền phải sau hoặc bằng ngày bắt đầu.")
    if end_date < timezone.localdate():
        raise WorkFileError("Ngày kết thúc ủy quyền đã qua.")
    scope_note = _text(scope_note, "Phạm vi ủy quyền", 500, required=False)
    with transaction.atomic():
        row = WorkDelegation.objects.create(
            from_user=user,
            to_user=to_user,
            agency=agency,
            start_date=start_date,
            end_date=end_date,
            scope_note=scope_note,
        )
        audit_record(
            actor=user,
            action="workfile.delegate",
            target=row,
            summary=(
                f"Ủy quyền cho {to_user.full_name} từ {start_date:%d/%m/%Y} đến {end_date:%d/%m/%Y}"
            ),
            changes={"to_user": to_user.pk, "agency": agency.pk},
            request=request,
        )
    return row


def revoke_delegation(
    *, user: User, delegation_id: int, request: HttpRequest | None = None
) -> WorkDelegation:
    """The delegator ends a delegation early; only they may."""
    with transaction.atomic():
        row = WorkDelegation.objects.select_for_update().filter(pk=delegation_id).first()
        if row is None or row.from_user_id != user.pk:
            raise NotAllowed("Chỉ người ủy quyền mới thu hồi được ủy quyền này.")
        if row.revoked_at is not None:
            raise WorkFileError("Ủy quyền này đã được thu hồi.")
        row.revoked_at = timezone.now()
        row.save(update_fields=["revoked_at"])
        audit_record(
            actor=user,
            action="workfile.delegate_revoke",
            target=row,
            summary="Thu hồi ủy quyền",
            request=request,
        )
    return row
