"""GET /api/v1/documents/search: the search of /van-ban/tim-kiem/ for apps and other systems.

Only officers search; what they find is what they may read (tinhso.documents.access).
"""

from datetime import date

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from tinhso.accounts.access import user_is_staff
from tinhso.accounts.tokens import api_auth, api_user
from tinhso.api_common import errors
from tinhso.documents.search import CappedResults, Criteria, search

router = Router(auth=api_auth())
LIMIT = 100


class DocumentSearchQuery(Schema):
    q: str = Field("", max_length=200, description="từ khóa, có dấu hoặc không dấu")
    number: str = Field("", max_length=50, description='số, ký hiệu, ví dụ "15/QĐ-UBND"')
    doc_type: str = Field("", max_length=8)
    issuer: str = Field("", max_length=200)
    subject: str = Field("", max_length=200)
    signer: str = Field("", max_length=50)
    date_from: date | None = None
    date_to: date | None = None
    urgency: str = Field("", max_length=12)
    direction: str = Field("", max_length=3)
    state: str = Field("", max_length=12)
    book: int | None = Field(None, ge=1)
    offset: int = Field(0, ge=0, le=100000)


class DocumentSearchHitOut(Schema):
    id: int
    direction: str
    number_and_symbol: str
    doc_type: str
    doc_type_name: str
    subject: str
    organ_name: str
    signer_name: str
    issued_date: date | None
    urgency: str
    state: str
    state_name: str


class DocumentSearchOut(Schema):
    count: int = Field(description="số kết quả; khi count_is_capped: hơn 1.000, đếm đến 1.001")
    count_is_capped: bool
    offset: int
    items: list[DocumentSearchHitOut]


@router.get(
    "", response={200: DocumentSearchOut, **errors(401, 403, 422)}, summary="Tìm kiếm văn bản"
)
def search_documents(
    request: HttpRequest, filters: Query[DocumentSearchQuery]
) -> DocumentSearchOut:
    user = api_user(request)
    if not user_is_staff(user):
        raise HttpError(403, "Chỉ cán bộ, công chức tìm kiếm được văn bản.")
    criteria = Criteria(**filters.model_dump(exclude={"offset"}))
    if criteria.is_empty():
        raise HttpError(422, "Cần ít nhất một điều kiện tìm kiếm.")
    results = search(user, criteria)
    rows = list(results[filters.offset : filters.offset + LIMIT])
    counted = CappedResults(results)
    return DocumentSearchOut(
        count=counted.total,
        count_is_capped=counted.capped,
        offset=filters.offset,
        items=[
            DocumentSearchHitOut(
                id=d.pk,
                direction=d.direction,
                number_and_symbol=d.number_and_symbol,
                doc_type=d.doc_type,
                doc_type_name=d.get_doc_type_display(),
                subject=d.subject,
                organ_name=d.organ_name,
                signer_name=d.signer_name,
                issued_date=d.issued_date,
                urgency=d.urgency,
                state=d.state,
                state_name=d.get_state_display(),
            )
            for d in rows
        ],
    )
