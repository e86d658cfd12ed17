"""One meaning of overdue (quá hạn) for the queues, the dashboard, statistics and the pages.

A dossier is overdue when now — or, once it is finished, its finish — is past its LEGAL
deadline (`Dossier.legal_due_at`: the time limit of the procedure from valid reception, moved
only by supplement waits), whatever an extension (`Dossier.due_at`, the new appointment of a
Mẫu 04) says.

Legal basis: Nghị định 118/2025/NĐ-CP — the time limit is the one the procedure's legal text
sets, counted from valid reception; the supplement wait is not counted. A dossier that will be
late gets, from the agency at fault, a letter of apology with a new return date (Nghị định
61/2018 Điều 19 as carried into Nghị định 118/2025; Thông tư 03/2025/TT-VPCP Mẫu 04 "Văn bản
xin lỗi và đề nghị gia hạn thời gian giải quyết"; regulations.md §1.3). The apology admits the
delay: it gives the applicant a new appointment, it does not make the dossier on time, so it
is counted "quá hạn" (the reports of Thông tư 03/2025 classify trước hạn / đúng hạn / quá hạn
against the legal time limit). See docs/overdue.md.

A dossier waiting for a supplement has its clock stopped: it is overdue only if it was already
late when the clock stopped. A step's own deadline (DossierStep.due_at, an internal share of
the time) never runs past the dossier's legal deadline either (`step_deadline`).
"""

from datetime import datetime

from django.db.models import F, Q
from django.utils import timezone

from tinhso.dossiers.constants import Status, Timeliness
from tinhso.dossiers.models import Dossier

IN_PROGRESS = (Status.PROCESSING, Status.AWAITING_SUPPLEMENT)


def is_overdue(d: Dossier, now: datetime | None = None) -> bool:
    """Whether the dossier is (or finished) past its legal deadline."""
    due = d.legal_due_at
    if due is None:  # not received: no clock runs yet
        return False
    if d.timeliness:  # resolved or refused: classified at that moment (effects.py)
        return d.timeliness == Timeliness.LATE
    finish = d.result_ready_at or d.closed_at
    if finish is not None:
        return finish > due
    if d.paused_at is not None:
        return due < d.paused_at
    return (now or timezone.now()) > due


def is_extended_past_deadline(d: Dossier) -> bool:
    """An appointment (gia hạn, Mẫu 04) later than the legal deadline: shown beside it."""
    return d.due_at is not None and d.legal_due_at is not None and d.due_at > d.legal_due_at


def overdue_q(now: datetime) -> Q:
    """The dossiers in progress that are overdue at `now` (the queryset form of is_overdue)."""
    return Q(status=Status.PROCESSING, legal_due_at__lt=now) | Q(
        status=Status.AWAITING_SUPPLEMENT, legal_due_at__lt=F("paused_at")
    )


def due_soon_q(now: datetime, limit: datetime) -> Q:
    """The dossiers being processed whose legal deadline falls between `now` and `limit`."""
    return Q(status=Status.PROCESSING, legal_due_at__gte=now, legal_due_at__lte=limit)


def overdue_at_q(at: datetime) -> Q:
    """Of the dossiers in progress at a past instant `at`, those already past their legal
    deadline then (the month-end figures; a pause that began later is not known there)."""
    return Q(legal_due_at__lt=at)


def step_overdue_q(now: datetime) -> Q:
    """Active steps overdue at `now`: past the step's own deadline or the dossier's legal one
    (DossierStep queryset)."""
    return Q(due_at__lt=now) | Q(dossier__legal_due_at__lt=now)


def step_deadline(step_due: datetime, legal_due: datetime | None) -> datetime:
    """The deadline a finished step is judged against: its own, but never past the dossier's
    legal deadline (an extension moves the appointment, not the legal limit)."""
    return step_due if legal_due is None else min(step_due, legal_due)
