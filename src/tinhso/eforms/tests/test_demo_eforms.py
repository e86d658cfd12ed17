"""The demo e-forms fit the demo procedures and load once."""

import json

import pytest

from tinhso.demo.eforms import DEMO_EFORMS, load_demo_eforms
from tinhso.demo.loader import DATA_FILE
from tinhso.eforms.models import EForm
from tinhso.eforms.selectors import form_for_version

pytestmark = pytest.mark.django_db


def test_demo_eforms_load_once_and_fit_their_procedures(import_records):
    wanted = {code for code, _, _ in DEMO_EFORMS}
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    records = [p for p in data["procedures"] if p["code"] in wanted]
    assert import_records(*records).rejected == []
    assert load_demo_eforms() == 3
    assert load_demo_eforms() == 0
    birth = EForm.objects.get(version__procedure__code="1.001193")
    definition = form_for_version(birth.version)
    keys = [f.key for f in definition.schema.fields]
    for key in (
        "con_ho_ten",
        "con_ngay_sinh",
        "con_gioi_tinh",
        "con_noi_sinh",
        "con_dan_toc",
        "con_quoc_tich",
        "cha_ho_ten",
        "cha_cccd",
        "me_ho_ten",
        "me_cccd",
        "quan_he",
    ):
        assert key in keys
    assert definition.schema.covers_components == (1, 3)
