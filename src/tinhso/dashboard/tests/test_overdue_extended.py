"""Item 7: an extended dossier past its LEGAL deadline is overdue on the dashboard and in the
statistics before it closes, with its new appointment beside it (tinhso.dossiers.overdue)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from tinhso.dossiers.models import Dossier, DossierStep
from tinhso.statistics import selectors as stats

pytestmark = pytest.mark.django_db

HOME = "/can-bo/dieu-hanh/"
YEAR = (date(2026, 1, 1), date(2026, 12, 31))
EXTENDED_TO = datetime(2026, 12, 18, 17, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def _extend(d: Dossier) -> None:
    """What an extension (Mẫu 04) writes: a new appointment; the legal deadline stays."""
    Dossier.objects.filter(pk=d.pk).update(due_at=EXTENDED_TO, extensions=1)
    DossierStep.objects.filter(dossier=d, state="active").update(due_at=EXTENDED_TO)


def test_dashboard_and_statistics_count_the_extended_dossier_overdue(
    client, cast, scenario, at_now
):
    late, soon = scenario["late"], scenario["soon"]  # legal deadlines 16/11 and 20/11
    _extend(late)
    _extend(soon)
    client.force_login(cast.province_leader)
    response = client.get(HOME)
    assert [d.code for d in response.context["overdue"].object_list] == [late.code]
    assert [d.code for d in response.context["due_soon"].object_list] == [soon.code]
    total = response.context["board"].total
    assert total.in_progress.overdue == 1 and total.in_progress.in_time == 2
    page = response.content.decode()
    listed = page.split('id="qua-han"')[1].split("</section>")[0]
    assert late.code in listed and "18/12/2026 17:00" in listed and "Quá hạn" in listed
    [by_agency] = stats.figures(*YEAR, group_by="agency")
    assert by_agency.in_progress.overdue == 1
    assert by_agency.steps.in_progress_overdue == 1
    risk = stats.at_risk(cast.province_leader)
    assert [d.code for d in risk.overdue] == [late.code]
    assert [d.code for d in risk.due_soon] == [soon.code]
