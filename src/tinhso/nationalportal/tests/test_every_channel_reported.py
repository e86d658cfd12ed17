"""Every dossier is reported to the national portal, whatever its channel, with every status
change (issue 12 item 11; Nghị định 118/2025/NĐ-CP). Real HTTP to the simulated portal in the
live server, which checks each signature and records what it received.

Before: the reaction ran only for dossiers filed on the portal (`filed_through(NATIONAL_PORTAL)`)
and the outbox needed a PortalDossier link, so counter, online and postal dossiers never
reached the portal and the portal's 766 figures missed them.
"""

import json

import pytest

from tinhso.dossiers.constants import Action, Channel
from tinhso.dossiers.models import Dossier
from tinhso.dossiers.services import counter_receive, dossier_act, dossier_create
from tinhso.nationalportal.constants import MessageState
from tinhso.nationalportal.models import StatusMessage
from tinhso.nationalportal.tests.conftest import INBOUND_SECRET, URL
from tinhso.simulators.models import PortalStatusReceipt
from tinhso.simulators.national_portal.client import submit


@pytest.fixture
def portal(live_server, settings):
    settings.NATIONAL_PORTAL_STATUS_URL = live_server.url + "/mo-phong/dvcqg/trang-thai/"
    return live_server


def held_by_portal(dossier: Dossier) -> list[tuple]:
    """What the simulated portal accepted for this dossier: (sequence, action, status, channel)."""
    rows = PortalStatusReceipt.objects.filter(
        answered=200, dossier_code=dossier.code, signature_valid=True
    ).order_by("id")
    return [(r.sequence, r.action, r.status, json.loads(r.body)["channel"]) for r in rows]


def test_a_counter_dossier_reaches_the_portal_with_every_status_change(portal, new_dossier, cast):
    dossier = counter_receive(new_dossier(), actor=cast.reception)
    dossier = dossier_act(dossier, Action.FORWARD, actor=cast.specialist)
    dossier = dossier_act(dossier, Action.APPROVE, actor=cast.leader)
    dossier = dossier_act(dossier, Action.RETURN_RESULT, actor=cast.reception)

    assert held_by_portal(dossier) == [
        (1, "submit", "submitted", "counter"),
        (2, "receive", "processing", "counter"),
        (3, "forward", "processing", "counter"),
        (4, "approve", "result_ready", "counter"),
        (5, "return_result", "returned", "counter"),
    ]
    body = json.loads(PortalStatusReceipt.objects.get(dossier_code=dossier.code, sequence=2).body)
    assert body["external_id"] == ""  # not filed on the portal: our code identifies it
    assert body["procedure_code"] == "1.001232"
    assert body["agency"] == "000.00.12.H53"
    assert body["submitted_at"].endswith("+07:00")
    assert set(StatusMessage.objects.values_list("state", flat=True)) == {MessageState.SENT}


def test_online_and_postal_dossiers_are_reported(portal, new_dossier, cast):
    online = dossier_create(new_dossier(channel=Channel.ONLINE), actor=cast.citizen)
    postal = dossier_create(new_dossier(channel=Channel.POSTAL), actor=cast.reception)
    dossier_act(online, Action.WITHDRAW, actor=cast.citizen, note="Không cần nữa")
    dossier_act(
        postal, Action.REFUSE_RECEPTION, actor=cast.reception, note="Không thuộc thẩm quyền."
    )

    assert held_by_portal(online) == [
        (1, "submit", "submitted", "online"),
        (2, "withdraw", "withdrawn", "online"),
    ]
    assert held_by_portal(postal) == [
        (1, "submit", "submitted", "postal"),
        (2, "refuse_reception", "refused", "postal"),
    ]


def test_a_portal_dossier_is_reported_once_under_the_portals_code(portal, payload, cast):
    status, answer = submit(payload(), url=portal.url + URL, secret=INBOUND_SECRET, timeout=30)
    assert status == 201, answer
    dossier = Dossier.objects.get(code=answer["dossier_code"])
    dossier_act(dossier, Action.RECEIVE, actor=cast.reception)

    assert held_by_portal(dossier) == [
        (1, "submit", "submitted", "national_portal"),
        (2, "receive", "processing", "national_portal"),
    ]
    assert set(
        PortalStatusReceipt.objects.filter(dossier_code=dossier.code).values_list(
            "external_id", flat=True
        )
    ) == {"G22.99-261120-000123"}


def test_each_dossier_has_its_own_sequence(portal, new_dossier, cast):
    first = counter_receive(new_dossier(), actor=cast.reception)
    second = counter_receive(new_dossier(), actor=cast.reception)

    assert [s for s, *_ in held_by_portal(first)] == [1, 2]
    assert [s for s, *_ in held_by_portal(second)] == [1, 2]
