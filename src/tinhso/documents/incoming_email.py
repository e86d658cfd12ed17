"""An incoming document that came by e-mail: the clerk uploads the message (.eml) as it was
received; its attachments become the document's files (each checked by its bytes like any
scan), its sender and time fill the register (Nghị định 30/2020/NĐ-CP, Điều 21.1: văn bản
đến qua thư điện tử; Phụ lục VI §III: tiếp nhận văn bản điện tử).
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import parseaddr, parsedate_to_datetime
from pathlib import PurePath

from django.core.files import File
from django.core.files.base import ContentFile

MAX_ATTACHMENTS = 20


@dataclass
class Unpacked:
    files: list[File[bytes]] = field(default_factory=list)
    sender_email: str = ""
    subject: str = ""
    sent_at: datetime | None = None
    messages: int = 0


def is_message(upload: File[bytes]) -> bool:
    return PurePath(upload.name or "").suffix.lower() == ".eml"


def _parse(upload: File[bytes]) -> EmailMessage | None:
    upload.seek(0)
    raw = upload.read()
    upload.seek(0)
    body = raw if isinstance(raw, bytes) else raw.encode()
    message = BytesParser(policy=policy.default).parsebytes(body)
    if not isinstance(message, EmailMessage) or not message.get("From"):
        return None
    return message


def unpack(files: Sequence[File[bytes]]) -> Unpacked:
    """Replace every .eml among `files` by its attachments; other files pass unchanged.

    Raises ValueError (Vietnamese) for a .eml that is not an e-mail or carries no attachment."""
    out = Unpacked()
    for upload in files:
        if not is_message(upload):
            out.files.append(upload)
            continue
        message = _parse(upload)
        if message is None:
            raise ValueError(f"Tệp “{upload.name}” không phải là thư điện tử hợp lệ.")
        out.messages += 1
        parts = [p for p in message.iter_attachments() if p.get_filename()]
        if not parts:
            raise ValueError(
                f"Thư điện tử “{upload.name}” không có tệp đính kèm là văn bản để vào sổ."
            )
        for part in parts[:MAX_ATTACHMENTS]:
            payload = part.get_payload(decode=True)
            name = PurePath(str(part.get_filename())).name
            out.files.append(ContentFile(payload if isinstance(payload, bytes) else b"", name=name))
        out.sender_email = out.sender_email or parseaddr(str(message.get("From", "")))[1]
        out.subject = out.subject or str(message.get("Subject", "")).strip()
        if out.sent_at is None and message.get("Date"):
            try:
                out.sent_at = parsedate_to_datetime(str(message["Date"]))
            except (TypeError, ValueError):
                out.sent_at = None
    return out
