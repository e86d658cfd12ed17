"""The agency's seal key on the PKCS#11 token, as a `cryptography` RSA private key.

signxml signs with a cryptography private key object; this one never holds the key: its
`sign()` asks the token (the same token, settings and key label as the PDF seal,
tinhso.signatures.providers.pkcs11), so the key stays in the device as Nghị định 23/2025/NĐ-CP
requires. Everything else a private key can do (export, decrypt) is refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NoReturn

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding as asym_padding
from cryptography.hazmat.primitives.asymmetric import rsa

from tinhso.exchange.edxml.model import EdxmlError, SignerUnavailable

_MECHANISMS = {
    "sha256": "SHA256_RSA_PKCS",
    "sha384": "SHA384_RSA_PKCS",
    "sha512": "SHA512_RSA_PKCS",
}


@dataclass(frozen=True)
class TokenConfig:
    lib: str
    token_label: str
    pin: str
    key_label: str


def _session(config: TokenConfig) -> Any:
    import pkcs11

    from tinhso.signatures.providers.pkcs11 import _softhsm_env

    _softhsm_env()
    token = pkcs11.lib(config.lib).get_token(token_label=config.token_label)
    return token.open(user_pin=config.pin)


def _refused() -> NoReturn:
    raise TypeError("the key stays in the token: only sign() is available")


class TokenKey(rsa.RSAPrivateKey):
    """An RSA key on the token: PKCS#1 v1.5 signatures with SHA-256/384/512 only."""

    def __init__(self, config: TokenConfig, public: rsa.RSAPublicKey) -> None:
        self._config = config
        self._public = public

    def sign(
        self,
        data: bytes,
        padding: asym_padding.AsymmetricPadding,
        algorithm: Any,  # HashAlgorithm; Prehashed and NoDigestInfo are refused below
    ) -> bytes:
        import pkcs11
        from pkcs11 import Mechanism, ObjectClass

        from tinhso.signatures.providers.pkcs11 import _LOCK

        name = getattr(algorithm, "name", "") if isinstance(algorithm, hashes.HashAlgorithm) else ""
        if not isinstance(padding, asym_padding.PKCS1v15) or name not in _MECHANISMS:
            raise TypeError("the token signs RSA PKCS#1 v1.5 with SHA-256/384/512 only")
        mechanism = getattr(Mechanism, _MECHANISMS[name])
        try:
            with _LOCK, _session(self._config) as session:
                key = session.get_key(
                    object_class=ObjectClass.PRIVATE_KEY, label=self._config.key_label
                )
                return bytes(key.sign(data, mechanism=mechanism))
        except pkcs11.PKCS11Error as exc:
            raise SignerUnavailable(
                f"Thiết bị ký (HSM) không ký được gói tin: {type(exc).__name__}.",
                field="Signature",
            ) from exc

    @property
    def key_size(self) -> int:
        return self._public.key_size

    def public_key(self) -> rsa.RSAPublicKey:
        return self._public

    def decrypt(self, ciphertext: bytes, padding: asym_padding.AsymmetricPadding) -> bytes:
        _refused()

    def private_numbers(self) -> rsa.RSAPrivateNumbers:
        _refused()

    def private_bytes(self, *args: Any, **kwargs: Any) -> bytes:
        _refused()

    def __copy__(self) -> TokenKey:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> TokenKey:
        return self


@dataclass(frozen=True)
class TokenSigner:
    """The seal on the token: its certificate first, then the CA certificates of the token."""

    config: TokenConfig
    certificates: tuple[x509.Certificate, ...]

    @property
    def chain(self) -> Sequence[x509.Certificate]:
        return self.certificates

    def private_key(self) -> rsa.RSAPrivateKey:
        public = self.certificates[0].public_key()
        if not isinstance(public, rsa.RSAPublicKey):
            raise EdxmlError("Con dấu số phải dùng khóa RSA.", field="Signature")
        return TokenKey(self.config, public)

    @classmethod
    def for_certificate(cls, certificate: Any) -> TokenSigner:
        """For a signatures.SigningCertificate whose key is on the configured token."""
        import pkcs11
        from django.conf import settings
        from pkcs11 import Attribute, ObjectClass

        from tinhso.signatures.providers.pkcs11 import _LOCK, key_label

        if not settings.PKCS11_USER_PIN:
            raise EdxmlError(
                "Chưa cấu hình mã PIN của thiết bị ký (PKCS11_USER_PIN).", field="Signature"
            )
        config = TokenConfig(
            lib=settings.PKCS11_LIB,
            token_label=settings.PKCS11_TOKEN_LABEL,
            pin=settings.PKCS11_USER_PIN,
            key_label=key_label(certificate),
        )
        leaf = x509.load_der_x509_certificate(bytes(certificate.der))
        cas: list[x509.Certificate] = []
        try:
            with _LOCK, _session(config) as session:
                for obj in session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE}):
                    if str(obj[Attribute.LABEL]).startswith("ca-"):
                        cas.append(x509.load_der_x509_certificate(bytes(obj[Attribute.VALUE])))
        except pkcs11.PKCS11Error as exc:
            raise SignerUnavailable(
                f"Không mở được thiết bị ký (HSM): {type(exc).__name__}.", field="Signature"
            ) from exc
        return cls(config, (leaf, *[c for c in cas if c != leaf]))
