"""The polyglot uploads of issue 11 (finding 1) on the national portal's intake (base64 in
JSON): refused with the portal's field, or kept as the type of their bytes."""

import pytest

from tinhso.dossiers.models import DossierFile
from tinhso.dossiers.tests.polyglots import ACCEPTED, ACCEPTED_IDS, REFUSED, REFUSED_IDS
from tinhso.nationalportal.tests.conftest import b64

pytestmark = pytest.mark.django_db


def _components(name: str, data: bytes) -> list[dict]:
    return [{"order": 1, "files": [{"name": name, "content_base64": b64(data)}]}]


@pytest.mark.parametrize(("name", "data", "declared"), REFUSED, ids=REFUSED_IDS)
def test_portal_intake_refuses_the_polyglots(post, payload, name, data, declared):
    response = post(payload(components=_components(name, data)))
    assert response.status_code == 422, response.content
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert f"“{name}”" in errors["components.0.files.0"]
    assert not DossierFile.objects.exists()


@pytest.mark.parametrize(("name", "data", "declared", "derived"), ACCEPTED, ids=ACCEPTED_IDS)
def test_portal_file_is_kept_as_the_type_of_its_bytes(post, payload, name, data, declared, derived):
    response = post(payload(components=_components(name, data)))
    assert response.status_code == 201, response.content
    stored = DossierFile.objects.get()
    assert stored.content_type == derived
    assert name.rsplit(".", 1)[0] not in stored.file.name
