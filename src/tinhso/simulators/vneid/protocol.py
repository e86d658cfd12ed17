"""The provider side of OpenID Connect's authorization-code flow, as the simulator runs it.

Codes and access tokens are random strings kept in Django's cache (no database tables, so no
migrations): a code lives CODE_TTL seconds and is redeemed once; an access token lives
TOKEN_TTL seconds. With several server processes the cache must be shared (Redis,
database cache); the default local-memory cache serves one process, as the demo runs.

Checks follow RFC 6749 §4.1 and §5.2 (errors), RFC 7636 §4.6 (PKCE, S256 only) and OpenID
Connect Core 1.0 §3.1.2.2 (openid scope) and §3.1.3.6 (ID token), as VNeID's Keycloak does.
"""

import hashlib
import secrets
import time
import uuid
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from authlib.oauth2.rfc7636 import create_s256_code_challenge
from authlib.oidc.core.util import create_half_hash
from django.core.cache import cache
from django.utils.crypto import constant_time_compare
from joserfc import jwt

from tinhso.simulators.vneid import clients
from tinhso.simulators.vneid.keys import signing_key

CODE_TTL = 60
TOKEN_TTL = 300
ID_TOKEN_TTL = 300
SUBJECT_NAMESPACE = uuid.UUID("0c6f1c1e-6a9b-4c59-9f55-0d0a2c0b7e11")


class AuthorizeError(Exception):
    """A bad authorization request. `redirect`: send the error back to the client (only once
    the client and its redirect URI are known to be right, RFC 6749 §4.1.2.1)."""

    def __init__(self, error: str, description: str, *, redirect: bool) -> None:
        super().__init__(description)
        self.error = error
        self.description = description
        self.redirect = redirect


class TokenError(Exception):
    def __init__(self, error: str, description: str, status: int = 400) -> None:
        super().__init__(description)
        self.error = error
        self.description = description
        self.status = status


def _key(kind: str, value: str) -> str:
    return f"vneid-sim:{kind}:" + hashlib.sha256(value.encode()).hexdigest()


def with_params(uri: str, params: dict[str, str]) -> str:
    parts = urlsplit(uri)
    query = "&".join(q for q in (parts.query, urlencode(params)) if q)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


def check_authorization_request(params: Any) -> dict[str, str]:
    """The validated request (client, redirect URI, scope, state, nonce, PKCE challenge)."""
    client = params.get("client_id", "")
    redirect_uri = params.get("redirect_uri", "")
    if not constant_time_compare(client, clients.client_id()):
        raise AuthorizeError("invalid_client", "Ứng dụng (client_id) chưa đăng ký.", redirect=False)
    if redirect_uri not in clients.redirect_uris():
        raise AuthorizeError(
            "invalid_request", "Địa chỉ quay về (redirect_uri) chưa đăng ký.", redirect=False
        )
    if params.get("response_type") != "code":
        raise AuthorizeError(
            "unsupported_response_type", "Chỉ hỗ trợ response_type=code.", redirect=True
        )
    if "openid" not in params.get("scope", "").split():
        raise AuthorizeError("invalid_scope", "Phạm vi phải có openid.", redirect=True)
    challenge = params.get("code_challenge", "")
    if params.get("code_challenge_method") != "S256" or not 43 <= len(challenge) <= 128:
        raise AuthorizeError(
            "invalid_request", "Bắt buộc PKCE với code_challenge_method=S256.", redirect=True
        )
    return {
        "client_id": client,
        "redirect_uri": redirect_uri,
        "scope": params.get("scope", ""),
        "state": params.get("state", ""),
        "nonce": params.get("nonce", ""),
        "code_challenge": challenge,
    }


def subject_for(cccd: str) -> str:
    """A stable `sub` per person, as an identity provider keeps one."""
    return str(uuid.uuid5(SUBJECT_NAMESPACE, cccd))


def person_claims(cccd: str, full_name: str, birth: str) -> dict[str, str]:
    """The claims VNeID's broker returns (regulations.md §7)."""
    sub = subject_for(cccd)
    return {
        "sub": sub,
        "TechID": sub,
        "LoaiTaiKhoan": "1",
        "loginIdp": "BCA",
        "SoDinhDanh": cccd,
        "HoVaTen": full_name,
        "NgayThangNamSinh": birth,
        "preferred_username": cccd,
        "name": full_name,
    }


# The `acr` of VNeID's Keycloak for the two levels of the electronic identification account
# (Nghị định 69/2024/NĐ-CP: mức 1, mức 2).
ACR_BY_LEVEL = {"1": "LoA1", "2": "LoA2"}
DEFAULT_LEVEL = "2"


def issue_code(request: dict[str, str], claims: dict[str, str], level: str = DEFAULT_LEVEL) -> str:
    code = secrets.token_urlsafe(32)
    acr = ACR_BY_LEVEL.get(level, ACR_BY_LEVEL[DEFAULT_LEVEL])
    entry = {**request, "claims": claims, "auth_time": int(time.time()), "acr": acr}
    cache.set(_key("code", code), entry, CODE_TTL)
    return code


def redeem_code(
    *, code: str, client_id: str, redirect_uri: str, code_verifier: str
) -> dict[str, Any]:
    """The authorization the code stands for; TokenError(invalid_grant) if it does not hold."""
    entry = cache.get(_key("code", code)) if code else None
    # Used once: the first redemption marks it; a second one finds the mark.
    if entry is None or not cache.add(_key("used", code), True, CODE_TTL * 2):
        raise TokenError("invalid_grant", "Mã xác thực không tồn tại, đã hết hạn hoặc đã dùng.")
    cache.delete(_key("code", code))
    if entry["client_id"] != client_id:
        raise TokenError("invalid_grant", "Mã xác thực cấp cho ứng dụng khác.")
    if entry["redirect_uri"] != redirect_uri:
        raise TokenError("invalid_grant", "redirect_uri khác với lúc yêu cầu xác thực.")
    if not 43 <= len(code_verifier) <= 128 or not constant_time_compare(
        create_s256_code_challenge(code_verifier), entry["code_challenge"]
    ):
        raise TokenError("invalid_grant", "code_verifier không khớp code_challenge (PKCE).")
    return entry


def issue_tokens(entry: dict[str, Any], issuer: str) -> dict[str, Any]:
    access_token = secrets.token_urlsafe(32)
    claims = entry["claims"]
    cache.set(_key("token", access_token), claims, TOKEN_TTL)
    now = int(time.time())
    key = signing_key()
    id_claims = {
        "iss": issuer,
        "sub": claims["sub"],
        "aud": entry["client_id"],
        "exp": now + ID_TOKEN_TTL,
        "iat": now,
        "auth_time": entry["auth_time"],
        "acr": entry.get("acr", ACR_BY_LEVEL[DEFAULT_LEVEL]),
        "at_hash": create_half_hash(access_token, "RS256").decode(),
    }
    if entry.get("nonce"):
        id_claims["nonce"] = entry["nonce"]
    id_token = jwt.encode({"alg": "RS256", "kid": key.kid}, id_claims, key)
    return {
        "access_token": access_token,
        "token_type": "Bearer",
        "expires_in": TOKEN_TTL,
        "id_token": id_token,
        "scope": entry.get("scope", ""),
    }


def userinfo_for(access_token: str) -> dict[str, str] | None:
    return cache.get(_key("token", access_token)) if access_token else None
