#!/usr/bin/env bash
# Tỉnh Số restore (docs/operations-backup.md): a dump made by backup.sh into an EMPTY database,
# the files back into the store, then the checks. Run with the app's environment pointing at
# the database and store to restore INTO (DATABASE_URL, MEDIA_ROOT or S3_BUCKET and S3_*).
#
#   deploy/backup/restore.sh /var/backups/tinhso/db/tinhso-20261205T020000Z.dump [FILES_FROM]
#
# FILES_FROM: the folder or s3://bucket/prefix backup.sh copied the files to (default: the
# "files" folder beside the dump's "db" folder). Stop gunicorn, the worker and beat first.
set -euo pipefail
dump=${1:?usage: restore.sh DUMP [FILES_FROM]}
files_from=${2:-$(cd "$(dirname "$dump")/.." && pwd)/files}
APP_DIR=${APP_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
PYTHON=${PYTHON:-$APP_DIR/.venv/bin/python}
: "${DATABASE_URL:?DATABASE_URL (PostgreSQL) of the database to restore into is required}"
PGURL="postgresql://${DATABASE_URL#*://}"; PGURL=${PGURL%%\?*}
started=$(date +%s)

if [ -f "$dump.sha256" ]; then
  (cd "$(dirname "$dump")" && sha256sum --check --quiet "$(basename "$dump").sha256")
fi
tables=$(psql "$PGURL" -Atc "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
if [ "$tables" != "0" ]; then
  echo "restore.sh: the target database has $tables tables; restore into an empty one" >&2
  echo "  (createdb NEW_NAME, point DATABASE_URL at it, then switch the app over)" >&2
  exit 2
fi
major=$(psql "$PGURL" -Atc "SHOW server_version_num"); major=$((major / 10000))
PG_RESTORE=pg_restore
for v in $(ls /usr/lib/postgresql 2>/dev/null | sort -n); do
  if [ "$v" -ge "$major" ] && [ -x "/usr/lib/postgresql/$v/bin/pg_restore" ]; then
    PG_RESTORE=/usr/lib/postgresql/$v/bin/pg_restore; break
  fi
done

echo "== $(date -u +%FT%TZ) pg_restore $dump"
"$PG_RESTORE" --no-owner --no-privileges --exit-on-error --jobs=2 --dbname="$PGURL" "$dump"
echo "== $(date -u +%FT%TZ) files ← $files_from"
cd "$APP_DIR"
"$PYTHON" tools/storage_sync.py "$files_from" storage
echo "== migrate (a newer release than the dump's adds its own migrations)"
"$PYTHON" manage.py migrate --no-input
echo "== audit_verify"
"$PYTHON" manage.py audit_verify
echo "== done in $(( $(date +%s) - started )) s; start the app, then check: manage.py files_orphans"
