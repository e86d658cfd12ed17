"""The clocks of the states nobody presses a button for (issue 12 §16; docs/dossier-deadlines.md).

Pure rules, read by the queues (tinhso.dossiers.selectors) and applied by the periodic job
(tinhso.dossiers.deadlines, `manage.py dossier_deadlines`):

- a supplement request has a deadline (Dossier.supplement_due_at, set when it is made from the
  procedure's working days, ProcedureVersion.supplement_limit_days); the applicant is reminded
  SUPPLEMENT_REMINDER_DAYS working days before it ends;
- an online dossier may wait in "chờ tiếp nhận" at most INTAKE_WAIT_LIMIT_HOURS working hours;
- a result not collected RESULT_UNCOLLECTED_DAYS working days after it was ready is listed as
  "kết quả chưa nhận" and the applicant reminded.

Legal basis: Nghị định 118/2025/NĐ-CP (one-stop reception, supplements, return of results) and
Thông tư 03/2025/TT-VPCP (Mẫu 02 states the supplement deadline; Mẫu 05 the stop). Where these
texts give no figure, the figure is a setting, chosen and explained in docs/dossier-deadlines.md.
"""

from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings

from tinhso.dossiers.constants import Channel, Status
from tinhso.dossiers.models import Dossier
from tinhso.workcalendar import calendar

# Channels whose dossiers arrive without an officer present: they wait in "chờ tiếp nhận".
ONLINE_CHANNELS = frozenset({Channel.ONLINE, Channel.NATIONAL_PORTAL})


def supplement_reminder_due(d: Dossier, now: datetime) -> bool:
    """The supplement deadline has not passed and ends within SUPPLEMENT_REMINDER_DAYS
    working days of office time."""
    if d.status != Status.AWAITING_SUPPLEMENT or d.supplement_due_at is None:
        return False
    if d.supplement_due_at < now:
        return False
    left = calendar.working_days_elapsed(now, d.supplement_due_at)
    return left <= Decimal(settings.SUPPLEMENT_REMINDER_DAYS)


def supplement_expired(d: Dossier, now: datetime) -> bool:
    return (
        d.status == Status.AWAITING_SUPPLEMENT
        and d.supplement_due_at is not None
        and d.supplement_due_at < now
    )


def intake_wait_limit() -> timedelta:
    return timedelta(hours=settings.INTAKE_WAIT_LIMIT_HOURS)


def intake_overdue(d: Dossier, waiting_since: datetime, now: datetime) -> bool:
    """An online dossier has waited for reception longer than the limit, in working hours."""
    return (
        d.status == Status.SUBMITTED
        and d.channel in ONLINE_CHANNELS
        and calendar.working_time_between(waiting_since, now) > intake_wait_limit()
    )


def result_uncollected(d: Dossier, now: datetime) -> bool:
    """A result ready for at least RESULT_UNCOLLECTED_DAYS working days of office time."""
    if d.status != Status.RESULT_READY or d.result_ready_at is None:
        return False
    elapsed = calendar.working_days_elapsed(d.result_ready_at, now)
    return elapsed >= Decimal(settings.RESULT_UNCOLLECTED_DAYS)


def uncollected_candidates_before(now: datetime) -> datetime:
    """Results ready after this instant cannot be uncollected yet: N working days take at
    least N calendar days (a cheap first filter before result_uncollected)."""
    return now - timedelta(days=settings.RESULT_UNCOLLECTED_DAYS)


def surely_uncollected_before(now: datetime) -> datetime:
    """Results ready at or before this instant are all uncollected at `now`, without counting
    each one's working time: that time only grows as the start moves back, so the first
    instant (a whole number of calendar days back) at which the limit is reached bounds every
    earlier one. Issue 17: counting it for each result of years of history cost a one-stop
    officer's queue page 400 ms."""
    limit = Decimal(settings.RESULT_UNCOLLECTED_DAYS)
    at = uncollected_candidates_before(now)
    for _ in range(366):  # a year back is far more than any run of days off
        if calendar.working_days_elapsed(at, now) >= limit:
            break
        at -= timedelta(days=1)
    return at
