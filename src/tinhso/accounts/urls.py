from django.contrib.auth import views as auth_views
from django.urls import path

from tinhso.accounts import views, views_reset, views_signup, views_vneid

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", views.SignInView.as_view(), name="login"),
    path("dang-nhap/vneid/", views_vneid.start, name="vneid_start"),
    path("dang-nhap/vneid/ket-qua/", views_vneid.callback, name="vneid_callback"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("dang-ky/", views_signup.citizen_sign_up, name="signup"),
    path("dang-ky/doanh-nghiep/", views_signup.business_sign_up, name="signup_business"),
    path("dang-ky/da-gui/", views_signup.sign_up_sent, name="signup_sent"),
    path("dang-ky/xac-nhan/<str:token>/", views_signup.sign_up_confirm, name="signup_confirm"),
    path("doi-mat-khau/", views.PasswordChangeView.as_view(), name="password_change"),
    path("quen-mat-khau/", views_reset.EmailResetView.as_view(), name="password_reset"),
    path(
        "quen-mat-khau/da-gui/",
        views_reset.EmailResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "dat-lai-mat-khau/<uidb64>/<token>/",
        views_reset.EmailResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "dat-lai-mat-khau/hoan-tat/",
        views_reset.EmailResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("quen-mat-khau/dien-thoai/", views_reset.phone_reset_request, name="phone_reset"),
    path(
        "quen-mat-khau/dien-thoai/nhap-ma/",
        views_reset.phone_reset_code,
        name="phone_reset_code",
    ),
    path("tai-khoan/", views.home, name="home"),
]
