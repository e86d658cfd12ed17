"""The simulated national portal sending a dossier to the province, signed as documented."""

import json
from typing import Any

import requests

from tinhso.simulators.national_portal import protocol


class SubmitError(Exception):
    """The province's API could not be reached: the message says why, in Vietnamese."""


def submit(
    payload: dict[str, Any],
    *,
    url: str,
    secret: str,
    timeout: int = 30,
    timestamp: int | None = None,
) -> tuple[int, Any]:
    """POST the dossier; returns (HTTP status, the JSON answer or its text)."""
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    headers = {"Content-Type": "application/json; charset=utf-8"}
    headers.update(protocol.sign(secret, body, timestamp))
    try:
        response = requests.post(url, data=body, headers=headers, timeout=timeout)
    except requests.RequestException as exc:
        raise SubmitError(f"Không gửi được hồ sơ tới {url}: {exc}") from exc
    try:
        return response.status_code, response.json()
    except ValueError:
        return response.status_code, response.text[:2000]
