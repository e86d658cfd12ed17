"""Fees at the counter (issue 12 item 9): the officer picks the line that applies, the amount
collected is never pre-filled, and more than is due needs a reason."""

import json
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tinhso.accounts.tokens import token_issue
from tinhso.catalogue.selectors import version_in_force
from tinhso.dossiers import services
from tinhso.dossiers.constants import Action
from tinhso.dossiers.models import Dossier
from tinhso.organisation.models import Agency

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
def birth(import_records, record, cast):
    report = import_records(record(fees=BIRTH_FEES))
    assert report.rejected == [], report.rejected
    version = version_in_force("1.001193", timezone.localdate())
    on_time, late = version.fees.order_by("order")
    return version, on_time, late


def officer(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post_data(version, **overrides) -> dict:
    data = {
        "competent_agency": str(Agency.objects.get(code="000.31.10.H53").pk),
        "applicant_name": "Nguyễn Thị Ánh",
        "components": [str(c.pk) for c in version.components.all()],
        "fees_paid": "0",
        "delivery_mode": "counter",
        "decision": "receive",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_the_counter_form_pre_fills_no_collected_amount_and_offers_the_alternatives(birth, cast):
    _, on_time, late = birth
    page = officer(cast.commune_reception).get(reverse("dossiers:reception", args=["1.001193"]))
    html = page.content.decode()
    paid = re.search(r'<input[^>]*name="fees_paid"[^>]*>', html).group(0)
    assert 'value="0"' in paid  # not 5.000, the sum of the lines
    assert f'type="radio" name="fee_group_1" value="{on_time.pk}"' in html
    assert f'type="radio" name="fee_group_1" value="{late.pk}"' in html
    assert "Đăng ký quá hạn): 5.000 đồng" in html
    assert "checked" not in re.search(r'name="fee_group_1".*?</fieldset>', html, re.S).group(0)


def test_the_officer_must_pick_the_applicable_line(birth, cast):
    version, _, _ = birth
    client = officer(cast.commune_reception)
    response = client.post(reverse("dossiers:reception", args=["1.001193"]), post_data(version))
    assert response.status_code == 400
    assert "Hãy chọn khoản phí, lệ phí áp dụng cho hồ sơ." in response.content.decode()
    assert not Dossier.objects.exists()


@pytest.mark.parametrize(("line", "due"), [(1, 0), (2, 5000)])
def test_the_fee_due_is_the_line_the_officer_picked(birth, cast, line, due):
    version, on_time, late = birth
    chosen = on_time if line == 1 else late
    client = officer(cast.commune_reception)
    data = post_data(version, fee_group_1=str(chosen.pk), fees_paid=str(due))
    response = client.post(reverse("dossiers:reception", args=["1.001193"]), data)
    assert response.status_code == 302, response.content.decode()
    dossier = Dossier.objects.get()
    assert (dossier.fees_due, dossier.fees_paid) == (due, due)
    assert [(f["id"], f["condition"], f["amount"]) for f in dossier.fee_lines] == [
        (chosen.pk, chosen.condition, due)
    ]
    submit = dossier.events.get(action=Action.SUBMIT)
    assert (submit.data["fee_lines"], submit.data["fees_chosen_by"]) == ([chosen.pk], "officer")
    page = client.get(response["Location"]).content.decode()
    assert f"{chosen.name} ({chosen.condition})" in page


def test_collecting_more_than_is_due_needs_a_reason(birth, cast):
    version, on_time, _ = birth
    client = officer(cast.commune_reception)
    url = reverse("dossiers:reception", args=["1.001193"])
    data = post_data(version, fee_group_1=str(on_time.pk), fees_paid="5000")
    response = client.post(url, data)
    assert response.status_code == 400
    assert "lớn hơn phí, lệ phí phải nộp (không thu)" in response.content.decode()
    assert not Dossier.objects.exists()
    data["fees_reason"] = "Người nộp nộp nhầm, hoàn trả trong ngày"
    assert client.post(url, data).status_code == 302
    dossier = Dossier.objects.get()
    assert (dossier.fees_due, dossier.fees_paid) == (0, 5000)
    submit = dossier.events.get(action=Action.SUBMIT)
    assert submit.data["fees_reason"] == "Người nộp nộp nhầm, hoàn trả trong ngày"


def test_every_officer_channel_uses_the_same_rule(birth, cast, province):
    """The API and the services refuse a missing or double pick, as the counter form does."""
    version, on_time, late = birth
    new = services.NewDossier(
        version=version,
        receiving_agency=province["x1"],
        applicant=services.ApplicantInfo(name="Trần Văn Bình"),
        received_components={c.pk for c in version.components.all()},
    )
    with pytest.raises(services.DossierInputError) as refused:
        services.dossier_create(new, actor=cast.commune_reception)
    assert "đúng một khoản" in refused.value.errors["fee_lines"]
    new.fee_lines = [on_time.pk, late.pk]
    with pytest.raises(services.DossierInputError):
        services.dossier_create(new, actor=cast.commune_reception)
    new.fee_lines = [late.pk]
    assert services.dossier_create(new, actor=cast.commune_reception).fees_due == 5000


def test_the_api_takes_the_officers_pick(birth, cast):
    version, _, late = birth
    token = token_issue(user=cast.commune_reception, name="Ứng dụng quầy")
    body = {
        "procedure_code": "1.001193",
        "applicant": {"name": "Trần Văn Bình"},
        "received_components": [c.pk for c in version.components.all()],
    }
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    url = "/api/v1/dossiers"
    refused = client.post(url, json.dumps(body), content_type="application/json")
    assert refused.status_code == 422
    assert "đúng một khoản" in refused.content.decode()
    body["fee_lines"] = [late.pk]
    created = client.post(url, json.dumps(body), content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["fees_due"] == 5000
