from django.urls import path

from tinhso.simulators.smartca import views

app_name = "smartca_sim"
API = "sca/sp769/v1/"
urlpatterns = [
    path("", views.index, name="index"),
    path(
        "<str:transaction_id>/<str:decision>/",
        views.decide,
        name="decide",
    ),
    path(f"{API}credentials/get_certificate", views.get_certificate, name="get_certificate"),
    path(f"{API}signatures/sign", views.sign, name="sign"),
    path(f"{API}signatures/sign/<str:transaction_id>/status", views.status, name="status"),
]
