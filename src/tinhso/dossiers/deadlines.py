"""The periodic job `manage.py dossier_deadlines` (issue 12 §16; docs/dossier-deadlines.md).

Each run, for every dossier whose clock says so (rules in tinhso.dossiers.clocks):
1. reminds the applicant that their supplement deadline is near (once per deadline);
2. stops the dossiers whose supplement deadline passed unanswered — a row of the transition
   table taken by the system (workflow: Action.STOP, `system`), so it is on the timeline as
   "Hệ thống", on the audit record, counted as stopped and printed as Mẫu 05;
3. escalates online dossiers waiting in "chờ tiếp nhận" past the limit: marks them (the queue
   shows it), notifies the receiving agency's one-stop officers and its leader (and the
   competent agency's leader), on the audit record;
4. reminds applicants of results not collected (once); the one-stop queue lists them.

Every change runs in its own transaction; running the job twice changes nothing more.
Legal basis: Nghị định 118/2025/NĐ-CP; Thông tư 03/2025/TT-VPCP Mẫu 02, Mẫu 05.
"""

import logging
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from tinhso.accounts.selectors import staff_holding
from tinhso.audit.services import audit_record
from tinhso.dossiers import clocks
from tinhso.dossiers.constants import Action, Status
from tinhso.dossiers.models import Dossier
from tinhso.dossiers.services import dossier_system_act
from tinhso.dossiers.tracking import tracking_url
from tinhso.dossiers.workflow import TransitionError
from tinhso.notifications.selectors import event_notified
from tinhso.notifications.services import notify
from tinhso.organisation.roles import Role

logger = logging.getLogger(__name__)


@dataclass
class DeadlineReport:
    supplement_reminders: int = 0
    supplements_expired: int = 0
    intake_escalated: int = 0
    result_reminders: int = 0

    def summary(self) -> str:
        return (
            f"Nhắc hạn bổ sung: {self.supplement_reminders}; dừng do quá hạn bổ sung: "
            f"{self.supplements_expired}; báo quá thời gian chờ tiếp nhận: "
            f"{self.intake_escalated}; nhắc nhận kết quả: {self.result_reminders}."
        )


def _when(value: datetime) -> str:
    return f"{timezone.localtime(value):%H:%M} ngày {timezone.localtime(value):%d/%m/%Y}"


def _tell_applicant(d: Dossier, key: str, text: str) -> bool:
    """Queue one message to the applicant; False if this event was already sent."""
    event_key = f"{d.code}:{key}"
    if event_notified(event_key):
        return False
    rows = notify(
        reference=d.code,
        subject=f"[Tỉnh Số] Hồ sơ {d.code}",
        body=f"{text}\nTra cứu: {tracking_url(d)}",
        email=d.applicant_email,
        phone=d.applicant_phone,
        user=d.applicant,
        event_key=event_key,
    )
    return bool(rows)


def supplement_reminders(now: datetime) -> int:
    sent = 0
    for d in Dossier.objects.filter(
        status=Status.AWAITING_SUPPLEMENT, supplement_due_at__gte=now
    ).select_related("procedure_version"):
        if not clocks.supplement_reminder_due(d, now):
            continue
        assert d.supplement_due_at is not None
        text = (
            f"Hồ sơ {d.code}: hạn bổ sung {timezone.localtime(d.supplement_due_at):%H:%M %d/%m/%Y}"
            f". Quá hạn mà chưa bổ sung, hoàn thiện thì hồ sơ bị dừng giải quyết "
            f"({d.procedure_version.name})."
        )
        with transaction.atomic():
            sent += _tell_applicant(
                d, f"supplement-reminder:{timezone.localtime(d.supplement_due_at):%Y%m%d%H%M}", text
            )
    return sent


def supplements_expired(now: datetime) -> int:
    stopped = 0
    for d in Dossier.objects.filter(status=Status.AWAITING_SUPPLEMENT, supplement_due_at__lt=now):
        assert d.supplement_due_at is not None
        note = (
            f"Quá hạn bổ sung, hoàn thiện hồ sơ ({_when(d.supplement_due_at)}) theo Phiếu yêu "
            "cầu bổ sung, hoàn thiện hồ sơ mà người nộp chưa bổ sung; hệ thống dừng giải quyết "
            "hồ sơ (Nghị định 118/2025/NĐ-CP)."
        )
        try:
            dossier_system_act(
                d,
                Action.STOP,
                note=note,
                data={"reason": "supplement_expired", "supplement_due_at": d.supplement_due_at},
            )
        except TransitionError as exc:  # answered or stopped meanwhile
            logger.info("Không dừng hồ sơ %s: %s", d.code, exc)
            continue
        stopped += 1
    return stopped


