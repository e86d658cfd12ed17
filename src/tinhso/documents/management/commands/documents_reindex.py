"""Rebuild the search index of documents (tinhso.documents.models.search)."""

from typing import Any

from django.core.management.base import BaseCommand

from tinhso.documents.search import reindex


class Command(BaseCommand):
    help = "Dựng lại chỉ mục tìm kiếm văn bản (toàn văn, không dấu)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = reindex()
        self.stdout.write(f"Đã lập chỉ mục {count} văn bản.")
