"""The one way a stored file goes back to a browser (finding: stored XSS through uploads).

The type is read again from the bytes being sent, whatever the database says (rows stored
before the types were derived carry what the uploader's browser declared); the file is an
`attachment` unless it is a PDF, PNG or JPEG and the page asks to show it; every response
says `nosniff` and carries a sandboxing Content-Security-Policy, so even a file a browser
were tricked into rendering runs no script, sends no request, submits no form.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import IO
from urllib.parse import quote

from django.core.files import File
from django.http import FileResponse

from tinhso.dossiers.intake import INLINE_CONTENT_TYPES, carries_markup, derive_type

FILE_CSP = "sandbox; default-src 'none'"
FALLBACK_TYPE = "application/octet-stream"


def _ascii(filename: str) -> str:
    return "".join(
        c if c.isascii() and c.isprintable() and c not in '"\\;' else "_" for c in filename
    )


def file_response(handle: IO[bytes], *, filename: str, inline: bool = False) -> FileResponse:
    """`handle` (open, binary) as a download named `filename` (display metadata only)."""
    probe = File(handle)
    found = derive_type(probe, PurePath(filename).suffix.lower().lstrip("."))
    if found is not None and carries_markup(probe):
        found = None  # stored before uploads were checked for it: download only
    content_type = found.content_type if found is not None else FALLBACK_TYPE
    if found is not None:  # the name says what the bytes are
        filename = f"{PurePath(filename).stem or 'tep'}.{found.extension}"
    handle.seek(0)
    response = FileResponse(handle, content_type=content_type)
    disposition = "inline" if inline and content_type in INLINE_CONTENT_TYPES else "attachment"
    response["Content-Disposition"] = (
        f'{disposition}; filename="{_ascii(filename)}"; '
        f"filename*=UTF-8''{quote(filename, safe='')}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CSP
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-store"
    return response
