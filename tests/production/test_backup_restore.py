"""Backups that restore (issue 17 §6): the restore drill on PostgreSQL (tools/restore_drill.py,
the full demo run is a step of .ci/run), and the file copy of the backup on disk and S3."""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from django.core.files.base import ContentFile
from django.db import connection

from tinhso.core.tests.s3 import MotoServer, new_bucket

ROOT = Path(__file__).resolve().parent.parent.parent
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _tool(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump/pg_restore: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_restore_drill_restores_the_database_row_for_row(province):
    from tinhso.audit.services import audit_record

    audit_record(actor=None, action="drill.mark", target=province["x1"], summary="Diễn tập")
    source = _database_url()
    done = subprocess.run(  # noqa: S603 - our own tool
        [
            sys.executable,
            "tools/restore_drill.py",
            "--source-url",
            source,
            "--prefix",
            f"{connection.settings_dict['NAME']}_drill",
        ],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": source},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    out = done.stdout + done.stderr
    assert done.returncode == 0, out
    for step in (
        "2. Đếm dòng",
        "3. Sao lưu",
        "5. Khôi phục",
        "6. So sánh",
        "7. manage.py audit_verify",
    ):
        assert step in out, out
    assert "OK: chuỗi nhật ký kiểm tra nguyên vẹn" in out
    assert "khác biệt: 0" in out and "Diễn tập khôi phục: ĐẠT" in out


def test_the_drill_names_each_table_whose_count_differs():
    drill = _tool("restore_drill")
    assert drill.compare_counts({"a": 1, "b": 2}, {"a": 1, "b": 2}) == []
    assert drill.compare_counts({"a": 1, "b": 2, "c": 0}, {"a": 1, "b": 3}) == [
        "b: nguồn 2, khôi phục 3",
        "c: nguồn 0, khôi phục không có bảng",
    ]


def test_the_drill_takes_pg_dump_of_the_server_major_or_newer():
    drill = _tool("restore_drill")
    found = drill.pg_tool("pg_dump", 150020)
    assert Path(found).name == "pg_dump"
    if Path("/usr/lib/postgresql").exists():
        major = int(Path(found).parent.parent.name)
        assert major >= 15


def test_storage_sync_copies_a_bucket_to_a_folder_and_back(tmp_path, monkeypatch):
    sync = _tool("storage_sync")
    server = MotoServer().start()
    try:
        bucket = new_bucket(server, "tep")
        for name, value in {
            "ENDPOINT_URL": server.endpoint,
            "REGION": "us-east-1",
            "ACCESS_KEY_ID": "kiem-thu",
            "SECRET_ACCESS_KEY": "kiem-thu-bi-mat",
            "ADDRESSING_STYLE": "path",
        }.items():
            monkeypatch.setenv(f"BACKUP_S3_{name}", value)
        store = sync.endpoint(f"s3://{bucket.bucket}/tep")
        names = [
            store.save(f"dossiers/2026/12/{i}.pdf", ContentFile(PDF + bytes([i]))) for i in range(3)
        ]
        backup = sync.endpoint(str(tmp_path / "sao-luu"))
        first = sync.sync(store, backup, say=lambda _: None)
        assert (first.copied, first.current, first.failed) == (3, 0, 0)
        assert sorted(
            p.relative_to(tmp_path / "sao-luu").as_posix()
            for p in (tmp_path / "sao-luu").rglob("*.pdf")
        ) == sorted(names)
        again = sync.sync(store, backup, say=lambda _: None)
        assert (again.copied, again.current) == (0, 3)  # nothing to copy twice
        for name in names:  # the bucket is lost: the folder fills an empty one
            store.delete(name)
        back = sync.sync(backup, store, say=lambda _: None)
        assert back.copied == 3
        assert bucket.keys() == sorted(f"tep/{n}" for n in names)
        assert bucket.body(f"tep/{names[1]}") == PDF + bytes([1])
    finally:
        server.stop()
