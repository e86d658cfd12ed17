"""Sign-up pages: /dang-ky/ (citizen) and /dang-ky/doanh-nghiep/ (business)."""

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from tinhso.accounts import services, signin, vneid
from tinhso.accounts.constants import CONSENT_VERSION, SignInMethod
from tinhso.accounts.forms_signup import BusinessSignUpForm, CitizenSignUpForm
from tinhso.accounts.views import remember_sign_in

BACKEND = "tinhso.accounts.backends.IdentifierBackend"


def _add_errors(form, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _sign_up(request: HttpRequest, form_class, create, template: str) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:home")
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("password1", "password2")}
        try:
            user = create(password=form.cleaned_data["password1"], request=request, **data)
        except ValidationError as exc:
            _add_errors(form, exc)
        except IntegrityError:
            # Two sign-ups with the same number at the same moment: the second one lands here.
            form.add_error(
                None, "Số định danh hoặc mã số thuế này vừa được đăng ký. Hãy đăng nhập."
            )
        else:
            login(request, user, backend=BACKEND)
            signin.record_attempt(username=user.username, request=request, succeeded=True)
            remember_sign_in(request, SignInMethod.PASSWORD)
            messages.success(request, f"Đã tạo tài khoản. Tên đăng nhập của bạn: {user.username}.")
            return redirect("accounts:home")
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


def citizen_sign_up(request: HttpRequest) -> HttpResponse:
    return _sign_up(
        request, CitizenSignUpForm, services.citizen_sign_up, "accounts/signup_citizen.html"
    )


def business_sign_up(request: HttpRequest) -> HttpResponse:
    return _sign_up(
        request, BusinessSignUpForm, services.business_sign_up, "accounts/signup_business.html"
    )
