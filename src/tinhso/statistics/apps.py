from django.apps import AppConfig


class StatisticsConfig(AppConfig):
    name = "tinhso.statistics"
    label = "statistics"
    verbose_name = "Thống kê, báo cáo"
