"""A province, its officers and two citizens (tinhso.dossiers.tests.conftest), a received
dossier, and the province's data protection officer."""

from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from tinhso.accounts.services import role_grant, staff_create
from tinhso.dossiers.tests import conftest as dossier_fixtures
from tinhso.organisation.roles import Role

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

cast = dossier_fixtures.cast
procedures = dossier_fixtures.procedures
new_dossier = dossier_fixtures.new_dossier
received = dossier_fixtures.received


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def dpo(province):
    user = staff_create(
        username="baove.dulieu", full_name="Trịnh Thị Bảo", password=dossier_fixtures.PASSWORD
    )
    role_grant(user=user, agency=province["ubnd"], role=Role.DATA_PROTECTION_OFFICER)
    return user


@pytest.fixture
def superuser(province):
    user = staff_create(
        username="quantri.tinh",
        full_name="Quản Trị",
        password=dossier_fixtures.PASSWORD,
        is_staff=True,
        is_superuser=True,
    )
    role_grant(user=user, agency=province["ubnd"], role=Role.SYSTEM_ADMIN)
    return user


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client
