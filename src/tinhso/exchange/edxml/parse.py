"""Reading edXML from another system: a document (`edoc`) or a `Status`, refused when wrong.

Every refusal is an EdxmlError with a Vietnamese reason (it goes back in a status 02) and the
offending element in `field`; nothing else escapes. With `trust=True` (the default, what the
receiver uses) the package must carry the sender's signature, valid and chained to the trust
list, and only what the signature covers is read (xmlsig.verify_tree). `trust=False` reads a
package without looking at its signature: for a copy we verified when it arrived.

Mandatory fields follow QCVN 102:2016 as the SDKs enforce them (regulations.md §4.6): for a
document From.OrganId, To, Code, PromulgationDate, DocumentType, Subject, DocumentId and, for
business types 1–3, BussinessDocReason; for a status ResponseFor.DocumentId, From.OrganId,
a StatusCode of the list and, for 02 and 16, Description.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from lxml import etree  # type: ignore[import-untyped]  # no stubs shipped

from tinhso.exchange.edxml import safexml
from tinhso.exchange.edxml.build import DATE_FORMAT, MOMENT_FORMAT, VN_TZ, q, with_cid
from tinhso.exchange.edxml.content_type import sniff
from tinhso.exchange.edxml.model import (
    NAMESPACE,
    REASON_REQUIRED,
    STATUS_CODES,
    Attachment,
    Business,
    Code,
    EdocPackage,
    EdxmlError,
    Organization,
    OtherInfo,
    Receiver,
    ReplacementInfo,
    ResponseFor,
    SignerInfo,
    StaffInfo,
    StatusPackage,
    TraceHeader,
)
from tinhso.exchange.edxml.xmlsig import VerifiedSignature, verify_tree

_STATUS_TAGS = ("Status", "MessageStatus")
_BAD_NAME = re.compile(r"[\x00-\x1f\x7f/\\]")


@dataclass(frozen=True)
class ParsedEdoc:
    package: EdocPackage
    signer: VerifiedSignature | None  # None only with trust=False
    sha256: str  # of the bytes received


@dataclass(frozen=True)
class ParsedStatus:
    status: StatusPackage
    signer: VerifiedSignature | None
    sha256: str


# --- reading elements ------------------------------------------------------------------------
def _child(parent: etree._Element | None, *names: str) -> etree._Element | None:
    """The first child called one of `names`, in the edXML namespace or (as some SDKs write
    AttachmentEncoded) in none."""
    if parent is None:
        return None
    for name in names:
        found = parent.find(q(name))
        if found is None:
            found = parent.find(name)
        if found is not None:
            return found
    return None


def _children(parent: etree._Element | None, name: str) -> list[etree._Element]:
    if parent is None:
        return []
    return list(parent.findall(q(name))) or list(parent.findall(name))


def _text(parent: etree._Element | None, *names: str) -> str:
    node = _child(parent, *names)
    return (node.text or "").strip() if node is not None else ""


def _int(parent: etree._Element | None, name: str, *, default: int = 0) -> int:
    raw = _text(parent, name)
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise EdxmlError(f"{name} phải là số nguyên, nhận được {raw[:20]!r}.", field=name) from exc


def _date(raw: str, name: str) -> date | None:
    if not raw:
        return None
    for fmt in (DATE_FORMAT, "%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(raw[:10], fmt).date()  # noqa: DTZ007 – a calendar date
        except ValueError:
            continue
    raise EdxmlError(f"{name} không phải ngày hợp lệ: {raw[:30]!r}.", field=name)


def _moment(raw: str, name: str) -> datetime:
    if not raw:
        raise EdxmlError(f"Thiếu {name}.", field=name)
    for fmt in (MOMENT_FORMAT, "%d/%m/%Y %H:%M:%S"):
        try:
            return datetime.strptime(raw, fmt).replace(tzinfo=VN_TZ)
        except ValueError:
            continue
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError as exc:
        raise EdxmlError(f"{name} không phải thời điểm hợp lệ: {raw[:30]!r}.", field=name) from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=VN_TZ)


def _required(value: str, field: str, label: str) -> str:
    if not value:
        raise EdxmlError(f"Thiếu trường bắt buộc {field} ({label}).", field=field)
    return value


def _organization(node: etree._Element | None) -> Organization:
    return Organization(
        organ_id=_text(node, "OrganId"),
        organ_name=_text(node, "OrganName"),
        organization_in_charge=_text(node, "OrganizationInCharge", "OrganInCharge"),
        organ_add=_text(node, "OrganAdd"),
        email=_text(node, "Email"),
        telephone=_text(node, "Telephone"),
        fax=_text(node, "Fax"),
        website=_text(node, "Website"),
    )


def _response_for(node: etree._Element) -> ResponseFor:
    return ResponseFor(
        organ_id=_text(node, "OrganId"),
        code=_text(node, "Code"),
        promulgation_date=_date(_text(node, "PromulgationDate"), "ResponseFor.PromulgationDate"),
        document_id=_text(node, "DocumentId"),
    )


def _staff(node: etree._Element | None) -> StaffInfo:
    return StaffInfo(
        department=_text(node, "Department"),
        staff=_text(node, "Staff"),
        mobile=_text(node, "Mobile"),
        email=_text(node, "Email"),
    )


# --- the envelope ----------------------------------------------------------------------------
def _check_root(root: etree._Element) -> etree._Element:
    """The edXMLHeader of `root`, after the namespace check."""
    tag = root.tag if isinstance(root.tag, str) else ""
    if tag != q("edXML"):
        local = etree.QName(tag).localname if tag else "?"
        namespace = etree.QName(tag).namespace if tag else None
        if local == "edXML":
            raise EdxmlError(
                f"Sai không gian tên: cần {NAMESPACE}, nhận được {namespace or '(không có)'}.",
                field="edXML",
            )
        raise EdxmlError(f"Không phải gói tin edXML (phần tử gốc {local}).", field="edXML")
    header = _child(_child(root, "edXMLEnvelope"), "edXMLHeader")
    if header is None:
        raise EdxmlError("Gói tin thiếu edXMLEnvelope/edXMLHeader.", field="edXMLHeader")
    return header


def _read(data: bytes, trust: bool) -> tuple[etree._Element, VerifiedSignature | None]:
    root = safexml.parse(data)
    _check_root(root)
    if not trust:
        return root, None
    signer, signed = verify_tree(data, root)
    return signed, signer


def kind_of(data: bytes) -> Literal["edoc", "status"]:
    """What `data` carries, without reading all of it; EdxmlError if neither."""
    found = safexml.iter_start_tags(
        data, {q("MessageHeader"), *(q(t) for t in _STATUS_TAGS)}, root=q("edXML")
    )
    if found == q("MessageHeader"):
        return "edoc"
    if found is not None:
        return "status"
    raise EdxmlError("Gói tin không có MessageHeader hay Status.", field="edXMLHeader")


# --- a document ------------------------------------------------------------------------------
def _business(node: etree._Element | None) -> Business:
    info = _child(node, "BussinessDocumentInfo", "BusinessDocumentInfo")
    receivers = tuple(
        Receiver(receiver_type=_int(r, "ReceiverType"), organ_id=_text(r, "OrganId"))
        for r in _children(_child(info, "ReceiverList"), "Receiver")
    )
    replacements = tuple(
        ReplacementInfo(
            document_id=_text(r, "DocumentId"),
            organ_ids=tuple(
                (o.text or "").strip() for o in _children(_child(r, "OrganIdList"), "OrganId")
            ),
        )
        for r in _children(_child(node, "ReplacementInfoList"), "ReplacementInfo")
    )
    doc_type = (
        _int(node, "BussinessDocType")
        if _child(node, "BussinessDocType") is not None
        else (_int(node, "BusinessDocType"))
    )
    if doc_type not in (0, 1, 2, 3):
        raise EdxmlError(
            f"BussinessDocType phải là 0, 1, 2 hoặc 3, nhận được {doc_type}.",
            field="BussinessDocType",
        )
    reason = _text(node, "BussinessDocReason", "BusinessDocReason")
    if doc_type != 0 and not reason:
        raise EdxmlError(
            "Thiếu lý do (BussinessDocReason) của việc thu hồi, cập nhật hoặc thay thế.",
            field="BussinessDocReason",
        )
    return Business(
        doc_type=doc_type,
        reason=reason,
        document_info=_text(info, "DocumentInfo"),
        document_receiver=_text(info, "DocumentReceiver"),
        receivers=receivers,
        document_id=_text(node, "DocumentId"),
        staff_info=_staff(_child(node, "StaffInfo")),
        paper=_int(node, "Paper"),
        replacements=replacements,
    )


def _decode(text: str, content_id: str) -> bytes:
    try:
        return base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise EdxmlError(
            f"Nội dung tệp đính kèm {content_id} không phải Base64 hợp lệ.",
            field="ContentTransferEncoded",
        ) from exc


def _attachments(root: etree._Element) -> tuple[Attachment, ...]:
    manifest = _child(_child(_child(root, "edXMLEnvelope"), "edXMLBody"), "edXMLManifest")
    listed: dict[str, etree._Element] = {}
    for reference in _children(manifest, "Reference"):
        content_id = with_cid(_required(_text(reference, "ContentId"), "ContentId", "mã tệp"))
        if content_id in listed:
            raise EdxmlError(
                f"ContentId {content_id} lặp lại trong edXMLManifest.", field="ContentId"
            )
        listed[content_id] = reference
    carried: dict[str, etree._Element] = {}
    for encoded in _children(root, "AttachmentEncoded"):
        for item in _children(encoded, "Attachment"):
            content_id = with_cid(_required(_text(item, "ContentId"), "ContentId", "mã tệp"))
            if content_id not in listed:
                raise EdxmlError(
                    f"Tệp đính kèm {content_id} không có trong edXMLManifest.", field="ContentId"
                )
            if content_id in carried:
                raise EdxmlError(f"Tệp đính kèm {content_id} gửi hai lần.", field="ContentId")
            carried[content_id] = item
    missing = [cid for cid in listed if cid not in carried]
    if missing:
        raise EdxmlError(
            f"edXMLManifest liệt kê {missing[0]} nhưng gói tin không mang tệp đó.",
            field="AttachmentEncoded",
        )
    result = []
    for content_id, reference in listed.items():
        item = carried[content_id]
        name = _text(reference, "AttachmentName") or _text(item, "AttachmentName")
        if not name or _BAD_NAME.search(name) or name in {".", ".."} or len(name) > 255:
            raise EdxmlError(
                f"Tên tệp đính kèm không hợp lệ: {name[:60]!r}.", field="AttachmentName"
            )
        node = _child(item, "ContentTransferEncoded")
        data = _decode(node.text or "" if node is not None else "", content_id)
        result.append(
            Attachment(
                content_id=content_id,
                content_type=sniff(data, name),
                name=name,
                data=data,
                description=_text(reference, "Description") or _text(item, "Description"),
            )
        )
    return tuple(result)


def _edoc(root: etree._Element) -> EdocPackage:
    header = _check_root(root)
    msg = _child(header, "MessageHeader")
    if msg is None:
        raise EdxmlError("Gói tin văn bản thiếu MessageHeader.", field="MessageHeader")
    sender = _organization(_child(msg, "From"))
    _required(sender.organ_id, "From.OrganId", "mã định danh cơ quan gửi")
    recipients = tuple(_organization(n) for n in _children(msg, "To"))
    if not recipients or not all(r.organ_id for r in recipients):
        raise EdxmlError("Thiếu trường bắt buộc To (cơ quan nhận, mã định danh).", field="To")
    code_node = _child(msg, "Code")
    code = Code(_text(code_node, "CodeNumber"), _text(code_node, "CodeNotation"))
    if code_node is None or not (code.code_number or code.code_notation):
        raise EdxmlError("Thiếu trường bắt buộc Code (số, ký hiệu văn bản).", field="Code")
    promulgation = _child(msg, "PromulgationInfo")
    issued = _date(_text(promulgation, "PromulgationDate"), "PromulgationDate")
    if issued is None:
        raise EdxmlError(
            "Thiếu trường bắt buộc PromulgationDate (ngày ban hành).", field="PromulgationDate"
        )
    doc_type = _child(msg, "DocumentType")
    if doc_type is None or not _text(doc_type, "Type"):
        raise EdxmlError("Thiếu trường bắt buộc DocumentType (loại văn bản).", field="DocumentType")
    signer = _child(msg, "SignerInfo")
    other = _child(msg, "OtherInfo")
    traces = _child(header, "TraceHeaderList")
    return EdocPackage(
        sender=sender,
        recipients=recipients,
        code=code,
        place=_text(promulgation, "Place"),
        promulgation_date=issued,
        type_code=_int(doc_type, "Type"),
        type_name=_text(doc_type, "TypeName"),
        subject=_required(_text(msg, "Subject"), "Subject", "trích yếu"),
        document_id=_required(_text(msg, "DocumentId"), "DocumentId", "mã văn bản"),
        content=_text(msg, "Content"),
        signer=SignerInfo(
            competence=_text(signer, "Competence"),
            position=_text(signer, "Position"),
            full_name=_text(signer, "FullName"),
        ),
        due_date=_date(_text(msg, "DueDate"), "DueDate"),
        to_places=tuple(
            (p.text or "").strip() for p in _children(_child(msg, "ToPlaces"), "Place")
        ),
        other=OtherInfo(
            priority=_int(other, "Priority"),
            sphere_of_promulgation=_text(other, "SphereOfPromulgation"),
            typer_notation=_text(other, "TyperNotation"),
            promulgation_amount=_int(other, "PromulgationAmount"),
            page_amount=_int(other, "PageAmount"),
            appendixes=tuple(
                (a.text or "").strip() for a in _children(_child(other, "Appendixes"), "Appendix")
            ),
        ),
        response_for=tuple(_response_for(n) for n in _children(msg, "ResponseFor")),
        steering_type=_int(msg, "SteeringType"),
        traces=tuple(
            TraceHeader(
                _text(t, "OrganId"), _moment(_text(t, "Timestamp"), "TraceHeader.Timestamp")
            )
            for t in _children(traces, "TraceHeader")
        ),
        business=_business(_child(traces, "Bussiness", "Business")),
        attachments=_attachments(root),
    )


def parse_edoc(data: bytes, *, trust: bool = True) -> ParsedEdoc:
    """The document package of `data` and who signed it; EdxmlError when refused."""
    root, signer = _read(data, trust)
    return ParsedEdoc(_edoc(root), signer, hashlib.sha256(data).hexdigest())


# --- a status --------------------------------------------------------------------------------
def _status(root: etree._Element) -> StatusPackage:
    header = _check_root(root)
    node = _child(header, *_STATUS_TAGS)
    if node is None:
        raise EdxmlError("Gói tin trạng thái thiếu phần tử Status.", field="Status")
    response = _child(node, "ResponseFor")
    if response is None:
        raise EdxmlError(
            "Thiếu trường bắt buộc ResponseFor (văn bản được phản hồi).", field="ResponseFor"
        )
    response_for = _response_for(response)
    _required(response_for.document_id, "ResponseFor.DocumentId", "mã văn bản được phản hồi")
    sender = _organization(_child(node, "From"))
    _required(sender.organ_id, "From.OrganId", "mã định danh cơ quan phản hồi")
    code = _text(node, "StatusCode")
    if code not in STATUS_CODES:
        raise EdxmlError(
            f"StatusCode {code[:10]!r} không thuộc danh mục ({', '.join(STATUS_CODES)}).",
            field="StatusCode",
        )
    description = _text(node, "Description")
    if code in REASON_REQUIRED and not description:
        raise EdxmlError(
            f"Trạng thái {code} ({STATUS_CODES[code]}) phải kèm lý do (Description).",
            field="Description",
        )
    return StatusPackage(
        response_for=response_for,
        sender=sender,
        status_code=code,
        timestamp=_moment(_text(node, "Timestamp"), "Timestamp"),
        description=description,
        staff=_staff(_child(node, "StaffInfo")),
    )


def parse_status(data: bytes, *, trust: bool = True) -> ParsedStatus:
    """The status of `data` and who signed it; EdxmlError when refused."""
    root, signer = _read(data, trust)
    return ParsedStatus(_status(root), signer, hashlib.sha256(data).hexdigest())
