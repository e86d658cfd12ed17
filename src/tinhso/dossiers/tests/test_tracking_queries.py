"""The public tracking page reads a dossier in a fixed number of queries, however many steps
it has gone through (issue 17: a deferred foreign key cost one query per step)."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tinhso.dossiers import services, tracking
from tinhso.dossiers.constants import Action

pytestmark = pytest.mark.django_db


def test_tracking_costs_two_queries_whatever_the_number_of_steps(
    received, cast, django_assert_num_queries
):
    dossier = services.dossier_act(received, Action.FORWARD, actor=cast.specialist)
    assert dossier.steps.count() >= 2
    cache.clear()  # rate limits start afresh
    client = Client(REMOTE_ADDR="198.51.100.7")
    query = {"ma": dossier.code, "k": tracking.tracking_key(dossier.code)}
    with django_assert_num_queries(2):  # the dossier, then its steps with their agencies
        response = client.get(reverse("dossiers:track"), query)
    assert response.status_code == 200
    assert "Sở Tư pháp" in response.content.decode()
