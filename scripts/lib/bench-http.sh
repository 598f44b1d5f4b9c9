#!/usr/bin/env bash
# scripts/bench http: the app as students reach it, measured from outside. Publishes the web project
# in Release, runs it in Production against its own durable PostgreSQL (fsync on), seeds 10,000
# students, signs students in through the login form and drives each page with wrk; prints every
# figure as name=value and appends a dated table to bench/RESULTS.md. See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

DURATION=${ATS_BENCH_DURATION:-12}           # seconds of each measured phase
WARMUP=${ATS_BENCH_WARMUP:-3}                # seconds of warm-up before each
CONNECTIONS=${ATS_BENCH_CONNECTIONS:-32}
STUDENTS=${ATS_BENCH_STUDENTS:-10000}
SIGNINS=${ATS_BENCH_SIGNINS:-200}            # fresh students signed in before each signed-in phase
SQL_REQUESTS=${ATS_BENCH_SQL_REQUESTS:-100}  # requests per page in the SQL counting pass
CIRCUITS=${ATS_BENCH_CIRCUITS:-20}
WEBHOOK_RATE=${ATS_BENCH_WEBHOOK_RATE:-50}
PORT=${ATS_BENCH_HTTP_PORT:-5301}            # http; +1 https (the browser), +2 SMTP sink
HTTPS_PORT=$((PORT + 1))
SMTP_PORT=$((PORT + 2))
RESULTS=${ATS_BENCH_RESULTS:-bench/RESULTS.md}
SIGNED_IN_PHASES=6                           # static, lesson, dashboard, outline, complete, journal
if [ $((SIGNED_IN_PHASES * SIGNINS + SQL_REQUESTS + 1)) -gt "$STUDENTS" ]; then
  echo "ATS_BENCH_STUDENTS ($STUDENTS) must be more than $SIGNED_IN_PHASES x ATS_BENCH_SIGNINS + ATS_BENCH_SQL_REQUESTS: every phase signs in students of its own." >&2
  exit 2
fi

# shellcheck source=postgres.sh
source scripts/lib/postgres.sh

need_package() { # need_package PACKAGE CHECK-COMMAND...
  local package=$1; shift
  "$@" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's $package..."
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null
    "$@" >/dev/null 2>&1 && return 0
  fi
  echo "scripts/bench http needs Debian's $package: sudo apt-get install $package (then run this again)." >&2
  exit 1
}
need_package wrk test -x /usr/bin/wrk
need_package chromium test -x /usr/bin/chromium
need_package python3-aiosmtpd /usr/bin/python3 -c 'import aiosmtpd'
need_package curl command -v curl
need_package openssl command -v openssl
pg_ensure_installed

