"""Long-term validation (PAdES B-LT): the revocation data and the chain kept in the document.

Thông tư 15/2025/TT-BKHCN: signing software keeps the certificate and the CRL valid at signing
time with the signature; verification software checks that the certificate was valid at the
signing time. ETSI EN 319 142-1 (PAdES B-LT): the CRLs/OCSP responses and the certificates of
the chain go into the document security store (DSS) in an incremental update after the
signature, so the signature can still be checked after the certificate expires or is revoked,
and when the CA's CRL server is gone.

Where the revocation data comes from: the certificate's CRL distribution point when
SIGNATURE_ALLOW_FETCHING is on and the server answers, else the CRLs we hold
(validation.known_crls: SIGNATURE_CRL_FILES and the demo CA's). Trust roots are the trust list
only (never the operating system's store).
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

log = logging.getLogger(__name__)


@dataclass
class Embedded:
    """What a document's DSS holds (asn1crypto objects)."""

    crls: list[Any] = field(default_factory=list)
    ocsps: list[Any] = field(default_factory=list)
    certs: list[Any] = field(default_factory=list)

    def crls_der(self) -> list[bytes]:
        return [bytes(c.dump()) for c in self.crls]

    def ocsps_der(self) -> list[bytes]:
        return [bytes(o.dump()) for o in self.ocsps]


def read_embedded(reader: Any) -> Embedded:
    """The CRLs, OCSP responses and certificates in the document's DSS (empty without one)."""
    from asn1crypto import crl as asn1_crl
    from asn1crypto import ocsp as asn1_ocsp
    from pyhanko.pdf_utils.decode_limits import DecodePurpose
    from pyhanko.sign.validation.dss import DocumentSecurityStore, NoDSSFoundError

    try:
        dss = DocumentSecurityStore.read_dss(reader)
    except NoDSSFoundError:
        return Embedded()
    except Exception:  # a damaged DSS is treated as none; the signatures are still checked
        log.info("unreadable DSS", exc_info=True)
        return Embedded()
    out = Embedded(certs=list(dss.load_certs()))
    for ref in dss.crls:
        out.crls.append(
            asn1_crl.CertificateList.load(ref.get_object().read_data(DecodePurpose.CRL))
        )
    for ref in dss.ocsps:
        data = ref.get_object().read_data(DecodePurpose.OCSP_RESPONSE)
        out.ocsps.append(asn1_ocsp.OCSPResponse.load(data))
    return out


def covers(embedded: Embedded, cert: Any) -> bool:
    """Whether the DSS holds revocation data for `cert` (an asn1crypto certificate): a CRL of its
    issuer, or an OCSP response about its serial number."""
    if cert is None:
        return False
    for crl in embedded.crls:
        if crl["tbs_cert_list"]["issuer"] == cert.issuer:
            return True
    for resp in embedded.ocsps:
        try:
            basic = resp["response_bytes"]["response"].parsed
            for single in basic["tbs_response_data"]["responses"]:
                if single["cert_id"]["serial_number"].native == cert.serial_number:
                    return True
        except (KeyError, ValueError, TypeError):
            continue
    return False


def timestamp_time(sig: Any) -> datetime | None:
    """genTime of the signature's RFC 3161 timestamp token, unverified (the validation checks
    the token itself and falls back to "now" when it does not hold)."""
    try:
        for attr in sig.signer_info["unsigned_attrs"] or []:
            if attr["type"].native == "signature_time_stamp_token":
                token = attr["values"][0]
                info = token["content"]["encap_content_info"]["content"].parsed
                moment: datetime = info["gen_time"].native
                return moment
    except (KeyError, ValueError, TypeError, IndexError):
        return None
    return None


def signing_context() -> Any:
    """The validation context used while signing: trust list, known CRLs, fetching only when
    configured — pyHanko validates the signer's certificate with it and embeds what it used."""
    from tinhso.signatures import validation

    return validation.validation_context()


def ensure(pdf: bytes, field_name: str) -> bytes:
    """`pdf` with revocation data for the signature in `field_name` in its DSS.

    Unchanged when the DSS already covers the signer (pyHanko embedded it while signing, the
    PKCS#11 path) or when no revocation data can be gathered (the CA unreachable and no CRL
    held): the signature stays valid without it, and the evidence records that nothing was
    embedded. Used for the providers whose software produces the signed file (the local app)
    or whose CMS arrives later (remote signing)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import add_validation_info

    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    sig = next((s for s in reader.embedded_signatures if s.field_name == field_name), None)
    if sig is None or covers(read_embedded(reader), sig.signer_cert):
        return pdf
    try:
        out = add_validation_info(sig, signing_context(), force_write=True)
    except Exception:  # no path to the trust list, or no revocation data: keep the B-T file
        log.info("LTV: no revocation data embedded for %s", field_name, exc_info=True)
        return pdf
    result: bytes = out.getvalue()
    return result


def embedded_for(pdf: bytes, field_name: str) -> dict[str, Any]:
    """For SignatureEvidence.revocation_data: whether the DSS covers the signature in
    `field_name`, and the CRLs/OCSP responses it holds (base64)."""
    import base64

    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    embedded = read_embedded(reader)
    sig = next((s for s in reader.embedded_signatures if s.field_name == field_name), None)
    return {
        "embedded": bool(sig is not None and covers(embedded, sig.signer_cert)),
        "crls": [base64.b64encode(d).decode() for d in embedded.crls_der()],
        "ocsps": [base64.b64encode(d).decode() for d in embedded.ocsps_der()],
    }


def revoked_since(cert_der: bytes, crls: list[bytes]) -> datetime | None:
    """When `cert_der` was revoked according to the CRLs we hold (of its issuer), else None.

    The check before signing (services.check_may_sign): a revoked certificate must not sign."""
    from cryptography import x509

    cert = x509.load_der_x509_certificate(cert_der)
    for data in crls:
        try:
            crl = x509.load_der_x509_crl(data)
        except ValueError:
            continue
        if crl.issuer != cert.issuer:
            continue
        entry = crl.get_revoked_certificate_by_serial_number(cert.serial_number)
        if entry is not None:
            return entry.revocation_date_utc
    return None


class _ExpectedWarnings(logging.Filter):
    """pyHanko warns on every signing that it embeds revocation data without fetching, or in
    soft-fail mode: both are our configuration (SIGNATURE_ALLOW_FETCHING,
    SIGNATURE_REVOCATION_MODE), not news; everything else passes."""

    EXPECTED = (
        "Validation/revocation info will be embedded, but fetching is not allowed",
        "Revocation mode is set to soft-fail",
    )

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(self.EXPECTED)


for _name in ("pyhanko.sign.signers.pdf_signer", "pyhanko.sign.validation.dss"):
    logging.getLogger(_name).addFilter(_ExpectedWarnings())
