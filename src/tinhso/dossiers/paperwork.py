"""The official forms of a dossier (Thông tư 03/2025/TT-VPCP, Phụ lục I), built from its record.

Which form exists depends on what happened: a receipt once received, a supplement request
once asked, and so on. Everything printed comes from the dossier, its steps and its timeline.
"""

import re
from datetime import date, datetime, time
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from tinhso.accounts.models import User
from tinhso.dossiers import paperwork_letters, signing
from tinhso.dossiers.constants import Action, Status, Timeliness
from tinhso.dossiers.models import Dossier, DossierEvent, DossierStep
from tinhso.dossiers.tracking import tracking_key, tracking_url
from tinhso.organisation.letterhead import Letterhead, agency_letterhead, one_stop_of
from tinhso.organisation.models import Agency
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
# Since 01/7/2025 the counter is a Trung tâm Phục vụ hành chính công (Nghị định 118/2025/NĐ-CP).
CHANNEL_LABELS = {"counter": "Trực tiếp tại nơi tiếp nhận hồ sơ"}
DELIVERY_LABELS = {
    "counter": "Nhận trực tiếp tại nơi tiếp nhận hồ sơ",
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


# The forms handed to the applicant when the action happens (Thông tư 03/2025/TT-VPCP Phụ lục
# I: the receipt at reception, the supplement request, the refusal, the apology and
# extension, the stop notice); sent with the e-mail that announces it (tinhso.dossiers.notices,
# issue 12 item 15). A new kind of notice adds its action here.
ISSUED_BY: dict[str, tuple[str, ...]] = {
    Action.RECEIVE: ("01",),
    Action.REQUEST_SUPPLEMENT: ("02",),
    Action.REFUSE_RECEPTION: ("03",),
    Action.REFUSE: (NOTICE_REFUSAL,),
    Action.EXTEND: ("04",),
    Action.STOP: ("05",),
    Action.WITHDRAW: (WITHDRAWAL,),
}
# Internal records the applicant is not issued: the control sheet travels with the dossier
# between offices (Mẫu 06), the register stays with the agency (Mẫu 07).
NOT_ISSUED_TO_APPLICANT = frozenset({"06", "07"})


def applicant_forms(dossier: Dossier) -> list[tuple[str, str]]:
    """The issued forms and notices the applicant downloads from Hồ sơ của tôi: every form
    available_forms lists for the dossier, except the internal records above."""
    return [(n, t) for n, t in available_forms(dossier) if n not in NOT_ISSUED_TO_APPLICANT]


def issued_forms(dossier: Dossier, action: str) -> list[tuple[str, str]]:
    """The forms `action` issued to the applicant that exist for the dossier now."""
    if action not in ISSUED_BY:  # most changes issue none: no need to read the timeline
        return []
    available = dict(available_forms(dossier))
    return [(n, available[n]) for n in ISSUED_BY.get(action, ()) if n in available]


def issued_form_pdf(dossier_id: int, number: str) -> bytes | None:
    """The form as the applicant is sent it (personal=True: they are the applicant), by id:
    the builder tinhso.notifications calls when it sends the e-mail (tinhso.dossiers.notices)."""
    dossier = Dossier.objects.filter(pk=dossier_id).first()
    return applicant_form_pdf(dossier, number) if dossier is not None else None


def applicant_form_pdf(dossier: Dossier, number: str) -> bytes | None:
    """What the applicant is given of form `number`: the version sealed by the issuing agency
    when there is one (tinhso.dossiers.sealed_forms, issue 13 item 5), else the live print."""
    if number not in dict(available_forms(dossier)):
        return None
    from tinhso.dossiers.sealed_forms import sealed_pdf  # it builds on this module

    return sealed_pdf(dossier, number) or form_pdf(dossier, number, personal=True)


def form_filename(dossier: Dossier, number: str) -> str:
    safe = "".join(
        ch if ch.isalnum() or ch in ".-" else "-" for ch in f"{dossier.code}-mau-{number}"
    )
    return f"{safe}.pdf"


def _as_header(head: Letterhead) -> p.Header:
    return p.Header(agency_name=head.name, parent_agency_name=head.parent, place=head.place)


def _header(agency: Agency) -> p.Header:
    """The heading of a paper the body itself issues and signs (Mẫu 04, 05, notices): the body
    under its direct superior, dated at its own place — the commune's name for a commune body,
    the province's for a body of the province (Nghị định 30/2020/NĐ-CP, Phụ lục I, II.2, II.4)."""
    return _as_header(agency_letterhead(agency))


def _one_stop_header(agency: Agency) -> p.Header:
    """The heading of what the one-stop issues for `agency` (Mẫu 01, 02 at reception, 03, 06,
    07): its Trung tâm Phục vụ hành chính công since 01/7/2025 (Nghị định 118/2025/NĐ-CP;
    tinhso.organisation.letterhead.one_stop_of)."""
    return _as_header(one_stop_of(agency))


def _applicant(d: Dossier, personal: bool = True) -> p.Applicant:
    person = signing.applicant_is_person(d)
    if not personal:
        return p.Applicant(name=d.applicant_name, is_person=person)
    return p.Applicant(
        name=d.applicant_name,
        id_number=d.applicant_cccd,
        phone=d.applicant_phone,
        address=d.applicant_address,
        email=d.applicant_email,
        is_person=person,
    )


def _number(d: Dossier, suffix: str) -> str:
    return f"{d.code.rsplit('-', 1)[-1]}/{suffix}"


def _last_event(d: Dossier, *actions: str):
    return d.events.filter(action__in=actions).select_related("actor").order_by("-at").first()


def _signer(agency: Agency, user: User | None = None, on: date | None = None) -> p.Signer:
    """Who signs for `agency`: `user` (the deciding leader) when given, else the agency's head,
    with TM./KT./Q. as Nghị định 30/2020/NĐ-CP wants, or TL./TUQ./… under a delegation in force
    on `on`, the letter's date (tinhso.dossiers.signing)."""
    return signing.signer_for(agency, user, on)


def _moment(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str) and value:
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return None
    return None


def receipt_due_at(d: Dossier) -> datetime | None:
    """The return date printed on Mẫu 01 at reception: recorded on the RECEIVE event
    (`receipt_due_at`), else the legal deadline set then (Nghị định 118/2025/NĐ-CP). A reprint
    shows this date, never a later appointment in its place."""
    event = _last_event(d, Action.RECEIVE)
    recorded = _moment(event.data.get("receipt_due_at")) if event is not None else None
    return recorded or d.legal_due_at or d.due_at


def receipt(d: Dossier, personal: bool = True) -> bytes:
    """Mẫu 01 (Thông tư 03/2025/TT-VPCP, Phụ lục I), issued by the one-stop at reception."""
    components = [
        p.ComponentLine(c.name, c.originals, c.copies) for c in d.components.all() if c.received
    ]
    v = d.procedure_version
    issued_due = receipt_due_at(d)
    later = d.due_at if d.due_at and issued_due and d.due_at != issued_due else None
    return render.receipt_pdf(
        p.ReceiptData(
            header=_one_stop_header(d.receiving_agency),
            number=_number(d, "GTN"),
            dossier_code=d.code,
            procedure_name=v.name,
            procedure_code=v.code,
            applicant=_applicant(d, personal),
            received_at=d.received_at,
            due_at=issued_due,
            rescheduled_due_at=later,
            components=components,
            delivery_mode=DELIVERY_LABELS.get(d.delivery_mode, d.delivery_mode),
            fees=d.fees_due,
            fees_paid=d.fees_paid,
            receiving_officer=d.received_by.full_name if d.received_by else "",
            tracking_url=tracking_url(d),
            tracking_key=tracking_key(d.code),
            processing_time=v.time_limit_text,
            channel=CHANNEL_LABELS.get(d.channel, d.get_channel_display()),
        )
    )


# "Giấy tờ cần bổ sung | căn cứ" or "… – Căn cứ: …" on one line of the request.
_BASIS_SPLIT = re.compile(r"\s*(?:\||[-–—]?\s*\(?căn cứ(?: pháp lý)?\s*:)\s*", re.IGNORECASE)


def supplement_items(note: str, default_basis: str = "") -> list[p.SupplementItem]:
    """Mẫu 02's rows from the request: one line per missing item, its legal basis after "|"
    (or "Căn cứ:"); an item given none takes `default_basis` (the procedure's)."""
    items = []
    for line in note.splitlines():
        text = line.strip().lstrip("-•*+ ").strip()
        if not text:
            continue
        parts = _BASIS_SPLIT.split(text, maxsplit=1)
        missing = parts[0].strip()
        basis = parts[1].strip().rstrip(")").strip() if len(parts) > 1 else ""
        items.append(p.SupplementItem(missing or text, basis or default_basis))
    return items


def _procedure_basis(d: Dossier) -> str:
    v = d.procedure_version
    lines = v.legal_basis_lines
    basis = f"Thành phần hồ sơ của thủ tục {v.code}"
    return f"{basis} ({lines[0]})" if lines else basis


def supplement(d: Dossier, personal: bool = True) -> bytes:
    """Mẫu 02, signed by whoever asked: at reception the one-stop officer, under the one-stop's
    heading; during processing the step holder, with their position, under their body's
    heading (Nghị định 118/2025/NĐ-CP; Thông tư 03/2025/TT-VPCP, Phụ lục I)."""
    event = _last_event(d, Action.REQUEST_SUPPLEMENT)
    stored = event.data.get("items") if isinstance(event.data.get("items"), list) else None
    if stored:
        items = [
            p.SupplementItem(str(i.get("missing", "")), str(i.get("legal_basis", "")))
            for i in stored
            if isinstance(i, dict)
        ]
    else:
        items = supplement_items(event.note, _procedure_basis(d))
    step: DossierStep | None = event.step
    if event.from_status == Status.SUBMITTED or step is None:
        header, title = _one_stop_header(d.receiving_agency), "Cán bộ tiếp nhận"
    else:
        header, title = (
            _header(step.agency),
            signing.staff_title(event.actor, step.agency, step.role),
        )
    return render.supplement_pdf(
        p.SupplementData(
            header=header,
            number=_number(d, "YCBS"),
            dossier_code=d.code,
            procedure_name=d.procedure_version.name,
            applicant=_applicant(d, personal),
            items=items,
            officer=event.actor_label,
            officer_title=title,
            issued_at=event.at,
            received_at=d.received_at,
            tracking_url=tracking_url(d),
            deadline=_supplement_deadline(event),
        )
    )


def _supplement_deadline(event: DossierEvent) -> datetime | None:
    """The deadline set when this request was made (issue 12 §16; dossiers.effects)."""
    raw = event.data.get("supplement_due_at")
    return timezone.localtime(datetime.fromisoformat(raw)) if raw else None


def _result_label(value: str) -> str:
    return Timeliness(value).label if value else ""


def _name(user: User | None) -> str:
    return (user.full_name or user.get_username()) if user is not None else ""


def control_sheet(d: Dossier, personal: bool = True) -> bytes:
    """Mẫu 06: every hand-over with its time and the persons who gave and received the dossier
    (Thông tư 03/2025/TT-VPCP, Phụ lục I). The giver of a step is who finished the step before
    (the receiving officer for the first), its receiver who then handled it (blank while nobody
    has: signed by hand); the result goes back to the officer who returned it."""
    # Step 0 is the receiving body's own hand-over to a competent body elsewhere
    # (dossiers.effects._hand_over_to_competent): on the sheet it is the first row's "Giao".
    steps = [
        s
        for s in d.steps.select_related("agency", "finished_by").order_by("started_at", "id")
        if s.order >= 1
    ]
    returned = _last_event(d, Action.RETURN_RESULT)
    one_stop = one_stop_of(d.receiving_agency).name
    rows = []
    previous, giver = one_stop, _name(d.received_by)
    for s in steps:
        here = f"{s.name} – {s.agency.name}"
        receiver = _name(s.finished_by)
        done = s.finished_at is not None
        rows.append(
            p.HandOver(
                previous,
                here,
                s.started_at,
                s.due_at,
                _result_label(s.timeliness) if done else "",
                s.get_state_display() if done and not s.timeliness else "",
                from_person=giver,
                to_person=receiver,
            )
        )
        previous, giver = here, receiver
    returner = _name(returned.actor) if returned is not None else ""
    if d.result_ready_at:
        rows.append(
            p.HandOver(
                previous,
                one_stop,
                d.result_ready_at,
                d.due_at,
                _result_label(d.timeliness),
                "Chuyển kết quả",
                from_person=giver,
                to_person=returner,
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
                from_person=returner,
                to_person=d.applicant_name,
            )
        )
    return render.control_sheet_pdf(
        p.ControlSheetData(
            header=_one_stop_header(d.receiving_agency),
            dossier_code=d.code,
            procedure_name=d.procedure_version.name,
            applicant=_applicant(d, personal),
            received_at=d.received_at,
            due_at=d.due_at,
            hand_overs=rows,
            receipt_number=_number(d, "GTN"),
            lead_agency=d.competent_agency.name,
            coordinating_agencies=sorted(
                {s.agency.name for s in steps} - {d.competent_agency.name, d.receiving_agency.name}
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
    """Mẫu 07: the dossiers the agency's one-stop received in the period.

    Only received dossiers are registered (Thông tư 03/2025/TT-VPCP, Phụ lục I: the register
    records the receipt, the hand-over, the result and its return; Mẫu 01 carries its entry):
    a dossier submitted but not yet received, or refused at reception, is not in it, and the
    reception column is the valid reception, never the submission (docs/forms.md).

    `personal=False` leaves out the applicants' addresses and phones (names only), for
    readers outside the agency (tinhso.dossiers.access.user_sees_register_personal_data)."""
    tz = timezone.get_current_timezone()
    lower = datetime.combine(start, time.min, tzinfo=tz)
    upper = datetime.combine(end, time.max, tzinfo=tz)
    first_steps = DossierStep.objects.select_related("agency").order_by("started_at", "id")
    dossiers = (
        Dossier.objects.filter(receiving_agency=agency, received_at__range=(lower, upper))
        .select_related("procedure_version", "competent_agency")
        .prefetch_related(Prefetch("steps", queryset=first_steps))
        .order_by("received_at", "id")
    )
    rows = []
    for i, d in enumerate(dossiers, start=1):
        steps = [s for s in d.steps.all() if s.order >= 1]  # step 0: the hand-over itself
        first = steps[0] if steps else None
        rows.append(
            p.RegisterRow(
                number=i,
                dossier_code=d.code,
                procedure_name=d.procedure_version.name,
                applicant_name=d.applicant_name,
                address=d.applicant_address if personal else "",
                phone=d.applicant_phone if personal else "",
                received_at=d.received_at,
                due_at=d.due_at,
                lead_agency=d.competent_agency.name,
                handed_at=first.started_at if first else None,
                handed_to=first.agency.name if first else "",
                result_ready_at=d.result_ready_at,
                returned_at=d.returned_at,
                status_label=d.get_status_display(),
                note=d.get_timeliness_display() if d.timeliness else "",
            )
        )
    return p.RegisterData(
        header=_one_stop_header(agency),
        period_start=start,
        period_end=end,
        rows=rows,
        printed_at=timezone.now(),
    )
