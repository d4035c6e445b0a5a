#!/usr/bin/env bash
# Runs every benchmark of OrleansAuth on 127.0.0.1 in bounded time, prints a table and writes bench/RESULTS.md.
#
#   bench/run.sh            the full run (about 8 minutes; hard-capped by BENCH_TIME_LIMIT)
#   bench/run.sh --quick    short phases and a 20,000-user scale step: checks that the harness works (about 3 minutes)
#
# What it does (bench/README.md explains every figure):
#   1. installs wrk if missing (apt-get), builds src/Api, src/Silo and bench/Benchmarks in Release;
#   2. times one password verification on one core (the hash-bound login ceiling);
#   3. Orleans micro-benchmarks in-process (grain calls co-hosted, client to silo and silo to silo over loopback TCP on
#      free ports; state writes; activation memory), against a throwaway PostgreSQL it starts itself;
#   4. HTTP scenarios (register, login, refresh, me, validate-token) with wrk against the API in embedded mode (SQLite);
#   5. the same against scripts/cluster.sh (PostgreSQL + 3 silos + API), then bulk-loads BENCH_SCALE_USERS users with
#      COPY and measures login and refresh again against them.
# The service runs on BENCH_SERVICE_CPUS and wrk on BENCH_LOAD_CPUS (taskset). Everything it starts is stopped on exit,
# Ctrl-C or the time limit. Settings (environment):
#   BENCH_SERVICE_CPUS=0  BENCH_LOAD_CPUS=1  BENCH_CONNECTIONS=32  BENCH_WARMUP=10  BENCH_DURATION=10 (seconds)
#   BENCH_SCALE_USERS=1000000  BENCH_TIME_LIMIT=900 (seconds)  BENCH_BUILD=1 (0: use the existing Release build)
#   BENCH_RESULTS=bench/RESULTS.md  BENCH_PHASES="hash micro embedded cluster" (a subset runs only those phases)
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
QUICK=0
[ "${1:-}" = "--quick" ] && QUICK=1
SERVICE_CPUS="${BENCH_SERVICE_CPUS:-0}"
LOAD_CPUS="${BENCH_LOAD_CPUS:-1}"
CONNECTIONS="${BENCH_CONNECTIONS:-32}"
WARMUP="${BENCH_WARMUP:-10}"
DURATION="${BENCH_DURATION:-10}"
SCALE_USERS="${BENCH_SCALE_USERS:-1000000}"
TIME_LIMIT="${BENCH_TIME_LIMIT:-900}"
RESULTS="${BENCH_RESULTS:-$REPO_ROOT/bench/RESULTS.md}"
if [ "$QUICK" -eq 1 ]; then
  WARMUP="${BENCH_WARMUP:-1}" DURATION="${BENCH_DURATION:-2}" SCALE_USERS="${BENCH_SCALE_USERS:-20000}" RESULTS="${BENCH_RESULTS:-$(mktemp /tmp/orleansauth-bench-results.XXXXXX.md)}"
fi
PHASES=" ${BENCH_PHASES:-hash micro embedded cluster} "
BASE_USERS=1000
POOL=$((CONNECTIONS * 2))   # sessions per refresh pool: more tokens than connections
PASSWORD="Bench-run-$(date +%s)-pw!"
API_DLL="src/Api/bin/Release/net10.0/OrleansAuth.Api.dll"
BENCH_DLL="bench/Benchmarks/bin/Release/net10.0/OrleansAuth.Benchmarks.dll"
export BENCH_LUA_DIR="$REPO_ROOT/bench/http"

log() { printf '[bench] %s\n' "$*" >&2; }
die() { printf '[bench] error: %s\n' "$*" >&2; exit 1; }

IS_ROOT=0
[ "$(id -u)" -eq 0 ] && IS_ROOT=1
# shellcheck source=../scripts/lib/postgres.sh
source "$REPO_ROOT/scripts/lib/postgres.sh"

WORK="$(mktemp -d /tmp/orleansauth-bench.XXXXXX)"
API_PID="" CLUSTER_DIR="" WATCHDOG=""
FIGURES="$WORK/figures.tsv"   # section, name, value, unit, note
HTTP="$WORK/http.tsv"         # mode, scenario, rps, p50 ms, p99 ms, ok, failed, load average, service CPU µs per request
: > "$FIGURES"; : > "$HTTP"

