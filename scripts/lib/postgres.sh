# Throwaway PostgreSQL on 127.0.0.1, shared by scripts/test.sh and scripts/cluster.sh. Source it after defining
# log() and die(). Inputs: IS_ROOT (1 when running as root). Sets PG_ROOT, PG_DATA, PG_BIN, PG_PORT.
# shellcheck shell=bash

PG_ROOT="" PG_DATA="" PG_BIN="" PG_PORT=""

as_pg() {   # run a PostgreSQL tool as the user that owns the data directory
  if [ "$IS_ROOT" -eq 1 ]; then
    if command -v runuser >/dev/null 2>&1; then
      (cd / && runuser -u postgres -- "$@")
    else
      local cmd; printf -v cmd '%q ' "$@"
      (cd / && su postgres -s /bin/sh -c "$cmd")
    fi
  else
    "$@"
  fi
}

port_busy() {
  local p=$1
  if timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$p" 2>/dev/null; then return 0; fi
  if command -v ss >/dev/null 2>&1 && [ -n "$(ss -Hltn "sport = :$p" 2>/dev/null)" ]; then return 0; fi
  return 1
}

# pg_start <root directory to create under, e.g. /tmp> <first port to try> <name prefix>
pg_start() {
  local parent=$1 first_port=$2 prefix=$3
  PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)"
  [ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ] || die "no PostgreSQL server under /usr/lib/postgresql"

  PG_ROOT="$(mktemp -d "$parent/$prefix.XXXXXX")"
  PG_DATA="$PG_ROOT/data"
  local sock="$PG_ROOT/sock"
  mkdir -p "$PG_DATA" "$sock"
  chmod 700 "$PG_DATA"
  [ "$IS_ROOT" -eq 1 ] && chown -R postgres:postgres "$PG_ROOT"

  as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 --locale=C --no-sync \
    >"$PG_ROOT/initdb.log" 2>&1 || { cat "$PG_ROOT/initdb.log" >&2; die "initdb failed"; }

  local port=$first_port tries=0
  while :; do
    tries=$((tries + 1))
    [ "$tries" -le 100 ] || die "no free port for PostgreSQL from $first_port"
    if port_busy "$port"; then port=$((port + 1)); continue; fi
    # Settings live in postgresql.conf so a test that restarts the server gets the same ones.
    as_pg sh -c "cat > '$PG_DATA/postgresql.auto.conf'" <<CONF
# written by scripts/lib/postgres.sh: throwaway server
port = $port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$sock'
max_connections = 300
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
    if as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_ROOT/postgres.log" -w -t 60 start >/dev/null 2>&1; then
      break
    fi
    if grep -qiE 'could not (bind|create listen socket)|address already in use|lock file .* already exists' "$PG_ROOT/postgres.log" 2>/dev/null; then
      log "port $port taken meanwhile, trying the next one"
      port=$((port + 1)); continue
    fi
    cat "$PG_ROOT/postgres.log" >&2 || true
    die "PostgreSQL did not start"
  done
  PG_PORT=$port
  log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT (data $PG_DATA)"
}

# pg_stop: stops the server in PG_DATA (only that one) if it runs.
pg_stop() {
  [ -n "$PG_DATA" ] || return 0
  local pid=""
  [ -f "$PG_DATA/postmaster.pid" ] && pid="$(head -n1 "$PG_DATA/postmaster.pid" 2>/dev/null || true)"
  if [ -n "$pid" ]; then
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
    # Only if pg_ctl could not stop it: kill that postmaster, after checking it is ours.
    if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$PG_DATA"; then
      kill -9 "$pid" 2>/dev/null || true
      sleep 1
    fi
  fi
}
