"""The organisation's XML signature on an edXML package (enveloped XML-DSig, signxml).

Quyết định 28/2018/QĐ-TTg: documents between state bodies travel with the organisation's
digital signature; regulations.md §4.6 gives the block the SDKs write: SignedInfo with one
Reference over the whole document (URI "", enveloped-signature transform), SignatureValue,
KeyInfo/X509Data {X509SubjectName, X509Certificate}. We sign RSA-SHA256 with a SHA-256
digest and inclusive C14N 1.0 (the Java XML-DSig default the SDKs use); SHA-1 is refused.

On receipt the certificate chain must reach an anchor of the signatures trust list
(tinhso.signatures.validation.trust_roots, Thông tư 15/2025/TT-BKHCN) and the one signature
must cover the whole document: what signxml returns as signed is the only thing parsed
afterwards, so nothing outside the signature (signature wrapping) is ever read.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID
from lxml import etree  # type: ignore[import-untyped]  # no stubs shipped

from tinhso.exchange.edxml import safexml
from tinhso.exchange.edxml.build import q
from tinhso.exchange.edxml.model import EdxmlError
from tinhso.exchange.edxml.token_key import TokenSigner

DS = "http://www.w3.org/2000/09/xmldsig#"
C14N_INCLUSIVE = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
MAX_CERTS = 10  # a leaf and its CAs; more is refused before any path building

__all__ = ["KeySigner", "TokenSigner", "VerifiedSignature", "XmlSigner", "sign", "verify"]


class XmlSigner(Protocol):
    """Who signs: a certificate chain (the signer's first) and a private-key operation."""

    @property
    def chain(self) -> Sequence[x509.Certificate]: ...

    def private_key(self) -> rsa.RSAPrivateKey: ...


@dataclass(frozen=True)
class KeySigner:
    """A key held in memory: tests, the bench, the demo without a token."""

    key: rsa.RSAPrivateKey
    certificates: tuple[x509.Certificate, ...]

    @property
    def chain(self) -> Sequence[x509.Certificate]:
        return self.certificates

    def private_key(self) -> rsa.RSAPrivateKey:
        return self.key


@dataclass(frozen=True)
class VerifiedSignature:
    subject: str  # the certificate's common name (the agency, for a seal)
    organisation: str  # O= of the certificate
    issuer: str
    certificate_der: bytes
    fingerprint: str  # SHA-256 of the DER, hex


def _ds(tag: str) -> str:
    return f"{{{DS}}}{tag}"


def _name_part(name: x509.Name, oid: x509.ObjectIdentifier) -> str:
    values = name.get_attributes_for_oid(oid)
    return str(values[0].value) if values else ""


def sign(xml: bytes, signer: XmlSigner) -> bytes:
    """`xml` (built by build.py) with the enveloped signature of `signer` in edXMLHeader."""
    from signxml import XMLSigner, methods
    from signxml.algorithms import CanonicalizationMethod, DigestAlgorithm, SignatureMethod

    root = safexml.parse(xml)
    if root.findall(f".//{_ds('Signature')}"):
        raise EdxmlError("Gói tin đã có chữ ký số.", field="Signature")
    header = root.find(f"{q('edXMLEnvelope')}/{q('edXMLHeader')}")
    if header is None:
        raise EdxmlError("Gói tin thiếu edXMLHeader.", field="edXMLHeader")
    placeholder = etree.SubElement(header, _ds("Signature"), nsmap={"ds": DS})
    placeholder.set("Id", "placeholder")
    chain = list(signer.chain)
    if not chain:
        raise EdxmlError("Thiếu chứng thư số của người ký.", field="Signature")
    xml_signer = XMLSigner(
        method=methods.enveloped,
        signature_algorithm=SignatureMethod.RSA_SHA256,
        digest_algorithm=DigestAlgorithm.SHA256,
        c14n_algorithm=CanonicalizationMethod(C14N_INCLUSIVE),
    )
    xml_signer._parser = safexml.parser()  # signxml re-parses: big attachments need huge_tree
    signed = xml_signer.sign(root, key=signer.private_key(), cert=chain)
    signature = signed.find(f".//{_ds('Signature')}")
    if signature is not None:
        signature.attrib.pop("Id", None)
        x509_data = signature.find(f"{_ds('KeyInfo')}/{_ds('X509Data')}")
        if x509_data is not None:  # as the SDKs write it; outside SignedInfo, so not signed
            subject = etree.Element(_ds("X509SubjectName"))
            subject.text = chain[0].subject.rfc4514_string()
            x509_data.insert(0, subject)
    return bytes(etree.tostring(signed, xml_declaration=True, encoding="UTF-8"))


def _certificates(signature: etree._Element) -> list[x509.Certificate]:
    texts = [
        e.text or "" for e in signature.iterfind(f"{_ds('KeyInfo')}//{_ds('X509Certificate')}")
    ]
    if not texts:
        raise EdxmlError("Chữ ký số không kèm chứng thư số (X509Certificate).", field="Signature")
    if len(texts) > MAX_CERTS:
        raise EdxmlError("Chữ ký số kèm quá nhiều chứng thư số.", field="Signature")
    certs = []
    for text in texts:
        try:
            der = base64.b64decode("".join(text.split()), validate=True)
            certs.append(x509.load_der_x509_certificate(der))
        except (binascii.Error, ValueError) as exc:
            raise EdxmlError("Chứng thư số trong chữ ký bị hỏng.", field="Signature") from exc
    return certs


def _check_chain(leaf: x509.Certificate, others: list[x509.Certificate]) -> None:
    """The leaf chains to an active anchor of the trust list, is in its validity period,
    allows signing and is not known revoked (validation.validation_context's rules)."""
    from pyhanko_certvalidator import CertificateValidator
    from pyhanko_certvalidator.errors import PathBuildingError, RevokedError

    from tinhso.signatures.pki import to_asn1
    from tinhso.signatures.validation import trust_roots, validation_context

    roots = trust_roots()
    if not roots:
        raise EdxmlError(
            "Không xác định được người ký: danh sách chứng thư gốc tin cậy đang trống.",
            field="Signature",
        )
    if leaf.issuer == leaf.subject:  # self-signed: trusted only if it is itself an anchor
        anchors = {root.dump() for root in roots}
        if leaf.public_bytes(Encoding.DER) not in anchors:
            raise EdxmlError(
                "Không xác định được người ký: chứng thư số tự ký, không thuộc danh sách tin cậy.",
                field="Signature",
            )
    validator = CertificateValidator(
        to_asn1(leaf.public_bytes(Encoding.DER)),
        intermediate_certs=[to_asn1(c.public_bytes(Encoding.DER)) for c in others],
        validation_context=validation_context(roots=roots),
    )
    try:
        asyncio.run(validator.async_validate_usage({"digital_signature"}))
    except PathBuildingError as exc:
        raise EdxmlError(
            "Không xác định được người ký: chứng thư số không thuộc danh sách tin cậy.",
            field="Signature",
        ) from exc
    except RevokedError as exc:
        raise EdxmlError("Chứng thư số của người ký đã bị thu hồi.", field="Signature") from exc
    except Exception as exc:  # expired, wrong usage, bad CA signature …: all "invalid"
        raise EdxmlError(
            f"Chứng thư số của người ký không hợp lệ ({type(exc).__name__}).", field="Signature"
        ) from exc


def _signature_of(root: etree._Element) -> etree._Element:
    signatures = root.findall(f".//{_ds('Signature')}")
    if not signatures:
        raise EdxmlError("Gói tin không có chữ ký số của cơ quan gửi.", field="Signature")
    if len(signatures) > 1:
        raise EdxmlError("Gói tin có nhiều hơn một chữ ký số.", field="Signature")
    signature = signatures[0]
    parent = signature.getparent()
    envelope = parent.getparent() if parent is not None else None
    if (
        parent is None
        or parent.tag != q("edXMLHeader")
        or envelope is None
        or envelope.getparent() is not root
    ):
        raise EdxmlError("Chữ ký số không nằm trong edXMLHeader.", field="Signature")
    references = signature.findall(f"{_ds('SignedInfo')}/{_ds('Reference')}")
    if len(references) != 1 or references[0].get("URI") != "":
        raise EdxmlError("Chữ ký số phải ký toàn bộ gói tin (URI rỗng).", field="Signature")
    return signature


def verify_tree(data: bytes, root: etree._Element) -> tuple[VerifiedSignature, etree._Element]:
    """Check the signature of `data` (already parsed as `root` by safexml.parse): the signer
    and the element signxml vouches for (the whole document minus the signature)."""
    from signxml import SignatureConfiguration, XMLVerifier
    from signxml.exceptions import InvalidInput, SignXMLException

    signature = _signature_of(root)
    certs = _certificates(signature)
    leaf = certs[0]
    _check_chain(leaf, certs[1:])
    config = SignatureConfiguration(expect_references=1, location=".//")
    try:
        result: Any = XMLVerifier().verify(
            bytes(data), x509_cert=leaf, expect_config=config, parser=safexml.parser()
        )
    except InvalidInput as exc:
        raise EdxmlError(f"Chữ ký số không đúng định dạng: {exc}", field="Signature") from exc
    except (SignXMLException, ValueError) as exc:
        raise EdxmlError(
            "Chữ ký số không hợp lệ: gói tin đã bị thay đổi sau khi ký hoặc ký bằng khóa khác.",
            field="Signature",
        ) from exc
    signed = result.signed_xml
    if signed is None or signed.tag != q("edXML"):
        raise EdxmlError("Phần được ký không phải là toàn bộ gói tin edXML.", field="Signature")
    der = leaf.public_bytes(Encoding.DER)
    verified = VerifiedSignature(
        subject=_name_part(leaf.subject, NameOID.COMMON_NAME),
        organisation=_name_part(leaf.subject, NameOID.ORGANIZATION_NAME),
        issuer=_name_part(leaf.issuer, NameOID.COMMON_NAME),
        certificate_der=der,
        fingerprint=hashlib.sha256(der).hexdigest(),
    )
    return verified, signed


def verify(xml: bytes) -> VerifiedSignature:
    """The signer of `xml`, or EdxmlError: unsigned, tampered, untrusted, wrapped."""
    return verify_tree(xml, safexml.parse(xml))[0]


def signer_for_agency(agency_id: int) -> TokenSigner:
    """The agency's active seal (SigningCertificate kind "seal") on the PKCS#11 token."""
    from django.utils import timezone

    from tinhso.signatures.models import SigningCertificate

    now = timezone.now()
    certificate = (
        SigningCertificate.objects.filter(
            agency_id=agency_id, kind="seal", active=True, not_before__lte=now, not_after__gte=now
        )
        .order_by("-not_before", "-pk")
        .first()
    )
    if certificate is None:
        raise EdxmlError(
            "Cơ quan chưa có chứng thư số con dấu đang hiệu lực để ký gói tin.", field="Signature"
        )
    return TokenSigner.for_certificate(certificate)
