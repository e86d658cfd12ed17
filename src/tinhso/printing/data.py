"""Plain, frozen data for the one-stop forms (Thông tư 03/2025/TT-VPCP, Phụ lục I).

The printing app never imports the dossiers app: a builder elsewhere turns a dossier into these
objects and `tinhso.printing.render` turns them into PDF / XLSX bytes.

Conventions
- Every text field is printed as given (escaped); write it in Vietnamese with diacritics.
- Datetimes may be aware (converted with `django.utils.timezone.localtime`) or naive (taken as
  local time, Asia/Ho_Chi_Minh). Where a field says `date | datetime`, a plain date prints without
  the time.
- Sequences may be passed as lists; they are stored as tuples so the objects stay hashable.
- Agency names are given in normal case ("Trung tâm Phục vụ hành chính công tỉnh Nghệ An"); the
  templates put them in capitals where Nghị định 30/2020/NĐ-CP wants capitals.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime

FORM_SOURCE = "Phụ lục I, Thông tư số 03/2025/TT-VPCP"


class _Tuples:
    """Turn list fields into tuples after __init__ (frozen dataclasses forbid plain setattr)."""

    def __post_init__(self) -> None:
        for f in fields(self):  # type: ignore[arg-type]
            value = getattr(self, f.name)
            if isinstance(value, list):
                object.__setattr__(self, f.name, tuple(value))


@dataclass(frozen=True)
class Header:
    """Issuing body (left) and the place of the date line (right).

    parent_agency_name: the direct superior body, printed in capitals, regular weight
        ("UBND tỉnh Nghệ An"); empty if none.
    agency_name: the issuing body, printed in capitals, bold, underlined.
    place: the administrative unit where the body sits, for "<place>, ngày … tháng … năm …".
    unit_name: an optional third line under the agency (e.g. "Bộ phận Một cửa").
    """

    agency_name: str
    parent_agency_name: str = ""
    place: str = ""
    unit_name: str = ""


@dataclass(frozen=True)
class Signer:
    """Competent signer of a letter (Nghị định 30/2020, ô 7a–7b).

    authority: "KT. GIÁM ĐỐC", "TM. ỦY BAN NHÂN DÂN" … (empty when the head signs); several
        lines are separated by "\n" ("TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH").
    position: "PHÓ GIÁM ĐỐC", "CHỦ TỊCH", "Q. GIÁM ĐỐC" …
    """

    name: str
    position: str
    authority: str = ""


@dataclass(frozen=True)
class Applicant:
    """The person or organisation who filed the dossier.

    id_number: số định danh cá nhân (CCCD), full or masked ("0380******123") as the caller decides;
        for an organisation, its tax / enterprise code.
    is_person: False for an organisation or business, which is addressed by its name, never
        "Ông/Bà".
    """

    name: str
    id_number: str = ""
    phone: str = ""
    address: str = ""
    email: str = ""
    organisation: str = ""
    is_person: bool = True

    @property
    def addressee(self) -> str:
        """How the letter speaks to the applicant: "Ông/Bà" for a person, else the name."""
        return "Ông/Bà" if self.is_person else self.name


@dataclass(frozen=True)
class ComponentLine:
    """One dossier component received (Mẫu 01 table): how many originals / copies."""

    name: str
    originals: int = 0
    copies: int = 0
    note: str = ""
    electronic: bool = False


@dataclass(frozen=True)
class ReceiptData(_Tuples):
    """Mẫu số 01 — Giấy tiếp nhận hồ sơ và hẹn trả kết quả."""

    header: Header
    number: str
    dossier_code: str
    procedure_name: str
    procedure_code: str
    applicant: Applicant
    received_at: datetime
    due_at: datetime
    components: tuple[ComponentLine, ...] = ()
    delivery_mode: str = ""
    # fees: the fees due for this dossier; fees_paid: what was collected at reception.
    fees: int = 0
    receiving_officer: str = ""
    tracking_url: str = ""
    # The tracking proof (dossiers/tracking.py), also inside tracking_url: typed by hand when
    # the QR code cannot be scanned.
    tracking_key: str = ""
    dossier_number_in_register: str = ""
    register_book: str = ""
    request_content: str = ""
    dossier_sets: int = 1
    processing_time: str = ""
    channel: str = ""
    issued_at: datetime | None = None
    fees_paid: int = 0
    # A later appointment (extension, time spent waiting for a supplement): printed beside the
    # date issued at reception (due_at), which a reprint never changes.
    rescheduled_due_at: datetime | None = None


@dataclass(frozen=True)
class SupplementItem:
    """One thing missing from a dossier and the rule that requires it."""

    missing: str
    legal_basis: str = ""
    guidance: str = ""


@dataclass(frozen=True)
class SupplementData(_Tuples):
    """Mẫu số 02 — Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (everything missing, in one go)."""

    header: Header
    number: str
    dossier_code: str
    procedure_name: str
    applicant: Applicant
    items: tuple[SupplementItem, ...]
    officer: str
    issued_at: datetime
    deadline: date | datetime | None = None
    received_at: datetime | None = None
    reason: str = ""
    contact_phone: str = ""
    note: str = ""
    officer_title: str = "Cán bộ tiếp nhận"
    tracking_url: str = ""


@dataclass(frozen=True)
class Reason:
    """A legal reason (never a technical error code), with its legal basis."""

    text: str
    legal_basis: str = ""


@dataclass(frozen=True)
class RefusalData(_Tuples):
    """Mẫu số 03 — Phiếu từ chối tiếp nhận giải quyết hồ sơ."""

    header: Header
    number: str
    procedure_name: str
    applicant: Applicant
    reasons: tuple[Reason, ...]
    officer: str
    issued_at: datetime
    dossier_code: str = ""
    submitted_at: datetime | None = None
    officer_title: str = "Cán bộ tiếp nhận"


@dataclass(frozen=True)
class Extension:
    """One earlier extension of the deadline (history printed under the apology)."""

    requested_at: date | datetime
    previous_due_at: date | datetime
    new_due_at: date | datetime
    reason: str
    approved_by: str = ""


@dataclass(frozen=True)
class ApologyData(_Tuples):
    """Mẫu số 04 — Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết."""

    header: Header
    number: str
    dossier_code: str
    procedure_name: str
    applicant: Applicant
    received_at: datetime
    original_due_at: datetime
    reason: str
    new_due_at: datetime
    signer: Signer
    issued_at: datetime
    extension_history: tuple[Extension, ...] = ()
    recipients: tuple[str, ...] = ()
    receiving_agency: str = ""
    # "lần thứ hai" …: which decision to extend this letter is (each one is numbered).
    decision_label: str = ""


@dataclass(frozen=True)
class StopData(_Tuples):
    """Mẫu số 05 — Thông báo dừng giải quyết hồ sơ.

    request: who asked to stop and how ("Đơn đề nghị dừng … của bà … ngày …"); may be empty when the
        body stops on its own motion.
    stage: the processing stage the dossier had reached.
    decision: the decision ("Dừng giải quyết hồ sơ … kể từ …").
    basis: the legal basis, printed after "Căn cứ" (without the "Căn cứ").
    fees_settlement: how fees already paid are settled (refund, kept …).
    """

    header: Header
    number: str
    dossier_code: str
    procedure_name: str
    applicant: Applicant
    received_at: datetime
    reason: str
    stage: str
    decision: str
    fees_settlement: str
    signer: Signer
    issued_at: datetime
    stopped_at: datetime | None = None
    request: str = ""
    recipients: tuple[str, ...] = ()
    # The legal basis of the notice ("Nghị định số 118/2025/NĐ-CP …"), after "Căn cứ".
    basis: str = ""


@dataclass(frozen=True)
class RefusalNoticeData(_Tuples):
    """Thông báo từ chối giải quyết hồ sơ: the competent body refuses a dossier it received,
    with the legal reason, signed by its leader, returned through the one-stop (Nghị định
    118/2025/NĐ-CP). Not Mẫu 03 (that is the one-stop's refusal to receive)."""

    header: Header
    number: str
    dossier_code: str
    procedure_name: str
    applicant: Applicant
    received_at: datetime
    reason: str
    legal_basis: str
    signer: Signer
    issued_at: datetime
    receiving_agency: str = ""
    recipients: tuple[str, ...] = ()


@dataclass(frozen=True)
class WithdrawalData(_Tuples):
    """Xác nhận rút hồ sơ: the record an applicant keeps of withdrawing a dossier."""

    header: Header
    number: str
    dossier_code: str
    procedure_name: str
    applicant: Applicant
    submitted_at: datetime
    withdrawn_at: datetime
    requested_by: str
    channel: str
    reason: str
    stage: str
    fees_settlement: str
    officer: str = ""
    received_at: datetime | None = None


@dataclass(frozen=True)
class HandOver:
    """One hand-over of the dossier, as written on the control sheet (never overwritten).

    result: "Trước hạn" / "Đúng hạn" / "Quá hạn" or free text; empty while still running.
    """

    from_label: str
    to_label: str
    at: datetime
    due_at: datetime | None = None
    result: str = ""
    note: str = ""
    from_person: str = ""
    to_person: str = ""


@dataclass(frozen=True)
class ControlSheetData(_Tuples):
    """Mẫu số 06 — Phiếu kiểm soát quá trình giải quyết hồ sơ."""

    header: Header
    dossier_code: str
    procedure_name: str
    applicant: Applicant
    received_at: datetime
    due_at: datetime
    hand_overs: tuple[HandOver, ...]
    receipt_number: str = ""
    lead_agency: str = ""
    coordinating_agencies: tuple[str, ...] = ()


@dataclass(frozen=True)
class RegisterRow:
    """One dossier in the register (Mẫu 07).

    received_at is the valid reception, never the submission: None prints "Chưa tiếp nhận".
    handed_to / handed_at: the body the one-stop passed the dossier to, and when;
    result_ready_at: when the result came back from it; returned_at: when it was returned.
    """

    number: int
    dossier_code: str
    procedure_name: str
    applicant_name: str
    address: str
    phone: str
    received_at: date | datetime | None
    due_at: date | datetime | None
    handed_to: str = ""
    result_ready_at: date | datetime | None = None
    returned_at: date | datetime | None = None
    status_label: str = ""
    note: str = ""
    sets: int = 1
    lead_agency: str = ""
    handed_at: date | datetime | None = None


@dataclass(frozen=True)
class RegisterData(_Tuples):
    """Mẫu số 07 — Sổ theo dõi hồ sơ, for one agency and one period."""

    header: Header
    period_start: date
    period_end: date
    rows: tuple[RegisterRow, ...]
    book_number: str = ""
    printed_at: datetime | None = None

    def totals(self) -> list[tuple[str, int]]:
        """Number of dossiers per status label, in order of first appearance."""
        counts: dict[str, int] = {}
        for row in self.rows:
            label = row.status_label or "Chưa xác định"
            counts[label] = counts.get(label, 0) + 1
        return list(counts.items())
