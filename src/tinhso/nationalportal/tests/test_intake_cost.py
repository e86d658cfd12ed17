"""What a national-portal intake costs in queries (issue 17's profile)."""

import pytest

from tinhso.dossiers.models import Dossier

pytestmark = pytest.mark.django_db

# Measured on SQLite and PostgreSQL (identical); a regression fails here.
INTAKE_QUERIES = 32  # 45 before this change


def test_an_intake_stays_within_its_query_budget(post, payload, django_assert_max_num_queries):
    assert post(payload()).status_code == 201  # the first one warms what is read once
    with django_assert_max_num_queries(INTAKE_QUERIES):
        response = post(payload(external_id="G22.99-261120-000124"))
    assert response.status_code == 201, response.content
    assert Dossier.objects.filter(code=response.json()["dossier_code"]).exists()
