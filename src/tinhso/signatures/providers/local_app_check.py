"""What the government signing app sent back: is it the document we issued, signed once more?

The local signing app (Ban Cơ yếu Chính phủ "VGCA Sign Service", driven by the browser through
vgcaplugin.js) downloads the PDF we issued, signs it with the officer's USB token and uploads the
result. We trust nothing it built: the answer is accepted only if

1. the bytes we issued are an exact prefix of the returned file (a PDF incremental update,
   ISO 32000-1 §7.5.6), so no byte of the issued document was rewritten;
2. exactly one signature was added after them, and it covers its whole revision (the issued
   bytes included, ISO 32000-1 §12.8.1 /ByteRange);
3. what the update added is a signature and its appearance only: among the issued objects it
   may rewrite only the catalog's /AcroForm, the form's field list, a page's /Annots and an
   empty signature field's value — never a page's content, font or image;
4. the signature is mathematically intact (digest and signature value);
5. it was made with the certificate registered for, and bound to, the officer who signs
   (Nghị định 68/2024/NĐ-CP chữ ký số chuyên dùng công vụ; Thông tư 15/2025/TT-BKHCN: the
   signing software checks the signer's identity on the certificate).

Trust-chain and revocation checks are the validator's (signatures.services.signing_finished).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from io import BytesIO

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.generic_cms import validate_sig_integrity
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.status import SignatureCoverageLevel

# A signed decision of a few pages is well under 10 MB; the app adds a few hundred kB at most.
MAX_RETURNED_BYTES = 30 * 1024 * 1024


class ReturnRefused(Exception):
    """The returned file is refused; `message` is Vietnamese, for the officer."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class NewSignature:
    field_name: str
    certificate_sha256: str  # SHA-256 of the signer certificate (DER), lower-case hex
    certificate_der: bytes
    subject: str
    issuer: str
    serial_hex: str


def _reader(data: bytes, what: str) -> PdfFileReader:
    try:
        reader = PdfFileReader(BytesIO(data), strict=False)
        if reader.encrypted:
            raise ReturnRefused(f"{what} được mã hóa, không kiểm tra được chữ ký.", "encrypted")
        _ = reader.root  # forces the cross-reference table and the catalog to be read
        return reader
    except ReturnRefused:
        raise
    except Exception as exc:  # pyHanko raises many kinds on a broken file
        raise ReturnRefused(f"{what} không đọc được như một tệp PDF.", "not_pdf") from exc


def _signatures(reader: PdfFileReader, what: str) -> list[EmbeddedPdfSignature]:
    try:
        return list(reader.embedded_signatures)
    except Exception as exc:
        raise ReturnRefused(f"{what} có chữ ký số không đọc được.", "bad_signature") from exc


def inspect_returned(issued: bytes, returned: bytes) -> NewSignature:
    """The one new signature of `returned` over `issued`, or ReturnRefused with the reason."""
    if len(returned) > MAX_RETURNED_BYTES:
        raise ReturnRefused("Tệp gửi lên quá lớn (tối đa 30 MB).", "too_large")
    if not returned.lstrip()[:5] == b"%PDF-":
        raise ReturnRefused("Tệp gửi lên không phải tệp PDF.", "not_pdf")
    if returned[: len(issued)] != issued:
        raise ReturnRefused(
            "Tệp gửi lên không phải văn bản đã giao để ký: nội dung văn bản đã bị thay đổi "
            "hoặc đây là một tệp khác.",
            "other_file",
        )
    if len(returned) == len(issued):
        raise ReturnRefused("Tệp gửi lên chưa có chữ ký số mới.", "no_signature")

    issued_reader = _reader(issued, "Văn bản phát hành")
    issued_revisions = issued_reader.xrefs.total_revisions
    reader = _reader(returned, "Tệp gửi lên")
    signatures = _signatures(reader, "Tệp gửi lên")
    new = [s for s in signatures if s.signed_revision >= issued_revisions]
    if not new:
        raise ReturnRefused("Tệp gửi lên chưa có chữ ký số mới.", "no_signature")
    if len(new) > 1:
        raise ReturnRefused(
            f"Tệp gửi lên có {len(new)} chữ ký số mới; mỗi lần ký chỉ được thêm một chữ ký.",
            "several_signatures",
        )
    signature = new[0]
    _check_coverage_and_changes(reader, signature, issued_revisions)
    _check_intact(signature)
    cert = signature.signer_cert
    der = cert.dump()
    return NewSignature(
        field_name=str(signature.field_name or ""),
        certificate_sha256=hashlib.sha256(der).hexdigest(),
        certificate_der=der,
        subject=cert.subject.human_friendly,
        issuer=cert.issuer.human_friendly,
        serial_hex=format(cert.serial_number, "x"),
    )


