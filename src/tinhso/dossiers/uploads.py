"""Checking files handed in with a dossier: type from the bytes, not the name; size."""

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

# The first bytes of each accepted type (magic numbers).
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "doc": (b"\xd0\xcf\x11\xe0",),
    "xls": (b"\xd0\xcf\x11\xe0",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "zip": (b"PK\x03\x04",),
    "xml": (b"<?xml",),
}


def max_upload_bytes() -> int:
    return settings.MAX_UPLOAD_MB * 1024 * 1024


def upload_error(upload: UploadedFile, allowed: list[str] | None = None) -> str | None:
    """A Vietnamese message saying why the file is refused, or None when it is acceptable."""
    allowed = [a.lower() for a in (allowed or ["pdf", "jpg", "jpeg", "png"])]
    if "jpg" in allowed and "jpeg" not in allowed:
        allowed.append("jpeg")
    name = upload.name or "tệp"
    if upload.size is not None and upload.size > max_upload_bytes():
        return f"Tệp “{name}” lớn hơn {settings.MAX_UPLOAD_MB} MB."
    if not upload.size:
        return f"Tệp “{name}” rỗng."
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in allowed:
        listed = ", ".join(sorted({a.upper() for a in allowed if a != "jpeg"}))
        return f"Tệp “{name}” không đúng định dạng cho phép ({listed})."
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(sig) for sig in SIGNATURES.get(extension, (b"",))):
        return f"Nội dung tệp “{name}” không phải là tệp {extension.upper()} hợp lệ."
    return None
