"""The signature on every request between Tỉnh Số and the national portal (both directions).

    X-Timestamp: <Unix time in seconds>
    X-Signature: sha256=<hex of HMAC-SHA256(secret, "<X-Timestamp>." + raw body)>

The timestamp is inside the signed text, so an old request cannot be replayed with a fresh
timestamp; a request older (or newer) than the replay window is refused. Within the window a
replay is harmless: intake is idempotent on the portal's dossier code.
"""

import hashlib
import hmac
import time

SIGNATURE_HEADER = "X-Signature"
TIMESTAMP_HEADER = "X-Timestamp"
PREFIX = "sha256="


class SignatureError(Exception):
    """Why a request is refused, in Vietnamese (the 401 message)."""


def signature(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return PREFIX + mac.hexdigest()


def signed_headers(secret: str, body: bytes, now: float | None = None) -> dict[str, str]:
    """The two headers for `body`, signed now."""
    timestamp = str(int(time.time() if now is None else now))
    return {TIMESTAMP_HEADER: timestamp, SIGNATURE_HEADER: signature(secret, timestamp, body)}


def verify(
    *,
    secret: str,
    body: bytes,
    timestamp: str | None,
    given: str | None,
    window: int,
    now: float | None = None,
) -> None:
    """Return quietly when the request is authentic and fresh, else raise SignatureError."""
    if not secret:
        raise SignatureError(
            "Kết nối với Cổng Dịch vụ công quốc gia chưa được cấu hình khóa bí mật "
            "(NATIONAL_PORTAL_INBOUND_SECRET)."
        )
    if not given:
        raise SignatureError(f"Thiếu chữ ký: cần tiêu đề {SIGNATURE_HEADER}: sha256=<hex>.")
    if not timestamp:
        raise SignatureError(f"Thiếu thời điểm ký: cần tiêu đề {TIMESTAMP_HEADER}.")
    try:
        signed_at = int(timestamp)
    except ValueError:
        raise SignatureError(
            f"{TIMESTAMP_HEADER} phải là thời điểm Unix tính bằng giây, ví dụ 1763600000."
        ) from None
    current = time.time() if now is None else now
    if abs(current - signed_at) > window:
        raise SignatureError(
            f"Yêu cầu đã hết hiệu lực: thời điểm ký lệch quá {window} giây so với máy chủ."
        )
    expected = signature(secret, timestamp, body)
    if not hmac.compare_digest(expected.encode(), given.strip().lower().encode()):
        raise SignatureError("Chữ ký không đúng: nội dung hoặc khóa bí mật không khớp.")
