from django.apps import AppConfig


class WorkCalendarConfig(AppConfig):
    name = "tinhso.workcalendar"
    label = "workcalendar"
    verbose_name = "Lịch làm việc"

    def ready(self) -> None:
        from django.db import transaction
        from django.db.models.signals import post_delete, post_save

        from tinhso.workcalendar.calendar import clear_cache
        from tinhso.workcalendar.models import CalendarDay, CalendarYear

        def _clear(*, using: str | None = None, **kwargs: object) -> None:
            # Now, so the rest of the transaction sees the change, and again after commit, so
            # a value cached in between from uncommitted data does not outlive a rollback.
            clear_cache()
            transaction.on_commit(clear_cache, using=using)

        for model in (CalendarDay, CalendarYear):
            uid = f"workcalendar-{model.__name__}"
            post_save.connect(_clear, sender=model, weak=False, dispatch_uid=f"{uid}-save")
            post_delete.connect(_clear, sender=model, weak=False, dispatch_uid=f"{uid}-delete")
