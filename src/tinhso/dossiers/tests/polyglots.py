"""The uploads of the outside security test (issue 11, finding 1), for every channel's tests.

Each either must be refused with a Vietnamese message, or be stored and served back with the
type its bytes are, as an attachment (inline only for a verified PDF/PNG/JPEG), nosniff and a
sandboxing CSP — never as text/html or image/svg+xml.
"""

from django.core.files.uploadedfile import SimpleUploadedFile

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64
# Starts like a PDF, is an HTML page to a sniffing browser.
PDF_SCRIPT = b"%PDF-1.4\n<script>alert(document.cookie)</script>\n%%EOF\n"
# The same past the bytes a browser sniffs: accepted as a PDF, must never be served as HTML.
PDF_SCRIPT_LATE = b"%PDF-1.4\n%" + b"0" * 2000 + b"\n<script>alert(1)</script>\n%%EOF\n"
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"

# (name, bytes, declared content type) that must be refused on every channel.
REFUSED = [
    ("to-khai.pdf", PDF_SCRIPT, "text/html"),
    ("anh.svg", JPEG, "image/svg+xml"),
    ("to-khai.pdf", HTML, "application/pdf"),
]
REFUSED_IDS = ["pdf-with-script", "jpeg-named-svg", "html-renamed-pdf"]

# (name, bytes, declared, the type it must be stored and served as)
ACCEPTED = [
    ("to-khai.pdf", PDF_SCRIPT_LATE, "text/html", "application/pdf"),
    ("anh.jpg", JPEG, "image/svg+xml", "image/jpeg"),
]
ACCEPTED_IDS = ["pdf-with-late-script-declared-html", "jpeg-declared-svg"]

UNSAFE_TYPES = ("text/html", "image/svg+xml", "application/xhtml+xml", "text/xml")


def upload(name: str, data: bytes, declared: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=declared)


def assert_served_safely(response, expected_type: str | None = None) -> bytes:
    """The headers every file response must carry; returns the body."""
    assert response.status_code == 200, response.status_code
    content_type = response["Content-Type"]
    assert not content_type.startswith(UNSAFE_TYPES), content_type
    if expected_type is not None:
        assert content_type == expected_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "default-src 'none'" in response["Content-Security-Policy"]
    disposition = response["Content-Disposition"]
    if disposition.startswith("inline"):
        assert content_type in ("application/pdf", "image/png", "image/jpeg")
    else:
        assert disposition.startswith("attachment")
    return b"".join(response.streaming_content)


def assert_vietnamese_refusal(text: str, name: str) -> None:
    assert f"“{name}”" in text and ("không" in text), text
