"""Reading the environment for tinhso.settings (the one settings module): typed readers that
stop start-up with ImproperlyConfigured on a malformed value, and the parsers of the values
that need one. Nothing here imports Django's app registry."""

import itertools
import os
import re
import secrets
from datetime import time
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_str(name: str, default: str = "") -> str:
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        return Path(file_path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.strip().lower() in _TRUE:
        return True
    if raw.strip().lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r}: use true or false")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={raw!r}: expected a whole number") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def secret_key(production: bool, var_dir: Path) -> str:
    """SECRET_KEY: required in production; in development generated once under var/."""
    key = env_str("SECRET_KEY")
    if key:
        if production and len(key) < 50:
            raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters in production")
        return key
    if production:
        raise ImproperlyConfigured("SECRET_KEY (or SECRET_KEY_FILE) is required in production")
    key_file = var_dir / "secret_key"
    if not key_file.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(64), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()


# Seconds a worker keeps its database connection in production (DB_CONN_MAX_AGE). Issue 17's
# profile: a new PostgreSQL connection per request cost a quarter of the workers' time and
# planned every query on a cold connection. 0 (close after each request) stays in development.
PRODUCTION_CONN_MAX_AGE = 60


def database(base_dir: Path, production: bool = False) -> dict[str, Any]:
    """DATABASE_URL: PostgreSQL in production, SQLite under var/ by default. Connections
    persist for DB_CONN_MAX_AGE seconds (60 in production, 0 otherwise), checked before
    reuse (CONN_HEALTH_CHECKS) so a connection the server dropped is replaced, not failed."""
    url = env_str("DATABASE_URL", "sqlite:///var/tinhso.sqlite3")
    max_age = env_int("DB_CONN_MAX_AGE", PRODUCTION_CONN_MAX_AGE if production else 0)
    if max_age < 0:
        raise ImproperlyConfigured(f"DB_CONN_MAX_AGE={max_age}: use 0 or more seconds")
    try:
        config = dj_database_url.parse(url, conn_max_age=max_age, conn_health_checks=max_age > 0)
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {exc}") from exc
    if config["ENGINE"] == "django.db.backends.sqlite3":
        name = Path(config["NAME"])
        if not name.is_absolute():
            name = base_dir / name
        name.parent.mkdir(parents=True, exist_ok=True)
        config["NAME"] = str(name)
        # WAL lets the dev server read while a command writes.
        config["OPTIONS"] = {"init_command": "PRAGMA journal_mode=WAL;", "timeout": 20}
    elif config["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL or SQLite")
    config["TEST"] = {"NAME": None}
    return dict(config)


