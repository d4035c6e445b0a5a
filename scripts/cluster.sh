#!/usr/bin/env bash
# Runs the docker-compose topology as local processes on 127.0.0.1: a throwaway PostgreSQL, N silos
# (default 3) and one API node in Cluster:Mode=client. Stops exactly what it started.
#
#   scripts/cluster.sh start [STATE_DIR]   start everything; prints STATE_DIR (default: a new /tmp dir)
#   scripts/cluster.sh stop STATE_DIR      stop the processes recorded in STATE_DIR, then its PostgreSQL
#   scripts/cluster.sh status STATE_DIR    list the recorded processes and whether they run
#   scripts/cluster.sh silo-stop STATE_DIR I     stop silo I gracefully (SIGTERM; SIGKILL after 30 s) and wait for it to exit
#   scripts/cluster.sh silo-start STATE_DIR I [--new-ports]
#                                          start silo I again (a new generation) on its ports, or with --new-ports on
#                                          ports no process of this cluster used before; waits until it is Active
#   scripts/cluster.sh db-stop STATE_DIR   stop only the cluster's PostgreSQL (fast shutdown; data kept), for outage tests
#   scripts/cluster.sh db-start STATE_DIR  start that PostgreSQL again on the same port and data
#
# STATE_DIR/cluster.env records API_URL, POSTGRES (connection string), SILO<i>_PID/SILO<i>_PORT/SILO<i>_GATEWAY_PORT,
# API_PID, USED_PORTS (every port this cluster's processes were given, ':'-separated); STATE_DIR/logs holds every
# process's output. Settings (environment):
#   CLUSTER_SILOS=3  CLUSTER_SILO_FIRST_PORT=11111  CLUSTER_GATEWAY_FIRST_PORT=30000  CLUSTER_API_FIRST_PORT=8000
#   CLUSTER_PG_FIRST_PORT=54400  CLUSTER_API_ENVIRONMENT=Production (Development opens the Orleans dashboard without
#   sign-in, for the browser test)
#   CLUSTER_BUILD=1 (0: use the existing Release build)  CLUSTER_START_TIMEOUT=120 (seconds)
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SILOS="${CLUSTER_SILOS:-3}"
SILO_FIRST_PORT="${CLUSTER_SILO_FIRST_PORT:-11111}"
GATEWAY_FIRST_PORT="${CLUSTER_GATEWAY_FIRST_PORT:-30000}"
API_FIRST_PORT="${CLUSTER_API_FIRST_PORT:-8000}"
PG_FIRST_PORT="${CLUSTER_PG_FIRST_PORT:-54400}"
START_TIMEOUT="${CLUSTER_START_TIMEOUT:-120}"
CLUSTER_ID="local"

log() { printf '[cluster.sh] %s\n' "$*" >&2; }
die() { printf '[cluster.sh] error: %s\n' "$*" >&2; exit 1; }

IS_ROOT=0
[ "$(id -u)" -eq 0 ] && IS_ROOT=1
# shellcheck source=lib/postgres.sh
source "$REPO_ROOT/scripts/lib/postgres.sh"

port_taken() {   # port_taken <port>: any TCP socket of any process, any address or state, has that local port
  # Orleans opens its listeners with SO_REUSEPORT: a second silo on a port in use starts fine and then gets part of the
  # other one's connections. So "in use" is wider than "someone listens on 127.0.0.1": a listener on any address (IPv4
  # or IPv6), a socket bound but not yet listening, a connection using the port locally. Not the closing
  # states (TIME-WAIT, FIN-WAIT, ...): a silo that stopped gracefully closed its connections first and leaves those
  # behind for up to a minute, and they do not keep a new listener (.NET binds with SO_REUSEADDR) from the port.
  port_busy "$1" && return 0
  [ -n "$(ss -Htan exclude time-wait exclude fin-wait-1 exclude fin-wait-2 exclude closing exclude last-ack "sport = :$1" 2>/dev/null)" ]
}

free_port() {   # free_port <first> [ports to skip...]
  local port=$1; shift
  while port_taken "$port" || [[ " $* " == *" $port "* ]]; do
    port=$((port + 1))
    [ "$port" -le 65535 ] || die "no free port from $1"
  done
  echo "$port"
}

command -v ss >/dev/null 2>&1 || die "ss (iproute2) is needed to probe ports"

http_status() {   # http_status <port> <path>: status code of a plain HTTP GET on 127.0.0.1 (no curl needed)
  timeout 3 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" && printf "GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n" "$2" >&3 && head -n1 <&3' \
    _ "$1" "$2" 2>/dev/null | awk '{print $2}'
}

