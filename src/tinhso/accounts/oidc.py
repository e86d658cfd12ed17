"""An OpenID Connect relying party: the authorization-code flow with state, nonce and PKCE.

What is checked, and where the rule comes from:

- discovery (OpenID Connect Discovery 1.0 §4): the document is fetched from
  `<issuer>/.well-known/openid-configuration` and its `issuer` must equal the configured one;
- authorization request (OIDC Core 1.0 §3.1.2.1, RFC 7636): `state` against CSRF, `nonce`
  against replay of an ID token, PKCE with S256 against a stolen code;
- token request (RFC 6749 §4.1.3): the code with the redirect URI and the PKCE verifier, the
  client authenticated by client_secret_post or client_secret_basic (§2.3.1);
- ID token (OIDC Core §3.1.3.7): RS256 signature against the provider's JWKS (fetched again
  once when the key id is unknown: key rotation), `iss`, `aud` (and `azp` when there are
  several audiences), `exp`, `iat`, `nonce`, and `at_hash` when present;
- userinfo (OIDC Core §5.3.2): its `sub` must equal the ID token's.

HTTP goes through Authlib's requests client; JWTs are verified with joserfc. Nothing here
knows about VNeID's claims: accounts/vneid.py maps them to an account.
"""

import hashlib
import secrets
import time
from dataclasses import dataclass
from typing import Any

import requests
from authlib.integrations.base_client import OAuthError
from authlib.integrations.requests_client import OAuth2Session
from authlib.oidc.core.util import create_half_hash
from django.core.cache import cache
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from joserfc.jwt import JWTClaimsRegistry

ALGORITHMS = ["RS256"]
METADATA_TTL = 3600  # seconds the discovery document and the JWKS are kept in the cache
LEEWAY = 60  # seconds of clock difference allowed with the provider
PENDING_TTL = 600  # seconds a started sign-in may take before its state is forgotten


class OidcError(Exception):
    """The exchange with the provider failed.

    `reason`: unreachable (network, 5xx), discovery (bad document), token (the token
    endpoint refused), id_token (signature or claims), userinfo.
    """

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class Provider:
    issuer: str
    client_id: str
    client_secret: str
    redirect_uri: str
    scopes: str = "openid"
    token_auth_method: str = "client_secret_post"  # noqa: S105 - a method name, not a secret
    timeout: float = 10.0
    acr_values: str = ""


def _cache_key(kind: str, issuer: str) -> str:
    return f"oidc:{kind}:" + hashlib.sha256(issuer.encode()).hexdigest()[:32]


def _get_json(url: str, timeout: float) -> dict[str, Any]:
    try:
        response = requests.get(url, timeout=timeout, headers={"Accept": "application/json"})
    except requests.RequestException as exc:
        raise OidcError("unreachable", f"{url}: {exc}") from exc
    if response.status_code >= 500:
        raise OidcError("unreachable", f"{url}: HTTP {response.status_code}")
    if response.status_code != 200:
        raise OidcError("discovery", f"{url}: HTTP {response.status_code}")
    try:
        data = response.json()
    except ValueError as exc:
        raise OidcError("discovery", f"{url}: not JSON") from exc
    if not isinstance(data, dict):
        raise OidcError("discovery", f"{url}: not a JSON object")
    return data


def metadata(provider: Provider) -> dict[str, Any]:
    """The provider's discovery document, checked and cached."""
    key = _cache_key("meta", provider.issuer)
    data = cache.get(key)
    if data is not None:
        return data
    data = _get_json(provider.issuer + "/.well-known/openid-configuration", provider.timeout)
    if data.get("issuer") != provider.issuer:
        raise OidcError("discovery", f"issuer {data.get('issuer')!r} ≠ {provider.issuer!r}")
    required = ("authorization_endpoint", "token_endpoint", "jwks_uri", "userinfo_endpoint")
    missing = [name for name in required if not data.get(name)]
    if missing:
        raise OidcError("discovery", "missing " + ", ".join(missing))
    cache.set(key, data, METADATA_TTL)
    return data


def signing_keys(provider: Provider, *, refresh: bool = False) -> KeySet:
    key = _cache_key("jwks", provider.issuer)
    data = None if refresh else cache.get(key)
    if data is None:
        data = _get_json(metadata(provider)["jwks_uri"], provider.timeout)
        cache.set(key, data, METADATA_TTL)
    try:
        return KeySet.import_key_set(data)
    except (JoseError, ValueError, KeyError, TypeError) as exc:
        raise OidcError("discovery", f"JWKS: {exc}") from exc


