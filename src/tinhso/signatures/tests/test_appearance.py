"""Signature appearance per Nghị định 30/2020/NĐ-CP Phụ lục I, and the verification QR/link."""

from __future__ import annotations

import io
import re

from tinhso.signatures import appearance, services, signing
from tinhso.signatures.tests.conftest import person_request, seal_request


def _field_rects(pdf: bytes) -> dict[str, tuple[float, float, float, float]]:
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    return {
        name: appearance.field_geometry(reader, name)[1]  # type: ignore[index]
        for name in ("ChuKyLanhDao", "ChuKyCoQuan", "ChuKyVanThu")
        if appearance.field_geometry(reader, name)
    }


def _page_text(pdf: bytes) -> str:
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def test_seal_overlaps_the_left_third_of_the_leaders_signature(pki, demo_provider, issued_pdf):
    first = services.sign_now(person_request(pki, issued_pdf), "demo_key")
    sealed = services.sign_now(seal_request(pki, first.pdf), "demo_key")
    rects = _field_rects(sealed.pdf)
    px1, py1, px2, py2 = rects["ChuKyLanhDao"]
    sx1, sy1, sx2, sy2 = rects["ChuKyCoQuan"]
    overlap = sx2 - px1
    assert abs(overlap - (px2 - px1) / 3) <= 1  # a third of the personal signature's width
    assert sx1 < px1  # the rest of the seal sits to its left
    assert sy1 < (py1 + py2) / 2 < sy2  # vertically over it
    assert b"/Subtype /Image" in sealed.pdf or b"/Subtype/Image" in sealed.pdf


def test_first_signature_carries_the_verification_link(pki, demo_provider, issued_pdf):
    first = services.sign_now(person_request(pki, issued_pdf), "demo_key")
    text = _page_text(first.pdf)
    assert f"/xac-thuc-van-ban/?ma={first.evidence_code}" in text.replace("\n", "")
    assert "Văn bản được ký số" in text  # Vietnamese glyphs through the embedded TTF
    sealed = services.sign_now(seal_request(pki, first.pdf), "demo_key")
    assert _page_text(sealed.pdf).count("?ma=") == 1  # no second QR with the seal


def test_attachment_stamp_top_right_with_number_and_iso_time(pki, issued_pdf):
    from tinhso.signatures.providers.base import SignRequest

    request = SignRequest(
        pdf=issued_pdf,
        field_name="ChuKyVanThu",
        signer_id=pki.clerk.pk,
        certificate_id=pki.seal_cert.pk,
        appearance=appearance.Appearance(text="12/QĐ-UBND"),
    )
    signed, _ = signing.sign_with(request, pki.ca.simple_signer("t-seal"))
    _x1, _y1, x2, y2 = _field_rects(signed)["ChuKyVanThu"]
    assert x2 >= 595 - 40 and y2 >= 842 - 40  # top right of page 1 (A4)
    style, params = appearance.stamp_style(None, "ChuKyVanThu", request.appearance)
    assert style.stamp_text == "12/QĐ-UBND; %(t)s"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00", params["t"])
    assert style.text_box_style.font.font_size == 10  # Times/Tinos 10 pt
    assert style.text_box_style.font.font_file.endswith(("Tinos-Regular.ttf", ".ttf"))
