from django.urls import path

from tinhso.dossiers import (
    views_office,
    views_paperwork,
    views_public,
    views_result_signing,
    views_sealed_forms,
)

app_name = "dossiers"
urlpatterns = [
    path("tra-cuu/", views_public.track, name="track"),
    path("can-bo/", views_office.queues, name="office"),
    path("can-bo/ho-so/danh-sach/<slug:name>/", views_office.queues, name="office_queue"),
    path("can-bo/tiep-nhan/", views_office.reception_start, name="reception_start"),
    path("can-bo/tiep-nhan/<str:code>/", views_office.reception, name="reception"),
    path("can-bo/ho-so/<str:code>/", views_office.dossier_page, name="office_dossier"),
    path(
        "can-bo/ho-so/<str:code>/hanh-dong/<slug:action>/",
        views_office.dossier_action,
        name="office_action",
    ),
    path(
        "can-bo/ho-so/<str:code>/tep/<int:file_id>/",
        views_office.dossier_file,
        name="office_file",
    ),
    path(
        "can-bo/ho-so/<str:code>/mau-<str:form>.pdf",
        views_paperwork.form_pdf,
        name="form_pdf",
    ),
    path(
        "can-bo/ho-so/<str:code>/ket-qua/ky-so/",
        views_result_signing.result_sign,
        name="result_sign",
    ),
    path(
        "can-bo/ho-so/<str:code>/ket-qua/dong-dau/",
        views_result_signing.result_seal,
        name="result_seal",
    ),
    path(
        "can-bo/ho-so/<str:code>/mau-<str:form>/dong-dau/",
        views_sealed_forms.form_seal,
        name="form_seal",
    ),
    path("can-bo/so-theo-doi/", views_paperwork.register, name="register"),
]