def replica_database(url: str, primary: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """DATABASE_REPLICA_URL → {"replica": …} for tinhso.core.db_router ({} when unset): the
    same engine as the primary, with its connection settings (CONN_MAX_AGE, OPTIONS); in the
    tests a mirror of the primary, never a database of its own."""
    if not url:
        return {}
    try:
        config = dj_database_url.parse(url)
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_REPLICA_URL is not a database URL: {exc}") from exc
    if config["ENGINE"] != primary["ENGINE"]:
        raise ImproperlyConfigured("DATABASE_REPLICA_URL must use the engine of DATABASE_URL")
    for name in ("CONN_MAX_AGE", "CONN_HEALTH_CHECKS"):
        if name in primary:
            config[name] = primary[name]  # type: ignore[literal-required]
    config["OPTIONS"] = {**primary.get("OPTIONS", {}), **config.get("OPTIONS", {})}
    config["TEST"] = {"MIRROR": "default"}
    return {"replica": dict(config)}


def office_periods(raw: str) -> list[tuple[str, str]]:
    periods: list[tuple[str, str]] = []
    for part in raw.split(","):
        match = re.fullmatch(r"\s*(\d{2}:\d{2})\s*-\s*(\d{2}:\d{2})\s*", part)
        if match is None:
            raise ImproperlyConfigured(
                f"OFFICE_PERIODS={raw!r}: use HH:MM-HH:MM periods separated by commas, "
                "e.g. 07:30-11:30,13:00-17:00"
            )
        periods.append((match.group(1), match.group(2)))
    bounds = [bound for period in periods for bound in period]
    try:
        valid = all(time.fromisoformat(b) for b in bounds)
    except ValueError:
        valid = False
    if not valid or any(a >= b for a, b in itertools.pairwise(bounds)):
        raise ImproperlyConfigured(
            f"OFFICE_PERIODS={raw!r}: each period must end after it starts and before the next"
        )
    return periods


_MANY = {"MAX_ENTRIES": 100_000}


def caches(url: str, production: bool) -> dict[str, Any]:
    """CACHE_URL: redis://host:6379/0 (Redis, needs the redis package), db:// (a table in the
    database, `migrate` creates it), locmem://. Unset: local memory in development; in
    production the database, so that every gunicorn worker counts rate limits and keeps OIDC
    state in the same place without another service to run."""
    if not url:
        url = "db://" if production else "locmem://"
    if url.startswith(("redis://", "rediss://", "unix://")):
        # Redis down → misses, not errors (docs/operations-cache.md); short socket timeouts.
        backend = "tinhso.core.cache_backends.TolerantRedisCache"
        timeouts = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
        return {"default": {"BACKEND": backend, "LOCATION": url, "OPTIONS": timeouts}}
    if url.startswith("db://"):
        table = url.removeprefix("db://") or "tinhso_cache"
        backend = "django.core.cache.backends.db.DatabaseCache"
        # Django's default of 300 entries would let a flood of addresses push counts out.
        return {"default": {"BACKEND": backend, "LOCATION": table, "OPTIONS": _MANY}}
    if url.startswith("locmem://"):
        backend = "django.core.cache.backends.locmem.LocMemCache"
        return {"default": {"BACKEND": backend, "OPTIONS": _MANY}}
    raise ImproperlyConfigured(f"CACHE_URL={url!r}: use redis://…, db:// or locmem://")


def check_rate_limits(limits: dict[str, str]) -> None:
    """Each RATE_LIMIT_* is "requests/seconds", both whole numbers above zero."""
    for scope, limit in limits.items():
        parts = limit.split("/")
        if len(parts) != 2 or not all(p.isdigit() and int(p) > 0 for p in parts):
            name = f"RATE_LIMIT_{scope.upper()}"
            raise ImproperlyConfigured(f"{name}={limit!r}: use requests/seconds")


_ADDRESSING_STYLES = {"", "auto", "path", "virtual"}


def s3_storage(bucket: str) -> dict[str, Any]:
    """STORAGES["default"]: with a bucket, S3-compatible object storage (tinhso.core.storage)
    read from S3_ENDPOINT_URL (unset: AWS), S3_REGION, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY
    (unset: boto3's own chain, e.g. an instance role), S3_ADDRESSING_STYLE (path for MinIO),
    S3_PREFIX (a folder inside the bucket), S3_ACL (the canned ACL sent with each object,
    "private" unless set; empty: none, for a bucket that refuses ACLs); without, MEDIA_ROOT.

    Objects are private and no signed URL is made: files go back only through the views
    that check who may read them."""
    if not bucket:
        return {"BACKEND": "tinhso.core.storage.LocalStorage"}
    style = env_str("S3_ADDRESSING_STYLE").strip().lower()
    if style not in _ADDRESSING_STYLES:
        raise ImproperlyConfigured(f"S3_ADDRESSING_STYLE={style!r}: use path, virtual or auto")
    options: dict[str, Any] = {
        "bucket_name": bucket,
        "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
        "region_name": env_str("S3_REGION") or None,
        "access_key": env_str("S3_ACCESS_KEY_ID") or None,
        "secret_key": env_str("S3_SECRET_ACCESS_KEY") or None,
        "addressing_style": style or None,
        "location": env_str("S3_PREFIX").strip("/"),
        "default_acl": env_str("S3_ACL", "private") or None,
        "querystring_auth": False,
        "file_overwrite": False,  # as on disk: a name already taken gets a suffix
    }
    return {"BACKEND": "tinhso.core.storage.S3Storage", "OPTIONS": options}
