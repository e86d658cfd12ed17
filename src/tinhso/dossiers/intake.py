"""What a valid submission or supplement is, for every channel (counter, online, national
portal, API): the files it may carry and their type read from the bytes, the delivery of the
result, the competent agency, and what an applicant's supplement must contain.

The channels are thin adapters: they turn their input into a NewDossier / NewFile and call
tinhso.dossiers.services, which asks this module. Nothing here trusts what the client
declares: a file's type is derived from its first bytes, never from its name or the
Content-Type its browser sent; a stored file gets a random name (the original name is kept
only to show).
"""

from __future__ import annotations

import copy
import re
import unicodedata
import uuid
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.files import File
from django.db.models import prefetch_related_objects
from django.utils import timezone

from tinhso.catalogue.constants import DeliveryMode
from tinhso.catalogue.fees import FeeChoice, FeeChoiceError, applicable_fees, picked_fees
from tinhso.core import money
from tinhso.core.money import MAX_AMOUNT

# The competence rule lives in its own module; kept importable from here for the channels.
from tinhso.dossiers.competence import competent_agencies as competent_agencies
from tinhso.dossiers.competence import competent_agency_for as competent_agency_for
from tinhso.dossiers.competence import competent_choice as competent_choice
from tinhso.dossiers.competence import is_territorial as is_territorial
from tinhso.dossiers.competence import residence_unit_of as residence_unit_of
from tinhso.organisation.models import AdministrativeUnit, Agency

if TYPE_CHECKING:
    from tinhso.accounts.models import User
    from tinhso.catalogue.models import ProcedureVersion
    from tinhso.dossiers.models import DossierComponent

# --- files ----------------------------------------------------------------------------------

