from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils import timezone

from tinhso.accounts import selectors, services, vneid
from tinhso.accounts.access import user_is_staff
from tinhso.accounts.constants import AccountKind, SignInMethod
from tinhso.accounts.forms import SignInForm
from tinhso.privacy import access as privacy_access
from tinhso.privacy import selectors as privacy

# What the session remembers about how its owner signed in (shown on the account page).
SIGNIN_SESSION_KEY = "accounts.signin"
IDENTIFIER_LABELS = {
    "username": "tên đăng nhập",
    "email": "thư điện tử",
    "phone": "số điện thoại",
}


def remember_sign_in(request: HttpRequest, method: str, via: str = "") -> None:
    request.session[SIGNIN_SESSION_KEY] = {
        "method": method,
        "via": via,
        "at": timezone.now().isoformat(),
    }


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["vneid_enabled"] = vneid.is_enabled()
        return context

    def form_invalid(self, form):
        response = super().form_invalid(form)
        # Throttled: 429, with the page and what was typed kept.
        if any(e.code == "throttled" for e in form.non_field_errors().as_data()):
            response.status_code = 429
        return response

    def form_valid(self, form):
        response = super().form_valid(form)
        typed = form.cleaned_data.get("username", "")
        remember_sign_in(
            self.request,
            SignInMethod.PASSWORD,
            selectors.identifier_kind(typed, form.get_user()),
        )
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:home")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_changed(user=self.request.user, request=self.request)
        messages.success(self.request, "Đã đổi mật khẩu.")
        return response


def _sign_in_text(request: HttpRequest) -> str:
    info = request.session.get(SIGNIN_SESSION_KEY) or {}
    if info.get("method") == SignInMethod.VNEID:
        return "bằng tài khoản định danh điện tử VNeID"
    if info.get("method") == SignInMethod.PASSWORD:
        via = IDENTIFIER_LABELS.get(info.get("via", ""), "")
        return f"bằng {via} và mật khẩu" if via else "bằng mật khẩu"
    return ""


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The signed-in person's own account: what we hold about them and how they signed in.

    Only ever the requesting user's data (regulations.md §10.1: personal data shown to the
    person it is about); the CCCD is masked unless they choose to reveal it.
    """
    user = request.user
    roles = selectors.staff_roles(user) if user_is_staff(user) else []
    return render(
        request,
        "accounts/home.html",
        {
            "roles": roles,
            "is_citizen": user.kind == AccountKind.CITIZEN,
            "is_business": user.kind == AccountKind.BUSINESS,
            "masked_cccd": selectors.mask_cccd(user.cccd),
            "sign_in_text": _sign_in_text(request),
            "recent_sign_ins": selectors.recent_sign_ins(user),
            "vneid_link": selectors.vneid_identity(user),
            "has_password": user.has_usable_password(),
            # Issue 12 item 17: optional consents, withdrawn from here; the DPO's pages.
            "consents": privacy.consents_of(user),
            "is_data_protection_officer": privacy_access.user_is_data_protection_officer(user),
        },
    )
