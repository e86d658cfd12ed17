"""The one interface every route of the exchange speaks (issue 15, must-have 3).

Two routes carry the same edXML: the national axis (VDXP, reached with a system id and a
secret; `vdxp.py`) and a provincial integration platform (LGSP, REST with a bearer token;
`lgsp.py`). The local axis simulator (tinhso.simulators.axis) speaks the national axis's
protocol, so the demo and the tests run the real `vdxp` adapter against it.

The outbox (tinhso.exchange.outbox) and the receiver (tinhso.exchange.receive) know only this
module: a route is picked by settings, never by the code that sends.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


class MessageType:
    """Message types of the axis (VXP SDK): a new document, a status, a recall, an update,
    a replacement. The edXML inside says the same (Bussiness.BussinessDocType)."""

    EDOC = "edoc"
    STATUS = "status"
    REVOCATION = "revocation"
    UPDATE = "update"
    REPLACEMENT = "replacement"
    ALL = (EDOC, STATUS, REVOCATION, UPDATE, REPLACEMENT)


class InboxState:
    """The axis's states of a message in a receiver's inbox (VXP SDK)."""

    INBOX = "inbox"  # arrived, not yet taken
    ACCEPTANCE = "acceptance"
    REJECTION = "rejection"
    PROCESSING = "processing"
    DONE = "done"  # taken and handled by the receiver
    FAIL = "fail"  # taken, could not be handled (refused with a status 02)


@dataclass(frozen=True)
class OutgoingMessage:
    message_id: str  # ours (UUID), unique: the axis and the receiver drop a second copy
    message_type: str  # MessageType
    from_organ_id: str
    to_organ_ids: tuple[str, ...]
    body: bytes  # the signed edXML


@dataclass(frozen=True)
class SendReceipt:
    remote_id: str  # the axis's id of the message (docId)


@dataclass(frozen=True)
class InboxItem:
    remote_id: str
    message_type: str
    from_organ_id: str
    to_organ_id: str
    created_at: datetime


@dataclass(frozen=True)
class DirectoryEntry:
    """One organisation of the axis's directory (mã định danh, Quyết định 20/2020/QĐ-TTg)."""

    organ_id: str
    name: str
    parent_id: str = ""
    address: str = ""
    email: str = ""
    phone: str = ""
    website: str = ""


class TransportError(Exception):
    """The route could not take or give a message. `permanent` ones are not retried."""

    permanent = False


class Unreachable(TransportError):
    """Network failure, timeout, 5xx: try again later (exponential back-off)."""


class Refused(TransportError):
    """The route refused the message (bad credentials, a malformed request): not retried."""

    permanent = True


class TooLarge(Refused):
    """A package larger than EXCHANGE_MAX_PACKAGE_BYTES: refused without reading it all."""


class Misaddressed(Refused):
    """No organisation with that mã định danh on the route: an explicit error, not silence."""


class Transport(Protocol):
    name: str

    def send(self, message: OutgoingMessage) -> SendReceipt: ...

    def pending(self, limit: int = 100) -> list[InboxItem]:
        """Messages waiting in our inbox (state `inbox`), oldest first."""
        ...

    def fetch(self, remote_id: str) -> bytes:
        """The edXML of one inbox message."""
        ...

    def acknowledge(self, remote_id: str, state: str) -> None:
        """Tell the route we took the message (InboxState.DONE or FAIL): it leaves the inbox."""
        ...

    def directory(self) -> Iterator[DirectoryEntry]: ...
