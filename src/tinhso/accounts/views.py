from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy

from tinhso.accounts import selectors, services
from tinhso.accounts.forms import SignInForm


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:home")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_changed(user=self.request.user, request=self.request)
        messages.success(self.request, "Đã đổi mật khẩu.")
        return response


@login_required
def home(request: HttpRequest) -> HttpResponse:
    roles = selectors.staff_roles(request.user) if selectors.is_staff_member(request.user) else []
    return render(request, "accounts/home.html", {"roles": roles})
