"""The demo/test PKI: a local root "TỈNH SỐ DEMO – KHÔNG DÙNG THẬT", an issuing CA, a timestamp
authority, a CRL, and end-entity certificates for demo officers and agency seals.

Keys live under a directory (settings.SIGNATURES_DEMO_DIR, default var/signatures-demo; tests
use a tmp dir), never in git. Everything is idempotent: a file that exists is reused. Personal
and seal certificates carry key usage digitalSignature + nonRepudiation (what pyHanko's
validation requires by default), RSA 2048 (Thông tư 15/2025/TT-BKHCN Phụ lục I).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

ROOT_NAME = "TỈNH SỐ DEMO – KHÔNG DÙNG THẬT"
CA_NAME = "TỈNH SỐ DEMO CA – KHÔNG DÙNG THẬT"
TSA_NAME = "TỈNH SỐ DEMO TSA – KHÔNG DÙNG THẬT"
ORG = "Tỉnh Số (minh họa)"

_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,80}$")
# RSA generation is the slow part; tests build many CAs in one process, so keys are reused
# per process when asked (DemoCA(reuse_keys=True)): never do that outside tests.
_KEY_POOL: dict[str, rsa.RSAPrivateKey] = {}


def _new_key(name: str, reuse: bool) -> rsa.RSAPrivateKey:
    if reuse and name in _KEY_POOL:
        return _KEY_POOL[name]
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    if reuse:
        _KEY_POOL[name] = key
    return key


def _name(common_name: str, organisation: str = ORG) -> x509.Name:
    attrs = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
    ]
    return x509.Name(attrs)


@dataclass(frozen=True)
class Issued:
    name: str
    cert: x509.Certificate
    key: rsa.RSAPrivateKey

    @property
    def der(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.DER)

    @property
    def key_pkcs8_der(self) -> bytes:
        return self.key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )


class DemoCA:
    """A demo PKI rooted in `directory` (created on first use)."""

    def __init__(self, directory: Path | str, *, reuse_keys: bool = False) -> None:
        self.dir = Path(directory)
        self.reuse_keys = reuse_keys

    # --- files -------------------------------------------------------------------------------
    def _paths(self, name: str) -> tuple[Path, Path]:
        if not _NAME_RE.match(name):
            raise ValueError(f"bad certificate name {name!r}")
        return self.dir / f"{name}.key.pem", self.dir / f"{name}.crt.pem"

    def _load(self, name: str) -> Issued | None:
        key_path, cert_path = self._paths(name)
        if not (key_path.exists() and cert_path.exists()):
            return None
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
        assert isinstance(key, rsa.RSAPrivateKey)
        return Issued(name, x509.load_pem_x509_certificate(cert_path.read_bytes()), key)

    def _store(self, issued: Issued) -> Issued:
        self.dir.mkdir(parents=True, exist_ok=True)
        key_path, cert_path = self._paths(issued.name)
        key_pem = issued.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        key_path.write_bytes(key_pem)
        key_path.chmod(0o600)
        cert_path.write_bytes(issued.cert.public_bytes(serialization.Encoding.PEM))
        return issued

    # --- the hierarchy -------------------------------------------------------------------------
    def ensure(self) -> DemoCA:
        """Create the root, the issuing CA, the TSA and the CRL if missing."""
        self.root()
        self.ca()
        self.tsa()
        if not self.crl_path.exists():
            self.write_crl()
        return self

    def root(self) -> Issued:
        existing = self._load("root")
        if existing:
            return existing
        key = _new_key("root", self.reuse_keys)
        now = datetime.now(UTC) - timedelta(days=1)
        name = _name(ROOT_NAME)
        cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now)
            .not_valid_after(now + timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=1), critical=True)
            .add_extension(_ca_usage(), critical=True)
            .add_extension(
                x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False
            )
            .sign(key, hashes.SHA256())
        )
        return self._store(Issued("root", cert, key))

    def ca(self) -> Issued:
        existing = self._load("ca")
        if existing:
            return existing
        root = self.root()
        key = _new_key("ca", self.reuse_keys)
        now = datetime.now(UTC) - timedelta(days=1)
        cert = (
            self._builder(root, _name(CA_NAME), key, now, now + timedelta(days=3000))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(_ca_usage(), critical=True)
            .sign(root.key, hashes.SHA256())
        )
        return self._store(Issued("ca", cert, key))

    def tsa(self) -> Issued:
        existing = self._load("tsa")
        if existing:
            return existing
        ca = self.ca()
        key = _new_key("tsa", self.reuse_keys)
        now = datetime.now(UTC) - timedelta(days=1)
        cert = (
            self._builder(ca, _name(TSA_NAME), key, now, now + timedelta(days=2000))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(_usage(), critical=True)
            .add_extension(
                x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
            )
            .sign(ca.key, hashes.SHA256())
        )
        return self._store(Issued("tsa", cert, key))

    def issue(
        self,
        name: str,
        common_name: str,
        *,
        organisation: str = ORG,
        not_before: datetime | None = None,
        not_after: datetime | None = None,
        key_size: int = 2048,
    ) -> Issued:
        """An end-entity signing certificate (person or seal) called `name`; reused if present."""
        existing = self._load(name)
        if existing:
            return existing
        ca = self.ca()
        if key_size == 2048:
            key = _new_key(f"ee:{name}", self.reuse_keys)
        else:
            key = rsa.generate_private_key(public_exponent=65537, key_size=key_size)
        start = not_before or datetime.now(UTC) - timedelta(days=1)
        end = not_after or start + timedelta(days=730)
        cert = (
            self._builder(ca, _name(common_name, organisation), key, start, end)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(_usage(), critical=True)
            .add_extension(_crl_points(), critical=False)
            .add_extension(_ocsp_access(), critical=False)
            .sign(ca.key, hashes.SHA256())
        )
        return self._store(Issued(name, cert, key))

    def get(self, name: str) -> Issued:
        issued = self._load(name)
        if issued is None:
            raise KeyError(name)
        return issued

    def _builder(
        self,
        issuer: Issued,
        subject: x509.Name,
        key: rsa.RSAPrivateKey,
        start: datetime,
        end: datetime,
    ) -> x509.CertificateBuilder:
        return (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(issuer.cert.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(start)
            .not_valid_after(end)
            .add_extension(
                x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False
            )
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()),
                critical=False,
            )
        )

    # --- revocation ----------------------------------------------------------------------------
    @property
    def crl_path(self) -> Path:
        return self.dir / "ca.crl"

    @property
    def _revoked_path(self) -> Path:
        return self.dir / "revoked.json"

    def revoked(self) -> dict[str, str]:
        """serial (hex) -> revocation time (ISO)."""
        if not self._revoked_path.exists():
            return {}
        data: dict[str, str] = json.loads(self._revoked_path.read_text())
        return data

    def revoke(self, name: str, when: datetime | None = None) -> None:
        issued = self.get(name)
        revoked = self.revoked()
        revoked[format(issued.cert.serial_number, "X")] = (when or datetime.now(UTC)).isoformat()
        self.dir.mkdir(parents=True, exist_ok=True)
        self._revoked_path.write_text(json.dumps(revoked))
        self.write_crl()

    def write_crl(self) -> bytes:
        ca = self.ca()
        now = datetime.now(UTC) - timedelta(minutes=5)
        builder = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(ca.cert.subject)
            .last_update(now)
            .next_update(now + timedelta(days=30))
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()),
                critical=False,
            )
            .add_extension(x509.CRLNumber(int(datetime.now(UTC).timestamp())), critical=False)
        )
        for serial, when in self.revoked().items():
            builder = builder.add_revoked_certificate(
                x509.RevokedCertificateBuilder()
                .serial_number(int(serial, 16))
                .revocation_date(datetime.fromisoformat(when))
                .build()
            )
        der = builder.sign(ca.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)
        self.crl_path.write_bytes(der)
        return der

    def crl_der(self) -> bytes:
        if not self.crl_path.exists():
            return self.write_crl()
        return self.crl_path.read_bytes()

    # --- pyHanko building blocks ---------------------------------------------------------------
    def chain_der(self) -> list[bytes]:
        """The issuing CA and the root (what a signer embeds besides its own certificate)."""
        return [self.ca().der, self.root().der]

    def simple_signer(self, name: str) -> Any:
        """A pyHanko SimpleSigner for the end-entity `name` (key held in memory: tests, demo)."""
        from asn1crypto import keys as asn1_keys
        from pyhanko.sign.signers import SimpleSigner
        from pyhanko_certvalidator.registry import SimpleCertificateStore

        from tinhso.signatures.pki import to_asn1

        issued = self.get(name)
        return SimpleSigner(
            signing_cert=to_asn1(issued.der),
            signing_key=asn1_keys.PrivateKeyInfo.load(issued.key_pkcs8_der),
            cert_registry=SimpleCertificateStore.from_certs([to_asn1(d) for d in self.chain_der()]),
        )

    def timestamper(self) -> Any:
        """pyHanko's in-process RFC 3161 timestamper signing with the demo TSA key."""
        from asn1crypto import keys as asn1_keys
        from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
        from pyhanko_certvalidator.registry import SimpleCertificateStore

        from tinhso.signatures.pki import to_asn1

        tsa = self.tsa()
        return DummyTimeStamper(
            tsa_cert=to_asn1(tsa.der),
            tsa_key=asn1_keys.PrivateKeyInfo.load(tsa.key_pkcs8_der),
            certs_to_embed=SimpleCertificateStore.from_certs(
                [to_asn1(d) for d in self.chain_der()]
            ),
        )

    # --- images (Nghị định 30/2020/NĐ-CP Phụ lục I: blue signature, red seal) ----------------
    def signature_png(self, name: str, text: str) -> bytes:
        path = self.dir / "images" / f"{name}.signature.png"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(_signature_image(text))
        return path.read_bytes()

    def seal_png(self, name: str, agency_name: str) -> bytes:
        path = self.dir / "images" / f"{name}.seal.png"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(_seal_image(agency_name))
        return path.read_bytes()


