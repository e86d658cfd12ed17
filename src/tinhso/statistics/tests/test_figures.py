"""Every figure of a November with known answers (see conftest.scenario), both databases."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from tinhso.dossiers.models import Dossier
from tinhso.statistics import figures as f
from tinhso.statistics.models import (
    ClosedMonth,
    DailyFigures,
    DailyStepFigures,
    MonthlyFigures,
    MonthlyStepFigures,
)
from tinhso.statistics.selectors import figures, index_766
from tinhso.statistics.services import rebuild
from tinhso.statistics.tests.conftest import NOVEMBER, NOW, at
from tinhso.workcalendar import calendar

pytestmark = pytest.mark.django_db


def test_province_figures_of_november(scenario):
    [p] = figures(*NOVEMBER, now=NOW)
    assert p.label == "Toàn tỉnh"
    assert p.received == f.Received(
        carried_over=1, new=8, online=1, counter=5, postal=1, national_portal=1
    )
    assert p.received.total == 9
    assert p.resolved == f.Resolved(early=3, on_time=1, late=1)
    assert p.resolved.in_time_ratio == Decimal("0.8000")
    # As of the end of November both are overdue: D9 (due 16/11) and D4, whose legal deadline
    # (19/11) has passed although it was extended to 18/12 (one meaning of overdue, item 7).
    assert p.in_progress == f.InProgress(in_time=0, overdue=2, as_of=date(2026, 11, 30))
    assert (p.refused, p.refused_reception, p.withdrawn, p.stopped) == (1, 1, 1, 0)
    assert (p.returned, p.supplement_requests, p.extensions) == (2, 2, 1)
    assert p.satisfaction == f.SatisfactionFigures(rated=2, satisfied=1, dissatisfied=1)
    # Working days from reception to result, D3's day waiting for the supplement left out.
    spans = [calendar.working_days_elapsed(a, b) for a, b in scenario.resolved_spans]
    spans[-1] -= calendar.working_days_elapsed(*scenario.pauses[0])
    mean = (sum(spans) / 5).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert p.average_working_days == mean
    assert Decimal("3") < mean < Decimal("10")


def test_the_balance_holds_and_october_is_carried(scenario):
    [october] = figures(date(2026, 10, 1), date(2026, 10, 31), now=NOW)
    assert october.received.new == 1 and october.received.carried_over == 0
    assert october.in_progress.total == 1  # D0, carried into November
    [p] = figures(*NOVEMBER, now=NOW)
    left = p.resolved.total + p.refused + p.withdrawn + p.stopped
    assert p.received.total - left == p.in_progress.total


def test_live_figures_count_the_open_dossiers_now(scenario):
    [p] = figures(date(2026, 11, 1), date(2026, 12, 31), now=NOW)
    assert p.in_progress == f.InProgress(in_time=0, overdue=2, as_of=date(2026, 12, 15))


def test_per_agency_a_linked_dossier_counts_once_per_agency(scenario, province):
    rows = {r.key: r for r in figures(*NOVEMBER, group_by="agency", now=NOW)}
    stp, sxd = province["stp"].pk, province["sxd"].pk
    # The province figures go to the competent agency only …
    assert rows[stp].received.new == 8 and rows[stp].resolved.total == 5
    assert rows[sxd].received.new == 0
    # … the step figures count each agency's own part: D8 arrived twice at Sở Tư pháp.
    assert rows[stp].steps == f.StepFigures(
        received=9,
        done_early=4,
        done_on_time=1,
        done_late=1,
        closed=2,
        in_progress_in_time=0,
        in_progress_overdue=2,  # D9, and D4's step: extended, but past the legal deadline
    )
    assert rows[sxd].steps == f.StepFigures(received=1, done_early=1)
    assert rows[stp].label


def test_by_month_procedure_and_field(scenario, procedures):
    months = figures(date(2026, 10, 1), NOVEMBER[1], group_by="month", now=NOW)
    assert [m.key for m in months] == ["2026-10", "2026-11"]
    assert [m.received.new for m in months] == [1, 8]
    assert [m.received.carried_over for m in months] == [0, 1]
    assert months[1].label == "Tháng 11/2026"
    [proc] = figures(*NOVEMBER, group_by="procedure", now=NOW)
    assert proc.key == procedures["lltp"].procedure_id and "1.001232" in proc.label
    assert proc.resolved.total == 5
    [fld] = figures(*NOVEMBER, group_by="field", now=NOW)
    assert fld.received.new == 8
    assert figures(*NOVEMBER, field_id=fld.key + 999, now=NOW)[0].received.new == 0


def test_month_ends_split_in_progress_into_in_time_and_overdue(scenario):
    months = figures(date(2026, 10, 1), date(2027, 1, 31), group_by="month", now=NOW)
    assert [m.in_progress for m in months] == [
        f.InProgress(in_time=1, overdue=0, as_of=date(2026, 10, 31)),  # D0, due in November
        f.InProgress(in_time=0, overdue=2, as_of=date(2026, 11, 30)),  # D4 (extended), D9
        f.InProgress(in_time=0, overdue=2, as_of=date(2026, 12, 15)),  # now
        f.InProgress(),  # still to come
    ]
    assert set(ClosedMonth.objects.values_list("day", flat=True)) == {
        date(2026, 10, 1),
        date(2026, 11, 1),
    }
    # A closed month keeps what was true at its end; closing it again reads the dossiers.
    late = Dossier.objects.filter(pk__in=[scenario.d["D9"].pk, scenario.d["D4"].pk])
    late.update(legal_due_at=at(2026, 12, 31, 17, 0))
    assert figures(*NOVEMBER, now=NOW)[0].in_progress.overdue == 2
    with time_machine.travel(NOW, tick=False):
        call_command("statistics_close_months", "--again", stdout=StringIO())
    assert figures(*NOVEMBER, now=NOW)[0].in_progress.overdue == 0


def test_766_groups(scenario, province, procedures):
    [row] = index_766(*NOVEMBER)
    g = {x.code: x for x in row.groups}
    assert (g[f.PROGRESS].numerator, g[f.PROGRESS].denominator) == (4, 5)
    assert g[f.PROGRESS].ratio == Decimal("0.8000") and g[f.PROGRESS].percent == Decimal("80.00")
    assert (g[f.ONLINE].numerator, g[f.ONLINE].denominator) == (2, 8)
    assert (g[f"{f.ONLINE}:procedures"].numerator, g[f"{f.ONLINE}:procedures"].denominator) == (
        1,
        1,
    )
    assert (g[f.SATISFACTION].numerator, g[f.SATISFACTION].denominator) == (1, 2)
    assert (g[f.DIGITISED].numerator, g[f.DIGITISED].denominator) == (1, 8)
    assert (g[f"{f.DIGITISED}:results"].numerator, g[f"{f.DIGITISED}:results"].denominator) == (
        1,
        2,
    )
    assert (g[f.ONLINE_PAYMENT].numerator, g[f.ONLINE_PAYMENT].denominator) == (0, 8)
    assert all(x.basis.startswith("Quyết định 766/QĐ-TTg") for x in row.groups)
    by_agency = {r.key: r for r in index_766(*NOVEMBER, level="agency")}
    assert by_agency[province["stp"].pk].group(f.PROGRESS).numerator == 4
    [by_procedure] = index_766(*NOVEMBER, level="procedure")
    assert by_procedure.group(f.ONLINE).denominator == 8
    field_id = procedures["lltp"].field_id
    [same_field] = index_766(*NOVEMBER, field_id=field_id)
    assert same_field.group(f.ONLINE).denominator == 8
    [other_field] = index_766(*NOVEMBER, field_id=field_id + 999)
    assert other_field.group(f.ONLINE).denominator == 0
    assert other_field.group(f.SATISFACTION).denominator == 0


def _snapshot():
    out = []
    for model in (DailyFigures, DailyStepFigures, MonthlyFigures, MonthlyStepFigures):
        names = [x.name for x in model._meta.fields if x.name != "id"]
        out.append(sorted(model.objects.values_list(*names)))
    return out


def test_incremental_upkeep_equals_rebuild(scenario):
    incremental = _snapshot()
    assert all(incremental)
    rebuild()
    assert _snapshot() == incremental
    rebuild(date(2026, 11, 10), date(2026, 11, 16))  # a range only (widened to November)
    assert _snapshot() == incremental


def test_periods_that_cut_months_use_days_at_the_edges(scenario):
    [p] = figures(date(2026, 11, 3), date(2026, 11, 17), now=NOW)
    assert (p.received.carried_over, p.received.new) == (5, 4)
    assert p.resolved == f.Resolved(early=3, on_time=1, late=0)
    [q] = figures(date(2026, 10, 28), date(2026, 11, 2), now=NOW)
    assert (q.received.carried_over, q.received.new) == (0, 5)
    assert q.received.online == 1 and q.received.postal == 1
    rows = {r.key: r for r in figures(date(2026, 11, 3), date(2026, 11, 17), group_by="agency")}
    assert sum(r.steps.received for r in rows.values()) == 4 + 2  # D4, D5, D6, D8 ×2, D8 at SXD
    [g] = index_766(date(2026, 11, 3), date(2026, 11, 17))
    assert (g.group(f.PROGRESS).numerator, g.group(f.PROGRESS).denominator) == (4, 4)
