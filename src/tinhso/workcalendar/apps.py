from django.apps import AppConfig


class WorkCalendarConfig(AppConfig):
    name = "tinhso.workcalendar"
    label = "workcalendar"
    verbose_name = "Lịch làm việc"
