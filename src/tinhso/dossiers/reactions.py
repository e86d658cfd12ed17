"""Everything a dossier's change of status sets off, in the order it runs.

`dossier_create` and `dossier_act` (tinhso.dossiers.services) write the DossierEvent of the
change and, still inside their transaction, hand it to `react(event)`, which runs REACTIONS
from top to bottom. Each line says what runs, which changes set it off (`when`) and how:

- `Runs.IN_TRANSACTION`: part of the change itself. If it fails, the change fails and
  nothing of it is kept; the statistics aggregates commit or roll back with the dossier,
  which is what keeps incremental counting equal to a rebuild.
- `Runs.IN_SAVEPOINT`: inside the change's transaction, in a savepoint of its own. A failure
  is logged and rolled back alone; it never undoes or blocks the officer's action.
- `after_commit`: what the reaction leaves to run once the transaction has committed (the
  e-mail and SMS, the POST to the national portal, deleting files). A change rolled back
  sends nothing.

Why dotted paths. dossiers is a lower layer than statistics, nationalportal and mydossiers:
they import dossiers, so dossiers must not import them (an import cycle, and a layer that
knows its users). This list names their functions by dotted path instead, in this one place.
`resolve` checks every path when the app registry is ready (DossiersConfig.ready): one that
does not name a function taking one argument stops start-up with ImproperlyConfigured, under
manage.py, gunicorn and the tests alike, so a typo cannot silently drop a reaction. Each
function is looked up by its path when it runs, so a test can replace it the ordinary way.
Every function listed takes the DossierEvent just written; its `dossier` is the locked row,
saved in its new status.

The same machinery serves the ratings context (tinhso.ratings.reactions).
"""

import enum
import inspect
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.transaction import TransactionManagementError
from django.utils.module_loading import import_string

from tinhso.dossiers.constants import FINAL_STATUSES, Channel, Status
from tinhso.dossiers.models import DossierEvent

logger = logging.getLogger(__name__)

E = TypeVar("E")


class Runs(enum.Enum):
    IN_TRANSACTION = "in the transaction of the change: its failure fails the change"
    IN_SAVEPOINT = "in a savepoint of the change's transaction: its failure is only logged"


def always(event: object) -> bool:
    return True


@dataclass(frozen=True)
class Reaction(Generic[E]):
    name: str
    function: str  # dotted path of `def f(event: E) -> None`
    runs: Runs
    when: Callable[[E], bool] = always
    after_commit: str = ""


# --- which changes set a reaction off -------------------------------------------------------


def reaches(status: Status) -> Callable[[DossierEvent], bool]:
    def test(event: DossierEvent) -> bool:
        return event.to_status == status

    test.__qualname__ = f"reaches({status.value})"
    return test


def leaves(status: Status) -> Callable[[DossierEvent], bool]:
    def test(event: DossierEvent) -> bool:
        return event.from_status == status and event.to_status != status

    test.__qualname__ = f"leaves({status.value})"
    return test


def closes(event: DossierEvent) -> bool:
    """The change ends the dossier: returned, refused, withdrawn or stopped."""
    return event.to_status in FINAL_STATUSES and event.from_status not in FINAL_STATUSES


def creates(event: DossierEvent) -> bool:
    """The change that created the dossier (dossier_create): nothing of the dossier existed
    before this transaction, so a reaction has nothing earlier of it to read (no portal link,
    no earlier message or event) and its row is the object the event carries."""
    return event.from_status == ""


def filed_through(channel: Channel) -> Callable[[DossierEvent], bool]:
    def test(event: DossierEvent) -> bool:
        return event.dossier.channel == channel

    test.__qualname__ = f"filed_through({channel.value})"
    return test


# --- the list --------------------------------------------------------------------------------

