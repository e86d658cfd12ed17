"""Two middlewares (settings.MIDDLEWARE):

- `ProbeMiddleware`, first of all: /healthz, /readyz and /metrics are answered here, before
  SecurityMiddleware and CommonMiddleware. A load balancer or Prometheus asks a node by its own
  address over plain HTTP; ALLOWED_HOSTS and SECURE_SSL_REDIRECT would answer it 400 or 301.
  These three views build no absolute URL and set no cookie, so the host is not needed; and
  /metrics still asks for its token.
- `RequestIdMiddleware`, right after SecurityMiddleware: takes the proxy's X-Request-ID when it
  is well formed (else makes one), binds it for the logs (core.request_id), sends it back in
  the response, and times the request for the route histogram (operations.metrics).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

from tinhso.core import request_id
from tinhso.operations import metrics, views

HEADER = "X-Request-ID"
PROBES: dict[str, Callable[[HttpRequest], HttpResponseBase]] = {
    "/healthz": views.healthz,
    "/readyz": views.readyz,
    "/metrics": views.metrics,
}


class ProbeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        probe = PROBES.get(request.path_info)
        if probe is not None:
            return probe(request)
        return self.get_response(request)


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        value = request_id.accept(request.headers.get(HEADER))
        token = request_id.bind(value)
        request.request_id = value  # type: ignore[attr-defined]  # for logs after the chain
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[HEADER] = value
            metrics.observe_request(
                route_name(request),
                request.method or "",
                response.status_code,
                time.perf_counter() - started,
            )
            return response
        finally:
            request_id.reset(token)


def route_name(request: HttpRequest) -> str:
    """The URL's name ("dossiers:track"), else its pattern; never the path itself."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return metrics.UNRESOLVED
    if match.url_name:
        return match.view_name
    return match.route or metrics.UNRESOLVED