def crl_url() -> str:
    """Where the demo CRL is published (simulators: /mo-phong/pki/ca.crl); the validation
    uses the local copy unless SIGNATURE_ALLOW_FETCHING."""
    from django.conf import settings

    return f"{settings.SITE_URL.rstrip('/')}/mo-phong/pki/ca.crl"


def ocsp_url() -> str:
    """The demo OCSP responder (simulators/pki/ocsp.py), named in the certificates' AIA."""
    from django.conf import settings

    return f"{settings.SITE_URL.rstrip('/')}/mo-phong/pki/ocsp"


def _ocsp_access() -> x509.AuthorityInformationAccess:
    return x509.AuthorityInformationAccess(
        [
            x509.AccessDescription(
                x509.AuthorityInformationAccessOID.OCSP, x509.UniformResourceIdentifier(ocsp_url())
            )
        ]
    )


def _crl_points() -> x509.CRLDistributionPoints:
    point = x509.DistributionPoint(
        full_name=[x509.UniformResourceIdentifier(crl_url())],
        relative_name=None,
        reasons=None,
        crl_issuer=None,
    )
    return x509.CRLDistributionPoints([point])


def _ca_usage() -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=True,
        crl_sign=True,
        encipher_only=False,
        decipher_only=False,
    )


def _usage() -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=True,  # nonRepudiation
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )


