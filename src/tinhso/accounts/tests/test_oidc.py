"""The ID token checks of the relying party (accounts/oidc.py), on tokens made here."""

import time

import pytest
from authlib.oidc.core.util import create_half_hash
from joserfc import jwt
from joserfc.jwk import KeySet, OctKey, RSAKey

from tinhso.accounts.oidc import OidcError, Provider, verify_id_token

PROVIDER = Provider(
    issuer="https://sso.example.vn/realms/citizen",
    client_id="tinhso",
    client_secret="x",
    redirect_uri="https://dichvucong.example.vn/dang-nhap/vneid/ket-qua/",
)
PROVIDER_KEY = RSAKey.generate_key(2048, parameters={"kid": "k1"})
KEYS = KeySet.import_key_set({"keys": [PROVIDER_KEY.as_dict(private=False)]})


def claims(**overrides):
    now = int(time.time())
    base = {
        "iss": PROVIDER.issuer,
        "aud": PROVIDER.client_id,
        "sub": "abc",
        "iat": now,
        "exp": now + 300,
        "nonce": "n-1",
    }
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not None}


def sign(payload, key=PROVIDER_KEY, alg="RS256"):
    return jwt.encode({"alg": alg, "kid": "k1"}, payload, key)


def check(token, **kwargs):
    return verify_id_token(token, provider=PROVIDER, nonce="n-1", keys=KEYS, **kwargs)


def test_a_good_token_gives_its_claims():
    assert check(sign(claims()))["sub"] == "abc"


@pytest.mark.parametrize(
    "payload",
    [
        claims(iss="https://evil.example"),
        claims(aud="another-client"),
        claims(nonce="n-2"),
        claims(nonce=None),
        claims(exp=int(time.time()) - 120),
        claims(sub=None),
        claims(aud=["tinhso", "another-client"]),  # several audiences need azp = us
    ],
    ids=["issuer", "audience", "nonce", "no-nonce", "expired", "no-sub", "azp"],
)
def test_wrong_claims_are_refused(payload):
    with pytest.raises(OidcError) as exc:
        check(sign(payload))
    assert exc.value.reason == "id_token"


def test_several_audiences_with_our_azp_are_accepted():
    assert check(sign(claims(aud=["tinhso", "other"], azp="tinhso")))["azp"] == "tinhso"


def test_a_signature_by_another_key_is_refused():
    forger = RSAKey.generate_key(2048, parameters={"kid": "k1"})
    with pytest.raises(OidcError, match="signature"):
        check(sign(claims(), key=forger))


def test_a_symmetric_signature_is_refused():
    """alg confusion: HS256 with a key the attacker chose is not RS256."""
    with pytest.raises(OidcError, match="signature"):
        check(sign(claims(), key=OctKey.generate_key(256), alg="HS256"))


def test_at_hash_binds_the_access_token():
    token = sign(claims(at_hash=create_half_hash("access-1", "RS256").decode()))
    assert check(token, access_token="access-1")
    with pytest.raises(OidcError, match="at_hash"):
        check(token, access_token="access-2")
