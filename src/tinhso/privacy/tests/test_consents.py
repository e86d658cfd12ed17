"""Issue 12 item 17 (a): the account rests on the legal duty, not on forced consent; optional
purposes are unticked boxes, recorded per purpose with time and version, withdrawn from the
account page (Luật 91/2025/QH15 Điều 9, 12, 19; Nghị định 356/2025/NĐ-CP)."""

import re

import pytest
from django.urls import reverse

from tinhso.accounts.models import User
from tinhso.audit.models import AuditEvent
from tinhso.privacy.constants import NOTICE_VERSION, Purpose
from tinhso.privacy.models import ConsentRecord
from tinhso.privacy.selectors import consenting_users

from .conftest import signed_in

pytestmark = pytest.mark.django_db
GOOD = "Mat-khau-rat-dai-2026!"


def citizen_form(**extra):
    return {
        "full_name": "Nguyễn Thị Ánh",
        "cccd": "072190001234",
        "date_of_birth": "15/01/1990",
        "email": "anh@example.vn",
        "phone": "0912345678",
        "password1": GOOD,
        "password2": GOOD,
        **extra,
    }


def test_an_account_opens_without_any_consent(client):
    """No box ticked: the sign-up goes through (the old form refused it with 400)."""
    response = client.post(reverse("accounts:signup"), citizen_form())
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:signup_sent")
    user = User.objects.get(cccd="072190001234")
    assert not ConsentRecord.objects.filter(user=user).exists()
    # which notice the person was shown is kept, as information
    assert user.data_consent_version == NOTICE_VERSION


def test_the_sign_up_page_states_the_legal_basis_and_leaves_the_boxes_unticked(client):
    page = client.get(reverse("accounts:signup")).content.decode()
    assert "không cần sự đồng ý của bạn" in page and "Điều 19" in page
    for purpose in Purpose:
        box = re.search(rf'<input[^>]*name="consent_{purpose.value}"[^>]*>', page)
        assert box is not None and "checked" not in box.group(0)
        assert purpose.label in page
    assert 'name="consent"' not in page  # no forced, all-or-nothing consent any more
    business = client.get(reverse("accounts:signup_business")).content.decode()
    assert 'name="consent_news"' in business and "Điều 19" in business


def test_a_ticked_purpose_is_recorded_with_time_and_version(client):
    client.post(reverse("accounts:signup"), citizen_form(consent_news="on"))
    user = User.objects.get(cccd="072190001234")
    records = list(ConsentRecord.objects.filter(user=user))
    assert [(r.purpose, r.version, r.withdrawn_at) for r in records] == [
        (Purpose.NEWS, NOTICE_VERSION, None)
    ]
    assert records[0].given_at is not None
    assert AuditEvent.objects.filter(action="privacy.consent.give", actor=user).count() == 1


def test_a_consent_is_withdrawn_from_the_account_page(cast):
    client = signed_in(cast.citizen)
    client.post(reverse("privacy:consent"), {"purpose": "news", "give": "1"})
    assert consenting_users(Purpose.NEWS).filter(user=cast.citizen).exists()
    home = client.get(reverse("accounts:home")).content.decode()
    assert "Rút lại sự đồng ý" in home and Purpose.NEWS.label in home
    response = client.post(reverse("privacy:consent"), {"purpose": "news"})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:home")
    record = ConsentRecord.objects.get(user=cast.citizen, purpose=Purpose.NEWS)
    assert record.withdrawn_at is not None  # kept as evidence, not deleted
    assert not consenting_users(Purpose.NEWS).filter(user=cast.citizen).exists()
    assert AuditEvent.objects.filter(action="privacy.consent.withdraw").count() == 1
    # giving it again is a new consent; the history stays
    client.post(reverse("privacy:consent"), {"purpose": "news", "give": "1"})
    assert ConsentRecord.objects.filter(user=cast.citizen, purpose=Purpose.NEWS).count() == 2


def test_a_made_up_purpose_is_refused_without_a_500(cast):
    client = signed_in(cast.citizen)
    response = client.post(reverse("privacy:consent"), {"purpose": "quang-cao", "give": "1"})
    assert response.status_code == 302
    assert not ConsentRecord.objects.exists()