record() { printf '%s=%q\n' "$1" "$2" >> "$STATE_DIR/cluster.env"; }

set_value() {   # set_value KEY VALUE: replaces KEY's line in cluster.env (values here are numbers or ':'-lists)
  if grep -q "^$1=" "$STATE_DIR/cluster.env"; then sed -i "s/^$1=.*/$1=$2/" "$STATE_DIR/cluster.env"; else record "$1" "$2"; fi
}

used_ports() { env_value USED_PORTS | tr ':' ' '; }

use_port() { local used; used="$(env_value USED_PORTS)"; set_value USED_PORTS "${used:+$used:}$1"; }

start_process() {   # start_process <name> <dll> <env assignments...>: detached, own session, pid recorded
  local name=$1 dll=$2; shift 2
  # From the build directory, as in the images (WORKDIR /app): the content root, hence appsettings.json, is the cwd.
  (cd "$REPO_ROOT/$(dirname "$dll")" && exec setsid env "$@" dotnet "$REPO_ROOT/$dll" >"$STATE_DIR/logs/$name.log" 2>&1 < /dev/null 9>&-) &
  echo $!
}

is_ours() {   # is_ours <pid> <dll>: the pid still runs that dll (pids can be reused after exit)
  [ -n "$1" ] && kill -0 "$1" 2>/dev/null && tr '\0' ' ' < "/proc/$1/cmdline" 2>/dev/null | grep -qF -- "$2"
}

SILO_DLL="src/Silo/bin/Release/net10.0/OrleansAuth.Silo.dll"
API_DLL="src/Api/bin/Release/net10.0/OrleansAuth.Api.dll"

connection_string() { echo "Host=127.0.0.1;Port=$1;Username=postgres;Database=postgres"; }

common_settings() {   # common_settings <connection>: sets the array `common`, the settings of every process
  common=(Storage__Provider=postgres "ConnectionStrings__AuthDb=$1" "Cluster__ClusterId=$CLUSTER_ID"
          DOTNET_ENVIRONMENT=Production ASPNETCORE_ENVIRONMENT=Production)
}

start_silo() {   # start_silo <index> <port> <gateway port> <connection>: prints the pid
  local common; common_settings "$4"
  start_process "silo$1" "$SILO_DLL" "${common[@]}" "Silo__Name=silo$1" "Silo__Port=$2" "Silo__GatewayPort=$3" \
    Silo__AdvertisedAddress=127.0.0.1
}

psql_value() {   # psql_value <sql>: one value from the cluster's PostgreSQL, empty when it cannot answer
  "$(env_value PG_BIN)/psql" -h 127.0.0.1 -p "$(env_value PG_PORT)" -U postgres -d postgres -XAtq -c "$1" 2>/dev/null || true
}

newest_generation() {   # newest_generation <port>: the newest generation the membership table has for 127.0.0.1:<port>, or -1
  local generation
  generation="$(psql_value "SELECT COALESCE(MAX(generation), -1) FROM orleansmembershiptable
    WHERE deploymentid = '$CLUSTER_ID' AND address = '127.0.0.1' AND port = $1")"
  echo "${generation:--1}"
}

verify_listeners() {   # verify_listeners <pid> <port>...: every socket listening on these ports belongs to <pid>
  local pid=$1 port others; shift
  for port in "$@"; do
    others="$(ss -Hltnp "sport = :$port" 2>/dev/null | grep -v "pid=$pid," || true)"
    [ -z "$others" ] || { log "port $port is shared with another process: $others"; return 1; }
    [ -n "$(ss -Hltnp "sport = :$port" 2>/dev/null)" ] || { log "nothing listens on port $port"; return 1; }
  done
}

# What a failed wait does: `fail` (stop the whole cluster) during start, `silo_start_failed` (that silo only) in silo-start.
ON_FAILURE=fail

