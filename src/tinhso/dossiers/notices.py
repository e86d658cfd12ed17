"""What the applicant is told when their dossier changes status, by e-mail and SMS.

Messages are queued in the transaction of the change and sent after it commits
(tinhso.notifications).
"""

from datetime import datetime

from django.utils import timezone

from tinhso.dossiers import paperwork
from tinhso.dossiers.constants import Action
from tinhso.dossiers.models import Dossier, DossierEvent
from tinhso.dossiers.reactions import creates
from tinhso.dossiers.tracking import tracking_url
from tinhso.notifications.services import AttachmentFile, notify


def _date(value: datetime | None) -> str:
    return f"{timezone.localtime(value):%d/%m/%Y}" if value else ""


def _message(dossier: Dossier, action: str, note: str) -> str:
    name = dossier.procedure_version.name
    match action:
        case Action.SUBMIT:
            return f"Hồ sơ {dossier.code} ({name}) đã được nộp, đang chờ tiếp nhận."
        case Action.RECEIVE:
            return (
                f"Hồ sơ {dossier.code} đã được tiếp nhận. "
                f"Hẹn trả kết quả ngày {_date(dossier.due_at)}."
            )
        case Action.REQUEST_SUPPLEMENT:
            return f"Hồ sơ {dossier.code} cần bổ sung, hoàn thiện: {note}"
        case Action.SUPPLEMENT_RECEIVED:
            return f"Đã nhận hồ sơ bổ sung của hồ sơ {dossier.code}."
        case Action.REFUSE_RECEPTION | Action.REFUSE:
            return f"Hồ sơ {dossier.code} bị từ chối. Lý do: {note}"
        case Action.EXTEND:
            return (
                f"Xin lỗi ông/bà: hồ sơ {dossier.code} chậm so với hẹn. "
                f"Ngày hẹn trả mới: {_date(dossier.due_at)}. Lý do: {note}"
            )
        case Action.APPROVE:
            return f"Hồ sơ {dossier.code} đã có kết quả, mời ông/bà nhận kết quả."
        case Action.RETURN_RESULT:
            return f"Hồ sơ {dossier.code} đã được trả kết quả. Cảm ơn ông/bà."
        case Action.STOP:
            return f"Hồ sơ {dossier.code} đã dừng giải quyết. Lý do: {note}"
        case Action.WITHDRAW:
            return f"Hồ sơ {dossier.code} đã được rút theo đề nghị."
    return ""


def _short(dossier: Dossier, action: str) -> str:
    """The SMS: what happened in a few words, the details behind the link (issue 12 item 15:
    a note never pushes the link out of the 160 characters)."""
    match action:
        case Action.RECEIVE:
            return f"Hồ sơ {dossier.code} đã được tiếp nhận, hẹn trả {_date(dossier.due_at)}."
        case Action.REQUEST_SUPPLEMENT:
            return f"Hồ sơ {dossier.code} cần bổ sung, hoàn thiện."
        case Action.REFUSE_RECEPTION | Action.REFUSE:
            return f"Hồ sơ {dossier.code} bị từ chối, xem lý do."
        case Action.EXTEND:
            return f"Hồ sơ {dossier.code} chậm, hẹn trả mới {_date(dossier.due_at)}."
        case Action.STOP:
            return f"Hồ sơ {dossier.code} đã dừng giải quyết, xem lý do."
    return _message(dossier, action, "")


def _attachments(dossier: Dossier, forms: list[tuple[str, str]]) -> list[AttachmentFile]:
    """The forms this change issued (paperwork.ISSUED_BY), as PDF for the e-mail, with the
    applicant's personal data (they are the applicant's own); built when the e-mail is sent,
    after the change commits (tinhso.notifications.models.Attachment)."""
    if not dossier.applicant_email:
        return []
    return [
        AttachmentFile(
            filename=paperwork.form_filename(dossier, number),
            source="tinhso.dossiers.paperwork.issued_form_pdf",
            args={"dossier_id": dossier.pk, "number": number},
        )
        for number, _title in forms
    ]


def applicant_notify(event: DossierEvent) -> None:
    """Tell the applicant of the change `event` records; hand-overs between steps are internal
    and not sent. One of the dossier's reactions (tinhso.dossiers.reactions)."""
    dossier, action = event.dossier, event.action
    # A refusal after reception tells the reason the leader approved (the proposal's).
    text = _message(dossier, action, event.data.get("reason") or event.note)
    if not text:
        return
    link = tracking_url(dossier)
    forms = paperwork.issued_forms(dossier, action)
    attachments = _attachments(dossier, forms)
    attached = "".join(f"\nKèm theo: Mẫu {n} – {title} (PDF)." for n, title in forms)
    if not attachments:
        attached = ""
    first = creates(event)
    number = 1 if first else dossier.events.count()  # the event's, on the timeline
    notify(
        reference=dossier.code,
        subject=f"[Tỉnh Số] Hồ sơ {dossier.code}",
        body=f"{text}\nTra cứu: {link}{attached}",
        sms_body=f"{_short(dossier, action)}\nTra cứu: {link}",
        email=dossier.applicant_email,
        phone=dossier.applicant_phone,
        user=dossier.applicant,
        event_key=f"{dossier.code}:{number}:{action}",
        attachments=attachments,
        new_event=first,
    )
