"""The VNeID simulator speaks OpenID Connect as a strict provider does."""

import base64
import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from django.core.cache import cache
from django.utils import timezone
from joserfc import jwt
from joserfc.jwk import KeySet

BASE = "/mo-phong/vneid"
REDIRECT = "https://dichvucong.example.vn/dang-nhap/vneid/ket-qua/"
VERIFIER = "v" * 20 + "-bi-mat-cua-trinh-duyet-" + "w" * 20


@pytest.fixture(autouse=True)
def registration(settings):
    settings.SITE_URL = "https://dichvucong.example.vn"
    settings.VNEID_SIMULATOR_CLIENT_ID = "portal"
    settings.VNEID_SIMULATOR_CLIENT_SECRET = "s3cret"
    settings.VNEID_SIMULATOR_REDIRECT_URIS = [REDIRECT]
    cache.clear()


def authorize_params(**overrides):
    params = {
        "response_type": "code",
        "client_id": "portal",
        "redirect_uri": REDIRECT,
        "scope": "openid profile",
        "state": "st-1",
        "nonce": "no-1",
        "code_challenge": create_s256_code_challenge(VERIFIER),
        "code_challenge_method": "S256",
    }
    params.update(overrides)
    return {k: v for k, v in params.items() if v is not None}


def returned(response) -> dict[str, str]:
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(REDIRECT)
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def approve(client, identity="dan", **params) -> dict[str, str]:
    page = client.get(f"{BASE}/authorize", authorize_params(**params))
    assert page.status_code == 200
    signed = re.search(r'name="request" value="([^"]+)"', page.content.decode()).group(1)
    response = client.post(
        f"{BASE}/authorize", {"request": signed, "decision": "approve", "identity": identity}
    )
    return returned(response)


def token(client, issued_code, **overrides):
    data = {
        "grant_type": "authorization_code",
        "code": issued_code,
        "redirect_uri": REDIRECT,
        "code_verifier": VERIFIER,
        "client_id": "portal",
        "client_secret": "s3cret",
    }
    data.update(overrides)
    return client.post(f"{BASE}/token", {k: v for k, v in data.items() if v is not None})


def test_discovery_and_keys(client):
    meta = client.get(f"{BASE}/.well-known/openid-configuration").json()
    assert meta["issuer"] == "https://dichvucong.example.vn/mo-phong/vneid"
    assert meta["token_endpoint"] == meta["issuer"] + "/token"
    assert meta["code_challenge_methods_supported"] == ["S256"]
    keys = client.get(f"{BASE}/jwks").json()["keys"]
    assert len(keys) == 1 and keys[0]["kty"] == "RSA" and keys[0]["kid"]
    assert "d" not in keys[0] and "p" not in keys[0]  # public part only


def test_the_whole_exchange(client):
    answer = approve(client)
    assert answer["state"] == "st-1"
    response = token(client, answer["code"])
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    body = response.json()
    keys = KeySet.import_key_set(client.get(f"{BASE}/jwks").json())
    id_token = jwt.decode(body["id_token"], keys, algorithms=["RS256"])
    assert id_token.claims["iss"] == "https://dichvucong.example.vn/mo-phong/vneid"
    assert id_token.claims["aud"] == "portal" and id_token.claims["nonce"] == "no-1"
    info = client.get(
        f"{BASE}/userinfo", HTTP_AUTHORIZATION=f"Bearer {body['access_token']}"
    ).json()
    assert info["sub"] == id_token.claims["sub"]
    assert info["SoDinhDanh"] == "072190001234"
    assert info["HoVaTen"] == "Nguyễn Thị Dân" and info["NgayThangNamSinh"] == "19900115"


def test_client_secret_basic(client):
    answer = approve(client)
    basic = base64.b64encode(b"portal:s3cret").decode()
    anonymous = token(client, answer["code"], client_id=None, client_secret=None)
    assert anonymous.status_code == 401 and "Basic" in anonymous["WWW-Authenticate"]
    answer = approve(client)
    response = client.post(
        f"{BASE}/token",
        {
            "grant_type": "authorization_code",
            "code": answer["code"],
            "redirect_uri": REDIRECT,
            "code_verifier": VERIFIER,
        },
        HTTP_AUTHORIZATION=f"Basic {basic}",
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("overrides", "status", "error"),
    [
        ({"client_secret": "sai"}, 401, "invalid_client"),
        ({"client_id": "khac"}, 401, "invalid_client"),
        ({"code_verifier": "x" * 50}, 400, "invalid_grant"),
        ({"code_verifier": None}, 400, "invalid_grant"),
        ({"redirect_uri": "https://evil.example/cb"}, 400, "invalid_grant"),
        ({"grant_type": "password"}, 400, "unsupported_grant_type"),
        ({"code": "khong-co-ma-nay"}, 400, "invalid_grant"),
    ],
)
def test_token_refusals(client, overrides, status, error):
    answer = approve(client)
    response = token(client, answer["code"], **overrides)
    assert response.status_code == status
    assert response.json()["error"] == error


