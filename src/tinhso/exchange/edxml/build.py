"""Writing edXML of QCVN 102:2016/BTTTT (regulations.md §4.6): a document, or a status.

The layout follows the public SDKs: root `edXML` → `edXMLEnvelope` → `edXMLHeader`
{MessageHeader (1.1–1.14 in that order), TraceHeaderList (TraceHeader*, Bussiness)} and
`edXMLBody` {edXMLManifest {Reference*}}; `AttachmentEncoded` {Attachment*} is a sibling of
the envelope, its ContentId without the "cid:" the manifest puts in front. A status is the
same envelope with `Status` in the header and no body. Dates are written as the SDKs write
them: yyyy/MM/dd, and a moment as yyyy/MM/dd HH:mm:ss in Vietnam's time (UTC+7).

The signature (xmlsig.sign) goes into edXMLHeader after these; what is built here is
unsigned. Nothing is checked here: parse.py refuses what the standard does not allow.
"""

from __future__ import annotations

import base64
from datetime import date, datetime
from zoneinfo import ZoneInfo

from lxml import etree  # type: ignore[import-untyped]  # no stubs shipped

from tinhso.exchange.edxml.model import (
    NAMESPACE,
    Business,
    EdocPackage,
    Organization,
    ResponseFor,
    StaffInfo,
    StatusPackage,
)

PREFIX = "edXML"
VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
DATE_FORMAT = "%Y/%m/%d"
MOMENT_FORMAT = "%Y/%m/%d %H:%M:%S"
MANIFEST_VERSION = "1.0"


def q(tag: str) -> str:
    """A tag of the edXML namespace in Clark notation."""
    return f"{{{NAMESPACE}}}{tag}"


def fmt_date(value: date | None) -> str:
    return "" if value is None else value.strftime(DATE_FORMAT)


def fmt_moment(value: datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=VN_TZ)  # naive means Vietnam's time, as the SDKs mean it
    return value.astimezone(VN_TZ).strftime(MOMENT_FORMAT)


def _add(parent: etree._Element, tag: str, text: str | int | None = None) -> etree._Element:
    element = etree.SubElement(parent, q(tag))
    if text is not None:
        element.text = str(text)
    return element


def without_cid(content_id: str) -> str:
    return content_id[4:] if content_id.lower().startswith("cid:") else content_id


def with_cid(content_id: str) -> str:
    return content_id if content_id.lower().startswith("cid:") else f"cid:{content_id}"


def _organization(parent: etree._Element, tag: str, org: Organization) -> None:
    node = _add(parent, tag)
    _add(node, "OrganId", org.organ_id)
    _add(node, "OrganizationInCharge", org.organization_in_charge)
    _add(node, "OrganName", org.organ_name)
    _add(node, "OrganAdd", org.organ_add)
    _add(node, "Email", org.email)
    _add(node, "Telephone", org.telephone)
    _add(node, "Fax", org.fax)
    _add(node, "Website", org.website)


def _response_for(parent: etree._Element, item: ResponseFor) -> None:
    node = _add(parent, "ResponseFor")
    _add(node, "OrganId", item.organ_id)
    _add(node, "Code", item.code)
    _add(node, "PromulgationDate", fmt_date(item.promulgation_date))
    _add(node, "DocumentId", item.document_id)


def _staff(parent: etree._Element, staff: StaffInfo) -> None:
    node = _add(parent, "StaffInfo")
    _add(node, "Department", staff.department)
    _add(node, "Staff", staff.staff)
    _add(node, "Mobile", staff.mobile)
    _add(node, "Email", staff.email)


