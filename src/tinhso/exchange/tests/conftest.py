"""Fixtures of the exchange tests: two systems registered with the local axis simulator, reached
over real HTTP (live_server)."""

from __future__ import annotations

import socket
import uuid

import pytest
from django.core.management import call_command

from tinhso.exchange.transport.base import MessageType, OutgoingMessage
from tinhso.exchange.transport.lgsp import LgspTransport
from tinhso.exchange.transport.vdxp import VdxpTransport

# System A serves the demo province's Sở Tư pháp; system B two bodies elsewhere.
ORGAN_A = "000.00.02.H53"
ORGAN_B = "000.00.12.H59"
ORGAN_B2 = "000.00.00.G22"
SECRET_A = "khoa-bi-mat-cua-a"
SECRET_B = "khoa-bi-mat-cua-b"


@pytest.fixture
def axis_url(live_server) -> str:
    call_command("axis_register", "--system-id", "he-thong-a", "--secret", SECRET_A,
                 "--organ", ORGAN_A)  # fmt: skip
    call_command("axis_register", "--system-id", "he-thong-b", "--secret", SECRET_B,
                 "--organ", ORGAN_B, "--organ", ORGAN_B2)  # fmt: skip
    return f"{live_server.url}/mo-phong"


def vdxp(axis_url: str, who: str = "a", secret: str = "") -> VdxpTransport:
    default = SECRET_A if who == "a" else SECRET_B
    return VdxpTransport(
        url=f"{axis_url}/truc-lien-thong",
        system_id=f"he-thong-{who}",
        secret=secret or default,
        timeout=5,
    )


def lgsp(axis_url: str, who: str = "a", password: str = "") -> LgspTransport:
    default = SECRET_A if who == "a" else SECRET_B
    return LgspTransport(
        url=f"{axis_url}/lgsp/api/lgspedoc",
        username=f"he-thong-{who}",
        password=password or default,
        application_code="TINHSO",
        timeout=5,
    )


def edxml(subject: str = "Công văn thử") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<edXMLEnvelope xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016">'
        f"<Subject>{subject}</Subject></edXMLEnvelope>\n"
    ).encode()


def message(to: tuple[str, ...] = (ORGAN_B,), body: bytes | None = None, **kw) -> OutgoingMessage:
    values = {
        "message_id": str(uuid.uuid4()),
        "message_type": MessageType.EDOC,
        "from_organ_id": ORGAN_A,
        "to_organ_ids": to,
        "body": body if body is not None else edxml(),
        **kw,
    }
    return OutgoingMessage(**values)


@pytest.fixture
def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


# The e-office office (STP, SXD and their people), its signing setup and the single-server
# exchange over the simulator (flow_support), for the flow and page tests.
from tinhso.documents.tests.conftest import office  # noqa: E402, F401
from tinhso.documents.tests.outgoing_support import (  # noqa: E402, F401
    _media,
    demo_provider,
    pki,
    signing,
)
from tinhso.exchange.tests.flow_support import exchange  # noqa: E402, F401
