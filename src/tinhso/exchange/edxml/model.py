"""The content of an edXML package as plain data (QCVN 102:2016/BTTTT; regulations.md §4.6).

Field names follow the standard's element names in snake case; the numbers in comments are
those of the MessageHeader as numbered in the public adapters (1.1 From … 1.14 DocumentId,
2.2.x Bussiness). Building and parsing are in `build.py` and `parse.py`; a package parsed from
what `build_edoc` made equals the package it was made from (round-trip tests).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

NAMESPACE = "http://www.mic.gov.vn/TBT/QCVN_102_2016"


class BusinessDocType:
    """2.2.1 BussinessDocType (sic in the standard)."""

    NEW = 0  # văn bản mới
    REVOKE = 1  # thu hồi
    UPDATE = 2  # cập nhật
    REPLACE = 3  # thay thế


@dataclass(frozen=True)
class Organization:
    """1.1 From / 1.2 To: an organisation by its mã định danh (Quyết định 20/2020/QĐ-TTg)."""

    organ_id: str
    organ_name: str = ""
    organization_in_charge: str = ""
    organ_add: str = ""
    email: str = ""
    telephone: str = ""
    fax: str = ""
    website: str = ""


@dataclass(frozen=True)
class Code:
    """1.3 Code: "15" and "QĐ-UBND" of "Số: 15/QĐ-UBND"."""

    code_number: str
    code_notation: str


@dataclass(frozen=True)
class SignerInfo:
    """1.8 SignerInfo."""

    competence: str = ""  # thẩm quyền ký: "TM.", "KT." … followed by the body
    position: str = ""
    full_name: str = ""


@dataclass(frozen=True)
class OtherInfo:
    """1.11 OtherInfo."""

    priority: int = 0  # độ khẩn (the code list is not public; 0 = thường)
    sphere_of_promulgation: str = ""
    typer_notation: str = ""  # ký hiệu người đánh máy
    promulgation_amount: int = 0  # số lượng bản
    page_amount: int = 0
    appendixes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ResponseFor:
    """1.12 ResponseFor: the document this one answers (or a status is about)."""

    organ_id: str
    code: str  # "15/QĐ-UBND"
    promulgation_date: date | None
    document_id: str


@dataclass(frozen=True)
class TraceHeader:
    organ_id: str
    timestamp: datetime


@dataclass(frozen=True)
class StaffInfo:
    """2.2.5 StaffInfo: who handled it at the sender."""

    department: str = ""
    staff: str = ""
    mobile: str = ""
    email: str = ""


@dataclass(frozen=True)
class Receiver:
    receiver_type: int  # 1 = nơi nhận chính, 2 = để biết … (as sent; not interpreted)
    organ_id: str


@dataclass(frozen=True)
class ReplacementInfo:
    """2.2.8: the document (DocumentId) replaced, and at which organisations."""

    document_id: str
    organ_ids: tuple[str, ...]


@dataclass(frozen=True)
class Business:
    """2.2 Bussiness: what this package does to a document (new, revoke, update, replace)."""

    doc_type: int = BusinessDocType.NEW
    reason: str = ""  # 2.2.2, mandatory for 1–3
    document_info: str = ""
    document_receiver: str = ""
    receivers: tuple[Receiver, ...] = ()
    document_id: str = ""  # 2.2.4: the DocumentId acted on (revoke/update/replace)
    staff_info: StaffInfo = field(default_factory=StaffInfo)
    paper: int = 0  # 1 = a paper copy is also sent
    replacements: tuple[ReplacementInfo, ...] = ()


@dataclass(frozen=True)
class Attachment:
    """A file of the package: listed in edXMLManifest, carried in AttachmentEncoded."""

    content_id: str  # "cid:…", unique in the package
    content_type: str  # derived from the bytes on receipt, never trusted as declared
    name: str
    data: bytes
    description: str = ""


@dataclass(frozen=True)
class EdocPackage:
    """One document with its attachments: what an `edoc` message carries."""

    sender: Organization  # 1.1 From
    recipients: tuple[Organization, ...]  # 1.2 To
    code: Code  # 1.3
    place: str  # 1.4 PromulgationInfo.Place
    promulgation_date: date  # 1.4 PromulgationInfo.PromulgationDate
    type_code: int  # 1.5 DocumentType.Type
    type_name: str  # 1.5 DocumentType.TypeName ("Quyết định", "Công văn" …)
    subject: str  # 1.6 Subject (trích yếu)
    document_id: str  # 1.14 DocumentId: "<OrganId>,<yyyy/MM/dd>,<number/symbol>"
    content: str = ""  # 1.7
    signer: SignerInfo = field(default_factory=SignerInfo)  # 1.8
    due_date: date | None = None  # 1.9
    to_places: tuple[str, ...] = ()  # 1.10 ToPlaces (nơi nhận as printed)
    other: OtherInfo = field(default_factory=OtherInfo)  # 1.11
    response_for: tuple[ResponseFor, ...] = ()  # 1.12
    steering_type: int = 0  # 1.13
    traces: tuple[TraceHeader, ...] = ()  # TraceHeaderList
    business: Business = field(default_factory=Business)
    attachments: tuple[Attachment, ...] = ()


@dataclass(frozen=True)
class StatusPackage:
    """A `Status` edXML: what a receiver reports of a document (codes in STATUS_CODES)."""

    response_for: ResponseFor  # the document the status is about
    sender: Organization  # who reports (the receiver of the document)
    status_code: str  # "01" … "16"
    timestamp: datetime
    description: str = ""  # the reason of a 02 or 16: mandatory there
    staff: StaffInfo = field(default_factory=StaffInfo)


# Status codes as used on the VPCP axis (regulations.md §4.6). Kept as data, per the research
# note: the 14-vs-15 ambiguity (agreeing to a recall) is open, 15 is what e-office rules use.
STATUS_CODES: dict[str, str] = {
    "01": "Đã đến",
    "02": "Từ chối tiếp nhận",
    "03": "Đã tiếp nhận (vào sổ)",
    "04": "Phân công xử lý",
    "05": "Đang xử lý",
    "06": "Hoàn thành",
    "13": "Yêu cầu lấy lại",
    "15": "Đồng ý lấy lại/cập nhật",
    "16": "Từ chối lấy lại/cập nhật",
}
REASON_REQUIRED = frozenset({"02", "16"})


def document_id(organ_id: str, issued: date, number_and_symbol: str) -> str:
    """DocumentId: "000.00.00.G22,2018/09/20,7816/VPCP-TTĐT" (issuer, date, number/symbol)."""
    return f"{organ_id},{issued:%Y/%m/%d},{number_and_symbol}"


class EdxmlError(ValueError):
    """A package that cannot be accepted; `reason` (Vietnamese) goes back in a status 02."""

    def __init__(self, reason: str, *, field: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.field = field


class SignerUnavailable(EdxmlError):
    """The signing device did not answer now (an HSM busy or restarting): try again later,
    unlike a missing seal certificate, which needs a person."""
