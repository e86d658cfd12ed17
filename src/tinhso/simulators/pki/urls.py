from django.urls import path

from tinhso.simulators.pki import views

app_name = "pki"
urlpatterns = [
    path("tsa/", views.timestamp, name="tsa"),
    path("pki/ca.crl", views.crl, name="crl"),
    path("pki/root.crt", views.root, name="root"),
    path("pki/ocsp", views.ocsp_responder, name="ocsp"),
]
