"""Search, file downloads and the access log, under /van-ban/."""

from django.urls import path

from tinhso.documents import views_files

urlpatterns = [
    path("tim-kiem/", views_files.search_page, name="search"),
    path("<int:pk>/tep/<int:file_id>/", views_files.file_download, name="file_download"),
    path("<int:pk>/nhat-ky-truy-cap/", views_files.access_log_page, name="access_log"),
]
