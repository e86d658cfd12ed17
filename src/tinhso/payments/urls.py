"""Payment pages and callbacks under /thanh-toan/."""

from django.urls import path

from tinhso.payments import views_callbacks

app_name = "payments"
urlpatterns = [
    path("thanh-toan/<str:provider>/ipn/", views_callbacks.ipn, name="ipn"),
]
