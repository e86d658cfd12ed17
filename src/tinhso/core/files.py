"""Stored files written so that a rolled-back transaction leaves none behind.

They are served only through tinhso.dossiers.downloads.file_response, by views that first
check who may read them; there is no /media/ URL.
"""

from __future__ import annotations

import contextlib
import weakref
from typing import Any

from django.core.files import File
from django.core.files.storage import Storage
from django.db import transaction
from django.db.models.fields.files import FieldFile


class _Committed:
    """Registered with transaction.on_commit: runs (and says so) when the write is kept.

    When the transaction or the savepoint around the write rolls back, Django drops its
    pending on_commit callbacks; this object is then freed and its finalizer deletes the
    file. That is the only rollback hook Django gives, and it is savepoint-aware.
    """

    def __init__(self, state: dict[str, bool]) -> None:
        self.state = state

    def __call__(self) -> None:
        self.state["committed"] = True


def _delete_unless_committed(storage: Storage, name: str, state: dict[str, bool]) -> None:
    if not state["committed"]:
        with contextlib.suppress(OSError):  # nothing to clean, or the store is away
            storage.delete(name)


def delete_on_rollback(storage: Storage, name: str, using: str | None = None) -> None:
    """Delete the stored file `name` if the transaction it was written in rolls back."""
    if not transaction.get_connection(using).in_atomic_block:
        return  # autocommit: the row was written at once, there is nothing to roll back
    state = {"committed": False}
    marker = _Committed(state)
    weakref.finalize(marker, _delete_unless_committed, storage, name, state)
    transaction.on_commit(marker, using=using)


def file_keep(field_file: FieldFile, name: str, content: File[Any]) -> None:
    """Write `content` under `name` (random, from tinhso.dossiers.intake) into the field's
    storage, cleaned up if the surrounding transaction rolls back."""
    content.seek(0)
    field_file.save(name, content, save=False)
    delete_on_rollback(field_file.storage, field_file.name or "")


def delete_after_commit(field_file: FieldFile) -> None:
    """Delete the stored file once the row that points at it is gone for good. A store that
    fails then is logged and the file left to `files_orphans`: the change is committed."""
    storage, name = field_file.storage, field_file.name
    if name:
        transaction.on_commit(lambda: storage.delete(name), robust=True)
