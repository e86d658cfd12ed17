"""/api/v1/archive: files (hồ sơ) for apps and other systems; the rules of the pages.

A file the caller may not read answers 404 (tinhso.archive.access); a step refused by the
rules answers 409 with the reason in Vietnamese.
"""

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from tinhso.accounts.access import AccessDenied
from tinhso.accounts.tokens import api_auth, api_user
from tinhso.api_common import Refusal, errors, refusals
from tinhso.archive import access, export, services
from tinhso.archive.models import RecordFile
from tinhso.documents.access import readable_document

router = Router(auth=api_auth())
LIMIT = 200
REFUSALS: tuple[Refusal, ...] = ((AccessDenied, 403), (services.ArchiveError, 409))


class ArchiveFileCodeOut(Schema):
    organ_id: str
    file_catalog: int
    file_notation: str


class ArchiveItemOut(Schema):
    ordinal: int
    document_id: int
    number_and_symbol: str
    date: date
    type_name: str
    subject: str
    organ_name: str
    page_amount: int


class ArchiveFileOut(Schema):
    id: int
    file_code: ArchiveFileCodeOut
    title: str
    maintenance: str
    rights: str
    creator: str
    language: str
    start_date: date | None
    end_date: date | None
    doc_total: int
    page_total: int
    state: str
    transfer_due: date | None


class ArchiveFileDetailOut(ArchiveFileOut):
    items: list[ArchiveItemOut]


class ArchiveFileDocumentIn(Schema):
    document_id: int = Field(..., ge=1)


def _out(record: RecordFile) -> ArchiveFileOut:
    return ArchiveFileOut(
        id=record.pk,
        file_code=ArchiveFileCodeOut(
            organ_id=record.agency.code, file_catalog=record.year, file_notation=record.notation
        ),
        title=record.title,
        maintenance=record.maintenance,
        rights=record.rights,
        creator=record.creator,
        language=record.language,
        start_date=record.start_date,
        end_date=record.end_date,
        doc_total=record.doc_total,
        page_total=record.page_total,
        state=record.state,
        transfer_due=record.transfer_due,
    )


def _detail(record: RecordFile, user: Any) -> ArchiveFileDetailOut:
    items = [
        ArchiveItemOut(
            ordinal=e.ordinal,
            document_id=e.document.pk,
            number_and_symbol=e.document.number_and_symbol,
            date=e.day,
            type_name=e.document.get_doc_type_display(),
            subject=e.document.subject,
            organ_name=e.document.organ_name,
            page_amount=e.document.page_amount,
        )
        for e in export.entries(record, user)
    ]
    return ArchiveFileDetailOut(**_out(record).model_dump(), items=items)


@router.get(
    "/files", response={200: list[ArchiveFileOut], **errors(401)}, summary="Hồ sơ của cơ quan"
)
def list_files(request: HttpRequest) -> list[ArchiveFileOut]:
    files = access.readable_files(api_user(request)).select_related("agency")
    return [_out(f) for f in files.order_by("-year", "notation")[:LIMIT]]


@router.get(
    "/files/{file_id}",
    response={200: ArchiveFileDetailOut, **errors(401, 404, 422)},
    summary="Một hồ sơ và văn bản",
)
def get_file(request: HttpRequest, file_id: int) -> ArchiveFileDetailOut:
    user = api_user(request)
    return _detail(access.readable_file(user, file_id), user)


@router.post(
    "/files/{file_id}/documents",
    response={200: ArchiveFileDetailOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="Đưa văn bản vào hồ sơ",
)
def add_document(
    request: HttpRequest, file_id: int, payload: ArchiveFileDocumentIn
) -> ArchiveFileDetailOut:
    user = api_user(request)
    record = access.readable_file(user, file_id)
    with refusals(*REFUSALS):
        access.check_user_keeps_files_of(user, record.agency_id)
        document = readable_document(user, payload.document_id)
        services.file_document(actor=user, record=record, document=document)
    return _detail(access.readable_file(user, file_id), user)


@router.post(
    "/files/{file_id}/close",
    response={200: ArchiveFileDetailOut, **errors(400, 401, 403, 404, 409, 422)},
    summary="Kết thúc hồ sơ",
)
def close(request: HttpRequest, file_id: int) -> ArchiveFileDetailOut:
    user = api_user(request)
    record = access.readable_file(user, file_id)
    with refusals(*REFUSALS):
        services.close_file(actor=user, record=record)
    return _detail(access.readable_file(user, file_id), user)
