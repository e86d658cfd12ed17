"""Bad numbers and text from the national portal are a 422 in Vietnamese, never a 500
(issue 11, finding 8): the fee amount of 2**63 the outside test sent, a component order too
large for the database, a NUL character PostgreSQL refuses."""

import pytest

from tinhso.core.money import MAX_AMOUNT
from tinhso.dossiers.models import Dossier
from tinhso.nationalportal.models import PortalDossier

pytestmark = pytest.mark.django_db


def _fee(amount: int) -> list[dict]:
    return [{"name": "Phí cung cấp thông tin lý lịch tư pháp", "amount": amount}]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"fees": _fee(2**63)}, "fees.0.amount", "phải nhỏ hơn hoặc bằng 1000000000000"),
        ({"fees": _fee(-1)}, "fees.0.amount", "phải lớn hơn hoặc bằng 0"),
        (
            {"components": [{"order": 2**63, "files": [{"name": "a.pdf", "content_base64": ""}]}]},
            "components.0.order",
            "phải nhỏ hơn hoặc bằng 1000",
        ),
        ({"external_id": "G22\x00"}, "external_id", "không được chứa ký tự NUL"),
    ],
)
def test_bad_numbers_and_text_are_refused(post, payload, overrides, field, message):
    response = post(payload(**overrides))
    assert response.status_code == 422, response.content
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert message in errors[field]
    assert not Dossier.objects.exists() and not PortalDossier.objects.exists()


def test_fees_up_to_the_maximum_in_all_fit_the_dossier(post, payload):
    response = post(payload(fees=_fee(MAX_AMOUNT // 20) * 20))
    assert response.status_code == 201, response.content
    assert Dossier.objects.get().fees_paid == MAX_AMOUNT // 20 * 20


def test_fees_above_the_maximum_in_all_are_refused_not_a_database_error(post, payload):
    response = post(payload(fees=_fee(MAX_AMOUNT) * 20))
    assert response.status_code == 422, response.content
    assert "Số tiền" in response.content.decode()
    assert not Dossier.objects.exists() and not PortalDossier.objects.exists()
