"""Paging long dossier lists in two steps, so that a page costs the same on page 1 and 1,000.

Step one asks only for the page's ids, which the queue indexes answer without reading the
table (index-only scans); step two loads those rows with their relations. Sorting the full
rows of every matching dossier before cutting a page was most of a queue's time with a
million dossiers (bench/dossiers_bench.py).

A browse list that can hold a whole province ("Tất cả") is not counted: counting 100,000
dossiers costs more than the page itself. It shows "Trang sau" while there is more, up to
`max_pages`, beyond which the officer searches by code.
"""

from collections.abc import Sequence
from functools import cached_property

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import QuerySet


class UncountedPage(Page):
    def __init__(self, object_list, number: int, paginator: "TwoStepPaginator", more: bool):
        super().__init__(object_list, number, paginator)
        self.more = more

    def has_next(self) -> bool:
        return self.more

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


class TwoStepPaginator(Paginator):
    def __init__(
        self,
        object_list: QuerySet,
        per_page: int,
        *,
        related: Sequence[str] = (),
        counted: bool = True,
        max_pages: int | None = None,
    ) -> None:
        super().__init__(object_list, per_page)
        self.related = tuple(related)
        self.counted = counted
        self.max_pages = max_pages

    @cached_property
    def count(self) -> int | None:
        return self.object_list.count() if self.counted else None

    def _rows(self, ids: list[int]) -> list:
        rows = self.object_list.model._default_manager.select_related(*self.related).in_bulk(ids)
        return [rows[pk] for pk in ids if pk in rows]

    def page(self, number) -> Page:
        if not self.counted:
            return self._uncounted_page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        ids = list(self.object_list.values_list("pk", flat=True)[bottom : bottom + self.per_page])
        return self._get_page(self._rows(ids), number, self)

    def get_page(self, number) -> Page:
        if self.counted:
            return super().get_page(number)
        try:
            number = max(1, int(number or 1))
        except (TypeError, ValueError):
            number = 1
        return self._uncounted_page(min(number, self.max_pages or number))

    def _uncounted_page(self, number: int) -> Page:
        try:
            number = int(number)
        except (TypeError, ValueError) as e:
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from e
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        bottom = (number - 1) * self.per_page
        ids = list(
            self.object_list.values_list("pk", flat=True)[bottom : bottom + self.per_page + 1]
        )
        more = len(ids) > self.per_page and (self.max_pages is None or number < self.max_pages)
        return UncountedPage(self._rows(ids[: self.per_page]), number, self, more)