def _session(provider: Provider) -> OAuth2Session:
    return OAuth2Session(
        client_id=provider.client_id,
        client_secret=provider.client_secret,
        scope=provider.scopes,
        redirect_uri=provider.redirect_uri,
        code_challenge_method="S256",
        token_endpoint_auth_method=provider.token_auth_method,
        default_timeout=provider.timeout,
    )


def authorization_request(provider: Provider) -> tuple[str, dict[str, Any]]:
    """The address to send the browser to, and what to keep in the session until it returns."""
    pending = {
        "state": secrets.token_urlsafe(32),
        "nonce": secrets.token_urlsafe(32),
        "code_verifier": secrets.token_urlsafe(64),
        "created": int(time.time()),
    }
    extra = {"acr_values": provider.acr_values} if provider.acr_values else {}
    url, _ = _session(provider).create_authorization_url(
        metadata(provider)["authorization_endpoint"],
        state=pending["state"],
        code_verifier=pending["code_verifier"],
        nonce=pending["nonce"],
        **extra,
    )
    return url, pending


def exchange(
    provider: Provider, *, code: str, pending: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Trade the code for tokens, verify the ID token, fetch userinfo: (ID claims, userinfo)."""
    meta = metadata(provider)
    session = _session(provider)
    try:
        token = session.fetch_token(
            meta["token_endpoint"], code=code, code_verifier=pending["code_verifier"]
        )
    except OAuthError as exc:
        raise OidcError("token", f"{exc.error}: {exc.description or ''}") from exc
    except requests.RequestException as exc:
        raise OidcError("unreachable", f"token endpoint: {exc}") from exc
    except ValueError as exc:
        raise OidcError("token", str(exc)) from exc
    id_token = token.get("id_token")
    if not isinstance(id_token, str) or not id_token:
        raise OidcError("id_token", "the token response has no id_token")
    claims = verify_id_token(
        id_token,
        provider=provider,
        nonce=pending["nonce"],
        access_token=token.get("access_token"),
    )
    return claims, _userinfo(session, meta["userinfo_endpoint"], claims["sub"])


def _userinfo(session: OAuth2Session, url: str, subject: str) -> dict[str, Any]:
    try:
        response = session.get(url, headers={"Accept": "application/json"})
    except requests.RequestException as exc:
        raise OidcError("unreachable", f"userinfo: {exc}") from exc
    if response.status_code != 200:
        raise OidcError("userinfo", f"HTTP {response.status_code}")
    try:
        info = response.json()
    except ValueError as exc:
        raise OidcError("userinfo", "not JSON") from exc
    if not isinstance(info, dict) or info.get("sub") != subject:
        raise OidcError("userinfo", "sub differs from the ID token's")
    return info


def verify_id_token(
    id_token: str,
    *,
    provider: Provider,
    nonce: str,
    access_token: str | None = None,
    keys: KeySet | None = None,
) -> dict[str, Any]:
    """The ID token's claims once its signature and claims are checked; OidcError if not."""
    try:
        token = jwt.decode(id_token, keys or signing_keys(provider), algorithms=ALGORITHMS)
    except (JoseError, ValueError) as first:
        if keys is not None:
            raise OidcError("id_token", f"signature: {first}") from first
        # An unknown key id may mean the provider rotated its keys: fetch them once more.
        try:
            token = jwt.decode(
                id_token, signing_keys(provider, refresh=True), algorithms=ALGORITHMS
            )
        except (JoseError, ValueError) as exc:
            raise OidcError("id_token", f"signature: {exc}") from exc
    claims = token.claims
    registry = JWTClaimsRegistry(
        leeway=LEEWAY,
        iss={"essential": True, "value": provider.issuer},
        aud={"essential": True, "value": provider.client_id},
        sub={"essential": True},
        exp={"essential": True},
        iat={"essential": True},
        nonce={"essential": True, "value": nonce},
    )
    try:
        registry.validate(claims)
    except JoseError as exc:
        raise OidcError("id_token", f"claims: {exc}") from exc
    audience = claims["aud"]
    if isinstance(audience, list) and len(audience) > 1 and claims.get("azp") != provider.client_id:
        raise OidcError("id_token", "azp is not our client id")
    if "at_hash" in claims and access_token:
        expected = create_half_hash(access_token, token.header["alg"])
        if expected is None or expected.decode() != claims["at_hash"]:
            raise OidcError("id_token", "at_hash does not match the access token")
    return claims
