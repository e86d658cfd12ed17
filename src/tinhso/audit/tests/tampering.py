"""What an attacker with database access does before editing the audit record: lift the guard.

Only for tests: the application has no way to lift the guard, on purpose.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection

guard = importlib.import_module("tinhso.audit.migrations.0002_hash_chain")
PG_TRIGGER = "audit_auditevent_append_only"
SQLITE_TRIGGERS = (
    "audit_auditevent_insert_unlinked",
    "audit_auditevent_no_update",
    "audit_auditevent_no_delete",
)


@contextmanager
def guard_lifted() -> Iterator[None]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE audit_auditevent DISABLE TRIGGER {PG_TRIGGER}")
        else:
            for name in SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER {name}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"ALTER TABLE audit_auditevent ENABLE TRIGGER {PG_TRIGGER}")
            else:
                for statement in guard.SQLITE_GUARD:
                    cursor.execute(statement)


def raw_sql(sql: str, params: Sequence[Any] = ()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def installed_guard_triggers() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_auditevent'::regclass "
                "AND NOT tgisinternal AND tgenabled <> 'D'"
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                "AND tbl_name = 'audit_auditevent'"
            )
        return {name for (name,) in cursor.fetchall()}
