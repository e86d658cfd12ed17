"""Building the signed PDF with pyHanko, the same way for every provider.

Providers only supply a pyHanko `Signer` (a key in an HSM, a remote hash signer) or sign the
prepared bytes themselves (the local app); the PDF itself is always assembled here: the field
(per Nghị định 30/2020/NĐ-CP Phụ lục I, see appearance.py), the appearance, the verification QR
(on the first signature of a document) and the RFC 3161 timestamp when a TSA is configured.
"""

from __future__ import annotations

import hashlib
import hmac
import io
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers

from tinhso.signatures import appearance as look
from tinhso.signatures.providers.base import SignRequest

VERIFY_PATH = "/xac-thuc-van-ban/"
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def verify_code_for(pdf: bytes) -> str:
    """The public verification code of the signature made over `pdf` (12 characters, ~60 bits).

    Derived from the document bytes, keyed with SECRET_KEY (not guessable), so the QR laid out
    here and the evidence recorded by services.record_signature carry the same code whichever
    provider signs in between.
    """
    digest = hmac.new(settings.SECRET_KEY.encode(), hashlib.sha256(pdf).digest(), "sha256").digest()
    return "".join(_CODE_ALPHABET[b % len(_CODE_ALPHABET)] for b in digest[:12])


def verify_url(code: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{VERIFY_PATH}?ma={code}"


def reader_of(pdf: bytes) -> PdfFileReader:
    return PdfFileReader(io.BytesIO(pdf), strict=False)


def signature_count(pdf: bytes) -> int:
    return len(reader_of(pdf).embedded_signatures)


@dataclass
class Prepared:
    """A document ready to be signed in `field_name`: the writer with the QR (first signature
    only) and the field specification, appearance and text parameters for pyHanko."""

    writer: IncrementalPdfFileWriter
    field_spec: fields.SigFieldSpec | None
    stamp_style: Any
    text_params: dict[str, str]
    verify_code: str
    field_name: str


def with_delegation_line(request: SignRequest) -> SignRequest:
    """`request` whose appearance prints the line of its delegation ("KT. CHỦ TỊCH", "TUQ. CHỦ
    TỊCH" …, Nghị định 30/2020/NĐ-CP Phụ lục I ô 7a) when it signs on behalf."""
    from dataclasses import replace

    from tinhso.signatures.models import Delegation

    if request.delegation_id is None:
        return request
    shown = request.appearance or look.Appearance()
    if shown.delegation_line:
        return request
    delegation = Delegation.objects.filter(pk=request.delegation_id).first()
    if delegation is None:
        return request
    return replace(request, appearance=replace(shown, delegation_line=delegation.printed))


def prepare(request: SignRequest, verify_code: str | None = None) -> Prepared:
    """Open the issued PDF for an incremental update and lay out the signature of `request`."""
    request = with_delegation_line(request)
    code = verify_code or verify_code_for(request.pdf)
    writer = IncrementalPdfFileWriter(io.BytesIO(request.pdf), strict=False)
    existing = look.existing_field(writer, request.field_name)
    if len(writer.prev.embedded_signatures) == 0:
        look.add_verification_qr(writer, verify_url(code))
    spec = None
    if existing is None:
        page, box = look.default_box(writer, request.field_name, request.appearance)
        spec = fields.SigFieldSpec(request.field_name, on_page=page, box=box)
    style, params = look.stamp_style(writer, request.field_name, request.appearance)
    return Prepared(writer, spec, style, params, code, request.field_name)


def signature_metadata(
    request: SignRequest, signer: signers.Signer, *, ltv: bool = False
) -> signers.PdfSignatureMetadata:
    """PAdES metadata; with `ltv`, pyHanko validates the signer's certificate against the trust
    list and the CRLs (signatures.ltv.signing_context) before signing and writes what it used
    into the DSS afterwards (PAdES B-LT)."""
    from tinhso.signatures import ltv as long_term

    return signers.PdfSignatureMetadata(
        field_name=request.field_name,
        reason=request.reason or None,
        location=request.location or None,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        embed_validation_info=ltv,
        validation_context=long_term.signing_context() if ltv else None,
    )


def timestamper() -> Any:
    """The TSA to use: SIGNATURE_TSA_URL, else the demo TSA in process if the demo CA exists."""
    if settings.SIGNATURE_TSA_URL:
        from pyhanko.sign.timestamps import HTTPTimeStamper

        return HTTPTimeStamper(settings.SIGNATURE_TSA_URL, timeout=10)
    from tinhso.signatures.democa import demo_ca

    ca = demo_ca()
    return ca.timestamper() if ca else None


def pdf_signer(
    prepared: Prepared, request: SignRequest, signer: signers.Signer, *, ltv: bool = False
) -> signers.PdfSigner:
    return signers.PdfSigner(
        signature_metadata(request, signer, ltv=ltv),
        signer,
        timestamper=timestamper(),
        stamp_style=prepared.stamp_style,
        new_field_spec=prepared.field_spec,
    )


def sign_with(
    request: SignRequest,
    signer: signers.Signer,
    verify_code: str | None = None,
    *,
    ltv: bool = True,
) -> tuple[bytes, str]:
    """Sign `request.pdf` synchronously with a pyHanko signer; (signed bytes, verify code).

    With `ltv` (the default) the revocation data and the chain go into the DSS (PAdES B-LT).
    If pyHanko cannot validate the signer's certificate beforehand (no path to the trust
    list, no revocation data while revocation is required) the document is signed without
    them: services.record_signature then judges the signature like any other."""
    from pyhanko.sign.general import SigningError

    if ltv:
        try:
            return _sign_once(request, signer, verify_code, ltv=True)
        except SigningError as exc:
            if "could not be validated" not in str(exc):
                raise
    return _sign_once(request, signer, verify_code, ltv=False)


def _sign_once(
    request: SignRequest, signer: signers.Signer, verify_code: str | None, *, ltv: bool
) -> tuple[bytes, str]:
    prepared = prepare(request, verify_code)
    out = pdf_signer(prepared, request, signer, ltv=ltv).sign_pdf(
        prepared.writer, appearance_text_params=prepared.text_params or None
    )
    return out.getvalue(), prepared.verify_code


def prepared_bytes(request: SignRequest, verify_code: str | None = None) -> tuple[bytes, str]:
    """The issued PDF plus, as one incremental update, the empty signature field and (first
    signature) the QR — for a provider whose software signs the file itself (the local app).
    The returned bytes are what the signed file must start with."""
    prepared = prepare(request, verify_code)
    if prepared.field_spec is not None:
        fields.append_signature_field(prepared.writer, prepared.field_spec)
    out = io.BytesIO()
    prepared.writer.write(out)
    return out.getvalue(), prepared.verify_code


def with_signature_field(
    pdf: bytes, field_name: str, page: int, box: tuple[float, float, float, float]
) -> bytes:
    """`pdf` plus an empty signature field `field_name` at `box` (points) on `page`, as one
    incremental update: the issued document says where its signature goes, and signing fills
    that field (prepare finds it) instead of placing one by default."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    if look.existing_field(writer, field_name) is not None:
        return pdf
    x1, y1, x2, y2 = (round(v) for v in box)
    fields.append_signature_field(
        writer, fields.SigFieldSpec(field_name, on_page=page, box=(x1, y1, x2, y2))
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
