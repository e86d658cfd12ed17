from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "tinhso.dossiers"
    label = "dossiers"
    verbose_name = "Hồ sơ thủ tục hành chính"

    def ready(self) -> None:
        from tinhso.dossiers.reactions import REACTIONS, resolve

        resolve(REACTIONS)  # every reaction's function exists, or start-up stops here
