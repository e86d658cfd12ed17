"""The official forms of a dossier (Thông tư 03/2025/TT-VPCP, Phụ lục I), built from its record.

Which form exists depends on what happened: a receipt once received, a supplement request
once asked, and so on. Everything printed comes from the dossier, its steps and its timeline.
"""

from datetime import date, datetime, time

from django.conf import settings
from django.utils import timezone

from tinhso.accounts.models import StaffRole, User
from tinhso.dossiers import paperwork_letters
from tinhso.dossiers.constants import Action, Status, Timeliness
from tinhso.dossiers.models import Dossier
from tinhso.dossiers.tracking import tracking_key, tracking_url
from tinhso.organisation.models import Agency
from tinhso.organisation.roles import Role
from tinhso.printing import data as p
from tinhso.printing import render

NOTICE_REFUSAL = "tb-tu-choi"
WITHDRAWAL = "xac-nhan-rut"
FORMS = {
    "01": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
    "02": "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
    "03": "Phiếu từ chối tiếp nhận giải quyết hồ sơ",
    "04": "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết",
    "05": "Thông báo dừng giải quyết hồ sơ",
    "06": "Phiếu kiểm soát quá trình giải quyết hồ sơ",
    # Not forms of Phụ lục I: papers of the decisions (paperwork_letters; docs/decisions.md).
    NOTICE_REFUSAL: "Thông báo từ chối giải quyết hồ sơ",
    WITHDRAWAL: "Xác nhận rút hồ sơ",
}
DELIVERY_LABELS = {
    "counter": "Nhận trực tiếp tại Bộ phận Một cửa",
    "postal": "Qua dịch vụ bưu chính công ích",
    "electronic": "Nhận bản điện tử trực tuyến",
}


def _actions(dossier: Dossier) -> set[str]:
    return set(dossier.events.values_list("action", flat=True))


def available_forms(dossier: Dossier) -> list[tuple[str, str]]:
    done = _actions(dossier)
    shown = []
    if dossier.received_at:
        shown += ["01", "06"]
    if Action.REQUEST_SUPPLEMENT in done:
        shown.append("02")
    # Mẫu 03 is the one-stop's refusal to receive; a refusal after reception is the competent
    # body's notice (Nghị định 118/2025/NĐ-CP; docs/decisions.md).
    if Action.REFUSE_RECEPTION in done:
        shown.append("03")
    if dossier.extensions:
        shown.append("04")
    if dossier.status == Status.STOPPED:
        shown.append("05")
    if dossier.status == Status.REFUSED and Action.REFUSE in done:
        shown.append(NOTICE_REFUSAL)
    if dossier.status == Status.WITHDRAWN:
        shown.append(WITHDRAWAL)
    return [(n, FORMS[n]) for n in sorted(shown)]


def _header(agency: Agency) -> p.Header:
    return p.Header(
        agency_name=agency.name,
        parent_agency_name=agency.parent.name if agency.parent_id else "",
        place=settings.PROVINCE_NAME,
        unit_name="Bộ phận Một cửa" if agency.kind in ("ubnd_xa", "so") else "",
    )


def _applicant(d: Dossier, personal: bool = True) -> p.Applicant:
    if not personal:
        return p.Applicant(name=d.applicant_name)
    return p.Applicant(
        name=d.applicant_name,
        id_number=d.applicant_cccd,
        phone=d.applicant_phone,
        address=d.applicant_address,
        email=d.applicant_email,
    )


def _number(d: Dossier, suffix: str) -> str:
    return f"{d.code.rsplit('-', 1)[-1]}/{suffix}"


def _last_event(d: Dossier, *actions: str):
    return d.events.filter(action__in=actions).select_related("actor").order_by("-at").first()


def _signer(agency: Agency, user: User | None = None) -> p.Signer:
    """The agency's head, or `user` (the deciding leader) when given."""
    role = (
        StaffRole.objects.filter(agency=agency, role=Role.AGENCY_LEADER, is_active=True)
        .select_related("user")
        .first()
    )
    position = {"ubnd_xa": "CHỦ TỊCH", "ubnd_tinh": "CHỦ TỊCH", "so": "GIÁM ĐỐC"}.get(
        agency.kind, "THỦ TRƯỞNG CƠ QUAN"
    )
    if user is not None:
        return p.Signer(name=user.full_name or user.get_username(), position=position)
    return p.Signer(name=role.user.full_name if role else "", position=position)


def receipt(d: Dossier, personal: bool = True) -> bytes:
    components = [
        p.ComponentLine(c.name, c.originals, c.copies) for c in d.components.all() if c.received
    ]
    v = d.procedure_version
    return render.receipt_pdf(
        p.ReceiptData(
            header=_header(d.receiving_agency),
            number=_number(d, "GTN"),
            dossier_code=d.code,
            procedure_name=v.name,
            procedure_code=v.code,
            applicant=_applicant(d, personal),
            received_at=d.received_at,
            due_at=d.due_at,
            components=components,
            delivery_mode=DELIVERY_LABELS.get(d.delivery_mode, d.delivery_mode),
            fees=d.fees_paid,
            receiving_officer=d.received_by.full_name if d.received_by else "",
            tracking_url=tracking_url(d),
            tracking_key=tracking_key(d.code),
            processing_time=v.time_limit_text,
            channel=d.get_channel_display(),
        )
    )


