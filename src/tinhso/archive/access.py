"""Who may see and keep the agency's files — the one place these rules live.

- The agency's clerk (văn thư) and leader keep its Danh mục hồ sơ and files: they read them,
  create them, file documents, close files and hand them to the archive (Nghị định
  30/2020/NĐ-CP, Điều 31.2: the administrative unit organises filing; Điều 28: the head of the
  agency approves the Danh mục hồ sơ — so approval is the leader's alone).
- A province leader or system administrator reads every agency's files (reading only).
- Anyone else gets 404, exactly like a file that does not exist.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from tinhso.accounts.access import (
    AccessDenied,
    agencies_of,
    user_is_staff,
    user_reads_whole_province,
)
from tinhso.archive.models import FilePlan, RecordFile
from tinhso.organisation.models import Agency
from tinhso.organisation.roles import Role

KEEPERS = frozenset({Role.CLERK, Role.AGENCY_LEADER})
NOT_FOUND = "Không tìm thấy hồ sơ, hoặc hồ sơ không thuộc phạm vi của bạn."
KEEPERS_ONLY = "Chỉ văn thư, lãnh đạo cơ quan mới thực hiện được thao tác này."
LEADERS_ONLY = "Chỉ lãnh đạo cơ quan phê duyệt được Danh mục hồ sơ (Điều 28 Nghị định 30/2020)."


class RecordFileNotFound(Http404):
    pass


def kept_agencies(user: Any) -> QuerySet[Agency]:
    """Agencies whose files the user keeps (clerk or leader)."""
    return agencies_of(user, KEEPERS)


def readable_plans(user: Any) -> QuerySet[FilePlan]:
    if not user_is_staff(user):
        return FilePlan.objects.none()
    if user_reads_whole_province(user):
        return FilePlan.objects.all()
    return FilePlan.objects.filter(agency__in=kept_agencies(user))


def readable_files(user: Any) -> QuerySet[RecordFile]:
    if not user_is_staff(user):
        return RecordFile.objects.none()
    if user_reads_whole_province(user):
        return RecordFile.objects.all()
    return RecordFile.objects.filter(agency__in=kept_agencies(user))


def readable_plan(user: Any, pk: int) -> FilePlan:
    plan = readable_plans(user).select_related("agency").filter(pk=pk).first()
    if plan is None:
        raise RecordFileNotFound("Không tìm thấy danh mục hồ sơ.")
    return plan


def readable_file(user: Any, pk: int) -> RecordFile:
    found = readable_files(user).select_related("agency", "plan").filter(pk=pk).first()
    if found is None:
        raise RecordFileNotFound(NOT_FOUND)
    return found


def user_keeps_files_of(user: Any, agency_id: int) -> bool:
    return kept_agencies(user).filter(pk=agency_id).exists()


def check_user_keeps_files_of(user: Any, agency_id: int) -> None:
    if not user_keeps_files_of(user, agency_id):
        raise AccessDenied(KEEPERS_ONLY)


def user_approves_plans_of(user: Any, agency_id: int) -> bool:
    return agencies_of(user, [Role.AGENCY_LEADER]).filter(pk=agency_id).exists()


def check_user_approves_plans_of(user: Any, agency_id: int) -> None:
    if not user_approves_plans_of(user, agency_id):
        raise AccessDenied(LEADERS_ONLY)
