# scripts/bench faults: the fault and scale-out tests too long for CI. Two published instances (Release,
# Production) behind nginx on the benchmark's PostgreSQL: 2,000 due emails swept by both, then kill -9 of
# one instance in the middle of a sweep of 2,000 and of a webhook burst (Category=ScaleOut with
# ATS_SCALEOUT_LONG=1); and a hung database, every PostgreSQL process frozen, running into the app's
# timeouts on a private cluster (Category=FaultsLong with ATS_FAULTS_LONG=1). The figures (lost, duplicated, recovery time) are
# printed at the end and kept in TestResults/faults/. Sourced by scripts/bench after its PostgreSQL is up.

bench_faults() {
  trap 'pg_stop_cluster "$PG_DATA"' EXIT
  if [ ! -x /usr/sbin/nginx ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      apt-get update -qq >/dev/null
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null
    else
      echo "Install nginx-light (apt) first." >&2; exit 1
    fi
  fi
  # The tests create and drop a database per class on this cluster, as scripts/test does on its own.
  pg_psql -c 'GRANT pg_signal_backend TO ats_bench'
  export ATS_TEST_POSTGRES="$ATS_BENCH_POSTGRES"
  export ATS_SCALEOUT_LONG=1 ATS_FAULTS_LONG=1
  rm -f TestResults/faults/scale-out-kill.txt
  dotnet build tests/AnxiousToSecure.IntegrationTests -nologo -v quiet -clp:ErrorsOnly
  local status=0
  dotnet test tests/AnxiousToSecure.IntegrationTests --no-build --filter "Category=ScaleOut|Category=FaultsLong" \
    --logger "console;verbosity=normal" || status=$?
  if [ -f TestResults/faults/scale-out-kill.txt ]; then
    echo; echo "kill -9 during a sweep and a webhook burst:"; cat TestResults/faults/scale-out-kill.txt
  fi
  return "$status"
}