wait_active() {   # wait_active <index> <pid> <port> <gateway port> <generation>: until a generation newer than <generation> is Active
  local index=$1 pid=$2 port=$3 gateway=$4 after=$5 status="" deadline=$((SECONDS + START_TIMEOUT))
  # Orleans' SiloStatus: 3 = Active (6 = Dead). Per the membership table, as every other node sees it; the newest
  # generation on this port only, not an older process's row.
  until [ "$status" = 3 ]; do
    is_ours "$pid" "$SILO_DLL" || { tail -n 20 "$STATE_DIR/logs/silo$index.log" >&2; "$ON_FAILURE" "silo$index exited"; }
    [ "$SECONDS" -lt "$deadline" ] || "$ON_FAILURE" "silo$index not Active within ${START_TIMEOUT}s"
    sleep 0.2
    status="$(psql_value "SELECT status FROM orleansmembershiptable WHERE deploymentid = '$CLUSTER_ID'
      AND address = '127.0.0.1' AND port = $port AND generation > $after ORDER BY generation DESC LIMIT 1")"
  done
  verify_listeners "$pid" "$port" "$gateway" || "$ON_FAILURE" "silo$index shares a port with another process"
  log "silo$index Active (127.0.0.1:$port, gateway $gateway)"
}

cmd_start() {
  STATE_DIR="${1:-$(mktemp -d /tmp/orleansauth-cluster.XXXXXX)}"
  mkdir -p "$STATE_DIR/logs"
  : > "$STATE_DIR/cluster.env"
  trap 'log "start failed; stopping what was started"; cmd_stop "$STATE_DIR" >/dev/null 2>&1 || true' ERR
  trap 'cmd_stop "$STATE_DIR" >/dev/null 2>&1 || true; exit 130' INT TERM

  if [ "${CLUSTER_BUILD:-1}" = 1 ]; then
    log "building (Release)"
    (cd "$REPO_ROOT" && dotnet build OrleansAuth.sln -c Release -nodeReuse:false -v quiet -nologo >"$STATE_DIR/logs/build.log" 2>&1) \
      || { tail -n 30 "$STATE_DIR/logs/build.log" >&2; die "build failed"; }
  fi

  local parent=/tmp
  pg_start "$parent" "$PG_FIRST_PORT" orleansauth-cluster-pg
  record PG_ROOT "$PG_ROOT"; record PG_DATA "$PG_DATA"; record PG_BIN "$PG_BIN"; record PG_PORT "$PG_PORT"
  local connection; connection="$(connection_string "$PG_PORT")"
  record POSTGRES "$connection"

  local common; common_settings "$connection"
  local used=() i port gateway pid
  for ((i = 1; i <= SILOS; i++)); do
    port=$(free_port "$SILO_FIRST_PORT" "${used[@]}" "$PG_PORT")
    used+=("$port")
    gateway=$(free_port "$GATEWAY_FIRST_PORT" "${used[@]}" "$PG_PORT")
    used+=("$gateway")
    use_port "$port"; use_port "$gateway"
    pid=$(start_silo "$i" "$port" "$gateway" "$connection")
    record "SILO${i}_PID" "$pid"; record "SILO${i}_PORT" "$port"; record "SILO${i}_GATEWAY_PORT" "$gateway"
    log "silo$i pid $pid on 127.0.0.1:$port, gateway $gateway"
  done
  record SILOS "$SILOS"
  # Every silo a member before the API starts: tests kill a given silo and expect it to have had grains.
  for ((i = 1; i <= SILOS; i++)); do
    wait_active "$i" "$(env_value "SILO${i}_PID")" "$(env_value "SILO${i}_PORT")" "$(env_value "SILO${i}_GATEWAY_PORT")" -1
  done

  port=$(free_port "$API_FIRST_PORT" "${used[@]}" "$PG_PORT")
  use_port "$port"
  # Production refuses unsealed signing keys: a fresh key per cluster, like a deployment secret.
  local sealing_key; sealing_key="$(head -c 32 /dev/urandom | base64)"
  local api_environment="${CLUSTER_API_ENVIRONMENT:-Production}"
  pid=$(start_process api "$API_DLL" "${common[@]}" "DOTNET_ENVIRONMENT=$api_environment" "ASPNETCORE_ENVIRONMENT=$api_environment" Cluster__Mode=client "Urls=http://127.0.0.1:$port" "Auth__Issuer=http://127.0.0.1:$port" \
        "Auth__SigningKeys__EncryptionKey=$sealing_key")
  record API_PID "$pid"; record API_PORT "$port"; record API_URL "http://127.0.0.1:$port"
  log "api pid $pid on http://127.0.0.1:$port"

  local deadline=$((SECONDS + START_TIMEOUT))
  until [ "$(http_status "$port" /health/ready)" = 200 ]; do
    for ((i = 1; i <= SILOS; i++)); do
      pid=$(sed -n "s/^SILO${i}_PID=//p" "$STATE_DIR/cluster.env")
      is_ours "$pid" "$SILO_DLL" || { tail -n 20 "$STATE_DIR/logs/silo$i.log" >&2; fail "silo$i exited"; }
    done
    pid=$(sed -n 's/^API_PID=//p' "$STATE_DIR/cluster.env")
    is_ours "$pid" "$API_DLL" || { tail -n 20 "$STATE_DIR/logs/api.log" >&2; fail "api exited"; }
    [ "$SECONDS" -lt "$deadline" ] || fail "not ready within ${START_TIMEOUT}s"
    sleep 0.5
  done
  trap - ERR INT TERM
  log "ready: http://127.0.0.1:$port"
  echo "$STATE_DIR"
}

