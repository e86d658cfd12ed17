from django.apps import AppConfig


class StatisticsConfig(AppConfig):
    name = "tinhso.statistics"
    label = "statistics"
    verbose_name = "Thống kê, báo cáo"

    def ready(self) -> None:
        from tinhso.dossiers.signals import dossier_changed
        from tinhso.ratings.signals import rating_given
        from tinhso.statistics import services

        dossier_changed.connect(services.on_dossier_changed, dispatch_uid="statistics_aggregates")
        rating_given.connect(services.on_rating_given, dispatch_uid="statistics_ratings")
