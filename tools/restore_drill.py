#!/usr/bin/env python3
"""Restore drill (issue 17 §6): a backup is only a backup once it has been restored.

    DATABASE_URL=postgres://tinhso:…@127.0.0.1:5432/tinhso tools/restore_drill.py

On the PostgreSQL server of DATABASE_URL (a role that may CREATE DATABASE), with scratch
databases named PREFIX_nguon and PREFIX_khoiphuc that it drops at the end (--keep: not):

 1. source: migrate and load the demo province (load_demo) into PREFIX_nguon, its files into
    a temporary MEDIA_ROOT; or, with --source-url, an existing database as it is;
 2. count the rows of every table of the source;
 3. back up as deploy/backup/backup.sh does: pg_dump --format=custom, files by storage_sync;
 4. create an empty database PREFIX_khoiphuc;
 5. pg_restore the dump into it, the files into an empty MEDIA_ROOT;
 6. count the rows of every table of the restored database, compare table by table, and
    compare the files (names, sizes, SHA-256);
 7. run `manage.py audit_verify` on the restored database.

Each step is printed with its time; the exit status is 1 on any difference or failure.
pg_dump and pg_restore are taken from /usr/lib/postgresql/<server major>/bin when present.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


class DrillFailed(Exception):
    pass


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


def _libpq(url: str) -> str:
    """A URL libpq tools accept (they know postgresql:// and postgres://, not Django's extras)."""
    parts = urlsplit(url)
    return urlunsplit(("postgresql", parts.netloc, parts.path, "", ""))


def pg_tool(name: str, server_version_num: int) -> str:
    """pg_dump/pg_restore of the server's major version, else the nearest newer one (a newer
    client reads an older server), else the one on PATH."""
    major = server_version_num // 10000
    installed = {
        int(path.parent.parent.name): path
        for path in Path("/usr/lib/postgresql").glob(f"*/bin/{name}")
        if path.parent.parent.name.isdigit()
    }
    usable = sorted(v for v in installed if v >= major)
    if usable:
        return str(installed[usable[0]])
    found = shutil.which(name)
    if found is None:
        raise DrillFailed(f"{name} (PostgreSQL {major}) không có trên máy này")
    return found


def row_counts(url: str) -> dict[str, int]:
    """Every table of the public schema and its exact row count."""
    with psycopg.connect(_libpq(url), autocommit=True) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        counts: dict[str, int] = {}
        for table in tables:
            query = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
            row = conn.execute(query).fetchone()
            counts[table] = int(row[0]) if row else 0
        return counts


def compare_counts(before: dict[str, int], after: dict[str, int]) -> list[str]:
    """The differences, one line per table (empty: equal)."""
    out = []
    for table in sorted(set(before) | set(after)):
        a, b = before.get(table), after.get(table)
        if a != b:
            out.append(
                f"{table}: nguồn {a if a is not None else 'không có bảng'}, "
                f"khôi phục {b if b is not None else 'không có bảng'}"
            )
    return out


def file_digests(folder: Path) -> dict[str, tuple[int, str]]:
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            found[path.relative_to(folder).as_posix()] = (
                path.stat().st_size,
                hashlib.sha256(path.read_bytes()).hexdigest(),
            )
    return found


class Drill:
    def __init__(self, admin_url: str, prefix: str, keep: bool, say: Callable[[str], None]) -> None:
        self.admin_url = admin_url
        self.prefix = prefix
        self.keep = keep
        self.say = say
        self.created: list[str] = []
        self.work = Path(tempfile.mkdtemp(prefix="tinhso-drill-"))
        with psycopg.connect(_libpq(admin_url), autocommit=True) as conn:
            self.server_version = int(conn.info.server_version)

    @contextmanager
    def step(self, title: str) -> Iterator[None]:
        self.say(f"▶ {title}")
        started = time.monotonic()
        yield
        self.say(f"  ✓ {time.monotonic() - started:.2f} giây")

    def run(self, *args: str, env: dict[str, str] | None = None) -> str:
        done = subprocess.run(  # noqa: S603 - our own tools, arguments built here
            list(args),
            cwd=ROOT,
            env={**os.environ, **(env or {})},
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise DrillFailed(
                f"{' '.join(args[:3])}… thoát mã {done.returncode}:\n"
                f"{done.stdout[-2000:]}{done.stderr[-2000:]}"
            )
        return done.stdout

    def create_database(self, name: str) -> str:
        with psycopg.connect(_libpq(self.admin_url), autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        self.created.append(name)
        return _with_database(self.admin_url, name)

    def drop_created(self) -> None:
        with psycopg.connect(_libpq(self.admin_url), autocommit=True) as conn:
            for name in self.created:
                conn.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )
        shutil.rmtree(self.work, ignore_errors=True)

    def app_env(self, url: str, media: Path) -> dict[str, str]:
        """The app's settings for one of the drill's databases: its files, mail and SMS stay
        in the drill's temporary folder."""
        return {
            "DATABASE_URL": url,
            "MEDIA_ROOT": str(media),
            "S3_BUCKET": "",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "SMS_OUTBOX": str(self.work / "sms.jsonl"),
            "DJANGO_SETTINGS_MODULE": "tinhso.settings",
        }

    def __call__(self, source_url: str | None) -> list[str]:
        media, backup_files, restored_media = (
            self.work / "media",
            self.work / "sao-luu-tep",
            self.work / "media-khoi-phuc",
        )
        dump = self.work / "tinhso.dump"
        if source_url is None:
            with self.step(f"1. Nguồn: migrate + load_demo vào {self.prefix}_nguon"):
                source_url = self.create_database(f"{self.prefix}_nguon")
                env = self.app_env(source_url, media)
                self.run(PYTHON, "manage.py", "migrate", "--no-input", "-v0", env=env)
                loaded = self.run(PYTHON, "manage.py", "load_demo", env=env).splitlines()
                self.say(f"  {next((x for x in loaded if 'thay đổi' in x), '')[:200]}")
        else:
            self.say("▶ 1. Nguồn: cơ sở dữ liệu có sẵn (--source-url)")
        media.mkdir(exist_ok=True)
        with self.step("2. Đếm dòng từng bảng của nguồn"):
            before = row_counts(source_url)
            self.say(f"  {len(before)} bảng, {sum(before.values())} dòng")
        with self.step("3. Sao lưu: pg_dump --format=custom và storage_sync các tệp"):
            self.run(
                pg_tool("pg_dump", self.server_version),
                "--format=custom",
                f"--file={dump}",
                f"--dbname={_libpq(source_url)}",
            )
            self.say(f"  {dump.name}: {dump.stat().st_size / 1_000_000:.2f} MB")
            out = self.run(
                PYTHON,
                "tools/storage_sync.py",
                "storage",
                str(backup_files),
                env=self.app_env(source_url, media),
            )
            self.say(f"  {out.strip()}")
        with self.step(f"4. Tạo cơ sở dữ liệu trống {self.prefix}_khoiphuc"):
            target_url = self.create_database(f"{self.prefix}_khoiphuc")
            if row_counts(target_url):
                raise DrillFailed("cơ sở dữ liệu đích không trống")
        with self.step("5. Khôi phục: pg_restore và storage_sync các tệp về kho trống"):
            self.run(
                pg_tool("pg_restore", self.server_version),
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                f"--dbname={_libpq(target_url)}",
                str(dump),
            )
            restored_media.mkdir()
            out = self.run(
                PYTHON,
                "tools/storage_sync.py",
                str(backup_files),
                "storage",
                env=self.app_env(target_url, restored_media),
            )
            self.say(f"  {out.strip()}")
        problems: list[str] = []
        with self.step("6. So sánh số dòng từng bảng và các tệp"):
            after = row_counts(target_url)
            problems += compare_counts(before, after)
            files_before, files_after = file_digests(media), file_digests(restored_media)
            if files_before != files_after:
                missing = sorted(set(files_before) ^ set(files_after))[:10]
                problems.append(
                    f"tệp khác nhau: {len(files_before)} → {len(files_after)} {missing}"
                )
            self.say(
                f"  {len(after)} bảng, {sum(after.values())} dòng; "
                f"{len(files_after)} tệp; khác biệt: {len(problems)}"
            )
        with self.step("7. manage.py audit_verify trên cơ sở dữ liệu đã khôi phục"):
            out = self.run(
                PYTHON, "manage.py", "audit_verify", env=self.app_env(target_url, restored_media)
            )
            self.say("  " + " ".join(out.split())[:300])
        return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", ""),
        help="máy chủ PostgreSQL và vai trò được tạo cơ sở dữ liệu (DATABASE_URL)",
    )
    parser.add_argument(
        "--source-url", help="sao lưu cơ sở dữ liệu này thay vì nạp dữ liệu minh họa"
    )
    parser.add_argument("--prefix", default="tinhso_dien_tap", help="tiền tố tên cơ sở dữ liệu tạm")
    parser.add_argument("--keep", action="store_true", help="giữ lại các cơ sở dữ liệu tạm")
    args = parser.parse_args(argv)
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        print("restore_drill: cần DATABASE_URL (hoặc --database-url) trỏ tới PostgreSQL")
        return 2
    started = time.monotonic()
    drill = Drill(args.database_url, args.prefix, args.keep, lambda line: print(line, flush=True))
    try:
        problems = drill(args.source_url)
    except DrillFailed as exc:
        problems = [str(exc)]
    finally:
        if not args.keep:
            drill.drop_created()
    for line in problems:
        print(f"KHÁC: {line}")
    verdict = "KHÔNG ĐẠT" if problems else "ĐẠT"
    print(f"Diễn tập khôi phục: {verdict} ({time.monotonic() - started:.1f} giây)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
