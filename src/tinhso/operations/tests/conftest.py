"""A province with its officers (tinhso.dossiers.tests.conftest) and a system administrator."""

import pytest
from django.test import Client

from tinhso.accounts.services import role_grant, staff_create
from tinhso.dossiers.tests import conftest as dossier_fixtures
from tinhso.organisation.roles import Role

cast = dossier_fixtures.cast


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def it_admin(province):
    user = staff_create(
        username="quantri.he.thong",
        full_name="Quản Trị Hệ Thống",
        password=dossier_fixtures.PASSWORD,
    )
    role_grant(user=user, agency=province["ubnd"], role=Role.SYSTEM_ADMIN)
    return user


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client
