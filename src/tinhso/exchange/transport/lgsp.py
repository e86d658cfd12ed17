"""A provincial integration platform (LGSP) and its e-document API, REST with a bearer token.

Published (a provincial LGSP as used by an open-source e-office, next-capabilities.md §1.2):
`POST <base>/login {username, password, applicationCode}` → a token valid 30 minutes ·
`POST <base>/send-edoc {token, edocContent, messageType, systemId, destOrgCode}` →
`{success, docId}` · `GET <base>/received-edocs?token&messageType` → items `{serviceType,
createdTime, updatedTime, messageType, docId, from, to, status, statusDesc}`, a new one with
status "initial" · `GET <base>/get-edoc?token&docId` → `{edxml, attachments, edocCode, …}` ·
`GET <base>/organizations` → `{orgCode, orgName, parentCode, …}`.

Ours: the token also as `Authorization: Bearer`, no `secretKey` in the body (the LGSP holds
the axis credentials, not us); `fromOrgCode` and `messageId` (the LGSP keeps one copy of a
message sent twice); `destOrgCode` as a comma-separated list; answers wrapped as
`{success, message, data}`; login answering `expiresIn` seconds; `POST <base>/update-status
{docId, status}` with the axis's inbox states; HTTP 401 for an expired token (we log in again
once and repeat the call), 422 for an unknown addressee.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from typing import Any

import requests

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

TOKEN_MARGIN_SECONDS = 60  # log in again this long before the token runs out
DEFAULT_TOKEN_SECONDS = 30 * 60
NEW = "initial"


class LgspTransport:
    name = "lgsp"

    def __init__(
        self,
        *,
        url: str,
        username: str,
        password: str,
        application_code: str,
        system_id: str = "",
        timeout: float = 10,
        session: requests.Session | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.url = url.rstrip("/")
        self.username = username
        self._password = password
        self.application_code = application_code
        self.system_id = system_id
        self.timeout = timeout
        self.session = session or requests.Session()
        self._clock = clock
        self._token = ""
        self._token_until = 0.0
        self.logins = 0  # how many times we logged in (the token cache is visible in tests)

    def __repr__(self) -> str:  # never the password or the token
        return f"LgspTransport(url={self.url!r}, username={self.username!r})"

    def _http(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        if not self.url:
            raise Refused("Chưa cấu hình địa chỉ LGSP (EXCHANGE_LGSP_URL).")
        try:
            response = self.session.request(
                method, f"{self.url}/{path}", timeout=self.timeout, stream=True, **kwargs
            )
            # read here, capped (a 200 MB package is refused, not loaded); .json() then reads
            # the cached body as usual
            response._content = read_capped(response)
            return response
        except requests.RequestException as exc:
            logger.warning("LGSP %s unreachable: %s", path, type(exc).__name__)
            raise Unreachable(f"Không kết nối được LGSP ({type(exc).__name__}).") from exc

    @staticmethod
    def _answer(response: requests.Response, what: str) -> dict[str, Any]:
        try:
            answer = response.json()
        except ValueError:
            answer = None
        code = response.status_code
        if code >= 500 or code in (408, 429):
            raise Unreachable(f"LGSP tạm lỗi khi {what}: HTTP {code}.")
        if not isinstance(answer, dict):
            if code >= 400:
                raise Refused(f"LGSP từ chối {what}: HTTP {code}.")
            raise Unreachable(f"LGSP trả lời không đọc được khi {what}.")
        message = str(answer.get("message") or "")
        if code == 422:
            raise Misaddressed(message or "Sai địa chỉ cơ quan nhận.")
        if code >= 400 or answer.get("success") is False:
            raise Refused(f"LGSP từ chối {what}: {message or f'HTTP {code}'}")
        return answer

    def _login(self) -> str:
        body = {
            "username": self.username,
            "password": self._password,
            "applicationCode": self.application_code,
        }
        answer = self._answer(self._http("POST", "login", json=body), "đăng nhập")
        token = str(answer.get("token") or "")
        if not token:
            raise Refused("LGSP không cấp mã truy cập.")
        lifetime = int(answer.get("expiresIn") or DEFAULT_TOKEN_SECONDS)
        self._token = token
        self._token_until = self._clock() + max(lifetime - TOKEN_MARGIN_SECONDS, 1)
        self.logins += 1
        return token

    def _token_now(self) -> str:
        if self._token and self._clock() < self._token_until:
            return self._token
        return self._login()

    def _call(self, method: str, path: str, what: str, **kwargs: Any) -> dict[str, Any]:
        for attempt in (1, 2):
            token = self._token_now()
            headers = {"Authorization": f"Bearer {token}"}
            if method == "GET":
                kwargs["params"] = {**kwargs.get("params", {}), "token": token}
            else:
                kwargs["json"] = {**kwargs.get("json", {}), "token": token}
            response = self._http(method, path, headers=headers, **kwargs)
            if response.status_code == 401 and attempt == 1:
                self._token = ""  # expired or revoked before we thought: log in once more
                continue
            return self._answer(response, what)
        raise Refused(f"LGSP từ chối mã truy cập khi {what}.")  # pragma: no cover

    def send(self, message: OutgoingMessage) -> SendReceipt:
        try:
            content = message.body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise Refused("Gói tin edXML phải mã hóa UTF-8.") from exc
        body = {
            "edocContent": content,
            "messageType": message.message_type,
            "systemId": self.system_id,
            "fromOrgCode": message.from_organ_id,
            "destOrgCode": ",".join(message.to_organ_ids),
            "messageId": message.message_id,
        }
        answer = self._call("POST", "send-edoc", "gửi văn bản", json=body)
        return SendReceipt(remote_id=str(answer.get("docId", "")))

    def pending(self, limit: int = 100) -> list[InboxItem]:
        answer = self._call("GET", "received-edocs", "lấy danh sách văn bản đến")
        rows = answer.get("data") or answer.get("items") or []
        items = [
            InboxItem(
                remote_id=str(row["docId"]),
                message_type=str(row.get("messageType", "")),
                from_organ_id=str(row.get("from", "")),
                to_organ_id=str(row.get("to", "")),
                created_at=moment_of(row.get("createdTime")),
            )
            for row in rows
            if row.get("status", NEW) == NEW
        ]
        return items[:limit]

    def fetch(self, remote_id: str) -> bytes:
        answer = self._call("GET", "get-edoc", "lấy văn bản", params={"docId": remote_id})
        return str(answer.get("edxml", "")).encode("utf-8")

    def acknowledge(self, remote_id: str, state: str) -> None:
        body = {"docId": remote_id, "status": state}
        self._call("POST", "update-status", "cập nhật trạng thái", json=body)

    def directory(self) -> Iterator[DirectoryEntry]:
        answer = self._call("GET", "organizations", "lấy danh bạ cơ quan")
        for row in answer.get("data") or []:
            yield DirectoryEntry(
                organ_id=str(row.get("orgCode", "")),
                name=str(row.get("orgName", "")),
                parent_id=str(row.get("parentCode") or ""),
                address=str(row.get("address") or ""),
                email=str(row.get("email") or ""),
                phone=str(row.get("phone") or ""),
                website=str(row.get("website") or ""),
            )
