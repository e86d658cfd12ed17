"""The one interface every payment provider speaks (issue 16, must-have 1).

start → the citizen is redirected (or shown a QR) → the provider calls our server (IPN /
callback) → we may query the status → refund. An adapter speaks its provider's published
protocol exactly and knows nothing of dossiers: services.py turns what it verified into a
confirmation. Anything an adapter cannot verify raises BadSignature; it never guesses.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol


@dataclass(frozen=True)
class StartRequest:
    reference: str  # Payment.reference
    amount: int  # whole đồng
    description: str  # ASCII-folded by the adapter where its protocol needs it
    client_ip: str
    return_url: str  # the citizen's browser comes back here (shown only, never trusted)
    created_at: datetime
    expires_at: datetime
    locale: str = "vn"
    extra: dict[str, Any] = field(default_factory=dict)  # provider-specific (receipt data…)


@dataclass(frozen=True)
class StartResult:
    redirect_url: str = ""
    qr_payload: str = ""  # for a QR shown on the page instead of a redirect
    provider_reference: str = ""


@dataclass(frozen=True)
class Notification:
    """What a verified callback or query says about one payment."""

    reference: str
    amount: int  # whole đồng, as the provider states it
    currency: str
    paid: bool  # the provider says the money was taken
    pending: bool = False
    provider_transaction: str = ""
    bank_code: str = ""
    paid_at: datetime | None = None
    code: str = ""  # the provider's own result code, for the log
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RefundResult:
    accepted: bool
    provider_reference: str = ""
    code: str = ""
    message: str = ""
    # a refusal the provider says is passing (busy, a duplicate within its time limit): the
    # refund is asked again later (refunds.py); any other refusal is final
    retryable: bool = False


class BadSignature(ValueError):
    """A callback or answer whose checksum does not verify: nothing in it is believed."""


class GatewayUnavailable(Exception):
    """The provider cannot be reached now: try the query again later."""


class Gateway(Protocol):
    provider: str

    def start(self, request: StartRequest) -> StartResult: ...

    def parse_callback(self, params: dict[str, str], body: bytes) -> Notification:
        """Verify and read a server-to-server callback; BadSignature if it does not verify."""
        ...

    def callback_answer(self, outcome: str, notification: Notification | None) -> Any:
        """What the provider expects back, for each Outcome (VNPay: RspCode 00/01/02/04/97/99;
        the national platform: MaLoi…), as (content type, body)."""
        ...

    def query(self, reference: str, created_at: datetime, client_ip: str) -> Notification: ...

    def refund(
        self, reference: str, amount: int, reason: str, created_at: datetime, by: str
    ) -> RefundResult: ...


def json_callback(params: dict[str, str], body: bytes) -> dict[str, Any]:
    """The fields of a callback sent as a JSON object (or, with no body, as query parameters);
    anything else is refused before its checksum is even read."""
    if not body.strip():
        return dict(params)
    try:
        message = json.loads(body)
    except ValueError:
        raise BadSignature("Nội dung thông báo không phải JSON.") from None
    if not isinstance(message, dict):
        raise BadSignature("Nội dung thông báo phải là một đối tượng JSON.")
    return message
