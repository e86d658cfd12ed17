from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "tinhso.documents"
    label = "documents"
    verbose_name = "Quản lý văn bản và điều hành"

    def ready(self) -> None:
        from tinhso.documents.reactions import REACTIONS
        from tinhso.dossiers.reactions import resolve

        resolve(REACTIONS)
