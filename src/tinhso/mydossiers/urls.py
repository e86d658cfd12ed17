from django.urls import path

from tinhso.mydossiers import views

app_name = "mydossiers"
urlpatterns = [
    path("ho-so-cua-toi/", views.dossier_list, name="list"),
    path("ho-so-cua-toi/<str:code>/", views.dossier_detail, name="detail"),
    path("ho-so-cua-toi/<str:code>/tep/<int:file_id>/", views.dossier_file, name="file"),
    path("ho-so-cua-toi/<str:code>/bo-sung/", views.supplement, name="supplement"),
    path(
        "ho-so-cua-toi/<str:code>/bo-sung/tep/<int:draft_id>/",
        views.draft_file,
        name="draft_file",
    ),
    path(
        "ho-so-cua-toi/<str:code>/bo-sung/tep/<int:draft_id>/bo/",
        views.draft_remove,
        name="draft_remove",
    ),
    path("ho-so-cua-toi/<str:code>/rut-ho-so/", views.withdraw, name="withdraw"),
    path("ho-so-cua-toi/<str:code>/nhan-ket-qua/", views.delivery, name="delivery"),
    path("ho-so-cua-toi/<str:code>/danh-gia/", views.rate, name="rate"),
    path("ho-so-cua-toi/<str:code>/bieu-mau/<str:form>/", views.issued_form, name="form"),
]
