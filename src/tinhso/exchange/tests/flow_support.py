"""One Tỉnh Số with two agencies that talk over the local axis simulator (real HTTP).

Sở Tư pháp (STP) sends to Sở Xây dựng (SXD) as to an outside body: the copy leaves as signed
edXML through the `vdxp` adapter, the simulator routes it by mã định danh, and the same
server takes it from its inbox for SXD. Every hop the two-instance test makes is made here,
in one process, so the statuses and the recall can be driven step by step.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.core.management import call_command

from tinhso.documents import outgoing, outgoing_dispatch, outgoing_signing
from tinhso.documents.models.outgoing import RecipientKind
from tinhso.documents.tests.outgoing_support import approved_draft
from tinhso.exchange import outbox, receive
from tinhso.exchange.edxml import xmlsig
from tinhso.exchange.transport import get_transport
from tinhso.simulators.axis.models import AxisOrganisation

SECRET = "khoa-bi-mat-cua-tinh-so"


@dataclass
class Exchange:
    office: Any
    signers: dict[int, xmlsig.KeySigner]

    def send_all(self) -> outbox.SendOutcome:
        return outbox.send_due(transport=get_transport())

    def receive_all(self) -> receive.ReceiveOutcome:
        return receive.receive_due(transport=get_transport())

    def round(self) -> None:
        """What the periodic jobs do: send what is due, take what arrived (twice, so a status
        answered to an arrival also travels)."""
        for _ in range(2):
            self.send_all()
            self.receive_all()


@pytest.fixture
def exchange(settings, live_server, signing, office, monkeypatch) -> Exchange:
    for agency in (office.stp, office.sxd):
        AxisOrganisation.objects.get_or_create(code=agency.code, defaults={"name": agency.name})
    call_command("axis_register", "--system-id", "tinh-so", "--secret", SECRET,
                 "--organ", office.stp.code, "--organ", office.sxd.code)  # fmt: skip
    settings.EXCHANGE_TRANSPORT = "vdxp"
    settings.EXCHANGE_AXIS_URL = f"{live_server.url}/mo-phong/truc-lien-thong"
    settings.EXCHANGE_SYSTEM_ID = "tinh-so"
    settings.EXCHANGE_SECRET = SECRET
    ca = signing.ca
    sxd_seal = ca.issue("o-sxd-seal", "Sở Xây dựng")
    signers = {
        office.stp.pk: xmlsig.KeySigner(
            key=ca.get("o-stp-seal").key, certificates=(ca.get("o-stp-seal").cert, ca.ca().cert)
        ),
        office.sxd.pk: xmlsig.KeySigner(
            key=sxd_seal.key, certificates=(sxd_seal.cert, ca.ca().cert)
        ),
    }
    # the seal's key lives on the HSM in production (tested in test_edxml_signature); here
    # the demo CA's keys sign, through the same xmlsig.sign
    monkeypatch.setattr(xmlsig, "signer_for_agency", lambda agency_id: signers[agency_id])
    return Exchange(office, signers)


def issue_to_sxd(office: Any, subject: str = "V/v phối hợp thẩm định quy hoạch") -> Any:
    """STP issues a document with SXD as an outside addressee and sends it."""
    d = approved_draft(office, subject=subject)
    outgoing.recipient_add(
        office.clerk, d, RecipientKind.EXTERNAL, name="Sở Xây dựng", organ_id=office.sxd.code
    )
    outgoing_signing.sign(office.leader, d)
    outgoing_signing.number_and_seal(office.clerk, d)
    outgoing_dispatch.send(office.clerk, d)
    return d
