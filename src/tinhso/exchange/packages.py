"""Our documents in edXML terms and back (QCVN 102:2016/BTTTT; regulations.md §4.6).

`edoc_for(payload)` is what one external copy of an issued document carries; `incoming_of`
reads a received package into the metadata of an incoming copy. Codes that the standard
leaves to a list we have not seen (Priority, SteeringType) are written as documented here.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from django.utils import timezone

from tinhso.core.text import fold
from tinhso.documents.exchange_events import ExternalDocument, OutgoingPayload
from tinhso.documents.kinds import BY_CODE, CONG_VAN, DOCUMENT_TYPES
from tinhso.exchange.edxml.model import (
    Attachment,
    Business,
    BusinessDocType,
    Code,
    EdocPackage,
    Organization,
    OtherInfo,
    ReplacementInfo,
    ResponseFor,
    SignerInfo,
    StaffInfo,
    StatusPackage,
    TraceHeader,
)
from tinhso.organisation.letterhead import place_of

# Độ khẩn as an integer (1.11 Priority). The VPCP code list is not public (regulations.md
# §4.6): 0 thường, 1 khẩn, 2 thượng khẩn, 3 hỏa tốc, in the order of Điều 4.2.c.
PRIORITY = {"normal": 0, "khan": 1, "thuong_khan": 2, "hoa_toc": 3}
URGENCY_OF_PRIORITY = {value: key for key, value in PRIORITY.items()}
# 1.5 DocumentType.Type: the position of the type in Điều 7 / Phụ lục III (1 = Nghị quyết …
# 28 = Công văn, 29 = Thư công); TypeName carries the name, which is what we read first.
TYPE_NUMBER = {t.code: index for index, t in enumerate(DOCUMENT_TYPES, start=1)}
_TYPE_BY_NAME = {fold(t.name): t.code for t in DOCUMENT_TYPES}
_TYPE_BY_NUMBER = {index: code for code, index in TYPE_NUMBER.items()}

BUSINESS_OF_RELATION = {
    "replaces": BusinessDocType.REPLACE,
    "updates": BusinessDocType.UPDATE,
}


def organization_of(agency: object) -> Organization:
    return Organization(
        organ_id=getattr(agency, "code", ""),
        organ_name=getattr(agency, "name", ""),
        organ_add=getattr(agency, "address", ""),
        email=getattr(agency, "email", ""),
        telephone=getattr(agency, "phone", ""),
    )


def edoc_for(
    payload: OutgoingPayload, document_id: str, *, now: datetime | None = None
) -> EdocPackage:
    document = payload.document
    agency = document.agency
    kind = BY_CODE.get(document.doc_type) or BY_CODE[CONG_VAN]
    business_type = BUSINESS_OF_RELATION.get(payload.relation, BusinessDocType.NEW)
    replaced = payload.related_exchange_id if business_type != BusinessDocType.NEW else ""
    names = {r: r for r in payload.external_organ_ids}
    return EdocPackage(
        sender=organization_of(agency),
        recipients=tuple(Organization(organ_id=o, organ_name=names[o]) for o in names)
        or (Organization(organ_id=payload.recipient.organ_id),),
        code=Code(document.code_number, document.code_notation),
        place=place_of(agency),
        promulgation_date=document.issued_date or timezone.localdate(),
        type_code=TYPE_NUMBER.get(kind.code, TYPE_NUMBER[CONG_VAN]),
        type_name=kind.name,
        subject=document.subject,
        document_id=document_id,
        signer=SignerInfo(position=document.signer_position, full_name=document.signer_name),
        due_date=document.due_date,
        to_places=payload.to_places,
        other=OtherInfo(
            priority=PRIORITY.get(document.urgency, 0),
            promulgation_amount=document.issued_amount,
            page_amount=document.page_amount,
        ),
        traces=(TraceHeader(agency.code, now or timezone.now()),),
        business=Business(
            doc_type=business_type,
            reason=payload.reason if replaced else "",
            document_id=replaced,
            staff_info=StaffInfo(department=agency.name),
            replacements=(ReplacementInfo(replaced, payload.external_organ_ids),)
            if business_type == BusinessDocType.REPLACE and replaced
            else (),
        ),
        attachments=tuple(
            Attachment(
                content_id=f"cid:{index}",
                content_type=f.content_type,
                name=f.name,
                data=f.data,
            )
            for index, f in enumerate(payload.files, start=1)
        ),
    )


def doc_type_of(package: EdocPackage) -> str:
    return (
        _TYPE_BY_NAME.get(fold(package.type_name))
        or _TYPE_BY_NUMBER.get(package.type_code)
        or CONG_VAN
    )


def incoming_of(package: EdocPackage) -> ExternalDocument:
    return ExternalDocument(
        exchange_id=package.document_id,
        doc_type=doc_type_of(package),
        subject=package.subject,
        organ_name=package.sender.organ_name or package.sender.organ_id,
        code_number=package.code.code_number,
        code_notation=package.code.code_notation,
        issued_date=package.promulgation_date,
        signer_name=package.signer.full_name,
        signer_position=package.signer.position,
        urgency=URGENCY_OF_PRIORITY.get(package.other.priority, "normal"),
        due_date=package.due_date,
        page_amount=package.other.page_amount or 1,
    )


def revocation_of(package: EdocPackage, reason: str) -> EdocPackage:
    """Thu hồi (2.2.1 BussinessDocType 1): the same header, the reason, no files."""
    return replace(
        package,
        business=Business(
            doc_type=BusinessDocType.REVOKE,
            reason=reason,
            document_id=package.document_id,
            staff_info=package.business.staff_info,
        ),
        attachments=(),
    )


def status_for(
    agency: Any, document_id: str, code: str, description: str, document: Any = None
) -> StatusPackage:
    """A status about a document we received, addressed (ResponseFor) by its DocumentId:
    "<OrganId of the issuer>,<yyyy/MM/dd>,<number/symbol>". `document` is our copy when
    there is one (a package refused before a copy existed has none)."""
    parts = document_id.split(",", 2)
    return StatusPackage(
        response_for=ResponseFor(
            organ_id=parts[0],
            code=document.number_and_symbol if document is not None else parts[-1],
            promulgation_date=document.issued_date if document is not None else None,
            document_id=document_id,
        ),
        sender=organization_of(agency),
        status_code=code,
        timestamp=timezone.now(),
        description=description,
        staff=StaffInfo(department=agency.name),
    )
