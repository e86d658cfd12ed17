"""List (and with --delete remove) stored files no row points at.

Files written in a transaction that rolls back are removed at once (tinhso.core.files); this
is the backstop for a process killed between writing a file and committing its row. Only
files older than --older-than-hours are touched, so uploads of requests still running stay.
"""

from argparse import ArgumentParser
from datetime import timedelta
from typing import Any

from django.apps import apps
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.db import models
from django.utils import timezone

from tinhso.core.storage import stored_files


def referenced_names() -> set[str]:
    """Every name a FileField of an installed model holds."""
    names: set[str] = set()
    for model in apps.get_models():
        for f in model._meta.get_fields():
            if isinstance(f, models.FileField):
                values = model._default_manager.exclude(**{f.name: ""}).values_list(
                    f.name, flat=True
                )
                names.update(str(v) for v in values.iterator() if v)
    return names


def orphans(older_than_hours: float) -> list[str]:
    """Names in the default storage (local disk or S3) older than the cut-off that no row
    holds. The rows are read first: a file stored meanwhile is newer than the cut-off."""
    keep = referenced_names()
    cutoff = timezone.now() - timedelta(hours=older_than_hours)
    return sorted(
        found.name
        for found in stored_files(default_storage)
        if found.name not in keep and found.modified < cutoff
    )


class Command(BaseCommand):
    help = "Liệt kê (--delete: xóa) các tệp lưu trữ không còn bản ghi nào trỏ tới."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--delete", action="store_true", help="Xóa các tệp mồ côi.")
        parser.add_argument(
            "--older-than-hours",
            type=float,
            default=24.0,
            help="Chỉ xét tệp cũ hơn số giờ này (mặc định 24).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        found = orphans(options["older_than_hours"])
        for name in found:
            if options["delete"]:
                default_storage.delete(name)
            self.stdout.write(name)
        verb = "Đã xóa" if options["delete"] else "Tìm thấy"
        self.stdout.write(f"{verb} {len(found)} tệp không còn bản ghi.")
