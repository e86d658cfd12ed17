"""Queries of the archive pages."""

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from tinhso.accounts.models import StaffRole
from tinhso.archive.models import FilePlan, RecordFile
from tinhso.documents.access import readable_documents
from tinhso.documents.models import Document

CHOICE_LIMIT = 200


def files_of(plan: FilePlan) -> QuerySet[RecordFile]:
    return plan.files.select_related("person_in_charge").order_by("heading", "notation")


def staff_of(agency_id: int) -> QuerySet[Any]:
    """People who may be put in charge of a file: the agency's active staff."""
    ids = StaffRole.objects.filter(agency_id=agency_id, is_active=True).values("user_id")
    return get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("full_name")


def fileable_documents(user: Any, record: RecordFile) -> QuerySet[Document]:
    """The agency's documents the user may read and that are not in the file yet."""
    return (
        readable_documents(user)
        .filter(agency_id=record.agency_id)
        .exclude(record_items__record_file=record)
        .order_by("-issued_date", "-pk")
    )
