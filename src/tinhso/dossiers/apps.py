from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "tinhso.dossiers"
    label = "dossiers"
    verbose_name = "Hồ sơ thủ tục hành chính"

    def ready(self) -> None:
        from tinhso.dossiers.reactions import REACTIONS, resolve

        resolve(REACTIONS)  # every reaction's function exists, or start-up stops here

        # Issue 12 item 17: closed dossiers go under the retention schedule of personal data.
        from tinhso.dossiers.retention import closed_dossiers_anonymise
        from tinhso.privacy.retention import register

        register("closed_dossiers", "Hồ sơ đã kết thúc (khử nhận dạng)", closed_dossiers_anonymise)
