#!/usr/bin/env python3
"""Copy every stored file from one place to another: the backup of the files (issue 17 §6).

    storage_sync.py SOURCE DEST [--delete] [--dry-run]

SOURCE and DEST are each one of:
  storage              the site's own file store, as settings configure it (MEDIA_ROOT, or the
                       bucket of S3_BUCKET with the S3_* variables): run with the app's env;
  /a/folder            a folder on this machine (made when missing);
  s3://bucket/prefix   another bucket, reached with BACKUP_S3_ENDPOINT_URL, BACKUP_S3_REGION,
                       BACKUP_S3_ACCESS_KEY_ID, BACKUP_S3_SECRET_ACCESS_KEY,
                       BACKUP_S3_ADDRESSING_STYLE (each falls back to its S3_* twin).

A file is copied when DEST lacks it or holds a different size; stored files never change in
place (a new version is a new name), so name and size say whether a copy is current. Without
--delete nothing is removed from DEST: a backup keeps the files that older database dumps
still name. Backup: `storage_sync.py storage /srv/backup/files`; restore: the other way round.
Prints what it did and exits 1 if a file could not be copied.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tinhso.settings")

import django  # noqa: E402

django.setup()

from django.core.files.storage import FileSystemStorage, Storage, default_storage  # noqa: E402

from tinhso.core.storage import LocalStorage, S3Storage, stored_files  # noqa: E402


def _backup_env(name: str) -> str | None:
    return os.environ.get(f"BACKUP_{name}") or os.environ.get(name) or None


def endpoint(spec: str) -> Storage:
    """The storage a command-line word names (see the module's docstring)."""
    if spec == "storage":
        return default_storage
    if spec.startswith("s3://"):
        bucket, _, prefix = spec.removeprefix("s3://").partition("/")
        return S3Storage(
            bucket_name=bucket,
            location=prefix.strip("/"),
            endpoint_url=_backup_env("S3_ENDPOINT_URL"),
            region_name=_backup_env("S3_REGION"),
            access_key=_backup_env("S3_ACCESS_KEY_ID"),
            secret_key=_backup_env("S3_SECRET_ACCESS_KEY"),
            addressing_style=_backup_env("S3_ADDRESSING_STYLE"),
            default_acl=os.environ.get("BACKUP_S3_ACL", "private") or None,
            querystring_auth=False,
            file_overwrite=True,  # a copy replaces a stale copy of the same name
        )
    folder = Path(spec).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    return LocalStorage(location=folder, allow_overwrite=True)


@dataclass
class SyncReport:
    copied: int = 0
    copied_bytes: int = 0
    current: int = 0
    deleted: int = 0
    failed: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        mb = self.copied_bytes / 1_000_000
        return (
            f"đã chép {self.copied} tệp ({mb:.1f} MB), {self.current} tệp đã có sẵn, "
            f"đã xóa {self.deleted}, lỗi {self.failed}; {self.seconds:.1f} giây"
        )


def _overwriting(storage: Storage) -> bool:
    return isinstance(storage, S3Storage) or (
        isinstance(storage, FileSystemStorage) and getattr(storage, "_allow_overwrite", False)
    )


def sync(
    source: Storage,
    dest: Storage,
    *,
    delete: bool = False,
    dry_run: bool = False,
    say: Callable[[str], Any] = print,
) -> SyncReport:
    started = time.monotonic()
    report = SyncReport()
    there = {f.name: f.size for f in stored_files(dest)}
    seen: set[str] = set()
    for found in stored_files(source):
        seen.add(found.name)
        if there.get(found.name) == found.size:
            report.current += 1
            continue
        if dry_run:
            say(f"sẽ chép {found.name}")
            report.copied += 1
            continue
        try:
            if found.name in there and not _overwriting(dest):
                dest.delete(found.name)
            with source.open(found.name, "rb") as handle:
                saved = dest.save(found.name, handle)
            if saved != found.name:
                raise OSError(f"nơi nhận lưu thành {saved}")
        except OSError as exc:
            report.failed += 1
            say(f"LỖI {found.name}: {exc}")
            continue
        report.copied += 1
        report.copied_bytes += found.size
    if delete:
        for name in sorted(set(there) - seen):
            if not dry_run:
                dest.delete(name)
            report.deleted += 1
    report.seconds = time.monotonic() - started
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", help="storage, /thu-muc hoặc s3://bucket/tien-to")
    parser.add_argument("dest", help="storage, /thu-muc hoặc s3://bucket/tien-to")
    parser.add_argument("--delete", action="store_true", help="xóa ở nơi nhận tệp nguồn không có")
    parser.add_argument("--dry-run", action="store_true", help="chỉ in việc sẽ làm")
    args = parser.parse_args(argv)
    report = sync(
        endpoint(args.source), endpoint(args.dest), delete=args.delete, dry_run=args.dry_run
    )
    print(f"storage_sync {args.source} → {args.dest}: {report.line()}")
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
