"""/thong-ke/ is cached (issue 17 item 4): a second visit reads nothing from the database, and
a rebuild of the aggregates shows at once (tinhso.statistics.services.rebuild bumps the
statistics' generation)."""

import pytest
import time_machine
from django.test import Client

from tinhso.statistics import services
from tinhso.statistics.models import DailyFigures, MonthlyFigures
from tinhso.statistics.tests.conftest import NOW
from tinhso.statistics.tests.test_public import row_cells

pytestmark = pytest.mark.django_db


def visit(url: str = "/thong-ke/?ky=quy-nay") -> str:
    with time_machine.travel(NOW, tick=False):
        response = Client().get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_second_visit_reads_nothing(scenario, django_assert_num_queries):
    first = visit()
    with django_assert_num_queries(0):
        assert visit() == first


def test_a_rebuild_shows_at_once(scenario):
    for model in (DailyFigures, MonthlyFigures):
        model.objects.update(received=0)  # aggregates gone wrong
    assert row_cells(visit(), "Toàn tỉnh")[0] == "0"
    with time_machine.travel(NOW, tick=False):
        services.rebuild()
    assert row_cells(visit(), "Toàn tỉnh")[0] == "9"
