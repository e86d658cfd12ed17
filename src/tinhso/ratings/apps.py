from django.apps import AppConfig


class RatingsConfig(AppConfig):
    name = "tinhso.ratings"
    verbose_name = "Đánh giá mức độ hài lòng"

    def ready(self) -> None:
        from tinhso.dossiers.reactions import resolve
        from tinhso.ratings.reactions import REACTIONS

        resolve(REACTIONS)