FONT_REGULAR = "/usr/share/fonts/truetype/croscore/Tinos-Regular.ttf"
FONT_FALLBACK = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"


def _font(size: int) -> Any:
    from PIL import ImageFont

    for path in (FONT_REGULAR, FONT_FALLBACK):
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default()


def _signature_image(text: str) -> bytes:
    """A blue handwritten-looking signature on a transparent background."""
    import io
    import math

    from PIL import Image, ImageDraw

    width, height = 360, 150
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    blue = (16, 52, 166, 255)
    seed = sum(map(ord, text)) % 7 + 2
    points = [
        (20 + x, 75 + 35 * math.sin(x / (14 + seed)) * math.cos(x / 37)) for x in range(0, 320, 3)
    ]
    draw.line(points, fill=blue, width=4)
    draw.line([(40, 115), (300, 100)], fill=blue, width=3)
    draw.text((60, 118), text[:32], fill=blue, font=_font(22))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _seal_image(agency_name: str) -> bytes:
    """A red round seal with the agency's name, on a transparent background."""
    import io

    from PIL import Image, ImageDraw

    size = 300
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    red = (204, 20, 20, 235)
    draw.ellipse((6, 6, size - 6, size - 6), outline=red, width=10)
    draw.ellipse((40, 40, size - 40, size - 40), outline=red, width=4)
    draw.text((size / 2, size / 2 - 26), "★", fill=red, font=_font(40), anchor="mm")
    words = agency_name.upper().split()
    lines: list[str] = []
    for word in words:
        if lines and len(lines[-1]) + len(word) < 16:
            lines[-1] += " " + word
        else:
            lines.append(word)
    for i, line in enumerate(lines[:3]):
        draw.text((size / 2, size / 2 + 14 + 22 * i), line, fill=red, font=_font(18), anchor="mm")
    draw.text((size / 2, size - 60), "MINH HỌA", fill=red, font=_font(16), anchor="mm")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def default_directory() -> Path:
    from django.conf import settings

    return Path(settings.SIGNATURES_DEMO_DIR)


def demo_ca() -> DemoCA | None:
    """The demo CA of this installation if it has been created (signatures_demo_ca)."""
    directory = default_directory()
    if not (directory / "root.crt.pem").exists():
        return None
    return DemoCA(directory)
