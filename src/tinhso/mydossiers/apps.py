from django.apps import AppConfig


class MydossiersConfig(AppConfig):
    name = "tinhso.mydossiers"
    verbose_name = "Hồ sơ của tôi"

    def ready(self) -> None:
        from tinhso.dossiers.signals import dossier_changed
        from tinhso.mydossiers.receivers import on_dossier_changed

        dossier_changed.connect(on_dossier_changed, dispatch_uid="mydossiers.on_dossier_changed")