def _check_coverage_and_changes(
    reader: PdfFileReader, signature: EmbeddedPdfSignature, issued_revisions: int
) -> None:
    try:
        coverage = signature.evaluate_signature_coverage()
    except Exception as exc:
        raise ReturnRefused("Không xác định được phạm vi của chữ ký mới.", "coverage") from exc
    if coverage < SignatureCoverageLevel.ENTIRE_REVISION:
        raise ReturnRefused("Chữ ký mới không bao trùm toàn bộ văn bản đã phát hành.", "coverage")
    _check_only_signature_added(reader, issued_revisions)


# What the signing update may rewrite among the objects of the issued document, and which keys
# of each. Anything else rewritten (a page's content, a font, an image …) changes what the
# document shows: refused. New objects are free — they are reachable only through these keys.
_CATALOG_KEYS = frozenset({"/AcroForm", "/DSS", "/Extensions", "/Metadata"})
_ACROFORM_KEYS = frozenset({"/Fields", "/SigFlags", "/DR", "/DA"})
_PAGE_KEYS = frozenset({"/Annots"})
_EMPTY_SIG_FIELD_KEYS = frozenset({"/V", "/AP", "/MK", "/F", "/DA", "/Lock", "/SV", "/P"})


def _changed_keys(old: object, new: object) -> set[str] | None:
    """Keys whose raw value differs (None when the two are not both dictionaries)."""
    if not isinstance(old, generic.DictionaryObject) or not isinstance(
        new, generic.DictionaryObject
    ):
        return None
    keys = set(old) | set(new)
    return {k for k in keys if dict.get(old, k) != dict.get(new, k)}


def _appended_only(old: object, new: object) -> bool:
    if not isinstance(old, generic.ArrayObject) or not isinstance(new, generic.ArrayObject):
        return False
    return list(new[: len(old)]) == list(old)


def _trailer_info(reader: PdfFileReader) -> object:
    try:
        return reader.trailer.raw_get("/Info")
    except KeyError:
        return None


def _is_ref(value: object, ref: generic.Reference) -> bool:
    return isinstance(value, generic.IndirectObject) and value.reference == ref


def _allowed_rewrite(reader: PdfFileReader, base: int, ref: generic.Reference, rev: int) -> bool:
    old = reader.get_object(ref, revision=base)
    new = reader.get_object(ref, revision=rev)
    if isinstance(old, generic.StreamObject):
        # the XMP metadata only; any other stream (page content, image, font) is refused
        same = isinstance(new, generic.StreamObject) and new.data == old.data and new == old
        return same or old.get("/Type") == "/Metadata"
    if old == new:
        return True
    if _appended_only(old, new):  # an /Annots or /Fields array that only grew
        return True
    changed = _changed_keys(old, new)
    if changed is None:
        return False
    assert isinstance(old, generic.DictionaryObject)
    old_root = reader.get_historical_root(base)
    if ref == reader.trailer.raw_get("/Root").reference:
        return changed <= _CATALOG_KEYS
    if _is_ref(_trailer_info(reader), ref):
        return True  # the document information (/ModDate, /Producer): not shown on the page
    if _is_ref(old_root.raw_get("/AcroForm", None), ref):
        return changed <= _ACROFORM_KEYS
    if old.get("/Type") == "/Page":
        return changed <= _PAGE_KEYS
    if old.get("/FT") == "/Sig" and "/V" not in old:  # an empty signature field, now filled
        return changed <= _EMPTY_SIG_FIELD_KEYS
    return False


def _check_only_signature_added(reader: PdfFileReader, issued_revisions: int) -> None:
    base = issued_revisions - 1
    try:
        for rev in range(issued_revisions, reader.xrefs.total_revisions):
            for ref in reader.xrefs.explicit_refs_in_revision(rev):
                if reader.xrefs.get_introducing_revision(ref) >= issued_revisions:
                    continue  # a new object
                if not _allowed_rewrite(reader, base, ref, rev):
                    raise ReturnRefused(
                        "Phần mềm ký đã sửa nội dung văn bản (không chỉ thêm chữ ký); "
                        "tệp bị từ chối.",
                        "modified",
                    )
    except ReturnRefused:
        raise
    except Exception as exc:
        raise ReturnRefused("Không phân tích được phần thêm vào văn bản.", "modified") from exc


def _check_intact(signature: EmbeddedPdfSignature) -> None:
    try:
        intact, valid = validate_sig_integrity(
            signature.signer_info,
            signature.signer_cert,
            expected_content_type="data",
            actual_digest=signature.compute_digest(),
        )
    except (SignatureValidationError, ValueError, KeyError) as exc:
        raise ReturnRefused("Chữ ký mới không kiểm tra được.", "invalid_signature") from exc
    if not (intact and valid):
        raise ReturnRefused(
            "Chữ ký mới không hợp lệ: giá trị chữ ký không khớp với nội dung văn bản.",
            "invalid_signature",
        )
