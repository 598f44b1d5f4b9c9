# The PostgreSQL part of 'scripts/bench faults': the fault tests too long for CI (Category=FaultsLong),
# e.g. a hung database (every PostgreSQL process frozen) running into the app's timeouts.
# Source it and call bench_faults_pg, or run it: bash scripts/lib/bench-faults-pg.sh
# Each test makes its own private clusters (ports from ATS_FAULT_PGPORT, default 55461, upwards); the
# templates the test databases are cloned from live in the benchmark cluster (ATS_BENCH_PGPORT).

bench_faults_pg() {
  local root
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  (
    set -euo pipefail
    cd "$root"
    export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
    # shellcheck source=postgres.sh
    source scripts/lib/postgres.sh
    pg_ensure_installed
    pg_start_cluster "${ATS_BENCH_PGDATA:-/tmp/anxioustosecure-bench-pg}" "${ATS_BENCH_PGPORT:-55434}" fast
    trap 'pg_stop_cluster "$PG_DATA"' EXIT
    pg_ensure_login ats_test ats_test
    pg_psql -c 'GRANT pg_signal_backend TO ats_test'
    export ATS_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Database=postgres;Username=ats_test;Password=ats_test"
    # The long fault tests skip themselves without this (so that scripts/test never waits for them).
    export ATS_FAULTS_LONG=1
    dotnet build tests/AnxiousToSecure.IntegrationTests -nologo -v quiet -clp:ErrorsOnly
    local log status=0
    log=$(mktemp)
    dotnet test tests/AnxiousToSecure.IntegrationTests --no-build --filter Category=FaultsLong \
      --logger "console;verbosity=detailed" "$@" > "$log" 2>&1 || status=$?
    # The figures each test prints, and the verdicts.
    grep -E '^\s+(Passed|Failed) AnxiousToSecure|^ frozen|Error Message|^(Passed|Failed)!' -A1 "$log" | grep -Ev '^(--|\s*)$' || true
    rm -f "$log"
    return "$status"
  )
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then bench_faults_pg "$@"; fi