REACTIONS: tuple[Reaction[DossierEvent], ...] = (
    Reaction(
        "my dossiers: forget the papers kept for an unsent supplement",
        "tinhso.mydossiers.reactions.supplement_drafts_discard",
        Runs.IN_TRANSACTION,
        when=leaves(Status.AWAITING_SUPPLEMENT),
        after_commit="their files are deleted from storage",
    ),
    # Every dossier, whatever its channel (issue 12 item 11, Nghị định 118/2025/NĐ-CP): the
    # national portal follows and counts all of them, not only those filed there.
    Reaction(
        "national portal: queue the status update",
        "tinhso.nationalportal.reactions.status_update_queue",
        Runs.IN_SAVEPOINT,
        after_commit="POSTed to the portal in sequence; retried by `manage.py nationalportal_send`",
    ),
    Reaction(
        "document store: file the result and the applicant's papers",
        "tinhso.mydossiers.reactions.results_to_store",
        Runs.IN_SAVEPOINT,
        when=reaches(Status.RETURNED),
    ),
    Reaction(
        "notify the applicant",
        "tinhso.dossiers.notices.applicant_notify",
        Runs.IN_TRANSACTION,
        after_commit="e-mail and SMS sent (tinhso.notifications)",
    ),
    # Luật Phí và lệ phí 2015: the fee paid for work not done is refunded (the figure the
    # stop or withdrawal recorded); online payments through their provider.
    Reaction(
        "payments: start the refund of the fees a closing decision refunds",
        "tinhso.payments.reactions.refund_on_close",
        Runs.IN_SAVEPOINT,
        when=closes,
    ),
    Reaction(
        "ratings: send the one-time evaluation link when the dossier closes",
        "tinhso.ratings.invitations.invite_on_close",
        Runs.IN_SAVEPOINT,
        when=closes,
        after_commit="e-mail and SMS sent (tinhso.notifications)",
    ),
    # Last: its UPDATEs lock the day's and the month's shared counter rows (every dossier of
    # the agency, procedure and channel that day) until commit, so they come after the rest
    # of the change's work (issue 17's profile); still in the transaction, so the aggregates
    # commit or roll back with the dossier.
    Reaction(
        "statistics: the day's aggregates",
        "tinhso.statistics.services.count_transition",
        Runs.IN_TRANSACTION,
    ),
)


def react(event: DossierEvent) -> None:
    """Run REACTIONS for the change `event` records; call inside the change's transaction."""
    run(REACTIONS, event, about=f"hồ sơ {event.dossier.code} ({event.action})")


# --- the machinery ---------------------------------------------------------------------------


def run(reactions: Sequence[Reaction[E]], event: E, *, about: str) -> None:
    """Run each reaction whose `when` holds, in order, the way its `runs` says."""
    if not transaction.get_connection().in_atomic_block:
        raise TransactionManagementError("Reactions run inside the transaction of the change.")
    for reaction in reactions:
        if not reaction.when(event):
            continue
        function: Callable[[E], Any] = import_string(reaction.function)
        if reaction.runs is Runs.IN_TRANSACTION:
            function(event)
            continue
        try:
            with transaction.atomic():
                function(event)
        except Exception:
            logger.exception(
                "Không thực hiện được “%s” cho %s; thay đổi vẫn được giữ.", reaction.name, about
            )


def resolve(reactions: Sequence[Reaction[Any]]) -> None:
    """Stop start-up (ImproperlyConfigured) unless every path names a one-argument function."""
    problems = []
    for reaction in reactions:
        try:
            function = import_string(reaction.function)
            inspect.signature(function).bind(None)
        except ImportError as exc:
            problems.append(f"“{reaction.name}”: {reaction.function} không tồn tại ({exc}).")
        except (TypeError, ValueError):
            problems.append(
                f"“{reaction.name}”: {reaction.function} phải là hàm nhận đúng một tham số."
            )
    if problems:
        raise ImproperlyConfigured("Danh sách phản ứng sai: " + " ".join(problems))
