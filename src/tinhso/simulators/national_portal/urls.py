from django.urls import path

from tinhso.simulators.national_portal import views

app_name = "national_portal_sim"
urlpatterns = [
    path("", views.index, name="index"),
    path("trang-thai/", views.status_receiver, name="status"),
    path("da-nhan/", views.ledger, name="ledger"),
    path("su-co/", views.outage, name="outage"),
    path("gui-ho-so/", views.send_sample, name="send_sample"),
]