def supplement(d: Dossier, personal: bool = True) -> bytes:
    event = _last_event(d, Action.REQUEST_SUPPLEMENT)
    items = [
        p.SupplementItem(line.strip(" -•")) for line in event.note.splitlines() if line.strip()
    ]
    return render.supplement_pdf(
        p.SupplementData(
            header=_header(d.receiving_agency),
            number=_number(d, "YCBS"),
            dossier_code=d.code,
            procedure_name=d.procedure_version.name,
            applicant=_applicant(d, personal),
            items=items,
            officer=event.actor_label,
            issued_at=event.at,
            received_at=d.received_at,
            tracking_url=tracking_url(d),
        )
    )


def _result_label(value: str) -> str:
    return Timeliness(value).label if value else ""


def control_sheet(d: Dossier, personal: bool = True) -> bytes:
    steps = list(d.steps.select_related("agency").order_by("started_at", "id"))
    one_stop = f"Bộ phận Một cửa – {d.receiving_agency.name}"
    rows = []
    previous = one_stop
    for s in steps:
        here = f"{s.name} – {s.agency.name}"
        rows.append(p.HandOver(previous, here, s.started_at, s.due_at, "", ""))
        if s.finished_at:
            rows[-1] = p.HandOver(
                previous,
                here,
                s.started_at,
                s.due_at,
                _result_label(s.timeliness),
                s.get_state_display() if not s.timeliness else "",
            )
        previous = here
    if d.result_ready_at:
        rows.append(
            p.HandOver(
                previous,
                one_stop,
                d.result_ready_at,
                d.due_at,
                _result_label(d.timeliness),
                "Chuyển kết quả",
            )
        )
    if d.returned_at:
        rows.append(
            p.HandOver(
                one_stop,
                f"Người nộp: {d.applicant_name}",
                d.returned_at,
                d.due_at,
                "",
                "Trả kết quả",
            )
        )
    return render.control_sheet_pdf(
        p.ControlSheetData(
            header=_header(d.receiving_agency),
            dossier_code=d.code,
            procedure_name=d.procedure_version.name,
            applicant=_applicant(d, personal),
            received_at=d.received_at,
            due_at=d.due_at,
            hand_overs=rows,
            lead_agency=d.competent_agency.name,
            coordinating_agencies=sorted(
                {s.agency.name for s in steps} - {d.competent_agency.name}
            ),
        )
    )


BUILDERS = {
    "01": receipt,
    "02": supplement,
    "03": paperwork_letters.refusal,
    "04": paperwork_letters.apology,
    "05": paperwork_letters.stop,
    "06": control_sheet,
    NOTICE_REFUSAL: paperwork_letters.refusal_notice,
    WITHDRAWAL: paperwork_letters.withdrawal,
}


def form_pdf(dossier: Dossier, number: str, personal: bool = True) -> bytes | None:
    """The PDF of form `number`, or None when that form does not exist for this dossier.

    `personal=False` prints the applicant's name only (for readers who need no more)."""
    if number not in dict(available_forms(dossier)):
        return None
    return BUILDERS[number](dossier, personal)


def register_data(agency: Agency, start: date, end: date, personal: bool = True) -> p.RegisterData:
    """Mẫu 07: the dossiers the agency received (or that wait for it) in the period.

    `personal=False` leaves out the applicants' addresses and phones (names only), for
    readers outside the agency (tinhso.dossiers.access.user_sees_register_personal_data)."""
    tz = timezone.get_current_timezone()
    lower = datetime.combine(start, time.min, tzinfo=tz)
    upper = datetime.combine(end, time.max, tzinfo=tz)
    dossiers = (
        Dossier.objects.filter(receiving_agency=agency, submitted_at__range=(lower, upper))
        .select_related("procedure_version", "current_step__agency")
        .order_by("submitted_at", "id")
    )
    rows = [
        p.RegisterRow(
            number=i,
            dossier_code=d.code,
            procedure_name=d.procedure_version.name,
            applicant_name=d.applicant_name,
            address=d.applicant_address if personal else "",
            phone=d.applicant_phone if personal else "",
            received_at=d.received_at or d.submitted_at,
            due_at=d.due_at,
            handed_to=d.current_step.agency.name if d.current_step else "",
            result_ready_at=d.result_ready_at,
            returned_at=d.returned_at,
            status_label=d.get_status_display(),
            note=d.get_timeliness_display() if d.timeliness else "",
        )
        for i, d in enumerate(dossiers, start=1)
    ]
    return p.RegisterData(
        header=_header(agency),
        period_start=start,
        period_end=end,
        rows=rows,
        printed_at=timezone.now(),
    )
