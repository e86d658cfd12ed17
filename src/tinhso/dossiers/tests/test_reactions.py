"""What a change of status sets off (tinhso.dossiers.reactions): in the declared order, each
the way its line says; a reaction in a savepoint never breaks the officer's action."""

import logging
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Sum
from django.utils.module_loading import import_string

from tinhso.audit.models import AuditEvent
from tinhso.dossiers import reactions, services
from tinhso.dossiers.constants import Action, Channel, Status
from tinhso.dossiers.models import Dossier
from tinhso.dossiers.reactions import REACTIONS, Reaction, Runs, resolve
from tinhso.notifications.models import Notification
from tinhso.ratings import reactions as rating_reactions
from tinhso.statistics.models import DailyFigures


@pytest.fixture
def ran(monkeypatch) -> list[tuple[str, str]]:
    """(action, function name) of every reaction run, in order; each still does its work."""
    calls: list[tuple[str, str]] = []

    def spy(reaction: Reaction[Any]) -> Callable[[Any], None]:
        real = import_string(reaction.function)

        def call(event: Any) -> None:
            calls.append((event.action, reaction.function.rsplit(".", 1)[1]))
            real(event)

        return call

    for reaction in REACTIONS:
        monkeypatch.setattr(reaction.function, spy(reaction))
    return calls


def test_each_change_sets_off_its_reactions_in_the_declared_order(new_dossier, cast, ran):
    portal = services.dossier_create(new_dossier(channel=Channel.NATIONAL_PORTAL), actor=None)
    portal = services.dossier_act(portal, Action.RECEIVE, actor=cast.reception)
    portal = services.dossier_act(
        portal, Action.REQUEST_SUPPLEMENT, actor=cast.specialist, note="Bổ sung bản chụp CCCD"
    )
    services.dossier_act(portal, Action.WITHDRAW, actor=cast.citizen, note="Không cần nữa")

    assert ran == [
        ("submit", "status_update_queue"),
        ("submit", "applicant_notify"),
        ("submit", "count_transition"),
        ("receive", "status_update_queue"),
        ("receive", "applicant_notify"),
        ("receive", "count_transition"),
        ("request_supplement", "status_update_queue"),
        ("request_supplement", "applicant_notify"),
        ("request_supplement", "count_transition"),
        # leaving "chờ bổ sung": the papers kept for the supplement go, before the portal hears
        ("withdraw", "supplement_drafts_discard"),
        ("withdraw", "status_update_queue"),
        ("withdraw", "applicant_notify"),
        ("withdraw", "refund_on_close"),  # issue 16: what was paid is refunded
        ("withdraw", "invite_on_close"),  # issue 12 item 14: every closed dossier is rated
        ("withdraw", "count_transition"),  # last: the shared counter rows lock until commit
    ]

    ran.clear()
    counter = services.counter_receive(new_dossier(), actor=cast.reception)
    counter = services.dossier_act(counter, Action.FORWARD, actor=cast.specialist, note="Đủ")
    counter = services.dossier_act(counter, Action.APPROVE, actor=cast.leader, note="Đồng ý")
    ran.clear()
    services.dossier_act(counter, Action.RETURN_RESULT, actor=cast.reception)

    # a counter dossier is reported to the national portal too (issue 12 item 11); the
    # return files the papers
    assert ran == [
        ("return_result", "status_update_queue"),
        ("return_result", "results_to_store"),
        ("return_result", "applicant_notify"),
        ("return_result", "refund_on_close"),  # runs on every closing; refunds nothing here
        ("return_result", "invite_on_close"),
        ("return_result", "count_transition"),
    ]


def _received_count() -> int:
    return DailyFigures.objects.aggregate(n=Sum("received"))["n"] or 0


def test_a_failing_savepoint_reaction_never_breaks_the_officers_action(
    new_dossier, cast, monkeypatch, caplog
):
    submitted = services.dossier_create(new_dossier(channel=Channel.NATIONAL_PORTAL), actor=None)

    def broken_portal(event: Any) -> None:
        Dossier.objects.filter(pk=event.dossier.pk).update(note="viết dở bởi phản ứng hỏng")
        with connection.cursor() as cursor:  # a database error: PostgreSQL aborts the block
            cursor.execute("SELECT * FROM no_such_table")

    monkeypatch.setattr("tinhso.nationalportal.reactions.status_update_queue", broken_portal)
    with caplog.at_level(logging.ERROR, logger="tinhso.dossiers.reactions"):
        received = services.dossier_act(submitted, Action.RECEIVE, actor=cast.reception)

    received.refresh_from_db()
    assert received.status == Status.PROCESSING
    assert received.note != "viết dở bởi phản ứng hỏng"  # its half-done work is rolled back
    assert received.events.filter(action=Action.RECEIVE).exists()
    assert AuditEvent.objects.filter(action="dossier.receive").exists()
    assert _received_count() == 1  # the reactions before it are kept
    assert Notification.objects.filter(
        reference=received.code, body__contains="đã được tiếp nhận"
    ).exists()  # and those after it still run
    assert "national portal: queue the status update" in caplog.text  # logged, not silent


def test_a_failing_reaction_in_the_transaction_fails_the_whole_change(
    new_dossier, cast, monkeypatch
):
    submitted = services.dossier_create(new_dossier(channel=Channel.NATIONAL_PORTAL), actor=None)

    def broken_statistics(event: Any) -> None:
        raise RuntimeError("aggregates unavailable")

    monkeypatch.setattr("tinhso.statistics.services.count_transition", broken_statistics)
    with pytest.raises(RuntimeError, match="aggregates unavailable"):
        services.dossier_act(submitted, Action.RECEIVE, actor=cast.reception)

    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED
    assert not submitted.events.filter(action=Action.RECEIVE).exists()
    assert not AuditEvent.objects.filter(action="dossier.receive").exists()
    assert not Notification.objects.filter(body__contains="đã được tiếp nhận").exists()


def test_a_reaction_that_names_no_function_stops_start_up():
    resolve(REACTIONS)
    resolve(rating_reactions.REACTIONS)
    with pytest.raises(ImproperlyConfigured, match=r"count_transitio không tồn tại"):
        resolve(
            (Reaction("typo", "tinhso.statistics.services.count_transitio", Runs.IN_TRANSACTION),)
        )
    with pytest.raises(ImproperlyConfigured, match="đúng một tham số"):
        resolve((Reaction("two args", "tinhso.mydossiers.services.withdraw", Runs.IN_SAVEPOINT),))


def test_reactions_refuse_to_run_outside_the_changes_transaction(transactional_db):
    with pytest.raises(Exception, match="inside the transaction"):
        reactions.run(REACTIONS, object(), about="—")
