"""Where stored files live: local disk (MEDIA_ROOT) or an S3-compatible object store.

settings.STORAGES["default"] names one of the two classes below (tinhso.envvars.s3_storage).
Both say the same thing when the store fails: StorageUnavailable, an OSError, so that code
which already copes with an unreadable file (result signing, the archive export, the
rollback clean-up in tinhso.core.files) copes with an unreachable store too, and
tinhso.core.storage_down answers a request it stops with a 503 page instead of a 500. A file
that is simply not there stays FileNotFoundError (the file views answer 404).

Files go back to browsers only through the access-checking views
(tinhso.dossiers.downloads.file_response): objects are private, and no URL to the bucket is
ever handed out.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import IO, Any, NamedTuple

from boto3.exceptions import Boto3Error
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage
from s3transfer.exceptions import RetriesExceededError, S3DownloadFailedError, S3UploadFailedError
from storages.backends.s3 import S3Storage as _S3Storage
from storages.utils import clean_name

MESSAGE = "Kho lưu trữ tệp tạm thời không truy cập được."

# An unreachable store must not hold a request for minutes: fail fast, retry once.
CONNECT_TIMEOUT_SECONDS = 5
READ_TIMEOUT_SECONDS = 30
MAX_ATTEMPTS = 2
# A file read back is held in memory up to this size, then in a temporary file.
READ_MEMORY_BYTES = 2 * 1024 * 1024

_S3_FAULTS = (
    BotoCoreError,
    ClientError,
    Boto3Error,
    RetriesExceededError,
    S3DownloadFailedError,
    S3UploadFailedError,
)


class StoredFile(NamedTuple):
    name: str  # "folder/name", relative to the storage's root (or bucket prefix)
    modified: datetime
    size: int


class StorageUnavailable(OSError):
    """The file store could not be reached, or refused to do what it was asked."""

    def __init__(self, action: str) -> None:
        super().__init__(f"{MESSAGE} ({action})")
        self.action = action


@contextlib.contextmanager
def _s3_faults(action: str) -> Iterator[None]:
    try:
        yield
    except _S3_FAULTS as exc:
        raise StorageUnavailable(action) from exc


@contextlib.contextmanager
def _disk_faults(action: str) -> Iterator[None]:
    try:
        yield
    except (FileNotFoundError, StorageUnavailable):
        raise
    except OSError as exc:  # a full or read-only disk, a lost network mount, permissions
        raise StorageUnavailable(action) from exc


class LocalStorage(FileSystemStorage):
    """MEDIA_ROOT on local disk (`make run`, the tests, a single-server install)."""

    def open(self, name: str, mode: str = "rb") -> File[Any]:
        with _disk_faults("đọc"):
            return super().open(name, mode)

    def save(self, name: str | None, content: IO[Any], max_length: int | None = None) -> str:
        try:
            return super().save(name, content, max_length)
        except OSError as exc:  # here even a vanished folder means the store is not usable
            raise StorageUnavailable("ghi") from exc

    def delete(self, name: str) -> None:
        with _disk_faults("xóa"):
            super().delete(name)


class S3Storage(_S3Storage):  # type: ignore[misc]  # django-storages ships no types
    """An S3-compatible bucket (MinIO, Ceph, a government cloud's object storage, AWS)."""

    def __init__(self, **options: Any) -> None:
        if "client_config" not in options:
            options["client_config"] = Config(
                s3={"addressing_style": options.get("addressing_style")},
                connect_timeout=CONNECT_TIMEOUT_SECONDS,
                read_timeout=READ_TIMEOUT_SECONDS,
                retries={"max_attempts": MAX_ATTEMPTS, "mode": "standard"},
            )
        options.setdefault("max_memory_size", READ_MEMORY_BYTES)
        super().__init__(**options)

    def _open(self, name: str, mode: str = "rb") -> File[Any]:
        if "w" in mode or "a" in mode:
            with _s3_faults("ghi"):
                writer: File[Any] = super()._open(name, mode)
            return writer
        # One GET, fetched now (django-storages' S3File asks three times, and lazily): a store
        # that fails, fails here, before a response has begun; the view then answers 503.
        key = self._normalize_name(clean_name(name))
        spool = tempfile.SpooledTemporaryFile(  # noqa: SIM115 - handed over open, as a File
            max_size=self.max_memory_size, suffix=".s3"
        )
        try:
            with _s3_faults("đọc"):
                try:
                    body = self.bucket.Object(key).get()["Body"]
                except ClientError as exc:
                    if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                        raise FileNotFoundError(f"Không có tệp {name} trong kho.") from None
                    raise
                with body:
                    shutil.copyfileobj(body, spool, 256 * 1024)
        except BaseException:
            spool.close()
            raise
        spool.seek(0)
        return File(spool if "b" in mode else io.TextIOWrapper(spool, "utf-8"), name)

    def _save(self, name: str, content: File[Any]) -> str:
        with _s3_faults("ghi"):
            saved: str = super()._save(name, content)
        return saved

    def delete(self, name: str) -> None:
        with _s3_faults("xóa"):
            super().delete(name)

    def exists(self, name: str) -> bool:
        with _s3_faults("kiểm tra"):
            return bool(super().exists(name))

    def size(self, name: str) -> int:
        with _s3_faults("đọc"):
            return int(super().size(name))

    def listdir(self, path: str) -> tuple[list[str], list[str]]:
        with _s3_faults("liệt kê"):
            found: tuple[list[str], list[str]] = super().listdir(path)
        return found

    def get_modified_time(self, name: str) -> datetime:
        with _s3_faults("đọc"):
            modified: datetime = super().get_modified_time(name)
        return modified

    def files(self) -> Iterator[StoredFile]:
        """Every object under the storage's location, with its last change: one flat listing,
        a page of 1,000 objects per request (listdir would ask once per folder)."""
        prefix = f"{self.location.strip('/')}/" if self.location.strip("/") else ""
        client = self.connection.meta.client
        with _s3_faults("liệt kê"):
            for page in client.get_paginator("list_objects_v2").paginate(
                Bucket=self.bucket_name, Prefix=prefix
            ):
                for entry in page.get("Contents", ()):
                    key = str(entry["Key"])[len(prefix) :]
                    yield StoredFile(key, entry["LastModified"], int(entry["Size"]))


def stored_files(storage: Storage) -> Iterator[StoredFile]:
    """Every file in `storage`, when it last changed and its size."""
    if isinstance(storage, S3Storage):
        yield from storage.files()
        return
    if isinstance(storage, FileSystemStorage) and not os.path.isdir(storage.location):
        return  # nothing was ever stored
    folders = [""]
    while folders:
        folder = folders.pop()
        subfolders, names = storage.listdir(folder)
        folders.extend(f"{folder}{d}/" for d in subfolders)
        for name in names:
            path = f"{folder}{name}"
            modified = storage.get_modified_time(path).astimezone(UTC)
            yield StoredFile(path, modified, storage.size(path))
