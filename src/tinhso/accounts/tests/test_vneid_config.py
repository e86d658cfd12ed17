"""How sign-in with VNeID is configured: the simulator by default in development."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import get_resolver, reverse

from tinhso.accounts import vneid
from tinhso.simulators.vneid import clients

SRC = Path(__file__).resolve().parents[3]


@pytest.fixture
def unset(settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    settings.VNEID_ISSUER = settings.VNEID_CLIENT_ID = settings.VNEID_CLIENT_SECRET = ""
    settings.VNEID_SIMULATOR_CLIENT_ID = settings.VNEID_SIMULATOR_CLIENT_SECRET = ""
    settings.VNEID_SIMULATOR_REDIRECT_URIS = []
    return settings


def test_development_defaults_to_the_local_simulator(settings):
    # No VNEID_* in the environment: settings.py gives the simulator's address and client,
    # which accounts reads from the settings (it does not import the simulators).
    settings.VNEID_ISSUER = settings.VNEID_CLIENT_ID = settings.VNEID_CLIENT_SECRET = ""
    settings.VNEID_SIMULATOR_REDIRECT_URIS = []
    provider = vneid.provider()
    assert provider.issuer == clients.issuer() == settings.SITE_URL + "/mo-phong/vneid"
    assert provider.client_id == clients.client_id() == "tinhso-local"
    assert provider.client_secret == clients.client_secret()
    assert len(provider.client_secret) >= 32
    assert provider.redirect_uri == settings.SITE_URL + "/dang-nhap/vneid/ket-qua/"
    assert clients.redirect_uris() == [provider.redirect_uri]


def test_a_real_provider_is_configured_by_environment(unset):
    unset.VNEID_ISSUER = "https://sso.dancuquocgia.gov.vn/auth/realms/citizen"
    unset.VNEID_CLIENT_ID = "tinh-tay-ninh"
    unset.VNEID_CLIENT_SECRET = "bi-mat"
    unset.VNEID_TOKEN_AUTH_METHOD = "client_secret_basic"
    provider = vneid.provider()
    assert provider.issuer == unset.VNEID_ISSUER and provider.client_id == "tinh-tay-ninh"
    assert provider.token_auth_method == "client_secret_basic"


@pytest.mark.django_db
def test_without_simulator_or_issuer_there_is_no_vneid_button(unset, client):
    # Load the URLconf first: it mounts /mo-phong/ by the setting's value at import, and the
    # rest of the test session must keep the simulators.
    get_resolver().url_patterns  # noqa: B018
    unset.SIMULATORS_ENABLED = False
    assert vneid.provider() is None
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Đăng nhập bằng VNeID" not in page
    response = client.get(reverse("accounts:vneid_start"), follow=True)
    assert "chưa được cấu hình" in response.content.decode()


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"VNEID_TOKEN_AUTH_METHOD": "private_key_jwt"}, "VNEID_TOKEN_AUTH_METHOD"),
        ({"VNEID_ISSUER": "https://sso.example.vn"}, "VNEID_CLIENT_SECRET"),
    ],
)
def test_bad_settings_stop_start_up(env, message):
    environment = {**os.environ, "PYTHONPATH": str(SRC), **env}
    result = subprocess.run(
        [sys.executable, "-c", "import tinhso.settings"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert message in result.stderr
