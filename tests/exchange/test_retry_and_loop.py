"""The retry back-off follows its two settings; the exchange loop speaks only when something
happened (issue 15: reliability; the two-instance demo's `exchange_run`)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from tinhso.exchange.outbox import backoff


def test_the_backoff_doubles_from_the_base_and_stops_at_the_cap(settings):
    settings.EXCHANGE_RETRY_BASE_SECONDS = 2
    settings.EXCHANGE_RETRY_MAX_SECONDS = 5
    waits = [backoff(n).total_seconds() for n in (1, 2, 3, 30000)]
    assert 1.8 <= waits[0] <= 2.2  # the base, ±10 % jitter
    assert 3.6 <= waits[1] <= 4.4
    assert 4.5 <= waits[2] <= 5.5 and 4.5 <= waits[3] <= 5.5  # capped, even after many tries


@pytest.mark.django_db
def test_the_loop_says_once_that_the_axis_does_not_answer_and_nothing_else(settings):
    settings.EXCHANGE_AXIS_URL = "http://127.0.0.1:9/truc-khong-co"
    out = io.StringIO()
    call_command("exchange_run", "--once", stdout=out)
    assert "trục chưa trả lời" in out.getvalue()
    assert out.getvalue().count("\n") == 1


@pytest.mark.django_db
def test_a_quiet_round_prints_nothing(settings, live_server):
    settings.EXCHANGE_AXIS_URL = f"{live_server.url}/mo-phong/truc-lien-thong"
    call_command("axis_register", "--system-id", settings.EXCHANGE_SYSTEM_ID,
                 "--secret", settings.EXCHANGE_SECRET, "--organ", "000.00.02.H53")  # fmt: skip
    out = io.StringIO()
    call_command("exchange_run", "--once", stdout=out)
    assert out.getvalue() == ""


def test_a_silly_interval_is_refused_in_vietnamese():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--every"):
        call_command("exchange_run", "--once", "--every", "0")
