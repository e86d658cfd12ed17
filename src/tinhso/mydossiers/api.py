"""/api/v1/me: the signed-in citizen's or business's own dossiers, for mobile apps.

Same rules as the pages of /ho-so-cua-toi/: only the caller's own dossiers; another person's
dossier answers 404 like a missing one. Authentication: `Authorization: Bearer <token>` or
the signed-in session.
"""

from datetime import datetime
from typing import Literal

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.security import django_auth

from tinhso.accounts.tokens import TokenAuth
from tinhso.dossiers.constants import Status as DossierStatus
from tinhso.dossiers.models import Dossier
from tinhso.mydossiers import selectors
from tinhso.mydossiers.constants import PAGE_SIZE
from tinhso.ratings import selectors as ratings
from tinhso.ratings.constants import Satisfaction
from tinhso.ratings.services import RatingError, RatingNotAllowed, rating_give

router = Router(auth=[TokenAuth(), django_auth])


def _local(value: datetime | None) -> datetime | None:
    return timezone.localtime(value) if value is not None else None


class MyDossierOut(Schema):
    code: str
    procedure_code: str
    procedure_name: str
    status: str
    status_label: str
    submitted_at: datetime
    due_at: datetime | None
    attention: list[str]
    attention_labels: list[str]


class MyDossierPage(Schema):
    count: int
    page: int
    pages: int
    items: list[MyDossierOut]


class EntryOut(Schema):
    at: datetime
    label: str
    place: str
    note: str


class FileOut(Schema):
    name: str
    kind: str
    size: int
    url: str


class RatingOut(Schema):
    level: str
    level_label: str
    comment: str
    rated_at: datetime


class MyDossierDetail(MyDossierOut):
    receiving_agency: str
    competent_agency: str
    received_at: datetime | None
    returned_at: datetime | None
    delivery_mode: str
    delivery_label: str
    timeline: list[EntryOut]
    files: list[FileOut]
    results: list[FileOut]
    rating: RatingOut | None


class ListQuery(Schema):
    status: DossierStatus | None = None
    page: int = 1


class RatingIn(Schema):
    level: Literal["very_satisfied", "satisfied", "dissatisfied"]
    comment: str = ""


def _summary(d: Dossier, rated: bool) -> dict:
    badges = selectors.attention(d, rated=rated)
    return {
        "code": d.code,
        "procedure_code": d.procedure_version.code,
        "procedure_name": d.procedure_version.name,
        "status": d.status,
        "status_label": d.get_status_display(),
        "submitted_at": _local(d.submitted_at),
        "due_at": _local(d.due_at),
        "attention": [b.value for b in badges],
        "attention_labels": [b.label for b in badges],
    }


def _rating_out(rating) -> RatingOut:
    return RatingOut(
        level=rating.level,
        level_label=rating.get_level_display(),
        comment=rating.comment,
        rated_at=_local(rating.rated_at),
    )


def _mine(request: HttpRequest, code: str) -> Dossier:
    dossier = selectors.my_dossier(request.user, code)
    if dossier is None:
        raise HttpError(404, "Không tìm thấy hồ sơ này trong danh sách hồ sơ của bạn.")
    return dossier


@router.get("/dossiers", response=MyDossierPage, summary="Hồ sơ của tôi")
def my_dossiers(request: HttpRequest, filters: Query[ListQuery]):
    """The caller's own dossiers, newest first, 20 per page; `status` filters."""
    if filters.page < 1:
        raise HttpError(422, "page phải lớn hơn hoặc bằng 1")
    status = filters.status.value if filters.status else None
    paginator = Paginator(selectors.my_dossiers(request.user, status), PAGE_SIZE)
    page = paginator.get_page(filters.page)
    rated = ratings.rated_dossier_ids(d.pk for d in page)
    return MyDossierPage(
        count=paginator.count,
        page=page.number,
        pages=paginator.num_pages,
        items=[MyDossierOut(**_summary(d, d.pk in rated)) for d in page],
    )


@router.get("/dossiers/{code}", response=MyDossierDetail, summary="Một hồ sơ của tôi")
def my_dossier(request: HttpRequest, code: str):
    d = _mine(request, code)
    rating = ratings.rating_of(d)

    def files(items) -> list[FileOut]:
        return [
            FileOut(
                name=f.original_name,
                kind=f.kind,
                size=f.size,
                url=request.build_absolute_uri(reverse("mydossiers:file", args=[d.code, f.pk])),
            )
            for f in items
        ]

    return MyDossierDetail(
        **_summary(d, rating is not None),
        receiving_agency=d.receiving_agency.name,
        competent_agency=d.competent_agency.name,
        received_at=_local(d.received_at),
        returned_at=_local(d.returned_at),
        delivery_mode=d.delivery_mode,
        delivery_label=selectors.delivery_label(d.delivery_mode),
        timeline=[
            EntryOut(at=_local(e.at), label=e.label, place=e.place, note=e.note)
            for e in selectors.applicant_timeline(d)
        ],
        files=files(selectors.submitted_files(d)),
        results=files(selectors.result_files(d)),
        rating=_rating_out(rating) if rating else None,
    )


@router.post(
    "/dossiers/{code}/rating",
    response={201: RatingOut},
    summary="Đánh giá mức độ hài lòng",
)
def rate(request: HttpRequest, code: str, payload: RatingIn):
    """After the result is returned, once per dossier; `comment` is required with
    `dissatisfied`. 409 when the dossier is not returned or already rated."""
    dossier = _mine(request, code)
    try:
        rating = rating_give(
            dossier,
            level=Satisfaction(payload.level),
            comment=payload.comment,
            actor=request.user,
            request=request,
        )
    except RatingNotAllowed as exc:
        raise HttpError(403, str(exc)) from exc
    except RatingError as exc:
        raise HttpError(409 if exc.conflict else 422, str(exc)) from exc
    return Status(201, _rating_out(rating))