WORK=$(mktemp -d /tmp/ats-bench-http.XXXXXX)
chmod 755 "$WORK"
APP_PID="" SINK_PID="" PG_DATA=""
cleanup() {
  [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null
  [ -n "$SINK_PID" ] && kill "$SINK_PID" 2>/dev/null
  [ -n "$PG_DATA" ] && pg_stop_cluster "$PG_DATA"
  if [ -n "${ATS_BENCH_KEEP_WORK:-}" ]; then echo "Kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

step() { echo "== $(date -u +%H:%M:%S) $*"; }
FIGURES=$WORK/figures
: >"$FIGURES"
record() { tee -a "$FIGURES" | grep '='; } # name=value lines: kept and printed
# A phase that fails is reported and the run goes on: the other figures still count.
failed() { echo "$1: FAILED (the app log is $WORK/app.log with ATS_BENCH_KEEP_WORK=1)" >&2; echo "failed_$1=1" >>"$FIGURES"; }

step "Building: the web app (publish, Release) and the benchmark"
# As deployed: for the runtime, so the start-up code is precompiled (ReadyToRun, see the Web project).
dotnet publish src/AnxiousToSecure.Web -c Release -r linux-x64 --self-contained false -o "$WORK/app" -nologo -v quiet -clp:ErrorsOnly
dotnet build bench/AnxiousToSecure.Bench -c Release -o "$WORK/bench" -nologo -v quiet -clp:ErrorsOnly
dotnet tool restore >/dev/null # dotnet-gcdump, for the circuit figure
bench() { dotnet "$WORK/bench/AnxiousToSecure.Bench.dll" http "$@"; }

step "PostgreSQL with durable settings (fsync and synchronous_commit on)"
data="${ATS_BENCH_PGDATA:-/tmp/anxioustosecure-bench-pg}-http"
pg_stop_cluster "$data"
rm -rf "$data"
pg_start_cluster "$data" "${ATS_BENCH_PGPORT:-55435}"
echo "postgres_fsync=$(pg_psql -tAc 'SHOW fsync')" | record
echo "postgres_synchronous_commit=$(pg_psql -tAc 'SHOW synchronous_commit')" | record
pg_ensure_login ats_bench ats_bench ats_http
export ATS_HTTP_PG_LOG=$PG_DATA/server.log ATS_HTTP_SQL_DUMP=$WORK # sql-{cold,warm}-{page}.txt: what each SQL figure counts
set_statement_log() { pg_psql -c "ALTER SYSTEM SET log_min_duration_statement = $1" -c "SELECT pg_reload_conf()" >/dev/null; sleep 0.5; }

/usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$SMTP_PORT" -c aiosmtpd.handlers.Sink &
SINK_PID=$!

# Certificates made for this run: one encrypts the Data Protection key ring, one serves https to the browser.
pfx() { # pfx NAME
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
    -keyout "$WORK/$1.key" -out "$WORK/$1.crt" 2>/dev/null
  openssl pkcs12 -export -inkey "$WORK/$1.key" -in "$WORK/$1.crt" -out "$WORK/$1.pfx" -passout pass:bench
}
pfx keyring
pfx site

# Everything Production requires, for a site at 127.0.0.1 behind a TLS proxy on the same machine.
export ASPNETCORE_ENVIRONMENT=Production
export ASPNETCORE_URLS="http://127.0.0.1:$PORT;https://127.0.0.1:$HTTPS_PORT"
export Kestrel__Certificates__Default__Path=$WORK/site.pfx Kestrel__Certificates__Default__Password=bench
export ConnectionStrings__Default="Host=127.0.0.1;Port=$PG_PORT;Database=ats_http;Username=ats_bench;Password=ats_bench"
export AllowedHosts=127.0.0.1
export Email__PublicBaseUrl=https://127.0.0.1:$HTTPS_PORT
export Proxy__KnownProxies__0=127.0.0.1
export DataProtection__KeyCertificatePath=$WORK/keyring.pfx DataProtection__KeyCertificatePassword=bench
export Smtp__Host=127.0.0.1 Smtp__Port=$SMTP_PORT Smtp__Security=None
export Stripe__SecretKey=sk_test_bench_never_sent Stripe__ApiBase=http://127.0.0.1:9
Stripe__WebhookSecret=whsec_bench_$(openssl rand -hex 16)
export Stripe__WebhookSecret
# Benchmark only: one client address signs in hundreds of students and sends the webhook at 50/s.
export RateLimits__SignIn__PerClient=1000000 RateLimits__TwoFactor__PerClient=1000000 RateLimits__StripeWebhook__PerClient=1000000
# Benchmark only: no drip sweep during the run (the seed is its steady state); its SQL is not a page's.
export Drip__SweepCron="0 0 1 1 *"
export ATS_BENCH_POSTGRES=$ConnectionStrings__Default ATS_BENCH_STUDENTS=$STUDENTS
export ATS_HTTP_BASE_URL=http://127.0.0.1:$PORT ATS_HTTPS_BASE_URL=https://127.0.0.1:$HTTPS_PORT
app_command() { (cd "$WORK/app" && dotnet AnxiousToSecure.Web.dll "$@") >>"$WORK/app.log" 2>&1 || { tail -n 40 "$WORK/app.log" >&2; exit 1; }; }

step "Migrating and importing course-content/ with the app's own commands"
app_command migrate
app_command import-content "$PWD/course-content"
step "Seeding $STUDENTS students, journal entries, attachments, an instructor"
bench seed

step "Starting the published app (Production)"
start=$(date +%s%N)
(cd "$WORK/app" && exec dotnet AnxiousToSecure.Web.dll) >>"$WORK/app.log" 2>&1 &
APP_PID=$!
until curl -fs -o /dev/null "http://127.0.0.1:$PORT/health/ready"; do
  kill -0 "$APP_PID" 2>/dev/null || { echo "The app stopped; its log follows:" >&2; tail -n 40 "$WORK/app.log" >&2; exit 1; }
  [ $(( $(date +%s%N) - start )) -lt 60000000000 ] || { echo "The app was not ready within 60 s." >&2; exit 1; }
  sleep 0.02
done
echo "ready_ms=$(( ($(date +%s%N) - start) / 1000000 ))" | record

step "SQL per request, cold: the first request of each page"
set_statement_log 0
bench sql cold "$STUDENTS" 1 | record || failed sql_cold
set_statement_log -1

load() { # load NAME MODE PATH [STUDENTS-FILE]
  local name=$1 mode=$2 path=$3 students=${4:-}
  run_wrk() { ATS_WRK_NAME=$name ATS_WRK_MODE=$mode ATS_WRK_PATH=$path ATS_WRK_STUDENTS=$students \
    wrk -t2 -c"$CONNECTIONS" -d"$1"s --timeout 10s -s bench/http/load.lua "http://127.0.0.1:$PORT"; }
  step "$name: $WARMUP s warm-up, $DURATION s measured, $CONNECTIONS connections"
  run_wrk "$WARMUP" >/dev/null
  run_wrk "$DURATION" | grep -E "^${name}_[a-z0-9_]+=" | record
}
sign_in() { # sign_in PHASE: fresh cookies for a signed-in phase (younger than Identity's one-minute revalidation), students of its own
  local file=$WORK/students-$1.tsv
  bench signin $((1 + $1 * SIGNINS)) "$SIGNINS" "$file" >&2
  echo "$file"
}

load live anon /health/live || failed live
load crisis anon /crisis || failed crisis
load course anon / || failed course
# The denominator: the crisis page as a signed-in student, so the output cache (anonymous only) does not
# answer it and it is rendered on every request, through the same sign-in cookie, layout and headers as
# her lesson, with no database work of its own.
load static student-get /crisis "$(sign_in 5)" || failed static
load lesson lesson / "$(sign_in 0)" || failed lesson
load dashboard student-get /learn "$(sign_in 1)" || failed dashboard
load outline student-get /learn/outline "$(sign_in 2)" || failed outline
load complete complete / "$(sign_in 3)" || failed complete
load journal journal / "$(sign_in 4)" || failed journal

step "Stripe webhook: $WEBHOOK_RATE signed events per second for $DURATION s"
bench webhook "$WEBHOOK_RATE" "$DURATION" | record || failed webhook

step "SQL per request, warm: $SQL_REQUESTS requests per page, one after another, each from another student"
set_statement_log 0
bench sql warm $((1 + SIGNED_IN_PHASES * SIGNINS)) "$SQL_REQUESTS" | record || failed sql_warm
set_statement_log -1

step "Managed memory per lesson-editor circuit ($CIRCUITS circuits)"
bench circuits "$CIRCUITS" "$APP_PID" "$WORK" | record || failed circuits

fig() { grep -m1 "^$1=" "$FIGURES" | cut -d= -f2-; }
ratio() { awk -v a="$(fig "$1")" -v b="$(fig "$2")" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "n/a" }'; }
# Like with like: the signed-in pages against the crisis page rendered for a signed-in student (static), the
# anonymous course page against the same crisis page anonymous (both from the output cache once warm).
for page in lesson dashboard outline; do echo "${page}_vs_static=$(ratio "${page}_rps" static_rps)" | record; done
echo "course_vs_static=$(ratio course_rps crisis_rps)" | record

commit=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src migrations || echo "+changes")
{
  echo
  echo "## http — $(date -u +%Y-%m-%d)${ATS_BENCH_NOTE:+, $ATS_BENCH_NOTE} (commit $commit)"
  echo
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(. /etc/os-release && echo "$PRETTY_NAME"),"\
    ".NET $(dotnet --version), PostgreSQL $(pg_psql -tAc 'SHOW server_version' | cut -d' ' -f1) (fsync $(fig postgres_fsync)). Release publish in Production,"\
    "wrk $CONNECTIONS connections, $DURATION s per phase after $WARMUP s warm-up, $STUDENTS students, $SIGNINS fresh sign-ins per signed-in phase."
  echo
  echo "| endpoint | requests/s | p50 ms | p99 ms | non-2xx (3xx) | errors | SQL/request warm (cold) |"
  echo "| --- | --- | --- | --- | --- | --- | --- |"
  for page in live crisis static course lesson dashboard outline complete journal; do
    sql="-"
    [ "$page" != live ] && sql="$(fig "sql_${page}_warm") ($(fig "sql_${page}_cold"))"
    echo "| $page | $(fig "${page}_rps") | $(fig "${page}_p50_ms") | $(fig "${page}_p99_ms") | $(fig "${page}_non2xx") ($(fig "${page}_3xx")) | $(fig "${page}_errors") | $sql |"
  done
  echo "| webhook ($WEBHOOK_RATE/s) | $(fig webhook_rps) | $(fig webhook_p50_ms) | $(fig webhook_p99_ms) | $(fig webhook_non2xx) | stored once: $(fig webhook_stored_once) ($(fig webhook_stored)/$(fig webhook_requests)) | $(fig sql_webhook_warm) ($(fig sql_webhook_cold)) |"
  echo
  echo "| measure | result | target |"
  echo "| --- | --- | --- |"
  echo "| lesson_vs_static | $(fig lesson_vs_static) | >= 0.5 |"
  echo "| course_vs_static | $(fig course_vs_static) | >= 0.8 |"
  echo "| dashboard_vs_static | $(fig dashboard_vs_static) | >= 0.5 |"
  echo "| outline_vs_static | $(fig outline_vs_static) | >= 0.5 |"
  echo "| circuit_kb ($CIRCUITS lesson editors) | $(fig circuit_kb) | < 250 |"
  echo "| ready_ms | $(fig ready_ms) | < 3000 |"
  echo
  echo "\`static\` is the crisis page as a signed-in student (rendered on every request; \`crisis\` is the same page"\
    "anonymous, from the output cache); lesson, dashboard and outline divide by \`static_rps\`, the anonymous course page by \`crisis_rps\`."
} >>"$RESULTS"
step "Figures appended to $RESULTS"
