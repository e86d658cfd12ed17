"""What both HTTP routes share: reading an answer without trusting its size, and its times."""

from __future__ import annotations

from datetime import datetime

import requests
from django.utils import timezone

from tinhso.exchange.transport.base import TooLarge


def read_capped(response: requests.Response) -> bytes:
    """The answer's bytes, refused past what a package of EXCHANGE_MAX_PACKAGE_BYTES can take in
    base64 inside JSON: a 200 MB package is not read into memory to be refused afterwards."""
    from django.conf import settings

    limit = settings.EXCHANGE_MAX_PACKAGE_BYTES * 4 // 3 + 65536
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        response.close()
        raise TooLarge(f"Gói tin lớn hơn giới hạn {settings.EXCHANGE_MAX_PACKAGE_BYTES:,} byte.")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_content(chunk_size=1 << 20):
        size += len(chunk)
        if size > limit:
            response.close()
            raise TooLarge(
                f"Gói tin lớn hơn giới hạn {settings.EXCHANGE_MAX_PACKAGE_BYTES:,} byte."
            )
        chunks.append(chunk)
    return b"".join(chunks)


def moment_of(value: object) -> datetime:
    """A time the route wrote (ISO 8601, with or without its zone); now if unreadable."""
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return timezone.now()
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)
