"""Sign-up pages: /dang-ky/ (citizen) and /dang-ky/doanh-nghiep/ (business)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from tinhso.accounts import selectors, services, signup_confirm, vneid
from tinhso.accounts.constants import CONSENT_VERSION
from tinhso.accounts.forms_signup import BusinessSignUpForm, CitizenSignUpForm
from tinhso.accounts.models import User
from tinhso.core.ratelimit import rate_limited

SENT_SESSION_KEY = "accounts.signup_sent"
TOO_MANY_SIGN_UPS = "Có quá nhiều lượt đăng ký tài khoản từ thiết bị này trong thời gian ngắn."


def _add_errors(form, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _only_taken(exc: ValidationError) -> bool:
    """The service refused only because a number or contact is taken (a race with another
    sign-up): answered like any other duplicate, never as a field error."""
    taken = set(services.TAKEN.values())
    return all(
        field in services.TAKEN and set(messages_) <= taken
        for field, messages_ in exc.message_dict.items()
    )


def _identity(data: dict) -> dict[str, str]:
    keys = ("cccd", "tax_code", "email", "phone")
    return {key: data.get(key) or "" for key in keys}


def _live_owners(request: HttpRequest, data: dict) -> list[User]:
    """The accounts holding this sign-up's data, once stale unconfirmed sign-ups are gone."""
    owners = []
    for owner in services.sign_up_owners(**_identity(data)):
        if signup_confirm.is_stale(owner):
            signup_confirm.pending_discard(owner, reason="đăng ký mới", request=request)
        else:
            owners.append(owner)
    return owners


def _sign_up(request: HttpRequest, form_class, create, template: str) -> HttpResponse:
    """Every well-formed sign-up gets the same answer (a redirect to "check your messages"),
    whether or not its CCCD, tax code, e-mail or phone already has an account
    (accounts/signup_confirm.py). Format errors are still shown next to their fields."""
    if request.user.is_authenticated:
        return redirect("accounts:home")
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("password1", "password2")}
        password = form.cleaned_data["password1"]
        owners = _live_owners(request, data)
        if not owners:
            try:
                create(password=password, request=request, **data)
            except ValidationError as exc:
                if not _only_taken(exc):
                    _add_errors(form, exc)
                owners = services.sign_up_owners(**_identity(data))
            except IntegrityError:
                # Two sign-ups with the same number at the same moment: the second lands here.
                owners = services.sign_up_owners(**_identity(data))
        else:
            User().set_password(password)  # the same work as creating an account
        if owners:
            with transaction.atomic():
                signup_confirm.duplicate_tell(
                    owners=owners,
                    typed_email=data.get("email", ""),
                    typed_phone=data.get("phone", ""),
                    request=request,
                )
        if not form.errors:
            request.session[SENT_SESSION_KEY] = {
                "email": mask_email(data.get("email", "")),
                "phone": selectors.mask_phone(data.get("phone", "")),
            }
            return redirect("accounts:signup_sent")
    return render(
        request,
        template,
        {
            "form": form,
            "vneid_enabled": vneid.is_enabled(),
            "consent_version": CONSENT_VERSION,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def mask_email(email: str) -> str:
    """'anh.nguyen@example.vn' → 'a*********@example.vn'."""
    local, _, domain = email.partition("@")
    if not domain:
        return ""
    return local[:1] + "*" * max(len(local) - 1, 3) + "@" + domain


def sign_up_sent(request: HttpRequest) -> HttpResponse:
    """The one answer to every sign-up: where the message to finish it was sent."""
    sent = request.session.get(SENT_SESSION_KEY)
    if not sent:
        return redirect("accounts:signup")
    return render(
        request,
        "accounts/signup_sent.html",
        {"sent": sent, "vneid_enabled": vneid.is_enabled()},
    )


def sign_up_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the message: activates the account, then the person signs in."""
    user = signup_confirm.account_confirm(token, request=request)
    if user is None:
        return render(request, "accounts/signup_confirm_failed.html", status=400)
    request.session.pop(SENT_SESSION_KEY, None)
    messages.success(
        request,
        f"Đã kích hoạt tài khoản. Tên đăng nhập của bạn: {user.username}. Mời bạn đăng nhập "
        "bằng tên đăng nhập, thư điện tử hoặc số điện thoại đã khai và mật khẩu đã đặt.",
    )
    return redirect("accounts:login")


@rate_limited("signup", message=TOO_MANY_SIGN_UPS)
def citizen_sign_up(request: HttpRequest) -> HttpResponse:
    return _sign_up(
        request, CitizenSignUpForm, services.citizen_sign_up, "accounts/signup_citizen.html"
    )


@rate_limited("signup", message=TOO_MANY_SIGN_UPS)
def business_sign_up(request: HttpRequest) -> HttpResponse:
    return _sign_up(
        request, BusinessSignUpForm, services.business_sign_up, "accounts/signup_business.html"
    )
