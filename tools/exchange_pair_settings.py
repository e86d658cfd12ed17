"""Settings of the instances tools/exchange_pair.py starts: tinhso.settings, and SQLite
transactions that take the write lock when they begin.

Five processes write each database (server, exchange loop, the steps). With SQLite's default
deferred transactions, one that read first and then writes cannot wait for another writer in
WAL mode: it fails at once with "database is locked", whatever the busy timeout. BEGIN
IMMEDIATE waits its turn instead (Django 5.1+ `transaction_mode`). PostgreSQL needs none of it.
"""

from tinhso.settings import *  # noqa: F403
from tinhso.settings import DATABASES

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "transaction_mode": "IMMEDIATE",
    }
