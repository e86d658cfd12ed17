"""Routes of the local signing app (tinhso.signatures.providers.local_app): the officer's page,
and the two token-authenticated URLs the app itself calls."""

from django.urls import path

from tinhso.signatures import local_app_views as views

app_name = "signatures_local_app"
urlpatterns = [
    path("ky-so/ung-dung/<str:session_id>/", views.page, name="page"),
    path("ky-so/ung-dung/<str:session_id>/van-ban.pdf", views.document, name="document"),
    path("ky-so/ung-dung/<str:session_id>/tai-len/", views.upload, name="upload"),
]
