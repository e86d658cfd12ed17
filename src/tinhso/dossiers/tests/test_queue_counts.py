"""The queue tabs' badges (selectors.queue_counts) are counted in one statement and always
equal the lists they stand for (issue 17: one COUNT per tab cost most of the queue page on a
million dossiers)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tinhso.dossiers import selectors, services
from tinhso.dossiers.constants import Action, Status
from tinhso.dossiers.models import Dossier

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=VN)  # a Wednesday


@pytest.fixture
def mixed(new_dossier, cast):
    """Dossiers in every work queue of Sở Tư pháp."""
    with time_machine.travel(NOW - timedelta(days=3), tick=False):
        services.dossier_create(new_dossier(), actor=cast.reception)  # waiting at reception
        overdue, soon, later, paused, ready = (
            services.counter_receive(new_dossier(), actor=cast.reception) for _ in range(5)
        )
        services.dossier_act(paused, Action.REQUEST_SUPPLEMENT, actor=cast.specialist, note="CCCD")
        services.dossier_act(ready, Action.FORWARD, actor=cast.specialist)
        services.dossier_act(ready, Action.APPROVE, actor=cast.leader)
    Dossier.objects.filter(pk=overdue.pk).update(legal_due_at=NOW - timedelta(hours=2))
    Dossier.objects.filter(pk=soon.pk).update(legal_due_at=NOW + timedelta(days=1))
    Dossier.objects.filter(pk=later.pk).update(legal_due_at=NOW + timedelta(days=20))
    # Paused after its deadline had passed: overdue while it waits for the supplement.
    Dossier.objects.filter(pk=paused.pk).update(
        legal_due_at=NOW - timedelta(days=2), paused_at=NOW - timedelta(days=1)
    )
    assert Dossier.objects.get(pk=ready.pk).status == Status.RESULT_READY


def lists(user) -> dict[str, int]:
    return {name: selectors.queue(user, name).count() for name in selectors.WORK_QUEUES}


def test_every_badge_equals_its_list_for_every_kind_of_officer(mixed, cast):
    with time_machine.travel(NOW, tick=False):
        for user in (
            cast.reception,
            cast.specialist,
            cast.leader,
            cast.other_specialist,
            cast.commune_reception,
            cast.province_leader,
        ):
            assert selectors.queue_counts(user) == lists(user), user.username
        specialist = selectors.queue_counts(cast.specialist)
        reception = selectors.queue_counts(cast.reception)
    assert specialist["qua-han"] == 2 and specialist["sap-den-han"] == 1
    assert specialist["viec-cua-toi"] == 4
    assert reception["cho-tiep-nhan"] == 1 and reception["cho-tra-ket-qua"] == 1


def test_a_known_count_is_taken_as_given(mixed, cast):
    with time_machine.travel(NOW, tick=False):
        counts = selectors.queue_counts(cast.specialist, known={"viec-cua-toi": 99})
    assert counts["viec-cua-toi"] == 99 and counts["qua-han"] == 2


def test_the_badges_cost_a_fixed_number_of_statements(mixed, cast, django_assert_num_queries):
    # roles, the five slices in one COUNT, the uncollected results' candidates
    with time_machine.travel(NOW, tick=False), django_assert_num_queries(3):
        selectors.queue_counts(cast.specialist)


@pytest.mark.parametrize(
    "now",
    [
        NOW,
        datetime(2026, 12, 7, 7, 30, tzinfo=VN),  # Monday before office hours
        datetime(2027, 2, 15, 12, 0, tzinfo=VN),  # lunch, just after the Tết holidays
        datetime(2026, 9, 3, 16, 59, tzinfo=VN),  # after the 2/9 holidays
    ],
)
def test_uncollected_results_are_those_the_working_time_count_says(received, cast, now):
    """The queue takes every result ready before clocks.surely_uncollected_before without
    counting; it must still list exactly the results the per-dossier count would."""
    from tinhso.dossiers import clocks

    ready = Dossier.objects.filter(pk=received.pk).update
    ready(status=Status.RESULT_READY)
    dossier = Dossier.objects.get(pk=received.pk)
    surely = clocks.surely_uncollected_before(now)
    assert clocks.result_uncollected(
        Dossier(status=Status.RESULT_READY, result_ready_at=surely), now
    )
    for hours in range(0, 24 * 40, 5):
        ready(result_ready_at=now - timedelta(hours=hours))
        dossier.refresh_from_db()
        listed = selectors.queue(cast.reception, "ket-qua-chua-nhan", now).filter(pk=dossier.pk)
        assert listed.exists() == clocks.result_uncollected(dossier, now), hours
