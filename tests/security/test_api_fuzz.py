"""Property-based fuzz of /api/v1 over its own OpenAPI document (schemathesis, in-process WSGI).

Every operation of the published document gets generated requests, valid and invalid, as an
anonymous caller, a citizen, a one-stop officer and a province leader (bearer tokens), with
the path codes sometimes replaced by real ones so that the checks behind "not found" run too.
Each response must be no 5xx, carry a documented status code, and match its documented
schema. Bounded and derandomized for the suite; run longer by hand with
`TINHSO_FUZZ_EXAMPLES=200 .venv/bin/python -m pytest -s tests/security/test_api_fuzz.py` or
`bench/api_fuzz.py`.
"""

from __future__ import annotations

import os

import pytest
from django.core.handlers.wsgi import WSGIHandler

from tests.security.api_fuzz import FuzzWorld, fuzz_api
from tinhso.dossiers.tests.conftest import cast, new_dossier, procedures, received  # noqa: F401

pytestmark = pytest.mark.django_db

# Examples per operation: 20 keeps the run near 15 s on SQLite (2 cores); more by hand.
EXAMPLES = int(os.environ.get("TINHSO_FUZZ_EXAMPLES", "20"))


def test_every_operation_answers_within_its_schema_and_never_5xx(
    settings,
    tmp_path,
    cast,  # noqa: F811
    procedures,  # noqa: F811
    received,  # noqa: F811
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"  # files received while fuzzing land here
    settings.NATIONAL_PORTAL_INBOUND_SECRET = "khoa-bi-mat-cua-phep-thu-fuzz"
    world = FuzzWorld.build(cast=cast, procedures=procedures, dossier=received)
    report = fuzz_api(WSGIHandler(), world, examples=EXAMPLES)
    print(f"\n{report.summary()}")
    assert report.operations >= 17, report.summary()
    assert report.failures == [], report.details()
