"""Sending SMS: the gateway interface, a local outbox for development and an HTTP adapter.

Settings (read when a message is sent, so tests may override them):

- SMS_BACKEND: "local" (LocalOutboxGateway) or "http" (HttpSmsGateway); anything else fails.
- SMS_OUTBOX: the JSON-lines file LocalOutboxGateway appends to.
- SMS_URL, SMS_BRANDNAME, SMS_API_KEY, SMS_TIMEOUT (seconds, default 10): HttpSmsGateway.

The HTTP adapter speaks the JSON shape most Vietnamese brandname SMS providers offer in some
variant: POST {"brandname", "phone", "message", "request_id"} with the API key as a bearer
token. A reply is accepted when the status is 2xx and its JSON body has no "error" (or an empty
or zero one) and, if it has a "code", the code is 0/"0"/"00". The provider's message id is read from
"message_id", "sms_id" or "id" (else our request_id is kept). A specific provider whose contract
differs needs a small subclass overriding `payload` / `message_id_from`.
"""

import json
import re
import unicodedata
import urllib.error
import urllib.request
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

SMS_MAX_CHARS = 160
DEFAULT_TIMEOUT = 10.0

# Punctuation that Unicode decomposition leaves non-ASCII.
_PUNCTUATION = str.maketrans(
    {
        "đ": "d",
        "Đ": "D",
        "–": "-",
        "—": "-",
        "‘": "'",
        "’": "'",
        "“": '"',
        "”": '"',
        "…": "...",
        "«": '"',
        "»": '"',
        "\u00a0": " ",
    }
)


class SmsError(Exception):
    """A message could not be handed to the SMS provider."""


class InvalidPhone(SmsError, ValueError):
    """Not a Vietnamese mobile number."""


class SmsGateway(Protocol):
    def send(self, phone: str, text: str) -> str:
        """Send `text` to `phone` (84xxxxxxxxx); return the provider's message id.

        Raises SmsError when the provider did not accept the message.
        """
        ...


def normalise_phone(phone: str) -> str:
    """A Vietnamese mobile number as 84xxxxxxxxx: '0912 345 678', '+84912345678' → 84912345678.

    Accepts the numbers tinhso.accounts.validators.validate_phone accepts; raises InvalidPhone
    otherwise (landlines cannot receive SMS; 11-digit numbers were retired in 2018).
    """
    digits = re.sub(r"[\s.\-()]", "", phone or "")
    match = re.fullmatch(r"(?:\+84|0084|84|0)([35789]\d{8})", digits)
    if not match:
        raise InvalidPhone(f"Số điện thoại di động không hợp lệ: {phone!r}")
    return "84" + match.group(1)


def fold_vietnamese(text: str) -> str:
    """Vietnamese (and other accented Latin) text as plain ASCII: 'Hồ sơ đã' → 'Ho so da'."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_PUNCTUATION))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.encode("ascii", "ignore").decode("ascii")


def sms_text(body: str) -> str:
    """The text of an SMS: ASCII only (a Unicode SMS carries only 70 characters and is billed
    as such by brandname gateways), whitespace collapsed, at most 160 characters, a link at
    the end kept whole."""
    text = " ".join(fold_vietnamese(body).split())
    if len(text) <= SMS_MAX_CHARS:
        return text
    # A trailing link (a tracking address) is kept whole; the words before it are shortened.
    head, _, last = text.rpartition(" ")
    if last.startswith(("http://", "https://")) and len(last) <= SMS_MAX_CHARS // 2:
        room = SMS_MAX_CHARS - len(last) - 4
        return head[:room].rstrip() + "... " + last
    return text[: SMS_MAX_CHARS - 3].rstrip() + "..."


class LocalOutboxGateway:
    """Writes what it would send: one JSON line per message to settings.SMS_OUTBOX."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path if path is not None else settings.SMS_OUTBOX)

    def send(self, phone: str, text: str) -> str:
        message_id = str(uuid.uuid4())
        line = {
            "phone": phone,
            "text": text,
            "at": datetime.now(UTC).isoformat(timespec="seconds"),
            "id": message_id,
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as outbox:
            outbox.write(json.dumps(line, ensure_ascii=False) + "\n")
        return message_id


class HttpSmsGateway:
    """A brandname SMS provider's HTTP JSON API (see the module docstring for the contract)."""

    def __init__(
        self,
        url: str | None = None,
        brandname: str | None = None,
        api_key: str | None = None,
        timeout: float | None = None,
    ) -> None:
        self.url = url if url is not None else getattr(settings, "SMS_URL", "")
        self.brandname = (
            brandname if brandname is not None else getattr(settings, "SMS_BRANDNAME", "")
        )
        self.api_key = api_key if api_key is not None else getattr(settings, "SMS_API_KEY", "")
        self.timeout = float(
            timeout if timeout is not None else getattr(settings, "SMS_TIMEOUT", DEFAULT_TIMEOUT)
        )
        if not self.url.startswith(("https://", "http://")):
            raise ImproperlyConfigured("SMS_URL must be an http(s) address when SMS_BACKEND=http")
        if not self.brandname:
            raise ImproperlyConfigured("SMS_BRANDNAME is required when SMS_BACKEND=http")

    def payload(self, phone: str, text: str, request_id: str) -> dict[str, Any]:
        return {
            "brandname": self.brandname,
            "phone": phone,
            "message": text,
            "request_id": request_id,
        }

    def message_id_from(self, reply: dict[str, Any], request_id: str) -> str:
        for key in ("message_id", "sms_id", "id"):
            if reply.get(key):
                return str(reply[key])
        return request_id

    def send(self, phone: str, text: str) -> str:
        request_id = str(uuid.uuid4())
        data = json.dumps(self.payload(phone, text, request_id)).encode("utf-8")
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        request = urllib.request.Request(self.url, data=data, headers=headers, method="POST")  # noqa: S310 - scheme checked in __init__
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                status = response.status
                raw = response.read(65536)
        except urllib.error.HTTPError as exc:
            raise SmsError(f"Nhà cung cấp SMS trả lời HTTP {exc.code}") from exc
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise SmsError(f"Không kết nối được nhà cung cấp SMS: {reason}") from exc
        if not 200 <= status < 300:
            raise SmsError(f"Nhà cung cấp SMS trả lời HTTP {status}")
        try:
            reply = json.loads(raw.decode("utf-8")) if raw.strip() else {}
        except (UnicodeDecodeError, ValueError) as exc:
            raise SmsError("Nhà cung cấp SMS trả lời không phải JSON") from exc
        if not isinstance(reply, dict):
            raise SmsError("Nhà cung cấp SMS trả lời JSON không đúng dạng")
        code = reply.get("code", 0)
        if reply.get("error") not in (None, "", 0, "0") or str(code) not in {"0", "00"}:
            detail = reply.get("message") or reply.get("error") or ""
            raise SmsError(f"Nhà cung cấp SMS từ chối tin (mã {code}): {detail}"[:500])
        return self.message_id_from(reply, request_id)


BACKENDS = {"local": LocalOutboxGateway, "http": HttpSmsGateway}


def gateway() -> SmsGateway:
    """The gateway settings.SMS_BACKEND names; ImproperlyConfigured for an unknown name."""
    name = getattr(settings, "SMS_BACKEND", "local")
    try:
        backend = BACKENDS[name]
    except KeyError:
        raise ImproperlyConfigured(
            f"SMS_BACKEND={name!r}: use one of {', '.join(sorted(BACKENDS))}"
        ) from None
    return backend()
