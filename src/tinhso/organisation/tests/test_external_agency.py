"""Bodies outside the province (the axis's directory) stay out of the province's catalogue."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from tinhso.organisation.models import Agency, ExternalAgency
from tinhso.organisation.selectors import agencies_active

pytestmark = pytest.mark.django_db


def test_the_identifier_must_have_the_13_character_shape():
    bad = ExternalAgency(organ_id="G22", name="Văn phòng Chính phủ")
    with pytest.raises(ValidationError) as caught:
        bad.full_clean()
    assert "000.00.00.H59" in str(caught.value)
    ExternalAgency(organ_id="000.00.00.G22", name="Văn phòng Chính phủ").full_clean()


def test_one_row_per_identifier():
    ExternalAgency.objects.create(organ_id="000.00.00.G22", name="Văn phòng Chính phủ")
    with pytest.raises(IntegrityError):
        ExternalAgency.objects.create(organ_id="000.00.00.G22", name="Trùng mã")


def test_outsiders_are_not_agencies_of_the_catalogue(province):
    ExternalAgency.objects.create(organ_id="000.00.00.G22", name="Văn phòng Chính phủ")
    assert "000.00.00.G22" not in {a.code for a in agencies_active()}
    assert not Agency.objects.filter(code="000.00.00.G22").exists()


def test_the_search_text_follows_the_name():
    agency = ExternalAgency.objects.create(organ_id="000.00.00.G22", name="Văn phòng Chính phủ")
    assert agency.search_text == "van phong chinh phu 000.00.00 g22"  # as fold() reads codes
    agency.name = "Văn phòng Quốc hội"
    agency.save(update_fields=["name"])
    agency.refresh_from_db()
    assert "quoc hoi" in agency.search_text
