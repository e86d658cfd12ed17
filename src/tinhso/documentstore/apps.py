from django.apps import AppConfig


class DocumentstoreConfig(AppConfig):
    name = "tinhso.documentstore"
    verbose_name = "Kho dữ liệu của công dân, doanh nghiệp"
