import pytest

from tinhso.accounts.services import citizen_create, staff_create

PASSWORD = "Mat-khau-rat-dai-2026!"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def citizen(db):
    return citizen_create(
        username="congdan",
        full_name="Nguyễn Thị Ánh",
        cccd="072190001234",
        password=PASSWORD,
        email="anh@example.vn",
    )


@pytest.fixture
def stranger(db):
    return citizen_create(
        username="nguoikhac", full_name="Lý Văn Tám", cccd="072185004321", password=PASSWORD
    )


@pytest.fixture
def officer(db):
    return staff_create(username="canbo", full_name="Lê Văn Một", password=PASSWORD)
