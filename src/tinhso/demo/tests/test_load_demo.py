import io
import json

import pytest
from django.core.management import call_command

from tinhso.accounts.models import StaffRole, User
from tinhso.audit.models import AuditEvent
from tinhso.catalogue.models import ProcedureVersion
from tinhso.demo.loader import DATA_FILE
from tinhso.dossiers.models import Dossier
from tinhso.organisation.constants import AgencyKind, UnitLevel
from tinhso.organisation.models import AdministrativeUnit, Agency
from tinhso.organisation.validators import AGENCY_IDENTIFIER

pytestmark = pytest.mark.django_db(transaction=False)


def snapshot() -> tuple[int, ...]:
    return (
        AdministrativeUnit.objects.count(),
        Agency.objects.count(),
        ProcedureVersion.objects.count(),
        User.objects.count(),
        StaffRole.objects.count(),
        AuditEvent.objects.count(),
        Dossier.objects.count(),
    )


def test_demo_province_loads_and_loading_again_changes_nothing():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "0 bị từ chối" in out.getvalue()
    assert "motcua.tinh" in out.getvalue()  # the demo accounts are printed
    first = snapshot()
    call_command("load_demo", stdout=io.StringIO())
    assert snapshot() == first
    statuses = set(Dossier.objects.values_list("status", flat=True))
    assert {"processing", "returned", "awaiting_supplement", "result_ready"} <= statuses


def test_demo_province_meets_the_minimum_size_and_shapes():
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    communes = [u for u in data["units"] if u["level"] == UnitLevel.COMMUNE]
    assert len(data["agencies"]) >= 12
    assert len(communes) >= 20
    assert len(data["procedures"]) >= 40
    assert all(AGENCY_IDENTIFIER.fullmatch(a["code"]) for a in data["agencies"])
    kinds = {a["kind"] for a in data["agencies"]}
    assert {
        AgencyKind.UBND_TINH,
        AgencyKind.SO,
        AgencyKind.UBND_XA,
        AgencyKind.TRUNG_TAM_PVHCC,
    } <= kinds
    names = " | ".join(p["name"].lower() for p in data["procedures"])
    for common in (
        "khai sinh",
        "kết hôn",
        "chứng thực bản sao",
        "hộ kinh doanh",
        "giấy phép xây dựng",
        "lý lịch tư pháp",
    ):
        assert common in names, common
    # Districts exist only as history (abolished 01/7/2025).
    districts = [u for u in data["units"] if u["level"] == UnitLevel.DISTRICT]
    assert districts and all(u["valid_to"] == "2025-06-30" for u in districts)
