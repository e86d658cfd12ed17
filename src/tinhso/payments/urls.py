"""Payment pages and callbacks under /thanh-toan/."""

from django.urls import path

from tinhso.payments import views_callbacks, views_reports

app_name = "payments"
urlpatterns = [
    path("thanh-toan/<str:provider>/ipn/", views_callbacks.ipn, name="ipn"),
    path("thanh-toan/doi-soat/", views_reports.reconciliation, name="reconciliation"),
]
