"""The national document axis (trục liên thông văn bản quốc gia, VDXP) as the VXP SDK speaks it.

Published (the VXP Java SDK `com.vpcp.services`, as decompiled in public repositories, and its
examples; regulations.md §4.6):
- one POST per operation at `<endpoint>/<name>`: `sendEdoc` (the edXML as the body,
  application/octet-stream), `getReceivedEdocList`, `getEdoc`, `updateStatus`,
  `getAgenciesList`;
- the parameters travel as HTTP headers, each named `XroadVnpt-<name>`: `systemid`,
  `timestamp` (ddMMyyyy'T'HHmmss+SSSS), `servicetype` ("eDoc"), `messagetype`, `from`, `to`
  (a JSON array), `docId`, `status`, `hash-file` (SHA-256 of the body);
- the secret never travels: `XroadVnpt-sign-header` is the JSON object of those headers,
  `XroadVnpt-sign-header-key` their names joined by ";", and `XroadVnpt-hash-header` the hex
  HMAC-SHA256 of the sign-header keyed by the secret;
- every answer is JSON `{"status": "OK"|"FAIL", "ErrorCode": "0"|…, "ErrorDesc": …}` with
  `DocId` (sendEdoc), `data` (a list of `{docId, serviceType, messageType, created_time,
  updated_time, from, to, status, status_desc}`; getEdoc: the edXML in base64; getAgenciesList:
  `{id, code, pid, name, mail, …}`); inbox states inbox / acceptance / rejection / processing /
  done / fail.

Ours, where the public material is silent: the header `msgid` (the sender's message id, by
which the axis keeps one copy of a message sent twice); `pageSize` on the inbox list, and no
`messagetype` there meaning every type; `hash-file` as full zero-padded hex; the HTTP status
of a failure (401 signature, 403 not your organ, 404 unknown docId, 409 a message id reused for
other content, 422 unknown addressee with `unknownOrgans`); the directory's `pcode`, `mobile`,
`address` and `website` fields; the timestamp in Vietnam's local time, accepted within
`SIGNATURE_WINDOW` of the axis's clock.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
from collections.abc import Iterator, Mapping
from datetime import datetime, timedelta
from typing import Any

import requests
from django.utils import timezone

from tinhso.exchange.transport.base import (
    DirectoryEntry,
    InboxItem,
    Misaddressed,
    OutgoingMessage,
    Refused,
    SendReceipt,
    Unreachable,
)
from tinhso.exchange.transport.http import moment_of, read_capped

logger = logging.getLogger(__name__)

PREFIX = "XroadVnpt-"
SIGN_HEADER = PREFIX + "sign-header"
SIGN_HEADER_KEY = PREFIX + "sign-header-key"
HASH_HEADER = PREFIX + "hash-header"
SERVICE_TYPE = "eDoc"
USER_AGENT = "TinhSo/1.0 XRoad/VPCP"
TIMESTAMP_FORMAT = "%d%m%YT%H%M%S"
SIGNATURE_WINDOW = timedelta(minutes=15)


def axis_timestamp(moment: datetime | None = None) -> str:
    local = timezone.localtime(moment or timezone.now())
    return f"{local.strftime(TIMESTAMP_FORMAT)}+{local.microsecond // 1000:04d}"


def parse_axis_timestamp(value: str) -> datetime:
    """The aware moment of an SDK timestamp (read in the server's local time)."""
    naive = datetime.strptime(value.split("+", 1)[0], TIMESTAMP_FORMAT)  # noqa: DTZ007
    return timezone.make_aware(naive)


def signature(sign_header: str, secret: str) -> str:
    key = secret.encode("utf-8")
    return hmac.new(key, sign_header.encode("utf-8"), hashlib.sha256).hexdigest()


def signed_headers(values: Mapping[str, str], *, system_id: str, secret: str) -> dict[str, str]:
    """The request headers of one call: every value as `XroadVnpt-<name>`, then the signature."""
    named = {"systemid": system_id, "timestamp": axis_timestamp(), **values}
    prefixed = {PREFIX + name: str(value) for name, value in named.items()}
    sign_header = json.dumps(prefixed, ensure_ascii=True, separators=(",", ":"))
    return {
        **prefixed,
        SIGN_HEADER_KEY: ";".join(named),
        SIGN_HEADER: sign_header,
        HASH_HEADER: signature(sign_header, secret),
        "User-Agent": USER_AGENT,
    }


class VdxpTransport:
    name = "vdxp"

    def __init__(
        self,
        *,
        url: str,
        system_id: str,
        secret: str,
        timeout: float = 10,
        session: requests.Session | None = None,
    ) -> None:
        self.url = url.rstrip("/")
        self.system_id = system_id
        self._secret = secret
        self.timeout = timeout
        self.session = session or requests.Session()

    def __repr__(self) -> str:  # never the secret
        return f"VdxpTransport(url={self.url!r}, system_id={self.system_id!r})"

    def _call(
        self, operation: str, values: Mapping[str, str], body: bytes | None = None
    ) -> dict[str, Any]:
        if not self.url:
            raise Refused("Chưa cấu hình địa chỉ trục liên thông (EXCHANGE_AXIS_URL).")
        headers = signed_headers(values, system_id=self.system_id, secret=self._secret)
        try:
            response = self.session.post(
                f"{self.url}/{operation}",
                data=body,
                headers=headers,
                timeout=self.timeout,
                stream=True,
            )
            content = read_capped(response)
        except requests.RequestException as exc:
            logger.warning("axis %s unreachable: %s", operation, type(exc).__name__)
            raise Unreachable(
                f"Không kết nối được trục liên thông ({type(exc).__name__})."
            ) from exc
        try:
            answer = json.loads(content)
        except ValueError:
            answer = None
        if not isinstance(answer, dict):
            if response.status_code >= 400 and response.status_code < 500:
                raise Refused(f"Trục liên thông từ chối: HTTP {response.status_code}.")
            raise Unreachable(
                f"Trục liên thông trả lời không đọc được (HTTP {response.status_code})."
            )
        description = str(answer.get("ErrorDesc") or "")
        code = response.status_code
        if code >= 500 or code in (408, 429):
            raise Unreachable(f"Trục liên thông tạm lỗi: HTTP {code} {description}".strip())
        if code == 422 or str(answer.get("ErrorCode")) == "422":
            raise Misaddressed(description or "Sai địa chỉ cơ quan nhận.")
        if code >= 400:
            raise Refused(f"Trục liên thông từ chối: HTTP {code} {description}".strip())
        if answer.get("status") != "OK" or str(answer.get("ErrorCode", "0")) != "0":
            raise Refused(f"Trục liên thông từ chối: {description or answer.get('ErrorCode')}")
        return answer

    def send(self, message: OutgoingMessage) -> SendReceipt:
        values = {
            "Content-Type": "application/octet-stream",
            "from": message.from_organ_id,
            "to": json.dumps(list(message.to_organ_ids)),
            "servicetype": SERVICE_TYPE,
            "messagetype": message.message_type,
            "msgid": message.message_id,
            "hash-file": hashlib.sha256(message.body).hexdigest(),
        }
        answer = self._call("sendEdoc", values, message.body)
        return SendReceipt(remote_id=str(answer.get("DocId", "")))

    def pending(self, limit: int = 100) -> list[InboxItem]:
        answer = self._call(
            "getReceivedEdocList", {"servicetype": SERVICE_TYPE, "pageSize": str(limit)}
        )
        items = []
        for row in answer.get("data") or []:
            if row.get("status", "inbox") != "inbox":
                continue
            items.append(
                InboxItem(
                    remote_id=str(row["docId"]),
                    message_type=str(row.get("messageType", "")),
                    from_organ_id=str(row.get("from", "")),
                    to_organ_id=str(row.get("to", "")),
                    created_at=moment_of(row.get("created_time")),
                )
            )
        return items[:limit]

    def fetch(self, remote_id: str) -> bytes:
        answer = self._call("getEdoc", {"docId": remote_id})
        try:
            return base64.b64decode(str(answer.get("data", "")), validate=True)
        except ValueError as exc:
            raise Refused(f"Nội dung gói tin {remote_id} không phải base64.") from exc

    def acknowledge(self, remote_id: str, state: str) -> None:
        self._call("updateStatus", {"docId": remote_id, "status": state})

    def directory(self) -> Iterator[DirectoryEntry]:
        answer = self._call("getAgenciesList", {})
        for row in answer.get("data") or []:
            yield DirectoryEntry(
                organ_id=str(row.get("code", "")),
                name=str(row.get("name", "")),
                parent_id=str(row.get("pcode") or row.get("pid") or ""),
                address=str(row.get("address") or ""),
                email=str(row.get("mail") or ""),
                phone=str(row.get("mobile") or ""),
                website=str(row.get("website") or ""),
            )
