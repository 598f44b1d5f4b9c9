# Shared by scripts/run and scripts/test: find or install PostgreSQL, then run a private cluster
# on 127.0.0.1. Source it; it defines functions only.

pg_find_bin() {
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ]
}

pg_ensure_installed() {
  pg_find_bin && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "PostgreSQL is not installed: installing Debian's postgresql package..."
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    pg_find_bin && return 0
  fi
  cat >&2 <<'MSG'
PostgreSQL (server binaries under /usr/lib/postgresql/<version>/bin) was not found and could not be
installed here (installing needs root and apt-get). Either:
  - install it yourself: sudo apt-get install postgresql   (Debian/Ubuntu), then run this again; or
  - point the app at a server you already have:
      export ConnectionStrings__Default="Host=...;Port=5432;Database=anxioustosecure;Username=...;Password=..."
MSG
  exit 1
}

# Runs a command as the cluster's owner: 'postgres' when we are root (the server refuses root).
pg_as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# pg_start_cluster DATA_DIR PORT [fast]
# Creates the cluster on first use and starts it if it is not running. 'fast' trades durability for
# speed (tests only). Local socket connections trust the owner; TCP needs a password.
# Closes every file descriptor above stderr in the calling (sub)shell.
pg_close_inherited_files() {
  local fd
  for fd in /proc/$BASHPID/fd/*; do
    fd=${fd##*/}
    [ "$fd" -gt 2 ] 2>/dev/null && eval "exec $fd>&-" 2>/dev/null
  done
  return 0
}

pg_start_cluster() {
  local data=$1 port=$2 mode=${3:-}
  if [ ! -s "$data/PG_VERSION" ]; then
    mkdir -p "$data"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$data"
    chmod 700 "$data"
    pg_as_owner "$PG_BIN/initdb" -D "$data" -U postgres -E UTF8 --locale=C.UTF-8 \
      --auth-local=trust --auth-host=scram-sha-256 >/dev/null
    {
      echo "listen_addresses = '127.0.0.1'"
      echo "port = $port"
      echo "unix_socket_directories = '$data'"
      echo "max_connections = 200"
      if [ "$mode" = fast ]; then
        echo "fsync = off"
        echo "synchronous_commit = off"
        echo "full_page_writes = off"
        echo "autovacuum = off"
      fi
    } | pg_as_owner tee -a "$data/postgresql.conf" >/dev/null
  fi
  if ! pg_as_owner "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    # The port is passed on every start, so a reused data folder still listens where it is asked to.
    # The server outlives this script: it must not inherit open files such as a caller's lock.
    ( pg_close_inherited_files
      pg_as_owner "$PG_BIN/pg_ctl" -D "$data" -l "$data/server.log" -o "-p $port" -w -t 60 start >/dev/null ) \
      || { echo "PostgreSQL did not start; its log follows:" >&2; tail -n 30 "$data/server.log" >&2; exit 1; }
  fi
  PG_DATA=$data
  PG_PORT=$port
}

pg_stop_cluster() {
  pg_as_owner "$PG_BIN/pg_ctl" -D "$1" -m fast -w stop >/dev/null 2>&1 || true
}

pg_psql() {
  pg_as_owner "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_DATA" -p "$PG_PORT" -U postgres -d postgres "$@"
}

# pg_ensure_login ROLE PASSWORD [DATABASE]: a role that may create databases, and optionally its own database.
pg_ensure_login() {
  local role=$1 password=$2 database=${3:-}
  pg_psql -c "DO \$\$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$role') THEN
        CREATE ROLE \"$role\" LOGIN CREATEDB PASSWORD '$password';
      END IF;
    END \$\$;"
  if [ -n "$database" ] && [ -z "$(pg_psql -tAc "SELECT 1 FROM pg_database WHERE datname = '$database'")" ]; then
    pg_psql -c "CREATE DATABASE \"$database\" OWNER \"$role\""
  fi
}
