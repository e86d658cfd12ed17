from django.apps import AppConfig


class NationalportalConfig(AppConfig):
    name = "tinhso.nationalportal"
    verbose_name = "Kết nối Cổng Dịch vụ công quốc gia"

    def ready(self) -> None:
        from tinhso.dossiers.signals import dossier_changed
        from tinhso.nationalportal.receivers import on_dossier_changed

        dossier_changed.connect(on_dossier_changed, dispatch_uid="nationalportal.status")
