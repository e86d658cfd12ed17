"""After a random history of many dossiers, the aggregates kept on each transition equal the
aggregates recomputed from the dossiers (manage.py statistics_rebuild)."""

import contextlib
import random
from collections import Counter
from datetime import date, datetime, timedelta
from decimal import Decimal
from io import StringIO
from itertools import pairwise

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from tinhso.catalogue.models import ProcessStep
from tinhso.dossiers import services
from tinhso.dossiers.constants import Channel, Status
from tinhso.dossiers.models import Dossier, DossierEvent
from tinhso.dossiers.tests.test_state_machine_property import PEOPLE
from tinhso.dossiers.workflow import TransitionError, allowed_actions
from tinhso.organisation.roles import Role
from tinhso.statistics.models import (
    DailyFigures,
    DailyStepFigures,
    MonthlyFigures,
    MonthlyStepFigures,
)
from tinhso.statistics.selectors import figures, index_766, report
from tinhso.statistics.tests.conftest import VN

pytestmark = pytest.mark.django_db
ONWARD = {"receive", "forward", "approve", "return_result", "supplement_received"}


def snapshot():
    out = []
    for model in (DailyFigures, DailyStepFigures, MonthlyFigures, MonthlyStepFigures):
        names = [f.name for f in model._meta.fields if f.name != "id"]
        out.append(sorted(model.objects.values_list(*names)))
    return out


def test_random_history_incremental_equals_rebuild(new_dossier, procedures, cast, province):
    rng = random.Random(20261123)
    clock = datetime(2026, 10, 20, 8, 0, tzinfo=VN)
    dossiers = []
    for i in range(14):
        if i == 7:  # the second half goes through Sở Xây dựng (liên thông)
            version = procedures["lltp"]
            ProcessStep.objects.filter(version=version).delete()
            for order, (agency, role) in enumerate(
                [("stp", Role.SPECIALIST), ("sxd", Role.SPECIALIST), ("stp", Role.AGENCY_LEADER)],
                start=1,
            ):
                ProcessStep.objects.create(
                    version=version,
                    order=order,
                    name=f"Bước {order}",
                    agency=province[agency],
                    role=role,
                    allotted=Decimal("3"),
                )
        clock += timedelta(hours=rng.randint(1, 20))
        channel = rng.choice(list(Channel))
        with time_machine.travel(clock, tick=False):
            new = new_dossier(channel=channel)
            if rng.random() < 0.2:
                new = new_dossier(channel=channel, received_components=set())
            # The channel follows who files (dossiers.intake.channels_for).
            filer = {Channel.ONLINE: cast.citizen, Channel.NATIONAL_PORTAL: None}
            actor = filer.get(channel, cast.reception)
            dossiers.append(services.dossier_create(new, actor=actor))
    for _ in range(160):
        clock += timedelta(hours=rng.randint(1, 30))
        d = rng.choice(dossiers)
        d.refresh_from_db()
        options = sorted(
            {
                (t.action.value, who)
                for who in PEOPLE
                for t in allowed_actions(d, getattr(cast, who))
            }
        )
        if not options:
            continue
        onward = [o for o in options if o[0] in ONWARD]
        action, who = rng.choice(onward if onward and rng.random() < 0.7 else options)
        data = {"components": list(d.components.values_list("pk", flat=True))}
        if d.due_at:
            data["new_due_date"] = (d.due_at.astimezone(VN).date() + timedelta(days=9)).isoformat()
        with time_machine.travel(clock, tick=False), contextlib.suppress(TransitionError):
            services.dossier_act(
                d, action, actor=getattr(cast, who), note="Lý do theo quy định", data=data
            )
    incremental = snapshot()
    assert sum(row[7] for row in incremental[0]) > 5  # dossiers were received
    assert incremental[1]
    done = set(DossierEvent.objects.values_list("action", flat=True))
    assert {"approve", "forward", "return_result", "request_supplement"} <= done
    call_command("statistics_rebuild", stdout=StringIO())
    assert snapshot() == incremental
    check_report_against_the_dossiers(now=clock)


def check_report_against_the_dossiers(now: datetime) -> None:
    """The figures the dashboard reads in one go equal counts made straight from the dossiers,
    and each grouping equals the same grouping read alone."""
    start, end = date(2026, 10, 1), timezone.localdate(now)
    groups = ("province", "month", "agency", "procedure", "field")
    read = report(start, end, group_by=groups, index_levels=("province", "agency"), now=now)
    received = Dossier.objects.filter(received_at__isnull=False)
    [whole] = read.figures["province"]
    assert whole.received.new == received.count()
    assert whole.received.carried_over == 0
    by_agency = Counter(received.values_list("competent_agency_id", flat=True))
    assert {r.key: r.received.new for r in read.figures["agency"] if r.received.new} == by_agency
    by_month = Counter(
        timezone.localtime(at).strftime("%Y-%m")
        for at in received.values_list("received_at", flat=True)
    )
    assert {m.key: m.received.new for m in read.figures["month"] if m.received.new} == by_month
    open_now = Dossier.objects.filter(status__in=(Status.PROCESSING, Status.AWAITING_SUPPLEMENT))
    assert whole.in_progress.total == open_now.count()
    assert sum(r.in_progress.total for r in read.figures["agency"]) == open_now.count()
    months = read.figures["month"]
    assert len(months) >= 3
    for month, following in pairwise(months):
        # kept at the month's end from the dossiers == the balance of the transitions
        assert month.in_progress.total == following.received.carried_over
    for group in groups:
        assert read.figures[group] == figures(start, end, group_by=group, now=now)
    for level in ("province", "agency"):
        assert read.index[level] == index_766(start, end, level=level, now=now)
