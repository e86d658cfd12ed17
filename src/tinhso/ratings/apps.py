from django.apps import AppConfig


class RatingsConfig(AppConfig):
    name = "tinhso.ratings"
    verbose_name = "Đánh giá mức độ hài lòng"