def _waiting_since(d: Dossier, last_submitted: datetime | None) -> datetime:
    return last_submitted or d.submitted_at


def intake_escalations(now: datetime) -> int:
    escalated = 0
    waiting = (
        Dossier.objects.filter(
            status=Status.SUBMITTED,
            channel__in=clocks.ONLINE_CHANNELS,
            intake_escalated_at__isnull=True,
        )
        .annotate(last_submitted=Max("events__at", filter=Q(events__to_status=Status.SUBMITTED)))
        .select_related("receiving_agency", "competent_agency", "procedure_version")
    )
    for d in waiting:
        since = _waiting_since(d, d.last_submitted)
        if not clocks.intake_overdue(d, since, now):
            continue
        with transaction.atomic():
            locked = Dossier.objects.select_for_update().get(pk=d.pk)
            if locked.status != Status.SUBMITTED or locked.intake_escalated_at is not None:
                continue
            locked.intake_escalated_at = now
            locked.save(update_fields=["intake_escalated_at"])
            limit = clocks.intake_wait_limit().total_seconds() / 3600
            summary = (
                f"Hồ sơ {d.code} chờ tiếp nhận từ {_when(since)}, quá {limit:g} giờ làm việc: "
                "báo cán bộ một cửa và lãnh đạo cơ quan"
            )
            audit_record(
                actor=None,
                action="dossier.intake_escalated",
                target=locked,
                summary=summary,
                changes={"intake_escalated_at": [None, now.isoformat()]},
            )
            _alert_staff(d, since, limit)
        escalated += 1
    return escalated


def _alert_staff(d: Dossier, since: datetime, limit: float) -> None:
    people = {
        *staff_holding(d.receiving_agency_id, [Role.RECEPTION, Role.AGENCY_LEADER]),
        *staff_holding(d.competent_agency_id, [Role.AGENCY_LEADER]),
    }
    text = (
        f"Hồ sơ trực tuyến {d.code} ({d.procedure_version.name}) nộp tại "
        f"{d.receiving_agency.name} đã chờ tiếp nhận từ {_when(since)}, quá {limit:g} giờ làm "
        "việc. Đề nghị tiếp nhận, yêu cầu bổ sung hoặc từ chối tiếp nhận ngay."
    )
    for user in sorted(people, key=lambda u: u.pk):
        notify(
            reference=d.code,
            subject=f"[Tỉnh Số] Hồ sơ {d.code} quá thời gian chờ tiếp nhận",
            body=text,
            email=user.email,
            phone=user.phone,
            user=user,
            event_key=f"{d.code}:intake-escalation:{user.pk}",
        )


def result_reminders(now: datetime) -> int:
    sent = 0
    surely = clocks.surely_uncollected_before(now)
    for d in Dossier.objects.filter(
        status=Status.RESULT_READY,
        result_ready_at__lte=clocks.uncollected_candidates_before(now),
    ).select_related("receiving_agency"):
        assert d.result_ready_at is not None
        if d.result_ready_at > surely and not clocks.result_uncollected(d, now):
            continue
        text = (
            f"Kết quả hồ sơ {d.code} đã có từ ngày {timezone.localtime(d.result_ready_at):%d/%m/%Y}"
            f" nhưng ông/bà chưa nhận. Mời ông/bà nhận kết quả tại {d.receiving_agency.name}."
        )
        with transaction.atomic():
            sent += _tell_applicant(d, "result-uncollected", text)
    return sent


def run(now: datetime | None = None) -> DeadlineReport:
    """All four checks, in this order (a reminder is never sent for a dossier stopped now)."""
    now = now or timezone.now()
    report = DeadlineReport()
    report.supplements_expired = supplements_expired(now)
    report.supplement_reminders = supplement_reminders(now)
    report.intake_escalated = intake_escalations(now)
    report.result_reminders = result_reminders(now)
    return report
