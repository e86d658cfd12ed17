"""Reading personal-data records (the callers check access first: tinhso.privacy.access)."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Case, IntegerField, QuerySet, Value, When

from tinhso.privacy.constants import Purpose, RequestStatus
from tinhso.privacy.models import ConsentRecord, DataSubjectRequest, PersonalDataAccess


@dataclass(frozen=True)
class PurposeState:
    purpose: Purpose
    record: ConsentRecord | None  # the live consent, if given

    @property
    def given(self) -> bool:
        return self.record is not None


def consents_of(user: Any) -> list[PurposeState]:
    """Every optional purpose, with the person's live consent to it (or none)."""
    live = {
        r.purpose: r for r in ConsentRecord.objects.filter(user=user, withdrawn_at__isnull=True)
    }
    return [PurposeState(p, live.get(p.value)) for p in Purpose]


def consenting_users(purpose: Purpose) -> QuerySet[ConsentRecord]:
    """Who may be sent `purpose` now (for whoever sends news or surveys)."""
    return ConsentRecord.objects.filter(purpose=purpose, withdrawn_at__isnull=True)


def accesses(
    *,
    dossier_code: str = "",
    username: str = "",
    start: date | None = None,
    end: date | None = None,
) -> QuerySet[PersonalDataAccess]:
    """The access log, newest first, filtered by dossier, officer and dates (inclusive)."""
    qs = PersonalDataAccess.objects.all()
    if dossier_code:
        qs = qs.filter(dossier_code=dossier_code.strip())
    if username:
        qs = qs.filter(username=username.strip())
    if start:
        qs = qs.filter(at__date__gte=start)
    if end:
        qs = qs.filter(at__date__lte=end)
    return qs


def requests_of(user: Any) -> QuerySet[DataSubjectRequest]:
    return DataSubjectRequest.objects.filter(requester=user)


def open_requests_first() -> QuerySet[DataSubjectRequest]:
    """Every request; open ones first, the most urgent on top."""
    closed = Case(
        When(status=RequestStatus.OPEN, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return (
        DataSubjectRequest.objects.annotate(closed=closed)
        .order_by("closed", "due_on", "-received_at")
        .select_related("requester")
    )


def is_open(filed: DataSubjectRequest) -> bool:
    return filed.status == RequestStatus.OPEN
