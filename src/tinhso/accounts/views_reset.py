"""Password reset: a link by e-mail (Django's views) or a 6-digit code by SMS."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator

from tinhso.accounts import phone_reset, selectors
from tinhso.accounts.forms_reset import (
    EmailResetForm,
    NewPasswordForm,
    PhoneResetCodeForm,
    PhoneResetRequestForm,
)
from tinhso.audit.services import audit_record
from tinhso.core.ratelimit import rate_limited

PHONE_SESSION_KEY = "accounts.phone_reset"
TOO_MANY_RESETS = "Có quá nhiều yêu cầu lấy lại mật khẩu từ thiết bị này trong thời gian ngắn."


@method_decorator(rate_limited("password_reset", message=TOO_MANY_RESETS), name="dispatch")
class EmailResetView(auth_views.PasswordResetView):
    """The same answer whether or not the address has an account (no account discovery)."""

    form_class = EmailResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        # Links are built from SITE_URL, never from the request's Host header.
        self.extra_email_context = {
            "site_url": settings.SITE_URL,
            "province": settings.PROVINCE_NAME,
            "valid_hours": max(settings.PASSWORD_RESET_TIMEOUT // 3600, 1),
        }
        response = super().form_valid(form)
        for user in getattr(form, "users_sent", []):
            audit_record(
                actor=None,
                action="accounts.password.reset_link",
                target=user,
                summary="Gửi liên kết đặt lại mật khẩu qua thư điện tử",
                request=self.request,
            )
        return response


class EmailResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class EmailResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        audit_record(
            actor=form.user,
            action="accounts.password.reset",
            target=form.user,
            summary="Đặt lại mật khẩu bằng liên kết gửi qua thư điện tử",
            request=self.request,
        )
        return response


class EmailResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@rate_limited("password_reset", message=TOO_MANY_RESETS)
def phone_reset_request(request: HttpRequest) -> HttpResponse:
    form = PhoneResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        phone = form.cleaned_data["phone"]
        try:
            code_id = phone_reset.reset_code_send(phone=phone, request=request)
        except phone_reset.ResetRefused as exc:
            form.add_error(None, str(exc))
        else:
            request.session[PHONE_SESSION_KEY] = {
                "id": code_id or 0,
                "phone": selectors.mask_phone(phone),
            }
            return redirect("accounts:phone_reset_code")
    return render(
        request,
        "accounts/phone_reset_request.html",
        {"form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@rate_limited("password_reset", message=TOO_MANY_RESETS)
def phone_reset_code(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(PHONE_SESSION_KEY)
    if not pending:
        return redirect("accounts:phone_reset")
    form = PhoneResetCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            phone_reset.reset_with_code(
                code_id=pending["id"],
                code=form.cleaned_data["code"],
                new_password=form.cleaned_data["new_password1"],
                request=request,
            )
        except phone_reset.ResetRefused as exc:
            form.add_error("code", str(exc))
        except ValidationError as exc:
            form.add_error("new_password1", exc)
        else:
            del request.session[PHONE_SESSION_KEY]
            messages.success(request, "Đã đặt mật khẩu mới. Mời bạn đăng nhập.")
            return redirect("accounts:login")
    return render(
        request,
        "accounts/phone_reset_code.html",
        {
            "form": form,
            "phone": pending["phone"],
            "minutes": int(phone_reset.CODE_TTL.total_seconds() // 60),
            "max_codes": phone_reset.MAX_CODES,
        },
        status=400 if form.is_bound and form.errors else 200,
    )
