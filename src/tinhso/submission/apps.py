from django.apps import AppConfig


class SubmissionConfig(AppConfig):
    name = "tinhso.submission"
    verbose_name = "Nộp hồ sơ trực tuyến"
