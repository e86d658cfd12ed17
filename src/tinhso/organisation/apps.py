from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "tinhso.organisation"
    label = "organisation"
    verbose_name = "Tổ chức bộ máy"