def test_a_code_is_used_once(client):
    code = approve(client)["code"]
    assert token(client, code).status_code == 200
    again = token(client, code)
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"


def test_a_code_expires_after_a_minute(client):
    code = approve(client)["code"]
    with time_machine.travel(timezone.now() + timedelta(seconds=90)):
        response = token(client, code)
    assert response.json()["error"] == "invalid_grant"


def test_userinfo_needs_a_valid_bearer_token(client):
    assert client.get(f"{BASE}/userinfo").status_code == 401
    wrong = client.get(f"{BASE}/userinfo", HTTP_AUTHORIZATION="Bearer khong-hop-le")
    assert wrong.status_code == 401 and "invalid_token" in wrong["WWW-Authenticate"]


def test_bad_requests_from_an_unknown_client_are_not_redirected(client):
    unknown = client.get(f"{BASE}/authorize", authorize_params(client_id="la"))
    assert unknown.status_code == 400 and "chưa đăng ký" in unknown.content.decode()
    elsewhere = client.get(
        f"{BASE}/authorize", authorize_params(redirect_uri="https://evil.example/cb")
    )
    assert elsewhere.status_code == 400


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"code_challenge_method": None}, "invalid_request"),
        ({"code_challenge_method": "plain"}, "invalid_request"),
        ({"code_challenge": None}, "invalid_request"),
        ({"scope": "profile"}, "invalid_scope"),
        ({"response_type": "token"}, "unsupported_response_type"),
    ],
)
def test_bad_requests_from_our_client_are_sent_back(client, overrides, error):
    answer = returned(client.get(f"{BASE}/authorize", authorize_params(**overrides)))
    assert answer["error"] == error and answer["state"] == "st-1"


def test_refusal_and_a_forged_request(client):
    page = client.get(f"{BASE}/authorize", authorize_params())
    signed = re.search(r'name="request" value="([^"]+)"', page.content.decode()).group(1)
    refused = client.post(f"{BASE}/authorize", {"request": signed, "decision": "deny"})
    assert returned(refused)["error"] == "access_denied"
    forged = client.post(
        f"{BASE}/authorize", {"request": signed[:-3] + "abc", "decision": "approve"}
    )
    assert forged.status_code == 400


def test_a_typed_identity_is_checked(client):
    page = client.get(f"{BASE}/authorize", authorize_params())
    signed = re.search(r'name="request" value="([^"]+)"', page.content.decode()).group(1)
    data = {"request": signed, "decision": "approve", "identity": "custom"}
    bad = client.post(
        f"{BASE}/authorize", {**data, "so_dinh_danh": "123", "ho_va_ten": "", "ngay_sinh": "1/1"}
    )
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "12 chữ số" in html and "Nhập họ và tên" in html and "ngày/tháng/năm" in html
    good = client.post(
        f"{BASE}/authorize",
        {**data, "so_dinh_danh": "001203009999", "ho_va_ten": "Hà An", "ngay_sinh": "05/11/2003"},
    )
    code = returned(good)["code"]
    access = token(client, code).json()["access_token"]
    info = client.get(f"{BASE}/userinfo", HTTP_AUTHORIZATION=f"Bearer {access}").json()
    assert info["NgayThangNamSinh"] == "20031105" and info["HoVaTen"] == "Hà An"


@pytest.mark.parametrize(("muc", "acr"), [(None, "LoA2"), ("2", "LoA2"), ("1", "LoA1")])
def test_the_person_chooses_the_level_put_in_acr(client, muc, acr):
    # Nghị định 69/2024/NĐ-CP: mức 1 or mức 2 of the electronic identification account.
    page = client.get(f"{BASE}/authorize", authorize_params())
    html = page.content.decode()
    assert 'name="muc" value="2" checked' in html
    signed = re.search(r'name="request" value="([^"]+)"', html).group(1)
    data = {"request": signed, "decision": "approve", "identity": "dan"}
    if muc:
        data["muc"] = muc
    code = returned(client.post(f"{BASE}/authorize", data))["code"]
    body = token(client, code).json()
    keys = KeySet.import_key_set(client.get(f"{BASE}/jwks").json())
    assert jwt.decode(body["id_token"], keys, algorithms=["RS256"]).claims["acr"] == acr


def test_an_unknown_level_is_refused_on_the_page(client):
    page = client.get(f"{BASE}/authorize", authorize_params())
    signed = re.search(r'name="request" value="([^"]+)"', page.content.decode()).group(1)
    data = {"request": signed, "decision": "approve", "identity": "dan", "muc": "3"}
    response = client.post(f"{BASE}/authorize", data)
    assert response.status_code == 400 and "Chọn mức 1 hoặc mức 2" in response.content.decode()