def _message_header(parent: etree._Element, p: EdocPackage) -> None:
    header = _add(parent, "MessageHeader")
    _organization(header, "From", p.sender)  # 1.1
    for recipient in p.recipients:  # 1.2
        _organization(header, "To", recipient)
    code = _add(header, "Code")  # 1.3
    _add(code, "CodeNumber", p.code.code_number)
    _add(code, "CodeNotation", p.code.code_notation)
    promulgation = _add(header, "PromulgationInfo")  # 1.4
    _add(promulgation, "Place", p.place)
    _add(promulgation, "PromulgationDate", fmt_date(p.promulgation_date))
    doc_type = _add(header, "DocumentType")  # 1.5
    _add(doc_type, "Type", p.type_code)
    _add(doc_type, "TypeName", p.type_name)
    _add(header, "Subject", p.subject)  # 1.6
    _add(header, "Content", p.content)  # 1.7
    signer = _add(header, "SignerInfo")  # 1.8
    _add(signer, "Competence", p.signer.competence)
    _add(signer, "Position", p.signer.position)
    _add(signer, "FullName", p.signer.full_name)
    _add(header, "DueDate", fmt_date(p.due_date))  # 1.9
    places = _add(header, "ToPlaces")  # 1.10
    for place in p.to_places:
        _add(places, "Place", place)
    other = _add(header, "OtherInfo")  # 1.11
    _add(other, "Priority", p.other.priority)
    _add(other, "SphereOfPromulgation", p.other.sphere_of_promulgation)
    _add(other, "TyperNotation", p.other.typer_notation)
    _add(other, "PromulgationAmount", p.other.promulgation_amount)
    _add(other, "PageAmount", p.other.page_amount)
    appendixes = _add(other, "Appendixes")
    for appendix in p.other.appendixes:
        _add(appendixes, "Appendix", appendix)
    for item in p.response_for:  # 1.12
        _response_for(header, item)
    _add(header, "SteeringType", p.steering_type)  # 1.13
    _add(header, "DocumentId", p.document_id)  # 1.14


def _business(parent: etree._Element, b: Business) -> None:
    # "Bussiness" is how the standard and the SDKs spell it; parse.py also reads "Business".
    node = _add(parent, "Bussiness")
    _add(node, "BussinessDocType", b.doc_type)  # 2.2.1
    _add(node, "BussinessDocReason", b.reason)  # 2.2.2
    info = _add(node, "BussinessDocumentInfo")  # 2.2.3
    _add(info, "DocumentInfo", b.document_info)
    _add(info, "DocumentReceiver", b.document_receiver)
    receivers = _add(info, "ReceiverList")
    for receiver in b.receivers:
        entry = _add(receivers, "Receiver")
        _add(entry, "ReceiverType", receiver.receiver_type)
        _add(entry, "OrganId", receiver.organ_id)
    _add(node, "DocumentId", b.document_id)  # 2.2.4
    _staff(node, b.staff_info)  # 2.2.5
    _add(node, "Paper", b.paper)
    replacements = _add(node, "ReplacementInfoList")  # 2.2.8
    for replacement in b.replacements:
        entry = _add(replacements, "ReplacementInfo")
        _add(entry, "DocumentId", replacement.document_id)
        organs = _add(entry, "OrganIdList")
        for organ_id in replacement.organ_ids:
            _add(organs, "OrganId", organ_id)


def _envelope() -> tuple[etree._Element, etree._Element, etree._Element]:
    root = etree.Element(q("edXML"), nsmap={PREFIX: NAMESPACE})
    envelope = _add(root, "edXMLEnvelope")
    header = _add(envelope, "edXMLHeader")
    return root, envelope, header


def _serialise(root: etree._Element) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def build_edoc(package: EdocPackage) -> bytes:
    """The unsigned edXML of `package` (UTF-8)."""
    root, envelope, header = _envelope()
    _message_header(header, package)
    traces = _add(header, "TraceHeaderList")
    for trace in package.traces:
        entry = _add(traces, "TraceHeader")
        _add(entry, "OrganId", trace.organ_id)
        _add(entry, "Timestamp", fmt_moment(trace.timestamp))
    _business(traces, package.business)
    body = _add(envelope, "edXMLBody")
    manifest = _add(body, "edXMLManifest")
    manifest.set("version", MANIFEST_VERSION)
    for attachment in package.attachments:
        reference = _add(manifest, "Reference")
        _add(reference, "ContentId", with_cid(attachment.content_id))
        _add(reference, "ContentType", attachment.content_type)
        _add(reference, "AttachmentName", attachment.name)
        _add(reference, "Description", attachment.description)
    encoded = _add(root, "AttachmentEncoded")
    for attachment in package.attachments:
        entry = _add(encoded, "Attachment")
        _add(entry, "ContentId", without_cid(attachment.content_id))
        _add(entry, "AttachmentName", attachment.name)
        _add(entry, "Description", attachment.description)
        _add(entry, "ContentType", attachment.content_type)
        _add(entry, "ContentTransferEncoded", base64.b64encode(attachment.data).decode("ascii"))
    return _serialise(root)


def build_status(status: StatusPackage) -> bytes:
    """The unsigned `Status` edXML of `status` (UTF-8)."""
    root, _envelope_node, header = _envelope()
    node = _add(header, "Status")
    _response_for(node, status.response_for)
    _organization(node, "From", status.sender)
    _add(node, "StatusCode", status.status_code)
    _add(node, "Description", status.description)
    _add(node, "Timestamp", fmt_moment(status.timestamp))
    _staff(node, status.staff)
    return _serialise(root)
