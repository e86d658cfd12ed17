#!/usr/bin/env bash
# Tỉnh Số backup (issue 17 §6; docs/operations-backup.md): the database with pg_dump (custom
# format) and then the stored files with tools/storage_sync.py, into BACKUP_DIR; old dumps
# are removed after BACKUP_KEEP_DAYS. Run it with the app's environment (the same env file as
# gunicorn: DATABASE_URL, MEDIA_ROOT or S3_BUCKET and S3_*), e.g. from the systemd timer.
#
#   BACKUP_DIR        where dumps go (default /var/backups/tinhso)
#   BACKUP_FILES_TO   where the files go: a folder (default $BACKUP_DIR/files) or
#                     s3://bucket/prefix (BACKUP_S3_* variables, see tools/storage_sync.py)
#   BACKUP_KEEP_DAYS  dumps older than this are deleted (default 14); files are never deleted
#   APP_DIR, PYTHON   the checkout and its interpreter (default: this checkout, .venv)
#
# Files after the database: a file is written before the row naming it commits, so every file
# the dump names is already in the store when the copy starts.
set -euo pipefail
APP_DIR=${APP_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
PYTHON=${PYTHON:-$APP_DIR/.venv/bin/python}
BACKUP_DIR=${BACKUP_DIR:-/var/backups/tinhso}
BACKUP_FILES_TO=${BACKUP_FILES_TO:-$BACKUP_DIR/files}
BACKUP_KEEP_DAYS=${BACKUP_KEEP_DAYS:-14}
: "${DATABASE_URL:?DATABASE_URL (PostgreSQL) is required}"
case "$DATABASE_URL" in postgres://*|postgresql://*) ;; *) echo "backup.sh: PostgreSQL only" >&2; exit 2;; esac
PGURL="postgresql://${DATABASE_URL#*://}"; PGURL=${PGURL%%\?*}

# pg_dump of the server's major version (or newer): /usr/lib/postgresql/<major>/bin first.
major=$(psql "$PGURL" -Atc "SHOW server_version_num")
major=$((major / 10000))
PG_BIN=${PG_BIN:-}
if [ -z "$PG_BIN" ]; then
  for v in $(ls /usr/lib/postgresql 2>/dev/null | sort -n); do
    if [ "$v" -ge "$major" ] && [ -x "/usr/lib/postgresql/$v/bin/pg_dump" ]; then
      PG_BIN=/usr/lib/postgresql/$v/bin; break
    fi
  done
fi
PG_DUMP=${PG_BIN:+$PG_BIN/}pg_dump
PG_RESTORE=${PG_BIN:+$PG_BIN/}pg_restore

stamp=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$BACKUP_DIR/db"
chmod 700 "$BACKUP_DIR"
dump="$BACKUP_DIR/db/tinhso-$stamp.dump"
started=$(date +%s)

echo "== $(date -u +%FT%TZ) pg_dump (PostgreSQL $major) → $dump"
"$PG_DUMP" --format=custom --file="$dump.partial" --dbname="$PGURL"
"$PG_RESTORE" --list "$dump.partial" >/dev/null  # readable, table of contents complete
mv "$dump.partial" "$dump"
(cd "$BACKUP_DIR/db" && sha256sum "$(basename "$dump")" >"$(basename "$dump").sha256")
echo "   $(du -h "$dump" | cut -f1), $(( $(date +%s) - started )) s"

echo "== $(date -u +%FT%TZ) files → $BACKUP_FILES_TO"
(cd "$APP_DIR" && "$PYTHON" tools/storage_sync.py storage "$BACKUP_FILES_TO")

echo "== removing dumps older than $BACKUP_KEEP_DAYS days"
find "$BACKUP_DIR/db" -name 'tinhso-*.dump*' -mtime +"$BACKUP_KEEP_DAYS" -print -delete

echo "== done in $(( $(date +%s) - started )) s: $dump"
