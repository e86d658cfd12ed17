from django.urls import path

from tinhso.submission import views

app_name = "submission"
urlpatterns = [
    path("nop-truc-tuyen/ho-so-nhap/", views.drafts, name="drafts"),
    path("nop-truc-tuyen/ho-so-nhap/<int:draft_id>/", views.draft_page, name="draft"),
    path("nop-truc-tuyen/ho-so-nhap/<int:draft_id>/xem-lai/", views.review, name="review"),
    path("nop-truc-tuyen/ho-so-nhap/<int:draft_id>/nop/", views.submit, name="submit"),
    path("nop-truc-tuyen/ho-so-nhap/<int:draft_id>/xoa/", views.draft_delete, name="delete"),
    path(
        "nop-truc-tuyen/ho-so-nhap/<int:draft_id>/tep/<int:file_id>/",
        views.draft_file,
        name="draft_file",
    ),
    path("nop-truc-tuyen/da-nop/<str:code>/", views.done, name="done"),
    path("nop-truc-tuyen/<str:code>/", views.start, name="start"),
]
