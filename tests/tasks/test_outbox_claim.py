"""core.outbox: one claim and back-off mechanism for every outbox (issue 17 §2)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tinhso.core.outbox import Backoff, claim
from tinhso.notifications.constants import Channel, Status
from tinhso.notifications.models import Notification


def row(**values) -> Notification:
    defaults = {
        "channel": Channel.EMAIL,
        "recipient": "a@example.vn",
        "body": "x",
        "reference": "R",
        "status": Status.FAILED,
        "next_attempt_at": timezone.now() - timedelta(seconds=1),
    }
    return Notification.objects.create(**{**defaults, **values})


@pytest.mark.django_db
def test_of_two_claimants_each_row_goes_to_exactly_one():
    rows = [row() for _ in range(5)]
    later = row(next_attempt_at=timezone.now() + timedelta(hours=1))
    now = timezone.now()

    def due():
        return Notification.objects.filter(next_attempt_at__lte=now).order_by("pk")

    lease = {"next_attempt_at": now + timedelta(minutes=10)}
    first = claim(due(), values={**lease, "claimed_by": "a"}, limit=3)
    second = claim(due(), values={**lease, "claimed_by": "b"}, limit=10)
    third = claim(due(), values={**lease, "claimed_by": "c"}, limit=10)

    assert first == [r.pk for r in rows[:3]]  # in the queryset's order, up to the limit
    assert second == [r.pk for r in rows[3:]]
    assert third == []
    assert later.pk not in first + second
    owners = dict(Notification.objects.values_list("pk", "claimed_by"))
    assert [owners[r.pk] for r in rows] == ["a", "a", "a", "b", "b"]
    assert owners[later.pk] == ""


def test_steps_then_the_last_step_repeats_then_gives_up():
    policy = Backoff(
        first=timedelta(minutes=1),
        cap=timedelta(hours=2),
        max_attempts=4,
        steps=(timedelta(minutes=1), timedelta(minutes=5)),
    )
    now = timezone.now()
    assert [policy.wait(n) for n in (1, 2, 3)] == [timedelta(minutes=m) for m in (1, 5, 5)]
    assert policy.next_attempt(3, now) == now + timedelta(minutes=5)
    assert policy.next_attempt(4, now) is None  # given up: "failed", for a person


def test_doubling_stops_at_the_cap_and_jitter_stays_within_its_band():
    exact = Backoff(first=timedelta(seconds=60), cap=timedelta(hours=6))
    assert [exact.wait(n).total_seconds() for n in (1, 2, 3, 100)] == [60, 120, 240, 6 * 3600]
    assert not exact.gives_up(10_000)  # no max_attempts: never given up

    jittered = Backoff(first=timedelta(seconds=100), cap=timedelta(seconds=1000), jitter=0.1)
    waits = {jittered.wait(2).total_seconds() for _ in range(50)}
    assert all(180 <= w <= 220 for w in waits)
    assert len(waits) > 1  # spread, so a crowd does not come back in one burst
