"""The client's IP address, the one place that decides it.

Sign-in throttling, rate limits and the access log all ask `client_ip(request)`. A forwarded
header is believed only when the deployment says which one its reverse proxy sets
(settings.CLIENT_IP_HEADER) and how many proxies stand in front (settings.TRUSTED_PROXY_COUNT);
otherwise REMOTE_ADDR is used and any X-Forwarded-For a client sends is ignored, so that a
client cannot choose the address its attempts are counted against.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(value: str) -> str | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.7:5123"
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def _from_trusted_proxy(remote: str | None) -> bool:
    networks: list[str] = getattr(settings, "TRUSTED_PROXY_NETWORKS", [])
    if not networks:
        return True
    if remote is None:
        return False
    address = ipaddress.ip_address(remote)
    return any(address in ipaddress.ip_network(net, strict=False) for net in networks)


def client_ip(request: HttpRequest | None) -> str | None:
    """The address of the person's device, or None when there is no request.

    With CLIENT_IP_HEADER = "X-Forwarded-For" and TRUSTED_PROXY_COUNT = N, the N-th address
    from the right is taken: each trusted proxy appends the address it was reached from, so
    anything further left was written by the client and may be forged. A single-value header
    set by the proxy (X-Real-IP, with TRUSTED_PROXY_COUNT = 1) is taken as it is. A header
    that is missing, too short or malformed falls back to REMOTE_ADDR (the proxy itself),
    never to a client-chosen value.
    """
    if request is None:
        return None
    remote = _valid(request.META.get("REMOTE_ADDR", "") or "")
    header: str = getattr(settings, "CLIENT_IP_HEADER", "")
    if not header or not _from_trusted_proxy(remote):
        return remote
    raw = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
    values = [part for part in raw.split(",") if part.strip()]
    hops = max(int(getattr(settings, "TRUSTED_PROXY_COUNT", 1)), 1)
    if len(values) < hops:
        return remote
    return _valid(values[-hops]) or remote
