"""A province, its officers and two citizens (tinhso.dossiers.tests.conftest), and helpers to
take a citizen's dossier through its life."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tinhso.dossiers import services
from tinhso.dossiers.constants import Action, FileKind
from tinhso.dossiers.tests import conftest as dossier_fixtures

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def at(*args) -> datetime:
    return datetime(*args, tzinfo=VN)


def pdf(name: str = "giay-to.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def act(dossier, action, actor, note="", **data):
    return services.dossier_act(dossier, action, actor=actor, note=note, data=data)


# The dossier app's fixtures: a province, officers, the citizen and a stranger, procedures.
cast = dossier_fixtures.cast
procedures = dossier_fixtures.procedures
new_dossier = dossier_fixtures.new_dossier
received = dossier_fixtures.received


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # The results here are stand-in PDFs about delivery and the data store; the signatures a
    # PDF result needs before its return (issue 13) are tested with real ones in
    # dossiers/tests/test_result_signing.py.
    settings.RESULT_SIGNATURES_REQUIRED = False


@pytest.fixture
def to_result(cast):
    """Take a received LLTP dossier to "chờ trả kết quả", with an electronic result."""

    def run(dossier, result: bytes | None = PDF):
        d = act(dossier, Action.FORWARD, cast.specialist, "Đủ điều kiện")
        if result is not None:
            services.dossier_attach(
                d,
                [services.NewFile(pdf("phieu-lltp.pdf", result), None, FileKind.RESULT)],
                actor=cast.leader,
            )
        return act(d, Action.APPROVE, cast.leader, "Đồng ý cấp phiếu")

    return run


@pytest.fixture
def returned(received, cast, to_result):
    """A returned dossier of the citizen, with an electronic result file."""
    return act(to_result(received), Action.RETURN_RESULT, cast.reception)


@pytest.fixture
def awaiting(received, cast):
    """A received dossier the specialist asked to supplement (the clock stands still)."""
    return act(received, Action.REQUEST_SUPPLEMENT, cast.specialist, "Bổ sung bản chụp CCCD rõ nét")
