#!/usr/bin/env bash
# The one test command of OrleansAuth (README, CI).
#
#   scripts/test.sh [extra dotnet test args, e.g. --filter FullyQualifiedName~Membership]
#
# On a fresh Debian 12 machine with the .NET 10 SDK it:
#   1. installs postgresql (server), libargon2-1, chromium (browser tests) and docker-compose (validates docker-compose.yml) if missing (apt-get; sudo when not root);
#      the distro's postgresql service is never started;
#   2. starts a throwaway PostgreSQL on 127.0.0.1 (first free port from 54329, temporary data and
#      socket directory, tuned for tests) and stops/removes exactly that server on exit;
#   3. builds OrleansAuth.sln (Release) and runs every test project with dotnet test, one project
#      after the other (failure tests stop/start the shared PostgreSQL), each writing a .trx file
#      under TestResults/<Project>/;
#   4. sums the .trx files and prints, as its last line, "N passed, N failed".
# Exit status is non-zero if the build or any dotnet test run failed, if any test failed, or if
# no test ran at all (ORLEANSAUTH_TEST_ALLOW_EMPTY=1 lifts the last rule).
#
# Environment seen by the tests:
#   ORLEANSAUTH_TEST_POSTGRES          Host=127.0.0.1;Port=<port>;Username=postgres;Database=postgres
#   ORLEANSAUTH_TEST_POSTGRES_BIN      PostgreSQL bin directory (pg_ctl, postgres, psql, ...)
#   ORLEANSAUTH_TEST_POSTGRES_DATA     data directory; postgresql.conf in it holds port, listen address
#                                      and socket directory, so `pg_ctl -D <data> -w start` restarts
#                                      the same server
#   ORLEANSAUTH_TEST_POSTGRES_PORT     the port
#   ORLEANSAUTH_TEST_POSTGRES_OS_USER  OS user that must run pg_ctl (postgres when the script runs
#                                      as root, else empty = the current user)
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"

SOLUTION="OrleansAuth.sln"
RESULTS_DIR="$REPO_ROOT/TestResults"
FIRST_PORT="${ORLEANSAUTH_TEST_POSTGRES_FIRST_PORT:-54329}"
HANG_TIMEOUT="${ORLEANSAUTH_TEST_HANG_TIMEOUT:-20m}"

export DEBIAN_FRONTEND=noninteractive
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# No MSBuild worker nodes left behind holding the caller's output pipe.
export MSBUILDDISABLENODEREUSE=1

log() { printf '[test.sh] %s\n' "$*" >&2; }
die() { printf '[test.sh] error: %s\n' "$*" >&2; exit 1; }

IS_ROOT=0
[ "$(id -u)" -eq 0 ] && IS_ROOT=1
SUDO=()
if [ "$IS_ROOT" -eq 0 ] && command -v sudo >/dev/null 2>&1; then SUDO=(sudo); fi

command -v dotnet >/dev/null 2>&1 || die "dotnet not found: install the .NET 10 SDK first"

# ---------------------------------------------------------------- 1. system packages
pkg_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

POLICY_RC_CREATED=0
remove_policy_rc() {
  if [ "$POLICY_RC_CREATED" -eq 1 ]; then
    "${SUDO[@]}" rm -f /usr/sbin/policy-rc.d || true
    POLICY_RC_CREATED=0
  fi
}

install_missing_packages() {
  local missing=() p
  for p in postgresql libargon2-1 docker-compose chromium; do
    pkg_installed "$p" || missing+=("$p")
  done
  if ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
    [[ " ${missing[*]-} " == *" postgresql "* ]] || missing+=(postgresql)
  fi
  [ "${#missing[@]}" -eq 0 ] && return 0
  command -v apt-get >/dev/null 2>&1 || die "missing ${missing[*]} and no apt-get to install them"
  if [ "$IS_ROOT" -eq 0 ] && [ "${#SUDO[@]}" -eq 0 ]; then
    die "missing ${missing[*]}: run as root, install sudo, or install them yourself"
  fi
  log "installing ${missing[*]}"
  # Keep package scripts from starting the distro's postgresql service (policy-rc.d 101 = forbidden).
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    "${SUDO[@]}" sh -c 'printf "#!/bin/sh\nexit 101\n" > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d'
    POLICY_RC_CREATED=1
  fi
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  remove_policy_rc
}

# ---------------------------------------------------------------- 2. throwaway PostgreSQL
# shellcheck source=lib/postgres.sh
source "$REPO_ROOT/scripts/lib/postgres.sh"

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  pg_stop
  [ -n "$PG_ROOT" ] && rm -rf "$PG_ROOT"
  remove_policy_rc
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

start_postgres() {
  local parent="${TMPDIR:-/tmp}"
  [ "$IS_ROOT" -eq 1 ] && parent=/tmp   # reachable by the postgres user
  pg_start "$parent" "$FIRST_PORT" orleansauth-pg

  export ORLEANSAUTH_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"
  export ORLEANSAUTH_TEST_POSTGRES_BIN="$PG_BIN"
  export ORLEANSAUTH_TEST_POSTGRES_DATA="$PG_DATA"
  export ORLEANSAUTH_TEST_POSTGRES_PORT="$PG_PORT"
  if [ "$IS_ROOT" -eq 1 ]; then export ORLEANSAUTH_TEST_POSTGRES_OS_USER=postgres
  else export ORLEANSAUTH_TEST_POSTGRES_OS_USER=""; fi
}