stop_api() {
  [ -n "$API_PID" ] || return 0
  if kill -0 "$API_PID" 2>/dev/null; then
    kill -TERM "$API_PID" 2>/dev/null || true
    for _ in $(seq 1 150); do kill -0 "$API_PID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$API_PID" 2>/dev/null || true
  fi
  API_PID=""
}

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  [ -n "$WATCHDOG" ] && kill "$WATCHDOG" 2>/dev/null || true
  stop_api
  if [ -n "$CLUSTER_DIR" ]; then "$REPO_ROOT/scripts/cluster.sh" stop "$CLUSTER_DIR" >/dev/null 2>&1 || true; fi
  pg_stop
  [ -n "$PG_ROOT" ] && rm -rf "$PG_ROOT"
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

# Hard cap: the whole run is ended (and cleaned up) after BENCH_TIME_LIMIT seconds.
( sleep "$TIME_LIMIT"; log "time limit of ${TIME_LIMIT}s reached"; kill -TERM $$ ) 2>/dev/null &
WATCHDOG=$!

cpu_count() { # cpu_count <taskset list, e.g. 0 or 0,1 or 0-3>
  local total=0 part
  for part in ${1//,/ }; do
    if [[ "$part" == *-* ]]; then total=$((total + ${part#*-} - ${part%-*} + 1)); else total=$((total + 1)); fi
  done
  echo "$total"
}

ensure_tools() {
  command -v wrk >/dev/null 2>&1 && command -v curl >/dev/null 2>&1 && command -v jq >/dev/null 2>&1 && return 0
  log "installing wrk, curl and jq"
  local sudo=""; [ "$IS_ROOT" -eq 1 ] || sudo="sudo"
  $sudo apt-get install -y wrk curl jq >/dev/null 2>&1 || { $sudo apt-get update >/dev/null 2>&1 && $sudo apt-get install -y wrk curl jq >/dev/null; }
}

build() {
  [ "${BENCH_BUILD:-1}" = 1 ] || return 0
  log "building Release (src/Api, src/Silo, bench/Benchmarks)"
  local project
  for project in src/Api src/Silo bench/Benchmarks; do
    (cd "$REPO_ROOT" && dotnet build "$project" -c Release -nodeReuse:false -v quiet -nologo >"$WORK/build.log" 2>&1) \
      || { tail -n 30 "$WORK/build.log" >&2; die "build of $project failed"; }
  done
}

bench_tool() { # bench_tool <cpus> <args...>: the micro-benchmark tool, its figures appended to FIGURES under a section
  local cpus=$1 section=$2; shift 2
  local out="$WORK/tool.tsv"; : > "$out"
  (cd "$REPO_ROOT" && timeout 600 taskset -c "$cpus" dotnet "$BENCH_DLL" "$@" --out "$out") >&2
  awk -v s="$section" -F'\t' '{ print s "\t" $0 }' "$out" >> "$FIGURES"
}

wait_ready() { # wait_ready <url> <pid> <log>
  local deadline=$((SECONDS + 120))
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "$1/health/ready" 2>/dev/null)" = 200 ]; do
    kill -0 "$2" 2>/dev/null || { tail -n 20 "$3" >&2; die "the API exited"; }
    [ "$SECONDS" -lt "$deadline" ] || die "the API was not ready within 120 s"
    sleep 0.3
  done
}

start_embedded_api() {
  local port=8100
  while port_busy "$port"; do port=$((port + 1)); done
  mkdir -p "$WORK/embedded"
  # From the build directory, as in the image (WORKDIR /app), so appsettings.json (log levels) applies.
  # Silo__Port=0: the embedded Orleans silo listens on a free port, not on the default 11111 (Orleans listeners use
  # SO_REUSEPORT, so a second process on 11111 would silently take part of the connections).
  (cd "$REPO_ROOT/$(dirname "$API_DLL")" && exec setsid taskset -c "$SERVICE_CPUS" env \
      ASPNETCORE_ENVIRONMENT=Production DOTNET_ENVIRONMENT=Production \
      "Urls=http://127.0.0.1:$port" "Auth__Issuer=http://127.0.0.1:$port" \
      Storage__Provider=sqlite "ConnectionStrings__AuthDb=Data Source=$WORK/embedded/auth.db" \
      Cluster__Mode=embedded Silo__Port=0 \
      RateLimiting__Enabled=false "Auth__SigningKeys__EncryptionKey=$(head -c 32 /dev/urandom | base64)" \
      dotnet "$REPO_ROOT/$API_DLL" >"$WORK/embedded/api.log" 2>&1 </dev/null) &
  API_PID=$!
  URL="http://127.0.0.1:$port"
  wait_ready "$URL" "$API_PID" "$WORK/embedded/api.log"
  log "embedded API (SQLite) pid $API_PID on $URL, cores $SERVICE_CPUS"
}

register_template() { # the account the seeded users are copied from
  local status
  status=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
    -d "{\"email\":\"template@bench.test\",\"password\":\"$PASSWORD\",\"password_confirmation\":\"$PASSWORD\"}" "$URL/api/v1/auth/register")
  [ "$status" = 201 ] || die "registering the template user answered $status"
}

seed() { # seed <provider> <connection> <cluster id> <prefix> <count>
  bench_tool "$SERVICE_CPUS" seed seed --provider "$1" --connection "$2" --cluster-id "$3" --template template@bench.test --prefix "$4" --count "$5"
}

login_pool() { # login_pool <prefix> <first> <count> <file>: one session per user; lines "refresh access"
  local i body
  : > "$4"
  for ((i = $2; i < $2 + $3; i++)); do
    body=$(curl -s -H 'Content-Type: application/json' -d "{\"email\":\"$1-$i@bench.test\",\"password\":\"$PASSWORD\"}" "$URL/api/v1/auth/login")
    jq -r '.refresh_token + " " + .access_token' <<<"$body" >> "$4" 2>/dev/null || die "login of $1-$i failed: $body"
  done
}

wrk_once() { # wrk_once <seconds> <lua> <output> [VAR=value...]
  local seconds=$1 lua=$2 out=$3; shift 3
  env BENCH_RUN="r$RANDOM$SECONDS" BENCH_PASSWORD="$PASSWORD" "$@" \
    timeout $((seconds + 30)) taskset -c "$LOAD_CPUS" wrk -t1 -c"$CONNECTIONS" -d"${seconds}s" --timeout 10s -s "$BENCH_LUA_DIR/$lua" "$URL" >"$out" 2>&1 || true
}

# The service's own CPU time (user + system, all threads) across the API, the silos and the cluster's PostgreSQL: CPU
# per request stays meaningful on a busy shared machine, where req/s mostly measures the other tenants.
service_pids() {
  [ -n "$API_PID" ] && echo "$API_PID"
  if [ -n "$CLUSTER_DIR" ] && [ -f "$CLUSTER_DIR/cluster.env" ]; then
    sed -n 's/^SILO[0-9]*_PID=//p; s/^API_PID=//p' "$CLUSTER_DIR/cluster.env"
    local data postmaster
    data="$(sed -n 's/^PG_DATA=//p' "$CLUSTER_DIR/cluster.env")"
    postmaster="$(head -n1 "$data/postmaster.pid" 2>/dev/null || true)"
    [ -n "$postmaster" ] && { echo "$postmaster"; ps -o pid= --ppid "$postmaster" 2>/dev/null || true; }
  fi
  return 0
}

service_ticks() {
  local total=0 pid ticks
  for pid in $(service_pids); do
    ticks="$(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0)"
    total=$((total + ticks))
  done
  echo "$total"
}

ms() { awk -v u="$1" 'BEGIN { printf "%.2f", u / 1000 }'; }

# run_wrk <mode> <scenario> <lua> [VAR=value...]: a warm-up run (discarded), then the measured run; one row in HTTP.
# WARM_TOKENS, when set, replaces BENCH_TOKENS for the warm-up (refresh: a rotated token presented again is reuse).
run_wrk() {
  local mode=$1 scenario=$2 lua=$3; shift 3
  local out="$WORK/wrk.out" load line
  wrk_once "$WARMUP" "$lua" "$out" "$@" ${WARM_TOKENS:+BENCH_TOKENS=$WARM_TOKENS}
  load=$(cut -d' ' -f1 /proc/loadavg)
  local ticks_before ticks_after
  ticks_before=$(service_ticks)
  wrk_once "$DURATION" "$lua" "$out" "$@"
  ticks_after=$(service_ticks)
  line=$(grep '^BENCH ' "$out" || true)
  [ -n "$line" ] || { cat "$out" >&2; die "wrk produced no summary for $mode $scenario"; }
  val() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$line"; }
  local rps p50 p99 ok failed cpu
  rps=$(val rps) p50=$(ms "$(val p50_us)") p99=$(ms "$(val p99_us)") ok=$(val ok) failed=$(( $(val failed) + $(val socket_errors) ))
  cpu=$(awk -v t=$((ticks_after - ticks_before)) -v hz="$(getconf CLK_TCK)" -v n="$(val requests)" 'BEGIN { if (n > 0) printf "%.0f", t * 1e6 / hz / n; else print "" }')
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$mode" "$scenario" "$rps" "$p50" "$p99" "$ok" "$failed" "$load" "$cpu" >> "$HTTP"
  log "$(printf '%-9s %-28s %9s req/s  p50 %8s ms  p99 %8s ms  ok %s failed %s  service CPU %s µs/req' "$mode" "$scenario" "$rps" "$p50" "$p99" "$ok" "$failed" "$cpu")"
}

http_scenarios() { # http_scenarios <mode> <provider> <connection> <cluster id>
  local mode=$1
  register_template
  seed "$2" "$3" "$4" base "$BASE_USERS"
  seed "$2" "$3" "$4" pool $((POOL * 2))
  login_pool pool 0 "$POOL" "$WORK/pool-warm.txt"
  login_pool pool "$POOL" "$POOL" "$WORK/pool-run.txt"
  cut -d' ' -f1 "$WORK/pool-warm.txt" > "$WORK/refresh-warm.txt"
  cut -d' ' -f1 "$WORK/pool-run.txt" > "$WORK/refresh-run.txt"
  cut -d' ' -f2 "$WORK/pool-run.txt" > "$WORK/access.txt"

  run_wrk "$mode" register register.lua
  run_wrk "$mode" "login, $BASE_USERS users" login.lua BENCH_PREFIX=base BENCH_USERS="$BASE_USERS"
  WARM_TOKENS="$WORK/refresh-warm.txt" run_wrk "$mode" "refresh, $BASE_USERS users" refresh.lua BENCH_TOKENS="$WORK/refresh-run.txt"
  run_wrk "$mode" me me.lua BENCH_TOKENS="$WORK/access.txt"
  run_wrk "$mode" validate-token validate.lua BENCH_TOKENS="$WORK/access.txt"
}

scale_scenarios() { # scale_scenarios <connection>: SCALE_USERS more accounts, then login and refresh against them
  local users=$SCALE_USERS
  seed postgres "$1" local big "$users"
  login_pool big 0 "$POOL" "$WORK/big-warm.txt"
  login_pool big "$POOL" "$POOL" "$WORK/big-run.txt"
  cut -d' ' -f1 "$WORK/big-warm.txt" > "$WORK/refresh-warm.txt"
  cut -d' ' -f1 "$WORK/big-run.txt" > "$WORK/refresh-run.txt"
  run_wrk cluster "login, $users users" login.lua BENCH_PREFIX=big BENCH_USERS="$users"
  WARM_TOKENS="$WORK/refresh-warm.txt" run_wrk cluster "refresh, $users users" refresh.lua BENCH_TOKENS="$WORK/refresh-run.txt"
}

# ---------------------------------------------------------------------------------------------------------------
STARTED_AT="$(date -u '+%Y-%m-%d %H:%M:%S UTC')"
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
ensure_tools
build

if [[ "$PHASES" == *" hash "* ]]; then
  log "hash ceiling (one core: ${SERVICE_CPUS%%[,-]*})"
  bench_tool "${SERVICE_CPUS%%[,-]*}" hash hash
fi

if [[ "$PHASES" == *" micro "* ]]; then
  log "Orleans micro-benchmarks (cores $SERVICE_CPUS,$LOAD_CPUS)"
  pg_start /tmp 54500 orleansauth-bench-pg
  micro_args=(micro --postgres "Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres")
  [ "$QUICK" -eq 1 ] && micro_args+=(--quick)
  bench_tool "$SERVICE_CPUS,$LOAD_CPUS" micro "${micro_args[@]}"
  pg_stop; rm -rf "$PG_ROOT"; PG_ROOT="" PG_DATA=""
fi

if [[ "$PHASES" == *" embedded "* ]]; then
  log "embedded API on SQLite"
  start_embedded_api
  http_scenarios embedded sqlite "Data Source=$WORK/embedded/auth.db" dev
  stop_api
fi

if [[ "$PHASES" == *" cluster "* ]]; then
  log "cluster: PostgreSQL, 3 silos, 1 API (scripts/cluster.sh), cores $SERVICE_CPUS"
  CLUSTER_DIR="$WORK/cluster"
  RateLimiting__Enabled=false CLUSTER_BUILD=0 taskset -c "$SERVICE_CPUS" "$REPO_ROOT/scripts/cluster.sh" start "$CLUSTER_DIR" >/dev/null
  URL="$(sed -n 's/^API_URL=//p' "$CLUSTER_DIR/cluster.env")"
  CLUSTER_PG="$(sed -n 's/^POSTGRES=//p' "$CLUSTER_DIR/cluster.env")"
  CLUSTER_PG="${CLUSTER_PG//\\/}"
  http_scenarios cluster postgres "$CLUSTER_PG" local
  log "scale: $SCALE_USERS users"
  scale_scenarios "$CLUSTER_PG"
  "$REPO_ROOT/scripts/cluster.sh" stop "$CLUSTER_DIR" >/dev/null 2>&1 || true
  CLUSTER_DIR=""
fi
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

source "$REPO_ROOT/bench/report.sh"
write_results > "$RESULTS"
cat "$RESULTS"
log "results written to $RESULTS"
