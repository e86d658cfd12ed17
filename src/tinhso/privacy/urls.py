from django.urls import path

from tinhso.privacy import views

app_name = "privacy"
urlpatterns = [
    path("tai-khoan/du-lieu-ca-nhan/", views.mine, name="mine"),
    path("tai-khoan/du-lieu-ca-nhan/dong-y/", views.consent, name="consent"),
    path("tai-khoan/du-lieu-ca-nhan/yeu-cau/", views.request_new, name="request_new"),
    path("bao-ve-du-lieu/truy-cap/", views.accesses, name="accesses"),
    path("bao-ve-du-lieu/yeu-cau/", views.requests, name="requests"),
    path("bao-ve-du-lieu/yeu-cau/<int:pk>/", views.request_detail, name="request"),
]
