"""A request the file store stops ends in a clear 503, never a 500 (issue 17: storage down).

Whatever the request wrote in the transaction the failure went through was rolled back by
then (the exception left the atomic block), and a file already written in it is deleted with
it (tinhso.core.files.delete_on_rollback): the page can say that nothing was kept.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from tinhso.core.storage import StorageUnavailable

logger = logging.getLogger("tinhso.storage")

RETRY_AFTER_SECONDS = 120
READ_MESSAGE = (
    "Chưa mở được tệp: kho lưu trữ tệp tạm thời không truy cập được. Vui lòng thử lại sau ít phút."
)
WRITE_MESSAGE = (
    "Thao tác chưa được thực hiện: kho lưu trữ tệp tạm thời không truy cập được. Hệ thống "
    "không lưu tệp và không ghi nhận thay đổi nào của lần gửi này. Vui lòng thử lại sau ít phút."
)
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def _cause(exc: BaseException) -> StorageUnavailable | None:
    seen: BaseException | None = exc
    for _ in range(5):  # a view may have wrapped it in its own error
        if seen is None:
            return None
        if isinstance(seen, StorageUnavailable):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def storage_down(request: HttpRequest) -> HttpResponse:
    """The 503 answer: a page, or {"detail": …} for the API."""
    message = READ_MESSAGE if request.method in SAFE_METHODS else WRITE_MESSAGE
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"detail": message}, status=503, json_dumps_params={"ensure_ascii": False}
        )
    else:
        back = request.headers.get("Referer", "")
        if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
            back = ""
        response = render(
            request, "core/storage_down.html", {"message": message, "back": back}, status=503
        )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class StorageDownMiddleware:
    """Last in settings.MIDDLEWARE, so that it sees a view's exception first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        found = _cause(exception)
        if found is None:
            return None
        logger.error(
            "storage unavailable (%s) on %s %s: %r",
            found.action,
            request.method,
            request.path,
            found.__cause__ or found,
        )
        return storage_down(request)
