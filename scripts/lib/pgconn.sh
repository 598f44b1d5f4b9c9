# Shared by scripts/backup and scripts/restore: the app's database, as libpq's environment variables.
# Source it; it defines functions only.

# pg_env_from_connection_string "Host=...;Port=...;Database=...;Username=...;Password=..."
# Exports PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD from an Npgsql connection string
# (the app's ConnectionStrings__Default), so pg_dump, pg_restore and psql reach the same database.
pg_env_from_connection_string() {
  local part key value
  local IFS=';'
  for part in $1; do
    [ -z "${part// /}" ] && continue
    key=$(printf '%s' "${part%%=*}" | tr '[:upper:]' '[:lower:]' | tr -d ' ')
    value=${part#*=}
    case "$key" in
      host|server) export PGHOST=$value ;;
      port) export PGPORT=$value ;;
      database|db) export PGDATABASE=$value ;;
      username|userid|user|uid) export PGUSER=$value ;;
      password|pwd) export PGPASSWORD=$value ;;
      sslmode) export PGSSLMODE=$(printf '%s' "$value" | tr '[:upper:]' '[:lower:]') ;;
    esac
  done
  if [ -z "${PGDATABASE:-}" ]; then
    echo "The connection string names no Database." >&2
    exit 1
  fi
}

# The app's database: ConnectionStrings__Default, else the development database scripts/run makes.
pg_env_from_app_settings() {
  pg_env_from_connection_string "${ConnectionStrings__Default:-Host=127.0.0.1;Port=${ATS_PGPORT:-55432};Database=anxioustosecure;Username=anxioustosecure;Password=anxioustosecure}"
}

# pg_client_bin: the newest PostgreSQL client programs installed (pg_dump must be at least the server's version).
pg_client_bin() {
  PG_CLIENT_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$PG_CLIENT_BIN" ] || [ ! -x "$PG_CLIENT_BIN/pg_dump" ]; then
    if command -v pg_dump >/dev/null 2>&1; then
      PG_CLIENT_BIN=$(dirname "$(command -v pg_dump)")
    else
      echo "pg_dump and pg_restore were not found: install PostgreSQL's client programs (Debian: apt-get install postgresql-client)." >&2
      exit 1
    fi
  fi
}
