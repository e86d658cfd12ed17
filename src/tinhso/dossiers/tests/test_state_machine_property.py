"""Random sequences of actions by random people never reach an invalid state, and the
timeline replayed gives the dossier's status."""

import itertools
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tinhso.dossiers import services
from tinhso.dossiers.constants import FINAL_STATUSES, Action, Status, StepState
from tinhso.dossiers.models import Dossier
from tinhso.dossiers.workflow import TransitionError, allowed_actions

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PEOPLE = [
    "reception",
    "specialist",
    "leader",
    "other_specialist",
    "province_leader",
    "citizen",
    "stranger",
]
# Forward-moving actions are drawn more often, so that sequences reach the later statuses.
FORWARD = [
    Action.RECEIVE,
    Action.FORWARD,
    Action.APPROVE,
    Action.RETURN_RESULT,
    Action.SUPPLEMENT_RECEIVED,
]
ACTIONS = [a for a in Action.values if a != Action.SUBMIT]

moves = st.lists(
    st.tuples(
        st.sampled_from(ACTIONS),
        st.sampled_from(PEOPLE),
        st.sampled_from(["", "Lý do theo quy định"]),
        st.integers(min_value=1, max_value=30),  # hours until the move
        st.integers(min_value=1, max_value=40),  # new due date: days after the current one
        st.booleans(),  # tick the required components
        st.integers(min_value=0, max_value=9),  # 0–5: the next forward step; 6–8: insist
    ),
    min_size=1,
    max_size=25,
)


def next_forward(d: Dossier, cast):
    for action in FORWARD:
        user = someone_allowed(d, action, cast)
        if user is not None:
            return action, user
    return None


def someone_allowed(d: Dossier, action: str, cast):
    for who in PEOPLE:
        user = getattr(cast, who)
        if any(t.action == action for t in allowed_actions(d, user)):
            return user
    return None


def check_invariants(d: Dossier) -> None:
    events = list(d.events.order_by("at", "id"))
    assert events[0].action == Action.SUBMIT
    for previous, current in itertools.pairwise(events):
        assert current.from_status == previous.to_status
    assert events[-1].to_status == d.status  # replaying the timeline gives the status
    active = d.steps.filter(state=StepState.ACTIVE).count()
    if d.status in (Status.PROCESSING, Status.AWAITING_SUPPLEMENT) and d.received_at:
        assert active == 1 and d.current_step.state == StepState.ACTIVE
        assert d.current_step.order <= d.plan_length
    else:
        assert active == 0 and d.current_step is None
    assert (d.paused_at is not None) == (
        d.status == Status.AWAITING_SUPPLEMENT and d.received_at is not None
    )
    assert d.pauses.filter(ended_at__isnull=True).count() == (1 if d.paused_at else 0)
    if d.received_at:
        assert d.due_at >= d.legal_due_at or d.extensions == 0
        assert d.due_at is not None and d.due_at > d.received_at
    if d.status in FINAL_STATUSES:
        assert d.closed_at is not None
    if d.status == Status.RETURNED:
        assert d.result_ready_at and d.returned_at and d.timeliness
    if d.status == Status.RESULT_READY:
        assert d.timeliness and d.result_ready_at


@pytest.mark.django_db
@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sequence=moves, complete=st.booleans())
def test_random_actions_keep_the_dossier_valid(sequence, complete, new_dossier, cast):
    clock = datetime(2026, 11, 19, 9, 0, tzinfo=VN)
    with time_machine.travel(clock, tick=False):
        d = services.dossier_create(
            new_dossier() if complete else new_dossier(received_components=set()),
            actor=cast.reception,
        )
    for action, who, note, hours, extra_days, tick, insist in sequence:
        clock += timedelta(hours=hours)
        before = Dossier.objects.values().get(pk=d.pk)
        event_count = d.events.count()
        data = {}
        if tick:
            data["components"] = list(d.components.values_list("pk", flat=True))
        if d.due_at:
            new_day = d.due_at.astimezone(VN).date() + timedelta(days=extra_days)
            data["new_due_date"] = new_day.isoformat()
        with time_machine.travel(clock, tick=False):
            try:
                actor = getattr(cast, who)
                if insist <= 5:
                    action, actor = next_forward(d, cast) or (action, actor)
                elif insist <= 8:
                    actor = someone_allowed(d, action, cast) or actor
                d = services.dossier_act(d, action, actor=actor, note=note, data=data)
            except TransitionError:
                assert Dossier.objects.values().get(pk=d.pk) == before
                assert d.events.count() == event_count
                d = Dossier.objects.get(pk=d.pk)
        check_invariants(Dossier.objects.select_related("current_step").get(pk=d.pk))
    event(f"ended {d.status}")
