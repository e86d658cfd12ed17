from django.urls import path

from tinhso.documentstore import views

app_name = "documentstore"
urlpatterns = [
    path("kho-du-lieu/", views.paper_list, name="papers"),
    path("kho-du-lieu/<int:paper_id>/tai-ve/", views.paper_download, name="download"),
    path("kho-du-lieu/<int:paper_id>/xoa/", views.paper_delete, name="delete"),
]
