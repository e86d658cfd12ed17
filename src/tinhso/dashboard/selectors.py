"""The dashboard's dossier lists: overdue now and due within two working days (sắp đến hạn).

Counting and ratios belong to tinhso.statistics; these are the lists behind its figures,
paged. Overdue has one meaning, tinhso.dossiers.overdue: a dossier in progress past its LEGAL
deadline (Nghị định 118/2025/NĐ-CP; an extension with its apology, Mẫu 04 of Thông tư
03/2025/TT-VPCP, moves the appointment, not the deadline), the same rule as the officers'
queues and tinhso.statistics' in-progress figures; one whose legal deadline falls by the
close of office on the second working day is at risk (as the queue "Sắp đến hạn",
tinhso.dossiers.selectors.soon_limit). A dossier waiting for a supplement has its clock
paused: it is overdue only if it was already late when the clock stopped.

An agency's lists hold the dossiers it decides (cơ quan giải quyết) and those now at one of
its steps (liên thông), so a leader sees every late dossier waiting in their agency.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from tinhso.accounts.models import User
from tinhso.core.db_router import reporting_db
from tinhso.dossiers.access import readable_dossiers
from tinhso.dossiers.constants import Status, StepState
from tinhso.dossiers.models import Dossier, DossierStep
from tinhso.dossiers.overdue import due_soon_q, overdue_q
from tinhso.dossiers.selectors import QUEUE_FIELDS, soon_limit


@dataclass(frozen=True)
class Scope:
    """What one dashboard reads: None agency_ids = the whole province."""

    agency_ids: list[int] | None = None
    field_id: int | None = None
    procedure_id: int | None = None


def _in_progress(user: User, scope: Scope) -> QuerySet[Dossier]:
    # Read from the replica when there is one (tinhso.core.db_router): the lists are lazy,
    # so they are pinned to it here rather than routed while they are built.
    qs = (
        readable_dossiers(user)
        .using(reporting_db())
        .filter(status__in=(Status.PROCESSING, Status.AWAITING_SUPPLEMENT))
    )
    if scope.agency_ids is not None:
        ids = scope.agency_ids
        # The agency's live steps through their partial index, not a join per open dossier.
        at_agency = DossierStep.objects.filter(state=StepState.ACTIVE, agency_id__in=ids)
        qs = qs.filter(Q(competent_agency_id__in=ids) | Q(current_step__in=at_agency.values("pk")))
    if scope.field_id is not None:
        qs = qs.filter(procedure_version__field_id=scope.field_id)
    if scope.procedure_id is not None:
        qs = qs.filter(procedure_version__procedure_id=scope.procedure_id)
    return qs


def overdue(user: User, scope: Scope, now: datetime | None = None) -> QuerySet[Dossier]:
    """Dossiers past their legal deadline and still in progress, the oldest first."""
    now = now or timezone.now()
    return (
        _in_progress(user, scope)
        .filter(overdue_q(now))
        .select_related(*QUEUE_FIELDS)
        .order_by("legal_due_at", "pk")
    )


def due_soon(user: User, scope: Scope, now: datetime | None = None) -> QuerySet[Dossier]:
    """Dossiers whose legal deadline falls from now to the close of office on the second
    working day."""
    now = now or timezone.now()
    return (
        _in_progress(user, scope)
        .filter(due_soon_q(now, soon_limit(now)))
        .select_related(*QUEUE_FIELDS)
        .order_by("legal_due_at", "pk")
    )
