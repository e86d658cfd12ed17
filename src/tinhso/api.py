"""The JSON API for other systems and mobile apps: /api/v1/, described at /api/v1/openapi.json."""

from typing import Any, get_args

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.renderers import JSONRenderer
from pydantic_core.core_schema import ErrorType

from tinhso.catalogue.api import router as catalogue_router
from tinhso.dossiers.api import router as dossiers_router
from tinhso.workcalendar.api import router as calendar_router


class VietnameseJSONRenderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}  # "Hộ tịch", not "H\u1ed9 t\u1ecbch"


api = NinjaAPI(
    renderer=VietnameseJSONRenderer(),
    title="Tỉnh Số API",
    version="1",
    description=(
        "API của nền tảng Tỉnh Số: danh mục thủ tục hành chính và các dịch vụ của tỉnh. "
        'Lỗi trả về dạng {"detail": "…", "errors": [{"field": …, "message": …}]}.'
    ),
    urls_namespace="api-v1",
)

_MESSAGES = {
    "int_parsing": "phải là số nguyên",
    "int_type": "phải là số nguyên",
    "int_from_float": "phải là số nguyên",
    "float_parsing": "phải là một số",
    "float_type": "phải là một số",
    "greater_than_equal": "phải lớn hơn hoặc bằng {ge}",
    "greater_than": "phải lớn hơn {gt}",
    "less_than_equal": "phải nhỏ hơn hoặc bằng {le}",
    "less_than": "phải nhỏ hơn {lt}",
    "string_type": "phải là chuỗi ký tự",
    "string_too_long": "dài quá {max_length} ký tự",
    "string_too_short": "phải có ít nhất {min_length} ký tự",
    "string_pattern_mismatch": "không đúng định dạng",
    "too_long": "có quá nhiều phần tử (tối đa {max_length})",
    "too_short": "phải có ít nhất {min_length} phần tử",
    "list_type": "phải là một danh sách",
    "dict_type": "phải là một đối tượng JSON",
    "model_type": "phải là một đối tượng JSON",
    "model_attributes_type": "phải là một đối tượng JSON",
    "enum": "phải là một trong: {expected}",
    "literal_error": "phải là một trong: {expected}",
    "missing": "là bắt buộc",
    "json_invalid": "không phải JSON hợp lệ",
    "date_type": "phải là ngày dạng yyyy-mm-dd",
    "date_parsing": "phải là ngày dạng yyyy-mm-dd",
    "date_from_datetime_parsing": "phải là ngày dạng yyyy-mm-dd",
    "date_from_datetime_inexact": "phải là ngày dạng yyyy-mm-dd",
    "datetime_type": "phải là thời điểm ISO 8601",
    "datetime_parsing": "phải là thời điểm ISO 8601",
    "datetime_from_date_parsing": "phải là thời điểm ISO 8601",
    "bool_parsing": "phải là true hoặc false",
    "bool_type": "phải là true hoặc false",
    "extra_forbidden": "không phải trường hợp lệ",
}

# pydantic's own error types speak English; any other type is one of our validators'
# PydanticCustomError (tinhso.api_common, the schemas), already in Vietnamese.
_PYDANTIC_ERRORS = frozenset(get_args(ErrorType))


def _field_name(loc: list[Any]) -> str:
    if len(loc) > 2 and loc[0] == "body":
        loc = [loc[0], *loc[2:]]  # ("body", "payload", "fees_paid") → fees_paid
    parts = [str(p) for p in loc if p not in ("query", "path", "body", "form")]
    return ".".join(parts) or "yêu cầu"


def _message(error: dict[str, Any]) -> str:
    template = _MESSAGES.get(error.get("type", ""))
    if template is None:
        own = error.get("type", "") not in _PYDANTIC_ERRORS
        return str(error.get("msg", "")) if own else "không hợp lệ"
    ctx = {k: str(v).replace(" or ", " hoặc ") for k, v in (error.get("ctx") or {}).items()}
    try:
        return template.format(**ctx)
    except (KeyError, IndexError):
        return template


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [{"field": _field_name(e.get("loc", [])), "message": _message(e)} for e in exc.errors]
    detail = "; ".join(f"{e['field']} {e['message']}" for e in errors)
    return api.create_response(
        request, {"detail": f"Tham số không hợp lệ: {detail}", "errors": errors}, status=422
    )


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    message = str(exc) if str(exc) else "Không tìm thấy"
    return api.create_response(request, {"detail": message}, status=404)


SIGN_IN = (
    "Cần xác thực: gửi tiêu đề Authorization: Bearer <khóa API> (cấp trong trang quản trị) "
    "hoặc đăng nhập."
)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    detail = str(exc)
    if detail.startswith("Cannot parse request body"):  # django-ninja's own, in English
        detail = "Nội dung yêu cầu không phải JSON hợp lệ."
    if isinstance(exc, AuthenticationError):  # ninja's "Unauthorized"
        response = api.create_response(request, {"detail": SIGN_IN}, status=401)
        response["WWW-Authenticate"] = 'Bearer realm="api"'
        return response
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


@api.exception_handler(RequestDataTooBig)
def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return api.create_response(
        request, {"detail": "Yêu cầu quá lớn: vượt giới hạn dung lượng của máy chủ."}, status=413
    )


api.add_router("/procedures", catalogue_router, tags=["Danh mục thủ tục"])
api.add_router("/dossiers", dossiers_router, tags=["Hồ sơ"])
api.add_router("/calendar", calendar_router, tags=["Lịch làm việc"])
api.add_router("/national-portal", "tinhso.nationalportal.api.router", tags=["Cổng DVC quốc gia"])
api.add_router("/me", "tinhso.mydossiers.api.router", tags=["Hồ sơ của tôi"])
api.add_router("/online", "tinhso.submission.api.router", tags=["Nộp hồ sơ trực tuyến"])
api.add_router("/statistics", "tinhso.statistics.api.router", tags=["Thống kê"])
api.add_router("/signatures", "tinhso.signatures.api.router", tags=["Chữ ký số"])
api.add_router("/documents", "tinhso.documents.api.router", tags=["Văn bản"])
api.add_router("/workfiles", "tinhso.workfiles.api.router", tags=["Hồ sơ công việc"])
api.add_router("/archive", "tinhso.archive.api.router", tags=["Lưu trữ hồ sơ"])
api.add_router(
    "/public/statistics", "tinhso.statistics.public_api.router", tags=["Thống kê công khai"]
)
