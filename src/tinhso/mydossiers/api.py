"""/api/v1/me: the signed-in citizen's or business's own dossiers, for mobile apps.

Same rules as the pages of /ho-so-cua-toi/: only the caller's own dossiers; another person's
dossier answers 404 like a missing one. Authentication: `Authorization: Bearer <token>` or
the signed-in session.
"""

from datetime import datetime
from typing import Any, Literal

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from tinhso.accounts.tokens import api_auth, api_user
from tinhso.api_common import DOSSIER_CODE, MAX_PAGE, InputSchema, code_path, errors, local_time
from tinhso.dossiers.constants import Status as DossierStatus
from tinhso.dossiers.models import Dossier
from tinhso.mydossiers import selectors
from tinhso.mydossiers.constants import PAGE_SIZE
from tinhso.ratings import selectors as ratings
from tinhso.ratings.constants import CRITERIA
from tinhso.ratings.services import RatingError, RatingNotAllowed, rating_give

router = Router(auth=api_auth())


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


class MyDossierEntryOut(Schema):
    at: datetime
    label: str
    place: str
    note: str


class MyDossierFileOut(Schema):
    name: str
    kind: str
    size: int
    url: str


class MyDossierFormOut(Schema):
    """A form or notice issued to the applicant (Mẫu 01–05 …, Thông tư 03/2025/TT-VPCP)."""

    number: str
    title: str
    url: str


class MyDossierRatingOut(Schema):
    level: str
    level_label: str
    criteria: dict[str, int]
    score: int | None
    method: str
    comment: str
    rated_at: datetime


class MyDossierDetail(MyDossierOut):
    receiving_agency: str
    competent_agency: str
    received_at: datetime | None
    returned_at: datetime | None
    delivery_mode: str
    delivery_label: str
    timeline: list[MyDossierEntryOut]
    files: list[MyDossierFileOut]
    results: list[MyDossierFileOut]
    forms: list[MyDossierFormOut]
    rating: MyDossierRatingOut | None


class MyDossierListQuery(InputSchema):
    status: DossierStatus | None = None
    page: int = Field(1, ge=1, le=MAX_PAGE)


class MyDossierRatingIn(InputSchema):
    """One level per criterion of the law: {criterion code: 2 | 1 | 0} (the codes and their
    levels: tinhso.ratings.constants.CRITERIA); the overall level follows from them."""

    criteria: dict[str, Literal[0, 1, 2]] = Field(..., max_length=len(CRITERIA))
    comment: str = Field("", max_length=2000)


def _summary(d: Dossier, rated: bool) -> dict:
    badges = selectors.attention(d, rated=rated)
    return {
        "code": d.code,
        "procedure_code": d.procedure_version.code,
        "procedure_name": d.procedure_version.name,
        "status": d.status,
        "status_label": d.get_status_display(),
        "submitted_at": local_time(d.submitted_at),
        "due_at": local_time(d.due_at),
        "attention": [b.value for b in badges],
        "attention_labels": [b.label for b in badges],
    }


def _rating_out(rating: Any) -> MyDossierRatingOut:
    return MyDossierRatingOut(
        level=rating.level,
        level_label=rating.get_level_display(),
        criteria=rating.criteria or {},
        score=rating.score,
        method=rating.method,
        comment=rating.comment,
        rated_at=local_time(rating.rated_at),
    )


def _mine(request: HttpRequest, code: str) -> Dossier:
    dossier = selectors.my_dossier(api_user(request), code)
    if dossier is None:
        raise HttpError(404, "Không tìm thấy hồ sơ này trong danh sách hồ sơ của bạn.")
    return dossier


@router.get("/dossiers", response={200: MyDossierPage, **errors(401, 422)}, summary="Hồ sơ của tôi")
def my_dossiers(request: HttpRequest, filters: Query[MyDossierListQuery]) -> MyDossierPage:
    """The caller's own dossiers, newest first, 20 per page; `status` filters."""
    status = filters.status.value if filters.status else None
    paginator = Paginator(selectors.my_dossiers(api_user(request), status), PAGE_SIZE)
    page = paginator.get_page(filters.page)
    rated = ratings.rated_dossier_ids(d.pk for d in page)
    return MyDossierPage(
        count=paginator.count,
        page=page.number,
        pages=paginator.num_pages,
        items=[MyDossierOut(**_summary(d, d.pk in rated)) for d in page],
    )


@router.get(
    "/dossiers/{code}",
    response={200: MyDossierDetail, **errors(401, 404, 422)},
    summary="Một hồ sơ của tôi",
)
def my_dossier(request: HttpRequest, code: str = code_path(DOSSIER_CODE)) -> MyDossierDetail:
    d = _mine(request, code)
    rating = ratings.rating_of(d)

    def files(items: Any) -> list[MyDossierFileOut]:
        return [
            MyDossierFileOut(
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
        received_at=local_time(d.received_at),
        returned_at=local_time(d.returned_at),
        delivery_mode=d.delivery_mode,
        delivery_label=selectors.delivery_label(d.delivery_mode),
        timeline=[
            MyDossierEntryOut(at=local_time(e.at), label=e.label, place=e.place, note=e.note)
            for e in selectors.applicant_timeline(d)
        ],
        files=files(selectors.submitted_files(d)),
        results=files(selectors.result_files(d)),
        forms=[
            MyDossierFormOut(
                number=number,
                title=title,
                url=request.build_absolute_uri(reverse("mydossiers:form", args=[d.code, number])),
            )
            for number, title in selectors.issued_forms(d)
        ],
        rating=_rating_out(rating) if rating else None,
    )


@router.post(
    "/dossiers/{code}/rating",
    response={201: MyDossierRatingOut, **errors(400, 401, 403, 404, 409, 413, 422)},
    summary="Đánh giá mức độ hài lòng",
)
def rate(
    request: HttpRequest, payload: MyDossierRatingIn, code: str = code_path(DOSSIER_CODE)
) -> Status:
    """Once the dossier is closed (returned, refused, withdrawn, stopped), once per dossier;
    every criterion answered; `comment` is required when the overall level is
    `dissatisfied`. 409 when the dossier is not closed or already rated."""
    dossier = _mine(request, code)
    try:
        rating = rating_give(
            dossier,
            criteria=payload.criteria,
            comment=payload.comment,
            actor=api_user(request),
            request=request,
        )
    except RatingNotAllowed as exc:
        raise HttpError(403, str(exc)) from exc
    except RatingError as exc:
        raise HttpError(409 if exc.conflict else 422, str(exc)) from exc
    return Status(201, _rating_out(rating))