# ---------------------------------------------------------------- 3. build and test
FAILURE_NOTES=()   # failures not visible as failed tests in a .trx (build errors, crashed test hosts)
BUILD_OK=1
DOTNET_FAILED=0
PROJECT_FAILURES=0

run_tests() {
  rm -rf "$RESULTS_DIR"
  mkdir -p "$RESULTS_DIR"

  log "dotnet build $SOLUTION -c Release"
  if ! dotnet build "$SOLUTION" -c Release -nodeReuse:false; then
    BUILD_OK=0
    DOTNET_FAILED=1
    FAILURE_NOTES+=("build: dotnet build $SOLUTION failed")
  fi

  local projects=() p
  while IFS= read -r p; do
    p="${p//\\//}"
    [[ "$p" == tests/*.csproj ]] && projects+=("$p")
  done < <(dotnet sln "$SOLUTION" list | tr -d '\r')
  [ "${#projects[@]}" -gt 0 ] || log "no test projects under tests/ in $SOLUTION"

  local build_arg=(--no-build)
  [ "$BUILD_OK" -eq 1 ] || build_arg=()   # let each project report its own build errors

  for p in "${projects[@]}"; do
    local name rc=0
    name="$(basename "$p" .csproj)"
    log "dotnet test $p"
    dotnet test "$p" -c Release "${build_arg[@]}" -nodeReuse:false \
      --results-directory "$RESULTS_DIR/$name" \
      --logger "trx;LogFileName=$name.trx" \
      --blame-hang-timeout "$HANG_TIMEOUT" --blame-hang-dump-type none \
      "$@" || rc=$?
    if [ "$rc" -ne 0 ]; then
      DOTNET_FAILED=1
      local trx="$RESULTS_DIR/$name/$name.trx"
      if [ ! -f "$trx" ]; then
        PROJECT_FAILURES=$((PROJECT_FAILURES + 1))
        FAILURE_NOTES+=("$name: dotnet test exited $rc and wrote no results (build error or test host crash)")
      elif [ "$(trx_counts "$trx" | awk '{print $2}')" -eq 0 ]; then
        PROJECT_FAILURES=$((PROJECT_FAILURES + 1))
        FAILURE_NOTES+=("$name: dotnet test exited $rc with no failed test recorded (run aborted?)")
      fi
    fi
  done
}

# ---------------------------------------------------------------- 4. summary from .trx files
# prints: passed failed(+error+timeout+aborted) total notExecuted
trx_counts() {
  awk '
    /<Counters / {
      n = split("total passed failed error timeout aborted notExecuted", names, " ")
      for (i = 1; i <= n; i++)
        if (match($0, " " names[i] "=\"[0-9]+\"")) {
          v = substr($0, RSTART, RLENGTH); gsub(/[^0-9]/, "", v); sum[names[i]] += v
        }
    }
    END {
      printf "%d %d %d %d\n", sum["passed"], sum["failed"] + sum["error"] + sum["timeout"] + sum["aborted"], \
        sum["total"], sum["notExecuted"]
    }' "$@" /dev/null
}

failed_test_names() {
  grep -ho '<UnitTestResult [^>]*>' "$@" /dev/null 2>/dev/null \
    | grep -E 'outcome="(Failed|Error|Timeout|Aborted)"' \
    | sed -e 's/.* testName="\([^"]*\)".*/\1/' \
          -e 's/&quot;/"/g' -e "s/&apos;/'/g" -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&amp;/\&/g' \
    || true
}

summarize() {
  local trx_files=() f
  while IFS= read -r f; do trx_files+=("$f"); done < <(find "$RESULTS_DIR" -type f -name '*.trx' 2>/dev/null | sort)

  local passed=0 failed=0 total=0 skipped=0
  if [ "${#trx_files[@]}" -gt 0 ]; then
    read -r passed failed total skipped < <(trx_counts "${trx_files[@]}")
  fi
  failed=$((failed + PROJECT_FAILURES))
  [ "$BUILD_OK" -eq 1 ] || [ "$PROJECT_FAILURES" -gt 0 ] || failed=$((failed + 1))

  echo
  echo "================ test summary (${#trx_files[@]} result file(s) in TestResults/) ================"
  local names
  names="$(failed_test_names "${trx_files[@]}")"
  if [ -n "$names" ] || [ "${#FAILURE_NOTES[@]}" -gt 0 ]; then
    echo "Failed:"
    [ -n "$names" ] && printf '%s\n' "$names" | sed 's/^/  /'
    [ "${#FAILURE_NOTES[@]}" -gt 0 ] && printf '  %s\n' "${FAILURE_NOTES[@]}"
  fi
  [ "$skipped" -gt 0 ] && echo "Skipped: $skipped"

  local status=0
  [ "$DOTNET_FAILED" -eq 0 ] || status=1
  [ "$failed" -eq 0 ] || status=1
  if [ $((passed + failed)) -eq 0 ]; then
    echo "No test ran."
    [ "${ORLEANSAUTH_TEST_ALLOW_EMPTY:-0}" = 1 ] || status=1
  fi
  echo "$passed passed, $failed failed"
  return "$status"
}

install_missing_packages
start_postgres
run_tests "$@"
summarize