fail() {   # a start that cannot finish leaves nothing behind
  trap - ERR INT TERM
  cmd_stop "$STATE_DIR" >/dev/null 2>&1 || true
  die "$1 (logs: $STATE_DIR/logs)"
}

cmd_stop() {
  STATE_DIR="${1:?usage: cluster.sh stop STATE_DIR}"
  [ -f "$STATE_DIR/cluster.env" ] || die "no cluster.env in $STATE_DIR"
  local env_file="$STATE_DIR/cluster.env" pids=() name pid dll
  while IFS='=' read -r name pid; do
    case "$name" in
      SILO*_PID) dll=$SILO_DLL ;;
      API_PID) dll=$API_DLL ;;
      *) continue ;;
    esac
    if is_ours "$pid" "$dll"; then kill -TERM "$pid" 2>/dev/null || true; pids+=("$pid:$dll"); fi
  done < "$env_file"
  local deadline=$((SECONDS + 30)) entry
  for entry in "${pids[@]}"; do
    while is_ours "${entry%%:*}" "${entry#*:}" && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
    is_ours "${entry%%:*}" "${entry#*:}" && kill -KILL "${entry%%:*}" 2>/dev/null || true
  done
  PG_DATA="$(sed -n 's/^PG_DATA=//p' "$env_file")"; PG_BIN="$(sed -n 's/^PG_BIN=//p' "$env_file")"
  PG_ROOT="$(sed -n 's/^PG_ROOT=//p' "$env_file")"
  pg_stop
  [ -n "$PG_ROOT" ] && rm -rf "$PG_ROOT"
  log "stopped ${#pids[@]} process(es) and PostgreSQL"
}

cmd_status() {
  STATE_DIR="${1:?usage: cluster.sh status STATE_DIR}"
  local name pid dll
  while IFS='=' read -r name pid; do
    case "$name" in
      SILO*_PID) dll=$SILO_DLL ;;
      API_PID) dll=$API_DLL ;;
      *) continue ;;
    esac
    if is_ours "$pid" "$dll"; then echo "${name%_PID} $pid running"; else echo "${name%_PID} $pid stopped"; fi
  done < "$STATE_DIR/cluster.env"
}

env_value() { sed -n "s/^$1=//p" "$STATE_DIR/cluster.env" | tail -n1; }

load_silo() {   # load_silo STATE_DIR I: sets SILO_INDEX, SILO_PID, SILO_PORT, SILO_GATEWAY_PORT
  STATE_DIR="${1:?usage: cluster.sh silo-stop|silo-start STATE_DIR I}"; SILO_INDEX="${2:?silo index missing}"
  [ -f "$STATE_DIR/cluster.env" ] || die "no cluster.env in $STATE_DIR"
  SILO_PID="$(env_value "SILO${SILO_INDEX}_PID")"; SILO_PORT="$(env_value "SILO${SILO_INDEX}_PORT")"
  SILO_GATEWAY_PORT="$(env_value "SILO${SILO_INDEX}_GATEWAY_PORT")"
  [ -n "$SILO_PORT" ] && [ -n "$SILO_GATEWAY_PORT" ] || die "no silo $SILO_INDEX in $STATE_DIR"
}

cmd_silo_stop() {
  load_silo "$@"
  is_ours "$SILO_PID" "$SILO_DLL" || die "silo $SILO_INDEX (pid $SILO_PID) is not running"
  kill -TERM "$SILO_PID"
  local deadline=$((SECONDS + 30))
  while is_ours "$SILO_PID" "$SILO_DLL" && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.1; done
  is_ours "$SILO_PID" "$SILO_DLL" && { kill -KILL "$SILO_PID" 2>/dev/null || true; log "silo$SILO_INDEX did not stop in 30 s; killed"; }
  log "silo$SILO_INDEX stopped"
}

