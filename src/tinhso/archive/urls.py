"""Pages of the archive under /luu-tru/."""

from django.urls import path

from tinhso.archive import views

app_name = "archive"
urlpatterns = [
    path("luu-tru/", views.home, name="home"),
    path("luu-tru/danh-muc/<int:pk>/", views.plan, name="plan"),
    path("luu-tru/danh-muc/<int:pk>/phe-duyet/", views.plan_approve, name="plan_approve"),
    path("luu-tru/ho-so/<int:pk>/", views.record_file, name="file"),
    path("luu-tru/ho-so/<int:pk>/ket-thuc/", views.file_close, name="file_close"),
    path("luu-tru/ho-so/<int:pk>/mo-lai/", views.file_reopen, name="file_reopen"),
    path("luu-tru/ho-so/<int:pk>/nop-luu/", views.file_transfer, name="file_transfer"),
    path("luu-tru/ho-so/<int:pk>/ho-so.pdf", views.file_pdf, name="file_pdf"),
    path("luu-tru/ho-so/<int:pk>/ho-so.xml", views.file_xml, name="file_xml"),
]
