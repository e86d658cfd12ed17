from django.apps import AppConfig


class SimulatorsConfig(AppConfig):
    name = "tinhso.simulators"
    verbose_name = "Mô phỏng dịch vụ bên ngoài (VNeID, Cổng DVC quốc gia)"
