"""Everything a change of a document sets off in other contexts, in the order it runs.

The services of this context (incoming registration and handling, outgoing dispatch and
recall) write their change and, still inside its transaction, hand a `DocumentChange` to
`react`, which runs REACTIONS from top to bottom, the way tinhso.dossiers.reactions does for
dossiers (same machinery: `Runs`, dotted paths checked at start-up by DocumentsConfig.ready).
The exchange context sits above documents, so it is named here by dotted path, in this one
place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tinhso.documents.kinds import Channel, Direction
from tinhso.documents.models import Document
from tinhso.dossiers.reactions import Reaction, Runs, run


class ChangeAction:
    """The changes other contexts hear of."""

    REGISTERED = "incoming.register"
    REFUSED = "incoming.refuse"
    ASSIGNED = "incoming.assign"
    PROGRESS = "incoming.progress"
    COMPLETED = "incoming.complete"
    TO_EXCHANGE = "outgoing.to_exchange"  # an external copy is to be sent (recipient set)
    COPY_RECALLED = "outgoing.recall_copy"  # a copy already sent is recalled (recipient set)
    # The answer to a recall (15/16) is not a change of ours: the exchange context, which holds
    # the recall message, queues it itself (tinhso.exchange.services.answer_recall).
    INCOMING = frozenset({REGISTERED, REFUSED, ASSIGNED, PROGRESS, COMPLETED})


@dataclass(frozen=True)
class DocumentChange:
    document: Document  # the locked row, saved in its new state
    action: str  # ChangeAction
    actor: Any = None
    note: str = ""
    recipient: Any = None  # the OutgoingRecipient of an outgoing change


def came_over_exchange(change: DocumentChange) -> bool:
    """An incoming copy received from the axis: its sender expects status messages."""
    document = change.document
    return (
        change.action in ChangeAction.INCOMING
        and document.direction == Direction.INCOMING
        and document.channel == Channel.EXCHANGE
        and bool(document.exchange_id)
    )


def goes_over_exchange(change: DocumentChange) -> bool:
    return change.action in (ChangeAction.TO_EXCHANGE, ChangeAction.COPY_RECALLED) and (
        change.recipient is not None and change.recipient.kind == "external"
    )


REACTIONS: tuple[Reaction[DocumentChange], ...] = (
    # Quyết định 28/2018/QĐ-TTg: the receiver reports what became of a document it got over
    # the axis (03 registered, 04 assigned, 05 in processing, 06 done, 02 refused). Queued in
    # the outbox; sending never holds up the clerk.
    Reaction(
        "exchange: report the status to the sender",
        "tinhso.exchange.reactions.report_status",
        Runs.IN_SAVEPOINT,
        when=came_over_exchange,
        after_commit="sent by the exchange outbox (manage.py exchange_send retries)",
    ),
    # The outbox row is written with the change (nothing sent is lost, nothing is sent for a
    # change rolled back); the edXML is built and signed when it is first sent.
    Reaction(
        "exchange: queue the document (or its recall) for the axis",
        "tinhso.exchange.reactions.queue_outgoing",
        Runs.IN_TRANSACTION,
        when=goes_over_exchange,
        after_commit="sent by the exchange outbox (manage.py exchange_send retries)",
    ),
)


def react(change: DocumentChange) -> None:
    """Run REACTIONS for `change`; call inside the change's transaction."""
    run(REACTIONS, change, about=f"văn bản {change.document.pk} ({change.action})")
