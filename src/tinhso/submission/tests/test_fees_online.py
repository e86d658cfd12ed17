"""Fees of an online dossier (issue 12 item 9): chosen on the server from the e-form's answers
(Luật Hộ tịch 2014 Điều 11: birth registration on time is free, late pays the lệ phí), never
from an amount the client sends, never the sum of every fee line."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tinhso.catalogue.selectors import version_in_force
from tinhso.dossiers.constants import Action
from tinhso.dossiers.models import Dossier
from tinhso.eforms.schema import SchemaError
from tinhso.eforms.services import eform_save

from .conftest import BIRTH_FORM, _component, signed_in
from .test_submission import birth_answers, pdf, specs, start

pytestmark = pytest.mark.django_db

BIRTH_FEES = [
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
def birth(import_records, record):
    report = import_records(
        record(
            fees=BIRTH_FEES,
            components=[
                _component("Tờ khai đăng ký khai sinh"),
                _component("Giấy chứng sinh"),
            ],
        )
    )
    assert report.rejected == [], report.rejected
    version = version_in_force("1.001193", timezone.localdate())
    eform_save(version, title="Tờ khai đăng ký khai sinh", schema=BIRTH_FORM)
    return version


def _file_online(client, version, agency, born_days_ago: int, **extra) -> tuple[Dossier, str]:
    born = timezone.localdate() - timedelta(days=born_days_ago)
    draft = start(client, version, agency)
    ids = specs(version)
    data = birth_answers(
        **{
            "tk-con_ngay_sinh": f"{born:%d/%m/%Y}",
            f"file_{ids['Giấy chứng sinh']}": pdf(),
            "action": "review",
            **extra,
        }
    )
    response = client.post(reverse("submission:draft", args=[draft.pk]), data)
    assert response.status_code == 302, response.content.decode()
    review = client.get(reverse("submission:review", args=[draft.pk])).content.decode()
    client.post(reverse("submission:submit", args=[draft.pk]), extra)
    return Dossier.objects.get(), review


def test_on_time_birth_registration_online_owes_nothing(birth, people, province):
    client = signed_in(people.citizen)
    dossier, review = _file_online(client, birth, province["x1"], born_days_ago=10)
    assert dossier.fees_due == 0  # not 5.000, the sum of both lines
    assert [f["condition"] for f in dossier.fee_lines] == ["Đăng ký đúng hạn"]
    assert "Phải nộp theo nội dung tờ khai: <strong>không thu</strong>" in review
    submit = dossier.events.get(action=Action.SUBMIT)
    assert submit.data["fees_chosen_by"] == "answers"


def test_late_birth_registration_online_owes_the_late_fee(birth, people, province):
    client = signed_in(people.citizen)
    dossier, review = _file_online(client, birth, province["x1"], born_days_ago=200)
    assert dossier.fees_due == 5000
    assert [(f["condition"], f["amount"]) for f in dossier.fee_lines] == [("Đăng ký quá hạn", 5000)]
    assert "Phải nộp theo nội dung tờ khai: <strong>5.000 đồng</strong>" in review


def test_an_amount_posted_by_the_client_is_ignored(birth, people, province):
    client = signed_in(people.citizen)
    late = birth.fees.get(amount=5000)
    on_time = birth.fees.get(amount=0)
    forged = {
        "fees_due": "0",
        "fees_paid": "5000",
        "fee_lines": str(on_time.pk),
        "amount": "0",
    }
    dossier, _ = _file_online(client, birth, province["x1"], born_days_ago=200, **forged)
    assert (dossier.fees_due, dossier.fees_paid) == (5000, 0)
    assert [f["id"] for f in dossier.fee_lines] == [late.pk]


def test_the_e_form_keeps_the_fields_the_fee_conditions_read(birth):
    without_birth_date = {
        **BIRTH_FORM,
        "fields": [f for f in BIRTH_FORM["fields"] if f["key"] != "con_ngay_sinh"],
    }
    with pytest.raises(SchemaError, match="dựa trên trường con_ngay_sinh"):
        eform_save(birth, title="Tờ khai đăng ký khai sinh", schema=without_birth_date)
    eform = birth.eform
    eform.schema = without_birth_date
    with pytest.raises(ValidationError, match="con_ngay_sinh"):
        eform.full_clean()
