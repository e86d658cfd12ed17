"""A dossier from the national portal owes what its e-form makes due, on the day it was filed
on the portal (issue 12 item 9; Luật Hộ tịch 2014 Điều 11, Điều 15)."""

import pytest

from tinhso.dossiers.models import Dossier
from tinhso.nationalportal.tests.conftest import PDF, b64

pytestmark = pytest.mark.django_db

FEES = [
    {
        "kind": "le_phi",
        "name": "Lệ phí đăng ký khai sinh",
        "amount": 0,
        "condition": "Đăng ký đúng hạn",
        "rule": "within_days(con_ngay_sinh, 60)",
        "group": "khai_sinh",
    },
    {
        "kind": "le_phi",
        "name": "Lệ phí đăng ký khai sinh quá hạn",
        "amount": 5000,
        "condition": "Đăng ký quá hạn",
        "group": "khai_sinh",
    },
]


@pytest.fixture
def birth_payload(import_records, record, payload, province):
    report = import_records(record(code="1.000999", fees=FEES))
    assert report.rejected == [], report.rejected

    def build(born: str, external_id: str) -> dict:
        return payload(
            external_id=external_id,
            procedure_code="1.000999",
            receiving_agency=province["x1"].code,
            submitted_at="2026-01-07T08:15:00+07:00",
            eform={"con_ngay_sinh": born},
            components=[
                {"order": 1, "files": [{"name": "to-khai.pdf", "content_base64": b64(PDF)}]}
            ],
            fees=[],
        )

    return build


def test_on_the_portal_the_answers_on_the_filing_day_decide_the_fee(post, birth_payload):
    # Filed Wednesday 07/01/2026: born 08/11/2025 it is day 60 (on time), born 07/11/2025
    # day 61 (late) — whatever day the province receives it.
    on_time = post(birth_payload("2025-11-08", "G22.99-260107-000001"))
    late = post(birth_payload("07/11/2025", "G22.99-260107-000002"))
    assert on_time.status_code == late.status_code == 201, (on_time.content, late.content)
    due = {
        d.code: (d.fees_due, [f["condition"] for f in d.fee_lines]) for d in Dossier.objects.all()
    }
    assert due[on_time.json()["dossier_code"]] == (0, ["Đăng ký đúng hạn"])
    assert due[late.json()["dossier_code"]] == (5000, ["Đăng ký quá hạn"])
