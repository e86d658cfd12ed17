"""The national portal's side of the signed-JSON protocol, written from docs/national-portal.md
rather than imported from tinhso.nationalportal.signing: a mistake on either side then shows up
as a refused request instead of cancelling itself out."""

import hashlib
import hmac
import time
from collections.abc import Mapping


def sign(secret: str, body: bytes, timestamp: int | None = None) -> dict[str, str]:
    """X-Timestamp and X-Signature for `body`."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode("utf-8"), ts.encode("ascii") + b"." + body, hashlib.sha256)
    return {"X-Timestamp": ts, "X-Signature": "sha256=" + digest.hexdigest()}


def problem(secret: str, body: bytes, headers: Mapping[str, str], window: int) -> str | None:
    """Why a signed request must be refused, or None when it is authentic and fresh."""
    if not secret:
        return "Cổng mô phỏng chưa có khóa bí mật (NATIONAL_PORTAL_STATUS_SECRET)."
    ts = headers.get("X-Timestamp", "")
    given = headers.get("X-Signature", "")
    if not ts.isdigit():
        return "Thiếu hoặc sai tiêu đề X-Timestamp."
    if abs(time.time() - int(ts)) > window:
        return f"Thời điểm ký lệch quá {window} giây."
    expected = sign(secret, body, int(ts))["X-Signature"]
    if not hmac.compare_digest(expected, given):
        return "Chữ ký X-Signature không đúng."
    return None
