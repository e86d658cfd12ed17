"""Sign-in with VNeID: /dang-nhap/vneid/ sends the browser to VNeID; it comes back to
/dang-nhap/vneid/ket-qua/ (the redirect URI registered with VNeID).

Every failure ends on the sign-in page with a Vietnamese message, a failed sign-in record
and an audit event; none is a server error.
"""

import logging
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from tinhso.accounts import assurance, oidc, signin, vneid
from tinhso.accounts.constants import SignInMethod
from tinhso.accounts.views import remember_sign_in
from tinhso.audit.services import audit_record
from tinhso.core.ratelimit import rate_limited

logger = logging.getLogger(__name__)
PENDING_KEY = "accounts.vneid.pending"
MAX_PENDING = 5  # sign-ins started in other tabs and not finished yet
BACKEND = "tinhso.accounts.backends.IdentifierBackend"
TOO_MANY_CALLBACKS = "Có quá nhiều lượt đăng nhập bằng VNeID từ thiết bị này trong thời gian ngắn."


def _safe_next(request: HttpRequest, value: str) -> str:
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return ""


def _fail(request: HttpRequest, reason: str, detail: str = "", username: str = "") -> HttpResponse:
    message = vneid.MESSAGES.get(reason, vneid.MESSAGES["provider_error"])
    logger.info("Đăng nhập VNeID không thành công: %s %s", reason, detail)
    with transaction.atomic():
        signin.record_attempt(
            username=username or "(VNeID)",
            request=request,
            succeeded=False,
            method=SignInMethod.VNEID,
        )
        audit_record(
            actor=None,
            action="accounts.vneid.fail",
            summary=f"Đăng nhập VNeID không thành công ({reason}): {detail}"[:1000],
            request=request,
        )
    messages.error(request, message)
    return redirect("accounts:login")


@never_cache
@require_GET
def start(request: HttpRequest) -> HttpResponse:
    provider = vneid.provider()
    if provider is None:
        return _fail(request, "disabled")
    try:
        url, pending = oidc.authorization_request(provider)
    except oidc.OidcError as exc:
        return _fail(request, exc.reason, exc.detail)
    pending["next"] = _safe_next(request, request.GET.get("next", ""))
    flows = request.session.get(PENDING_KEY, {})
    flows[pending["state"]] = pending
    # Keep the newest few only.
    newest = sorted(flows.items(), key=lambda item: item[1]["created"])[-MAX_PENDING:]
    request.session[PENDING_KEY] = dict(newest)
    return HttpResponseRedirect(url)


def _take_pending(request: HttpRequest, state: str) -> dict | None:
    flows = request.session.get(PENDING_KEY, {})
    pending = flows.pop(state, None) if state else None
    request.session[PENDING_KEY] = flows
    if pending is None or time.time() - pending["created"] > oidc.PENDING_TTL:
        return None
    return pending


@never_cache
@require_GET
@rate_limited("vneid_callback", methods=("GET",), message=TOO_MANY_CALLBACKS)
def callback(request: HttpRequest) -> HttpResponse:
    # state first (OIDC Core §3.1.2.7; RFC 6749 §10.12): nothing is believed without it.
    pending = _take_pending(request, request.GET.get("state", ""))
    if pending is None:
        return _fail(request, "state", "unknown, reused or expired state")
    error = request.GET.get("error")
    if error:
        reason = "refused" if error == "access_denied" else "provider_error"
        return _fail(request, reason, f"{error}: {request.GET.get('error_description', '')}")
    code = request.GET.get("code", "")
    if not code:
        return _fail(request, "provider_error", "no code in the answer")
    provider = vneid.provider()
    if provider is None:
        return _fail(request, "disabled")
    try:
        id_claims, userinfo = oidc.exchange(provider, code=code, pending=pending)
        person = vneid.person_from_claims(id_claims, userinfo)
        try:
            user = vneid.vneid_account(person, request=request)
        except IntegrityError:
            # The same person's first sign-in in two tabs at once: the other one created the
            # account; this one now finds it.
            user = vneid.vneid_account(person, request=request)
    except (oidc.OidcError, vneid.SignInRefused) as exc:
        return _fail(request, exc.reason, exc.detail)
    except ValidationError as exc:
        # VNeID's data do not fit an account (a name too long, say).
        return _fail(request, "claims", "; ".join(exc.messages))
    login(request, user, backend=BACKEND)
    # The level of the VNeID account used (Nghị định 69/2024/NĐ-CP), from the ID token's acr.
    acr = str(id_claims.get("acr") or "")
    signin.record_attempt(
        username=user.username,
        request=request,
        succeeded=True,
        method=SignInMethod.VNEID,
        assurance=assurance.level_from_acr(acr),
        acr=acr,
    )
    remember_sign_in(request, SignInMethod.VNEID)
    messages.success(request, f"Đã đăng nhập bằng VNeID. Xin chào {user.full_name}.")
    return redirect(pending.get("next") or resolve_url(settings.LOGIN_REDIRECT_URL))
