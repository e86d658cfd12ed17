"""Payment pages and callbacks under /thanh-toan/."""

from django.urls import path

from tinhso.payments import (
    views_callbacks,
    views_citizen,
    views_counter,
    views_receipts,
    views_reports,
)

app_name = "payments"
urlpatterns = [
    path("thanh-toan/<str:provider>/ipn/", views_callbacks.ipn, name="ipn"),
    path("thanh-toan/doi-soat/", views_reports.reconciliation, name="reconciliation"),
    path("thanh-toan/bien-lai/<int:pk>/", views_receipts.receipt_pdf, name="receipt"),
    path("ho-so-cua-toi/<str:code>/thanh-toan/", views_citizen.pay, name="pay"),
    path(
        "ho-so-cua-toi/<str:code>/thanh-toan/ket-qua/",
        views_citizen.returned,
        name="returned",
    ),
    path(
        "can-bo/ho-so/<str:code>/thu-phi/",
        views_counter.counter_payment,
        name="counter",
    ),
]