cmd_silo_start() {
  load_silo "$1" "${2:-}"
  local new_ports=0
  case "${3:-}" in
    "") ;;
    --new-ports) new_ports=1 ;;
    *) die "usage: cluster.sh silo-start STATE_DIR I [--new-ports]" ;;
  esac
  is_ours "$SILO_PID" "$SILO_DLL" && die "silo $SILO_INDEX (pid $SILO_PID) still runs"
  # Several silo-starts may run at once (every silo after a full crash): ports are chosen and cluster.env is changed
  # under one lock, held until the new process is recorded.
  exec 9>>"$STATE_DIR/cluster.lock"
  flock -w 60 9 || die "cluster.env stays locked"
  load_silo "$1" "$2"
  local pg_port pid after; pg_port="$(env_value PG_PORT)"
  if [ "$new_ports" = 1 ]; then
    # Never a port this cluster used before (another silo's old address would alias its rows), nor one in use.
    local used; read -ra used <<< "$(used_ports) $pg_port"
    SILO_PORT=$(free_port "$SILO_FIRST_PORT" "${used[@]}")
    SILO_GATEWAY_PORT=$(free_port "$GATEWAY_FIRST_PORT" "${used[@]}" "$SILO_PORT")
    use_port "$SILO_PORT"; use_port "$SILO_GATEWAY_PORT"
    set_value "SILO${SILO_INDEX}_PORT" "$SILO_PORT"; set_value "SILO${SILO_INDEX}_GATEWAY_PORT" "$SILO_GATEWAY_PORT"
  else
    # The same ports again: they must be free (a killed silo's are; a stranger may have taken them meanwhile).
    port_taken "$SILO_PORT" && die "port $SILO_PORT of silo $SILO_INDEX is in use; use --new-ports"
    port_taken "$SILO_GATEWAY_PORT" && die "gateway port $SILO_GATEWAY_PORT of silo $SILO_INDEX is in use; use --new-ports"
  fi
  after="$(newest_generation "$SILO_PORT")"
  pid=$(start_silo "$SILO_INDEX" "$SILO_PORT" "$SILO_GATEWAY_PORT" "$(connection_string "$pg_port")")
  set_value "SILO${SILO_INDEX}_PID" "$pid"
  flock -u 9
  NEW_SILO_PID=$pid ON_FAILURE=silo_start_failed
  log "silo$SILO_INDEX pid $pid on 127.0.0.1:$SILO_PORT, gateway $SILO_GATEWAY_PORT"
  wait_active "$SILO_INDEX" "$pid" "$SILO_PORT" "$SILO_GATEWAY_PORT" "$after"
}

silo_start_failed() {   # a silo that did not come up is not left running
  is_ours "$NEW_SILO_PID" "$SILO_DLL" && kill -KILL "$NEW_SILO_PID" 2>/dev/null || true
  die "$1 (logs: $STATE_DIR/logs)"
}

load_pg() {   # load_pg STATE_DIR: the PostgreSQL recorded at start
  STATE_DIR="${1:?usage: cluster.sh db-stop|db-start STATE_DIR}"
  [ -f "$STATE_DIR/cluster.env" ] || die "no cluster.env in $STATE_DIR"
  PG_DATA="$(env_value PG_DATA)"; PG_BIN="$(env_value PG_BIN)"; PG_ROOT="$(env_value PG_ROOT)"
  [ -n "$PG_DATA" ] && [ -d "$PG_DATA" ] || die "no PostgreSQL data directory recorded in $STATE_DIR"
}

cmd_db_stop() {   # fast shutdown: open connections are closed, as when the database server goes away
  load_pg "$@"
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 30 stop >/dev/null || die "PostgreSQL did not stop"
  log "PostgreSQL stopped"
}

cmd_db_start() {
  load_pg "$@"
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_ROOT/postgres.log" -w -t 60 start >/dev/null || die "PostgreSQL did not start"
  log "PostgreSQL started"
}

case "${1:-}" in
  start) shift; cmd_start "$@" ;;
  stop) shift; cmd_stop "$@" ;;
  status) shift; cmd_status "$@" ;;
  silo-stop) shift; cmd_silo_stop "$@" ;;
  silo-start) shift; cmd_silo_start "$@" ;;
  db-stop) shift; cmd_db_stop "$@" ;;
  db-start) shift; cmd_db_start "$@" ;;
  *) die "usage: cluster.sh start [STATE_DIR] | stop STATE_DIR | status STATE_DIR | silo-stop STATE_DIR I | silo-start STATE_DIR I [--new-ports] | db-stop|db-start STATE_DIR" ;;
esac
