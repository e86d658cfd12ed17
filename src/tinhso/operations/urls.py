from django.urls import path

from tinhso.operations import views

app_name = "operations"
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("metrics", views.metrics, name="metrics"),
    path("tinh-trang-he-thong/", views.status, name="status"),
]
