import pytest
from django.utils import timezone

from tinhso.accounts.services import citizen_create, staff_create
from tinhso.catalogue.selectors import version_in_force

PASSWORD = "Mat-khau-rat-dai-2026!"


@pytest.fixture
def version(import_records, record):
    report = import_records(record())
    assert report.rejected == []
    return version_in_force("1.001193", timezone.localdate())


@pytest.fixture
def citizen(db):
    return citizen_create(
        username="congdan",
        full_name="Nguyễn Thị Ánh",
        cccd="072190001234",
        password=PASSWORD,
        phone="0912345678",
        email="anh@example.vn",
    )


@pytest.fixture
def admin_user(db):
    return staff_create(
        username="quantri",
        full_name="Nguyễn Văn Quản",
        password=PASSWORD,
        is_staff=True,
        is_superuser=True,
    )
