"""Fixtures for the account tests: a VNeID simulator in live_server and a browser-like client."""

import json
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.core.cache import cache

GOOD = "Mật-khẩu-Mạnh-2026"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def sms_outbox(settings, tmp_path):
    """SMS go to the local outbox gateway (tinhso.notifications.sms), here in tmp_path."""
    settings.SMS_BACKEND = "local"
    settings.SMS_OUTBOX = tmp_path / "sms.jsonl"

    def read() -> list[dict]:
        if not settings.SMS_OUTBOX.exists():
            return []
        return [json.loads(line) for line in settings.SMS_OUTBOX.read_text().splitlines()]

    return read


@pytest.fixture
def vneid_site(live_server, settings):
    """The portal and the VNeID simulator, both served by live_server: the relying party
    fetches discovery, JWKS, token and userinfo from the simulator over HTTP."""
    settings.SITE_URL = live_server.url
    settings.VNEID_ISSUER = live_server.url + "/mo-phong/vneid"
    # The portal's registration, and the same one on the simulator's side.
    settings.VNEID_CLIENT_ID = settings.VNEID_SIMULATOR_CLIENT_ID = "tinhso-test"
    settings.VNEID_CLIENT_SECRET = settings.VNEID_SIMULATOR_CLIENT_SECRET = "bi-mat-ung-dung-thu"
    settings.VNEID_SIMULATOR_REDIRECT_URIS = []
    cache.clear()
    yield live_server.url
    cache.clear()


@dataclass
class Browser:
    """A person's browser, over HTTP, keeping cookies and not following redirects itself."""

    site: str
    session: requests.Session = field(default_factory=requests.Session)

    def get(self, url: str, **kwargs) -> requests.Response:
        if url.startswith("/"):
            url = self.site + url
        return self.session.get(url, allow_redirects=False, timeout=30, **kwargs)

    def post(self, url: str, data: dict, **kwargs) -> requests.Response:
        if url.startswith("/"):
            url = self.site + url
        return self.session.post(url, data=data, allow_redirects=False, timeout=30, **kwargs)

    def follow(self, response: requests.Response) -> requests.Response:
        while response.is_redirect:
            response = self.get(response.headers["Location"])
        return response

    def start_vneid(self) -> str:
        """Click "Đăng nhập bằng VNeID": the address of the simulator's authorize page."""
        response = self.get("/dang-nhap/vneid/")
        assert response.status_code == 302, response.text[:500]
        return response.headers["Location"]

    def decide(self, authorize_url: str, decision: str = "approve", **fields: str) -> str:
        """On the simulator's page, choose and approve (or refuse): where it sends us back."""
        page = self.get(authorize_url)
        assert page.status_code == 200, page.text[:500]
        html = page.text
        signed = re.search(r'name="request" value="([^"]+)"', html).group(1)
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        data = {"csrfmiddlewaretoken": csrf, "request": signed, "decision": decision, **fields}
        response = self.post(authorize_url.split("?")[0], data)
        assert response.status_code == 302, response.text[:500]
        return response.headers["Location"]

    def page_text(self, response: requests.Response) -> str:
        return self.follow(response).text


def query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


@pytest.fixture
def browser_for(vneid_site):
    def make() -> Browser:
        return Browser(vneid_site)

    return make