# What a component accepts when the procedure names no types (the online service's set).
DEFAULT_TYPES: tuple[str, ...] = ("pdf", "jpg", "jpeg", "png")
# Only these are ever shown in the browser, and only after their bytes were checked.
INLINE_CONTENT_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg"})
# How far a browser sniffs for HTML (WHATWG MIME sniffing reads 1445 bytes at most).
SNIFF_WINDOW = 1445
# Markup a sniffing browser or viewer would run: refused in the head of any file.
_MARKUP = re.compile(
    rb"<\s*(script|html|svg|iframe|body|head|!doctype|object|embed|img|style|meta|link|form)"
    rb"[\s>/]|<\?xml-stylesheet|javascript:",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class FileType:
    """An accepted file type: its name, canonical extension and media type."""

    key: str
    extension: str
    content_type: str
    label: str


FILE_TYPES: dict[str, FileType] = {
    t.key: t
    for t in (
        FileType("pdf", "pdf", "application/pdf", "PDF"),
        FileType("jpeg", "jpg", "image/jpeg", "JPG"),
        FileType("png", "png", "image/png", "PNG"),
        FileType("doc", "doc", "application/msword", "DOC"),
        FileType("xls", "xls", "application/vnd.ms-excel", "XLS"),
        FileType(
            "docx",
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "DOCX",
        ),
        FileType(
            "xlsx",
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "XLSX",
        ),
        FileType("zip", "zip", "application/zip", "ZIP"),
        FileType("xml", "xml", "application/xml", "XML"),
    )
}
# The names procedures use for the types (catalogue file_types) → the type.
_ALIASES = {"jpg": "jpeg", "jpeg": "jpeg"}

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class FileRefused(ValueError):
    """The file is not accepted; the message is Vietnamese and names the file."""


@dataclass(frozen=True)
class CheckedFile:
    """A file whose bytes were checked: its type is what the bytes are."""

    file_type: FileType
    display_name: str  # the uploader's name, cleaned, with the extension of the real type
    size: int

    @property
    def content_type(self) -> str:
        return self.file_type.content_type

    def stored_name(self) -> str:
        """A random name for the storage: it says nothing about the person or the paper."""
        return f"{uuid.uuid4().hex}.{self.file_type.extension}"


def type_keys(allowed: Iterable[str] | None) -> list[str]:
    """The accepted types for a list of extensions as procedures write them (pdf, jpg …)."""
    keys: list[str] = []
    for name in allowed or DEFAULT_TYPES:
        key = _ALIASES.get(name.lower().lstrip("."), name.lower().lstrip("."))
        if key in FILE_TYPES and key not in keys:
            keys.append(key)
    return keys or type_keys(DEFAULT_TYPES)


def types_label(allowed: Iterable[str] | None) -> str:
    return ", ".join(FILE_TYPES[k].label for k in type_keys(allowed))


def max_upload_bytes() -> int:
    return int(settings.MAX_UPLOAD_MB) * 1024 * 1024


def _read_head(upload: File[bytes]) -> bytes:
    upload.seek(0)
    head = upload.read(SNIFF_WINDOW)
    upload.seek(0)
    return head if isinstance(head, bytes) else head.encode()


def _zip_kind(upload: File[bytes]) -> str | None:
    """docx, xlsx or zip by the archive's entries; None when it is not a readable archive."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    finally:
        upload.seek(0)
    if "[Content_Types].xml" in names:
        if any(n.startswith("word/") for n in names):
            return "docx"
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
    return "zip"


def derive_type(upload: File[bytes], hint: str = "") -> FileType | None:
    """The type the bytes are, or None for anything not accepted anywhere.

    `hint` (the file name's extension) only tells Word from Excel inside the old OLE format,
    which the bytes alone do not; both are served as attachments only.
    """
    head = _read_head(upload)
    if head.startswith(b"%PDF-"):
        return FILE_TYPES["pdf"]
    if head.startswith(b"\xff\xd8\xff"):
        return FILE_TYPES["jpeg"]
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return FILE_TYPES["png"]
    if head.startswith(_OLE):
        return FILE_TYPES["xls" if hint == "xls" else "doc"]
    if head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(upload)
        return FILE_TYPES[kind] if kind else None
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<?xml"):
        return FILE_TYPES["xml"]
    return None


def carries_markup(upload: File[bytes]) -> bool:
    """HTML, SVG or script where a sniffing browser would look for it."""
    return _MARKUP.search(_read_head(upload)) is not None


def display_name(name: str, file_type: FileType) -> str:
    """The uploader's file name, without folders or control characters, ending in the
    extension of the type the bytes are (a JPEG sent as “anh.svg” is shown as “anh.jpg”)."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip(" .")
    suffix = PurePath(base).suffix.lower().lstrip(".")
    stem = (PurePath(base).stem if suffix else base)[:200] or "tep"
    if _ALIASES.get(suffix, suffix) == file_type.key:
        return f"{stem}.{suffix}"
    return f"{stem}.{file_type.extension}"


def file_check(upload: File[bytes], allowed: Iterable[str] | None = None) -> CheckedFile:
    """Check one file for a dossier; raise FileRefused with the Vietnamese reason.

    Accepted: not empty, at most MAX_UPLOAD_MB, named as one of the `allowed` types (the
    component's types, PDF/JPG/PNG when it names none) and with the bytes of that type (an
    HTML page renamed “.pdf”, a JPEG named “.svg” are refused), and no HTML or script in the
    part a browser sniffs (a PDF that starts with “%PDF-” and then carries <script> is
    refused). The stored type is the one the bytes are, never what the client declared.
    """
    name = PurePath(re.split(r"[\\/]", upload.name or "")[-1]).name or "tệp"
    size = upload.size
    if size is not None and size > max_upload_bytes():
        raise FileRefused(f"Tệp “{name}” lớn hơn {settings.MAX_UPLOAD_MB} MB.")
    if not size:
        raise FileRefused(f"Tệp “{name}” rỗng.")
    keys = type_keys(allowed)
    listed = types_label(allowed)
    extension = PurePath(name).suffix.lower().lstrip(".")
    named = _ALIASES.get(extension, extension)
    if named not in keys:  # the name must say one of the accepted types …
        raise FileRefused(f"Tệp “{name}” không đúng định dạng cho phép ({listed}).")
    if carries_markup(upload):
        raise FileRefused(
            f"Tệp “{name}” chứa mã HTML hoặc mã lệnh, không phải tệp {extension.upper()} hợp lệ."
        )
    found = derive_type(upload, extension)
    if found is None or found.key != named:  # … and the bytes must be that type
        raise FileRefused(f"Nội dung tệp “{name}” không phải là tệp {extension.upper()} hợp lệ.")
    return CheckedFile(file_type=found, display_name=display_name(name, found), size=size)


def file_error(upload: File[bytes], allowed: Iterable[str] | None = None) -> str | None:
    """The Vietnamese reason the file is refused, or None when it is accepted (for forms)."""
    try:
        file_check(upload, allowed)
    except FileRefused as exc:
        return str(exc)
    return None


def component_types(component: DossierComponent | None) -> list[str]:
    """What a paper of a dossier accepts: its procedure's types, or PDF/JPG/PNG."""
    spec = component.spec if component is not None else None
    if spec is not None and spec.file_type_list:
        return list(spec.file_type_list)
    return list(DEFAULT_TYPES)


# --- the submission -------------------------------------------------------------------------


class DossierInputError(Exception):
    """Bad input for a new dossier; `errors` maps a field to its Vietnamese message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


@dataclass
class ApplicantInfo:
    name: str
    cccd: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    account: User | None = None


@dataclass
class NewFile:
    """A file handed in with a dossier; `upload` is checked (file_check) before it is kept."""

    upload: File[bytes]
    component_spec_id: int | None = None
    kind: str = "component"  # tinhso.dossiers.constants.FileKind
    # Taken from the applicant's data store (kho dữ liệu), not uploaded: reuse of digitised
    # papers, Thông tư 01/2023/TT-VPCP; recorded on the submission event for the 766 index.
    from_store: bool = False


@dataclass
class NewDossier:
    version: ProcedureVersion
    receiving_agency: Agency
    applicant: ApplicantInfo
    channel: str = "counter"  # tinhso.dossiers.constants.Channel
    competent_agency: Agency | None = None
    received_components: set[int] = field(default_factory=set)
    files: list[NewFile] = field(default_factory=list)
    fees_paid: int = 0
    delivery_mode: str = "counter"
    postal_address: str = ""
    note: str = ""
    # Fees (tinhso.catalogue.fees): the e-form's answers decide them online and from the
    # national portal; an officer picks the lines at the counter / by post (ids of FeeItem).
    fee_lines: list[int] | None = None
    fees_reason: str = ""  # why more was collected than is due
    filed_on: date | None = None  # the day the applicant filed (default: today)
    # Where the applicant lives (the counter's select, the portal's code), and the e-form's
    # answers: what decides the competent commune of a territorial procedure
    # (competent_agency_for).
    residence_unit: AdministrativeUnit | None = None
    answers: dict[str, Any] = field(default_factory=dict)


# The channel is derived from who files, never declared (issue 11, finding 9): an officer
# records what was handed in at the counter or came by post; a dossier filed online comes from
# the applicant's own account; one from the national portal comes through its signed intake,
# with no user. An officer declaring "online" would inflate the online figures of the 766
# index (Quyết định 766/QĐ-TTg).
OFFICER_CHANNELS = frozenset({"counter", "postal"})
APPLICANT_CHANNELS = frozenset({"online"})
SYSTEM_CHANNELS = frozenset({"national_portal"})
CHANNEL_REFUSED = (
    "cán bộ chỉ ghi nhận hồ sơ nộp trực tiếp (counter) hoặc qua bưu chính (postal); hồ sơ "
    "trực tuyến và từ Cổng Dịch vụ công quốc gia đến qua kênh nộp của chúng"
)


def channels_for(actor: User | None) -> frozenset[str]:
    """The channels a dossier filed by `actor` may carry (None: the national-portal intake)."""
    if actor is None:
        return SYSTEM_CHANNELS
    if getattr(actor, "kind", "") == "staff":  # tinhso.accounts.constants.AccountKind.STAFF
        return OFFICER_CHANNELS
    return APPLICANT_CHANNELS


# What every rule of a submission reads of its procedure version: read once per intake
# (issue 17's profile found them re-read four or five times in one submission).
VERSION_PARTS = ("components", "fees", "agencies")


def loaded(version: ProcedureVersion) -> ProcedureVersion:
    """`version` with its components, fees and competent agencies read (one query each, none
    for a part already read); a copy when something is missing, so the caller's object, which
    may outlive this intake, never keeps a stale list."""
    cache = getattr(version, "_prefetched_objects_cache", {})
    missing = [part for part in VERSION_PARTS if part not in cache]
    if not missing:
        return version
    fresh = copy.copy(version)
    fresh._prefetched_objects_cache = dict(cache)  # type: ignore[attr-defined]
    prefetch_related_objects([fresh], *missing)
    return fresh


def submission_check(new: NewDossier, actor: User | None) -> Agency:
    """The competent agency of a valid submission filed by `actor`, or DossierInputError
    listing every problem (the same rules at the counter, online, from the national portal
    and through the API)."""
    return submission_checked(new, actor)[0]


def submission_checked(new: NewDossier, actor: User | None) -> tuple[Agency, FeeChoice]:
    """submission_check, with the fees the submission owes (computed once for both)."""
    errors: dict[str, str] = {}
    choice: FeeChoice | None = None
    version = new.version
    if not new.applicant.name.strip():
        errors["applicant_name"] = "Hãy nhập họ và tên người nộp hồ sơ."
    if new.channel not in channels_for(actor):
        errors["channel"] = "Kênh nộp hồ sơ không hợp lệ: " + CHANNEL_REFUSED + "."
    errors.update(delivery_errors(version, new.delivery_mode, new.postal_address))
    if not version.is_published:
        errors["procedure"] = "Thủ tục chưa được công bố."
    if not 0 <= new.fees_paid <= MAX_AMOUNT:
        errors["fees_paid"] = "Số tiền đã thu phải là số đồng không âm, ví dụ 50.000."
    else:
        fee_problems, choice = _fee_check(new)
        errors.update(fee_problems)
    if is_territorial(version):
        competent, problem = competent_agency_for(
            version,
            new.receiving_agency,
            residence_unit_of(new.residence_unit, new.applicant.address),
            new.answers,
            chosen=new.competent_agency,
        )
    else:
        competent, problem = competent_choice(version, new.receiving_agency, new.competent_agency)
    if problem:
        errors["competent_agency"] = problem
    specs = {s.pk: s for s in version.components.all()}
    if not new.received_components <= specs.keys():
        errors["components"] = "Có giấy tờ không thuộc thủ tục này."
    for f in new.files:
        spec = specs.get(f.component_spec_id) if f.component_spec_id is not None else None
        if f.component_spec_id is not None and spec is None:
            errors["files"] = "Có tệp gắn với giấy tờ không thuộc thủ tục này."
            continue
        types = spec.file_type_list if spec is not None else None
        try:
            file_check(f.upload, types or None)
        except FileRefused as exc:
            errors["files"] = str(exc)
    if errors:
        raise DossierInputError(errors)
    assert competent is not None and choice is not None
    return competent, choice


def fees_for(new: NewDossier) -> FeeChoice:
    """The fee lines a new dossier owes (tinhso.catalogue.fees, one rule for every channel).

    Filed by an officer (counter, post): the lines the officer picked, exactly one of each
    group of alternatives. Filed online or on the national portal: the lines the e-form's
    answers select, computed here — an amount a client sends is never read. Raises
    FeeChoiceError (Vietnamese) when the officer's pick is not a valid choice.
    """
    if new.channel in OFFICER_CHANNELS:
        return picked_fees(new.version, new.fee_lines or [])
    return applicable_fees(new.version, new.answers, new.filed_on or timezone.localdate())


def fee_errors(new: NewDossier) -> dict[str, str]:
    """Fees an officer picked that are not a choice, or more collected than is due without a
    reason (Luật Phí và lệ phí 2015 Điều 17: collect at the rate set, no more)."""
    return _fee_check(new)[0]


def _fee_check(new: NewDossier) -> tuple[dict[str, str], FeeChoice | None]:
    try:
        choice = fees_for(new)
    except FeeChoiceError as exc:
        return {"fee_lines": str(exc)}, None
    if (
        new.channel in OFFICER_CHANNELS
        and new.fees_paid > choice.total
        and not new.fees_reason.strip()
    ):
        due = money.dong(choice.total)
        message = (
            f"Số tiền đã thu lớn hơn phí, lệ phí phải nộp ({due}); hãy ghi "
            "lý do thu thêm hoặc sửa số tiền."
        )
        return {"fees_paid": message}, choice
    return {}, choice


def delivery_modes(version: ProcedureVersion) -> list[str]:
    """How this procedure returns results (ND 118/2025: at the counter, by public post or
    electronically, as the procedure allows)."""
    return [m for m in (version.delivery_modes or [DeliveryMode.COUNTER]) if m in DeliveryMode]


def delivery_errors(version: ProcedureVersion, mode: str, postal_address: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if mode not in delivery_modes(version):
        errors["delivery_mode"] = "Thủ tục này không trả kết quả theo hình thức đã chọn."
    elif mode == DeliveryMode.POSTAL and not postal_address.strip():
        errors["postal_address"] = "Hãy nhập địa chỉ nhận kết quả qua bưu chính."
    if len(postal_address.strip()) > 300:
        errors["postal_address"] = "Địa chỉ dài quá 300 ký tự."
    return errors


# --- the supplement -------------------------------------------------------------------------


@dataclass
class SupplementCheck:
    """What is wrong with an applicant's supplement (empty when complete)."""

    empty: bool = False
    missing: list[DossierComponent] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.empty and not self.missing

    def message(self) -> str:
        if self.empty:
            return "Hãy tải lên ít nhất một giấy tờ bổ sung."
        names = "; ".join(f"“{c.name}”" for c in self.missing)
        return f"Hồ sơ bổ sung còn thiếu giấy tờ bắt buộc chưa nộp: {names}."


def supplement_check(
    components: Iterable[DossierComponent], answered: set[int], *, files: int
) -> SupplementCheck:
    """An applicant's answer to a request to supplement (Nghị định 118/2025/NĐ-CP; Mẫu 02,
    Thông tư 03/2025/TT-VPCP): the time waiting does not count and the clock restarts when
    the complete supplement is received, so it carries at least one paper and every required
    paper not yet received. `answered`: ids of the dossier components the files are for."""
    missing = [c for c in components if c.required and not c.received and c.pk not in answered]
    return SupplementCheck(empty=files == 0, missing=missing)
