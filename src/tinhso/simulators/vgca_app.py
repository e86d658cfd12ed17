"""A stand-in for the Ban Cơ yếu signing app ("VGCA Sign Service") on the officer's PC.

It plays what the real app does with the parameters vgcaplugin.js hands it ({FileName,
FileUploadHandler, JWTToken, SessionId, MetaData …}): download FileName, sign the PDF with the
officer's key (here the demo CA's key, tinhso.signatures.democa, never a real one), POST the
signed PDF to FileUploadHandler with "Authorization: Bearer <JWTToken>", and return the JSON
the plug-in gives the page's callback ({Status (0 = ok), Message, FileName, FileServer}).

Used by the tests (to play the app, or a misbehaving one through `tamper`) and by the demo's
"Ký bằng phần mềm mô phỏng" button (tinhso.simulators.vgca_views).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

from tinhso.signatures import democa
from tinhso.signatures.models import SigningCertificate
from tinhso.signatures.pki import fingerprint

# Where the app draws its stamp when the document has no empty field of that name (page 1,
# bottom right; the real app lets the officer place it).
NEW_FIELD_BOX = (330, 60, 560, 140)


class Transport(Protocol):
    def get(self, url: str, headers: dict[str, str]) -> tuple[int, bytes]: ...

    def post_file(
        self, url: str, name: str, data: bytes, headers: dict[str, str]
    ) -> tuple[int, bytes]: ...


class DjangoClientTransport:
    """Calls our own server in process (tests, and the demo button: no network needed)."""

    def __init__(self) -> None:
        from django.test import Client

        self.client = Client(raise_request_exception=False)

    @staticmethod
    def _local(url: str) -> str:
        parts = urlsplit(url)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    @staticmethod
    def _meta(url: str, headers: dict[str, str]) -> dict[str, Any]:
        """The URL's own host (ALLOWED_HOSTS refuses the test client's "testserver")."""
        parts = urlsplit(url)
        meta: dict[str, Any] = {
            "HTTP_" + k.upper().replace("-", "_"): v for k, v in headers.items()
        }
        if parts.netloc:
            meta["HTTP_HOST"] = parts.netloc
            meta["secure"] = parts.scheme == "https"
        return meta

    def get(self, url: str, headers: dict[str, str]) -> tuple[int, bytes]:
        response = self.client.get(self._local(url), **self._meta(url, headers))
        return response.status_code, response.content

    def post_file(
        self, url: str, name: str, data: bytes, headers: dict[str, str]
    ) -> tuple[int, bytes]:
        upload = BytesIO(data)
        upload.name = name
        response = self.client.post(
            self._local(url), {"uploadfile": upload}, **self._meta(url, headers)
        )
        return response.status_code, response.content


@dataclass(frozen=True)
class AppRun:
    callback: dict[str, Any]  # what the plug-in hands the page's callback
    http_status: int  # the upload handler's HTTP status (0 if the app never uploaded)


def _answer(content: bytes) -> dict[str, Any]:
    try:
        data = json.loads(content)
    except ValueError:
        return {"Status": 1, "Message": "Máy chủ trả lời không đúng định dạng."}
    return data if isinstance(data, dict) else {"Status": 1, "Message": str(data)}


def sign_pdf(pdf: bytes, signer: Any, *, field_name: str, reason: str = "") -> bytes:
    """Sign like the app: fill the empty field `field_name` if the document has one, else add
    it at NEW_FIELD_BOX; the stamp text in a Vietnamese-capable font."""
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.sign import fields, signers
    from pyhanko.stamp import TextStampStyle

    writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
    empty = [name for name, _v, _r in fields.enumerate_sig_fields(writer, filled_status=False)]
    new_field = None
    if field_name not in empty:
        new_field = fields.SigFieldSpec(field_name, box=NEW_FIELD_BOX)
    font = next((p for p in (democa.FONT_REGULAR, democa.FONT_FALLBACK) if Path(p).exists()), None)
    style = TextStampStyle(
        stamp_text="Ký bởi: %(signer)s\nThời gian: %(ts)s",
        text_box_style=TextBoxStyle(font=GlyphAccumulatorFactory(font)) if font else TextBoxStyle(),
    )
    out = BytesIO()
    signers.PdfSigner(
        signers.PdfSignatureMetadata(field_name=field_name, reason=reason or None),
        signer=signer,
        stamp_style=style,
        new_field_spec=new_field,
    ).sign_pdf(writer, output=out)
    return out.getvalue()


def run_app(
    parameters: dict[str, Any],
    signer: Any,
    transport: Transport | None = None,
    *,
    tamper: Callable[[bytes], bytes] | None = None,
) -> AppRun:
    """Play the app once with the plug-in's `parameters`; `tamper` changes the signed bytes
    before upload (tests of a misbehaving app)."""
    transport = transport or DjangoClientTransport()
    token = str(parameters.get("JWTToken", ""))
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    status, content = transport.get(str(parameters.get("FileName", "")), headers)
    if status != 200 or not content.startswith(b"%PDF-"):
        return AppRun({**_answer(content), "Status": _answer(content).get("Status", 1)}, 0)
    meta = {m.get("Key"): m.get("Value") for m in parameters.get("MetaData", []) or []}
    signed = sign_pdf(content, signer, field_name=str(meta.get("field") or "ChuKy"))
    if tamper is not None:
        signed = tamper(signed)
    name = f"{parameters.get('SessionId', 'van-ban')}.signed.pdf"
    status, content = transport.post_file(
        str(parameters.get("FileUploadHandler", "")), name, signed, headers
    )
    answer = _answer(content)
    answer.setdefault("FileName", name)
    return AppRun(answer, status)


def demo_signer_for(certificate: SigningCertificate) -> Any | None:
    """The demo CA's pyHanko signer holding the key of `certificate` (None if it has none)."""
    ca = democa.demo_ca()
    if ca is None:
        return None
    candidates = [certificate.key_reference] if certificate.key_reference else []
    candidates += [p.name.removesuffix(".crt.pem") for p in sorted(ca.dir.glob("*.crt.pem"))]
    for name in candidates:
        try:
            issued = ca.get(name)
        except (KeyError, ValueError):
            continue
        if fingerprint(issued.der) == certificate.sha256.lower():
            return ca.simple_signer(name)
    return None
