from django.apps import AppConfig


class NationalportalConfig(AppConfig):
    name = "tinhso.nationalportal"
    verbose_name = "Kết nối Cổng Dịch vụ công quốc gia"
