from django.urls import path

from tinhso.signatures import remote_views

app_name = "signatures_remote"
urlpatterns = [
    path("ky-so/tu-xa/webhook/", remote_views.webhook, name="webhook"),
    path("can-bo/ky-so/tu-xa/<str:session_id>/", remote_views.session_page, name="session"),
    path(
        "can-bo/ky-so/tu-xa/<str:session_id>/kiem-tra/",
        remote_views.session_check,
        name="session_check",
    ),
]
