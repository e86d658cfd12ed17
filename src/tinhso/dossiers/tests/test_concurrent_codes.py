"""Dossier numbers under concurrent reception (PostgreSQL: real parallel transactions)."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from tinhso.dossiers import services
from tinhso.dossiers.models import Dossier

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="parallel transactions need PostgreSQL"
)


@pytest.mark.django_db(transaction=True)
def test_parallel_receptions_never_share_a_number(new_dossier, cast):
    builds = [new_dossier() for _ in range(40)]

    def receive(build):
        try:
            return services.counter_receive(build, actor=cast.reception).code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=8) as pool:
        codes = list(pool.map(receive, builds))
    assert len(set(codes)) == 40
    numbers = sorted(int(code.rsplit("-", 1)[1]) for code in codes)
    assert numbers == list(range(1, 41))
    assert Dossier.objects.count() == 40
