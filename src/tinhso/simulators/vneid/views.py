"""HTTP endpoints of the VNeID simulator: discovery, authorize (a page), token, userinfo, JWKS.

Mounted under /mo-phong/vneid/ only when SIMULATORS_ENABLED. The authorize page is the
simulator's own, plainly marked as such, and does not use the portal's layout: it stands for
another site.
"""

import base64
import binascii
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote_plus

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.template import Engine, RequestContext
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tinhso.simulators.vneid import clients, protocol
from tinhso.simulators.vneid.identities import BY_KEY, DEMO_IDENTITIES
from tinhso.simulators.vneid.keys import public_jwks

# {% static %}: the page's CSS is a static file (the site's CSP refuses inline styles).
_engine = Engine(
    dirs=[Path(__file__).parent / "templates"],
    debug=settings.DEBUG,
    libraries={"static": "django.templatetags.static"},
)
REQUEST_SALT = "tinhso.simulators.vneid.authorize"
REQUEST_MAX_AGE = 600


def _render(request: HttpRequest, name: str, context: dict[str, Any], status: int = 200):
    html = _engine.get_template(name).render(RequestContext(request, context))
    return HttpResponse(html, status=status)


def _url(name: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(f"simulators:vneid:{name}")


@require_GET
def discovery(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        {
            "issuer": clients.issuer(),
            "authorization_endpoint": _url("authorize"),
            "token_endpoint": _url("token"),
            "userinfo_endpoint": _url("userinfo"),
            "jwks_uri": _url("jwks"),
            "response_types_supported": ["code"],
            "grant_types_supported": ["authorization_code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "profile"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
            "code_challenge_methods_supported": ["S256"],
            "claims_supported": [
                "sub",
                "SoDinhDanh",
                "HoVaTen",
                "NgayThangNamSinh",
                "LoaiTaiKhoan",
                "loginIdp",
                "TechID",
                "name",
                "preferred_username",
            ],
        }
    )


@require_GET
def jwks(request: HttpRequest) -> JsonResponse:
    return JsonResponse(public_jwks())


def _error_redirect(auth: dict[str, str], error: str, description: str) -> HttpResponseRedirect:
    params = {"error": error, "error_description": description}
    if auth.get("state"):
        params["state"] = auth["state"]
    return HttpResponseRedirect(protocol.with_params(auth["redirect_uri"], params))


@never_cache
@require_http_methods(["GET", "POST"])
def authorize(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _decide(request)
    try:
        auth = protocol.check_authorization_request(request.GET)
    except protocol.AuthorizeError as exc:
        if exc.redirect:
            redirect_uri = request.GET.get("redirect_uri", "")
            return _error_redirect(
                {"redirect_uri": redirect_uri, "state": request.GET.get("state", "")},
                exc.error,
                exc.description,
            )
        return _render(request, "error.html", {"message": exc.description}, status=400)
    return _page(request, auth)


def _page(
    request: HttpRequest, auth: dict[str, str], errors: dict[str, str] | None = None
) -> HttpResponse:
    return _render(
        request,
        "authorize.html",
        {
            "identities": DEMO_IDENTITIES,
            "signed_request": signing.dumps(auth, salt=REQUEST_SALT),
            "province": settings.PROVINCE_NAME,
            "errors": errors or {},
            "data": request.POST if request.method == "POST" else {},
        },
        status=400 if errors else 200,
    )


def _typed_identity(data: Any) -> tuple[dict[str, str] | None, dict[str, str]]:
    cccd = re.sub(r"\s", "", data.get("so_dinh_danh", ""))
    name = " ".join(data.get("ho_va_ten", "").split())
    birth = data.get("ngay_sinh", "").strip()
    errors = {}
    if not re.fullmatch(r"\d{12}", cccd):
        errors["so_dinh_danh"] = "Số định danh cá nhân gồm 12 chữ số."
    if not name:
        errors["ho_va_ten"] = "Nhập họ và tên."
    match = re.fullmatch(r"(\d{2})/(\d{2})/(\d{4})", birth)
    if not match:
        errors["ngay_sinh"] = "Nhập ngày sinh theo dạng ngày/tháng/năm, ví dụ 15/01/1990."
    if errors:
        return None, errors
    day, month, year = match.groups()
    return protocol.person_claims(cccd, name, f"{year}{month}{day}"), {}


def _decide(request: HttpRequest) -> HttpResponse:
    try:
        auth = signing.loads(
            request.POST.get("request", ""), salt=REQUEST_SALT, max_age=REQUEST_MAX_AGE
        )
    except signing.BadSignature:
        return _render(
            request,
            "error.html",
            {"message": "Yêu cầu xác thực đã hết hạn. Hãy quay lại trang dịch vụ và thử lại."},
            status=400,
        )
    if request.POST.get("decision") != "approve":
        return _error_redirect(auth, "access_denied", "Người dùng từ chối chia sẻ thông tin.")
    choice = request.POST.get("identity", "")
    if choice in BY_KEY:
        person = BY_KEY[choice]
        claims = protocol.person_claims(person.cccd, person.full_name, person.birth)
    else:
        claims, errors = _typed_identity(request.POST)
        if claims is None:
            return _page(request, auth, errors)
    level = request.POST.get("muc", protocol.DEFAULT_LEVEL)
    if level not in protocol.ACR_BY_LEVEL:
        return _page(request, auth, {"muc": "Chọn mức 1 hoặc mức 2."})
    code = protocol.issue_code(auth, claims, level)
    params = {"code": code, "state": auth["state"]} if auth["state"] else {"code": code}
    return HttpResponseRedirect(protocol.with_params(auth["redirect_uri"], params))


def _client_credentials(request: HttpRequest) -> tuple[str, str]:
    header = request.headers.get("Authorization", "")
    if header.startswith("Basic "):
        try:
            decoded = base64.b64decode(header[6:], validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return "", ""
        given_id, _, given_secret = decoded.partition(":")
        # RFC 6749 §2.3.1: both are form-encoded before being joined.
        return unquote_plus(given_id), unquote_plus(given_secret)
    return request.POST.get("client_id", ""), request.POST.get("client_secret", "")


def _oauth_error(error: str, description: str, status: int = 400) -> JsonResponse:
    response = JsonResponse({"error": error, "error_description": description}, status=status)
    response["Cache-Control"] = "no-store"
    if status == 401:
        response["WWW-Authenticate"] = 'Basic realm="vneid-simulator"'
    return response


@csrf_exempt
@require_POST
def token(request: HttpRequest) -> JsonResponse:
    given_id, given_secret = _client_credentials(request)
    if not clients.client_is(given_id, given_secret):
        return _oauth_error("invalid_client", "Sai client_id hoặc client_secret.", 401)
    if request.POST.get("grant_type") != "authorization_code":
        return _oauth_error("unsupported_grant_type", "Chỉ hỗ trợ authorization_code.")
    try:
        entry = protocol.redeem_code(
            code=request.POST.get("code", ""),
            client_id=given_id,
            redirect_uri=request.POST.get("redirect_uri", ""),
            code_verifier=request.POST.get("code_verifier", ""),
        )
    except protocol.TokenError as exc:
        return _oauth_error(exc.error, exc.description, exc.status)
    response = JsonResponse(protocol.issue_tokens(entry, clients.issuer()))
    response["Cache-Control"] = "no-store"
    response["Pragma"] = "no-cache"
    return response


@csrf_exempt
@require_http_methods(["GET", "POST"])
def userinfo(request: HttpRequest) -> JsonResponse:
    header = request.headers.get("Authorization", "")
    claims = protocol.userinfo_for(header[7:] if header.startswith("Bearer ") else "")
    if claims is None:
        response = JsonResponse({"error": "invalid_token"}, status=401)
        response["WWW-Authenticate"] = 'Bearer error="invalid_token"'
        return response
    return JsonResponse(claims)
