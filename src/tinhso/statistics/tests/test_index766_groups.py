"""Item 12: the Bộ chỉ số 766 complete — six groups with their points (Quyết định 766/QĐ-TTg),
"Công khai, minh bạch" (dossiers synced to the national portal), digitisation per component
and result with the reuse rate, payment from real payments over dossiers with a fee due."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from tinhso.dossiers import services
from tinhso.dossiers.constants import Action, Channel
from tinhso.dossiers.models import Dossier
from tinhso.nationalportal.constants import MessageState
from tinhso.nationalportal.models import PortalDossier, StatusMessage
from tinhso.statistics import figures as f
from tinhso.statistics.index766 import POINTS, SCORE_ORDER, SUMS, scores_766
from tinhso.statistics.selectors import index_766
from tinhso.statistics.services import rebuild
from tinhso.statistics.tests.conftest import pdf

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
WHEN = datetime(2026, 11, 3, 9, 0, tzinfo=VN)
DAY = (date(2026, 11, 3), date(2026, 11, 3))


def test_group_points_add_up_as_the_decision_says():
    assert POINTS == {
        f.TRANSPARENCY: 18,
        f.PROGRESS: 20,
        f.ONLINE: 12,
        f.ONLINE_PAYMENT: 10,
        f.SATISFACTION: 18,
        f.DIGITISED: 22,
    }
    assert sum(POINTS.values()) == 100 and set(SCORE_ORDER) == set(POINTS)
    everything = dict.fromkeys(SUMS, 4)  # every ratio 4 / 4
    row = f.Index766Row("province", "Toàn tỉnh", (), scores_766(everything))
    assert [s.points for s in row.scores] == [Decimal(POINTS[c]) for c in SCORE_ORDER]
    assert row.points == Decimal(100) and row.max_points == 100
    # Half the dossiers paid online, no component reused: the group's metrics weigh the same.
    half = everything | {"paid_online": 2, "components_reused": 0}
    scores = {s.code: s for s in scores_766(half)}
    assert scores[f.ONLINE_PAYMENT].points == Decimal("5.00")
    assert scores[f.DIGITISED].points == Decimal("16.50")  # 22 × (1 + 1 + 1 + 0) / 4
    # A group with nothing to count scores nothing and is left out of the maximum.
    none_rated = everything | {"rated": 0, "satisfied": 0}
    row = f.Index766Row("province", "Toàn tỉnh", (), scores_766(none_rated))
    assert row.points == Decimal(82) and row.max_points == 82


def _receive(d: Dossier, cast) -> Dossier:
    return services.dossier_act(d, Action.RECEIVE, actor=cast.reception)


def test_payment_counts_real_payments_over_dossiers_with_a_fee_due(new_dossier, cast):
    with time_machine.travel(WHEN, tick=False):
        free = services.dossier_create(new_dossier(), actor=cast.reception)
        Dossier.objects.filter(pk=free.pk).update(fees_due=0)  # e.g. on-time registration
        paid = services.dossier_create(new_dossier(channel=Channel.NATIONAL_PORTAL), actor=None)
        PortalDossier.objects.create(
            external_id="G22-0001",
            dossier=paid,
            procedure_code="1.001232",
            receiving_agency_code="000.00.12.H53",
            submitted_at=WHEN,
            fees=[{"name": "Phí", "amount": 200000, "transaction_id": "NTT-1", "paid_at": None}],
            payload={},
            body_sha256="0" * 64,
        )
        unpaid = services.dossier_create(new_dossier(), actor=cast.reception)
        for d in (free, paid, unpaid):
            _receive(Dossier.objects.get(pk=d.pk), cast)
    [row] = index_766(*DAY)
    payment = row.group(f.ONLINE_PAYMENT)
    # The free dossier is not in the denominator; the portal's payment is in the numerator.
    assert (payment.numerator, payment.denominator) == (1, 2)
    assert {s.code: s for s in row.scores}[f.ONLINE_PAYMENT].points == Decimal("5.00")
    rebuild()
    assert index_766(*DAY)[0].group(f.ONLINE_PAYMENT) == payment


def test_components_digitised_and_reused_from_the_data_store(new_dossier, cast, procedures):
    spec = procedures["lltp"].components.get(required=True)
    with time_machine.travel(WHEN, tick=False):
        reused = services.dossier_create(
            new_dossier(
                channel=Channel.ONLINE,
                files=[services.NewFile(pdf(), spec.pk, from_store=True)],
            ),
            actor=cast.citizen,
        )
        _receive(reused, cast)
        services.counter_receive(new_dossier(), actor=cast.reception)  # paper only
    [row] = index_766(*DAY)
    assert (
        row.group(f"{f.DIGITISED}:components").numerator,
        row.group(f"{f.DIGITISED}:components").denominator,
    ) == (1, 2)
    assert (
        row.group(f"{f.DIGITISED}:reuse").numerator,
        row.group(f"{f.DIGITISED}:reuse").denominator,
    ) == (1, 2)
    before = index_766(*DAY)[0].groups
    rebuild()
    assert index_766(*DAY)[0].groups == before  # the rebuild counts the same


def test_transparency_is_the_share_of_dossiers_the_portal_holds(new_dossier, cast):
    with time_machine.travel(WHEN, tick=False):
        made = [services.counter_receive(new_dossier(), actor=cast.reception) for _ in range(3)]
    for i, d in enumerate(made[:2]):
        link = PortalDossier.objects.create(
            external_id=f"G22-{i}",
            dossier=d,
            procedure_code="1.001232",
            receiving_agency_code="000.00.12.H53",
            submitted_at=WHEN,
            payload={},
            body_sha256="0" * 64,
        )
        state = MessageState.SENT if i == 0 else MessageState.RETRYING
        StatusMessage.objects.create(
            portal_dossier=link,
            sequence=1,
            action="receive",
            dossier_status=d.status,
            payload={},
            state=state,
        )
    [row] = index_766(*DAY)
    synced = row.group(f.TRANSPARENCY)
    assert (synced.numerator, synced.denominator) == (1, 3)  # one still retrying, one never sent
    assert {s.code: s for s in row.scores}[f.TRANSPARENCY].points == Decimal("6.00")


def test_pages_show_the_groups_and_their_points(new_dossier, cast):
    with time_machine.travel(WHEN, tick=False):
        services.counter_receive(new_dossier(), actor=cast.reception)
    with time_machine.travel(datetime(2026, 11, 20, 9, 0, tzinfo=VN), tick=False):
        public = Client().get("/thong-ke/?ky=thang-nay").content.decode()
        staff = Client()
        staff.force_login(cast.province_leader)
        board = staff.get("/can-bo/dieu-hanh/").content.decode()
    for html in (public, board):
        assert "Công khai, minh bạch" in html and "Tổng điểm" in html
    assert "tối đa 22 điểm" in public and "/ 22" in board
