from django.urls import path

from tinhso.statistics import public_views, views

app_name = "statistics"
urlpatterns = [
    path("thong-ke/", public_views.public_statistics_page, name="public"),
    path("can-bo/thong-ke/xuat/bao-cao.xlsx", views.report_xlsx, name="report_xlsx"),
    path("can-bo/thong-ke/xuat/bao-cao.pdf", views.report_pdf, name="report_pdf"),
    path("can-bo/thong-ke/xuat/chi-so-766.xlsx", views.index_766_xlsx, name="index_766_xlsx"),
]
