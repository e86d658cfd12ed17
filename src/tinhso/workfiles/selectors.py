"""Lists of work files and what a page shows of one (reads only)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from tinhso.documents.access import readable_documents
from tinhso.workcalendar import calendar
from tinhso.workfiles import access
from tinhso.workfiles.models import OPEN_STATES, WorkFile, WorkFileLink, WorkFileState

SOON_WORKING_DAYS = 2  # "sắp đến hạn": due within two working days


def soon_limit(now: datetime) -> datetime:
    return calendar.due_at(now, working_days=SOON_WORKING_DAYS)


def deadline_mark(wf: WorkFile, now: datetime, limit: datetime | None = None) -> str:
    """ "late" (quá hạn), "soon" (sắp đến hạn), "paused", "" — or the on-time class once done."""
    if wf.state == WorkFileState.DONE:
        return wf.timeliness
    if wf.state == WorkFileState.PAUSED:
        return "paused"
    if wf.due_at < now:
        return "late"
    if wf.due_at <= (limit or soon_limit(now)):
        return "soon"
    return ""


def with_marks(files: Iterable[WorkFile], now: datetime | None = None) -> list[WorkFile]:
    now = now or timezone.now()
    limit = soon_limit(now)
    out = list(files)
    for wf in out:
        wf.mark = deadline_mark(wf, now, limit)  # type: ignore[attr-defined]
    return out


def my_work_files(user: Any, scope: str = "", closed: bool = False) -> QuerySet[WorkFile]:
    """The user's own files (in charge, holding, taking part, or a delegator's); with
    scope="agency" every file the user reads. Open files first, nearest deadline first."""
    qs = access.readable_work_files(user)
    if scope != "agency":
        ids = [user.pk, *access.active_delegations(user).values_list("from_user_id", flat=True)]
        qs = qs.filter(
            Q(in_charge_id__in=ids) | Q(holder_id__in=ids) | Q(participants__user_id__in=ids)
        ).distinct()
    if closed:
        qs = qs.filter(state=WorkFileState.DONE).order_by("-closed_at", "-pk")
    else:
        qs = qs.exclude(state=WorkFileState.DONE).order_by("due_at", "pk")
    return qs.select_related("agency", "department", "in_charge", "holder")


@dataclass
class LinkView:
    link: WorkFileLink
    readable: bool


def links_for(user: Any, wf: WorkFile) -> list[LinkView]:
    """The file's documents; one the user may not read shows only that it is there."""
    links = list(wf.links.select_related("document").order_by("linked_at", "pk"))
    ids = {link.document_id for link in links}
    readable = set(readable_documents(user).filter(pk__in=ids).values_list("pk", flat=True))
    return [LinkView(link, link.document_id in readable) for link in links]


def subtasks_of(wf: WorkFile) -> list[WorkFile]:
    return with_marks(wf.subtasks.select_related("in_charge").order_by("pk"))


def timeline_of(wf: WorkFile) -> QuerySet[Any]:
    return wf.steps.select_related("from_user", "to_user", "on_behalf_of").order_by("pk")


def is_open(wf: WorkFile) -> bool:
    return wf.state in OPEN_STATES
