"""For tests: `requests.post` to any address answered by this Django project through the test
client (the gateways call the simulators, the simulators call our IPN back), without a network
or a live server. Every call is kept as (path, body, status)."""

from __future__ import annotations

import json as jsonlib
from typing import Any
from urllib.parse import urlsplit

from django.test import Client


class LoopbackResponse:
    def __init__(self, status_code: int, content: bytes) -> None:
        self.status_code = status_code
        self.content = content

    def json(self) -> Any:
        return jsonlib.loads(self.content)


class Loopback:
    def __init__(self) -> None:
        self.client = Client(raise_request_exception=False)
        self.calls: list[tuple[str, Any, int]] = []

    def post(
        self, url: str, json: Any = None, data: Any = None, headers: Any = None, timeout: Any = None
    ) -> LoopbackResponse:
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        body = jsonlib.dumps(json) if json is not None else (data or "")
        response = self.client.post(
            path, data=body, content_type="application/json", headers=dict(headers or {})
        )
        self.calls.append((parts.path, json if json is not None else data, response.status_code))
        return LoopbackResponse(response.status_code, response.content)

    def paths(self) -> list[str]:
        return [path for path, _, _ in self.calls]
