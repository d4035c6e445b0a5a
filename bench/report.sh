# Turns the figures bench/run.sh collected into bench/RESULTS.md (Markdown on stdout). Sourced by run.sh; reads
# FIGURES (section, name, value, unit, note), HTTP (mode, scenario, rps, p50 ms, p99 ms, ok, failed, load average),
# and the run's settings.
# shellcheck shell=bash

figure() { # figure <name>: the value of a micro-benchmark or hash figure
  awk -F'\t' -v n="$1" '$2 == n { print $3; exit }' "$FIGURES"
}

figure_at() { # figure_at <name> <concurrency>: a load figure measured at that concurrency
  awk -F'\t' -v n="$1" -v c="concurrency $2" '$2 == n && ($5 == c || index($5, c ",") == 1) { print $3; exit }' "$FIGURES"
}

http_figure() { # http_figure <mode> <scenario> <column: 3 rps, 4 p50, 5 p99>
  awk -F'\t' -v m="$1" -v s="$2" -v c="$3" '$1 == m && $2 == s { print $c; exit }' "$HTTP"
}

cpu_bound() { # cpu_bound <mode> <scenario>: 1 s ÷ service CPU per request
  awk -v c="$(http_figure "$1" "$2" 9)" 'BEGIN { if (c > 0) printf "%.0f", 1e6 / c }'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b + 0 == 0) print "n/a"; else printf "%.1f %%", 100 * a / b }'; }

verdict() { # verdict <value> <op> <target>
  awk -v v="$1" -v o="$2" -v t="$3" 'BEGIN { if (v == "") { print "not measured"; exit }
    ok = (o == ">=") ? (v + 0 >= t + 0) : (v + 0 <= t + 0); print ok ? "met" : "**missed**" }'
}

write_results() {
  local cpu cores ram commit service_cores ceiling
  cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)"
  cores="$(grep -c '^processor' /proc/cpuinfo)"
  ram="$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
  commit="$(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  git -C "$REPO_ROOT" diff --quiet HEAD 2>/dev/null || commit="$commit (with uncommitted changes)"
  service_cores="$(cpu_count "$SERVICE_CPUS")"
  ceiling="$(awk -v c="$(figure 'hash: ceiling per core')" -v n="$service_cores" 'BEGIN { printf "%.1f", c * n }')"

  cat <<EOF
# Benchmark results

Produced by \`bench/run.sh$([ "$QUICK" -eq 1 ] && echo ' --quick')\` — see [README.md](README.md) for what each figure means.
Compare figures of one run with each other (ratios); absolute numbers depend on the machine and its load.

| | |
|---|---|
| date | $STARTED_AT |
| commit | $commit |
| CPU | $cpu, $cores logical cores |
| RAM | $ram |
| core split | service (API, silos, PostgreSQL of the cluster) on CPU $SERVICE_CPUS; wrk on CPU $LOAD_CPUS (taskset); micro-benchmarks on $SERVICE_CPUS,$LOAD_CPUS; hash timing on CPU ${SERVICE_CPUS%%[,-]*} |
| load average (1, 5, 15 min) | before $LOAD_BEFORE; after $LOAD_AFTER; per scenario in the table |
| HTTP settings | wrk, 1 thread, $CONNECTIONS connections, ${WARMUP} s warm-up then ${DURATION} s measured; rate limiting off |

## HTTP scenarios

"service CPU/req" is the CPU time the service processes (API; in the cluster also the silos and PostgreSQL) used
during the measured run divided by the requests served; "CPU-bound req/s per core" is 1 s divided by it: what one
core would serve if nothing else ran. On a shared machine these two stay comparable when req/s does not.

| mode | scenario | req/s | p50 ms | p99 ms | ok | failed | load avg at start | service CPU/req µs | CPU-bound req/s per core |
|---|---|---:|---:|---:|---:|---:|---:|---:|---:|
EOF
  awk -F'\t' '{ printf "| %s | %s | %.0f | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, ($9 > 0 ? sprintf("%.0f", 1e6 / $9) : "n/a") }' "$HTTP"

  cat <<EOF

## Hash-bound login ceiling

One Argon2id verification (the work of one login) takes $(figure 'hash: one Argon2id verification (median)') ms of wall time and
$(figure 'hash: one Argon2id verification, CPU time') ms of CPU time on one core, so $service_cores service core(s) can do at most **$ceiling logins/s**.
On a busy machine req/s compares badly with a ceiling timed at another moment; the CPU basis compares the CPU one
login costs the service with the CPU of one hash, both measured in this run.

| mode | login req/s | share of the ceiling | service CPU per login | share of the ceiling, CPU basis |
|---|---:|---:|---:|---:|
| embedded | $(http_figure embedded "login, $BASE_USERS users" 3) | $(ratio "$(http_figure embedded "login, $BASE_USERS users" 3)" "$ceiling") | $(http_figure embedded "login, $BASE_USERS users" 9) µs | $(ratio "$(figure 'hash: one Argon2id verification, CPU time' | awk '{ print $1 * 1000 }')" "$(http_figure embedded "login, $BASE_USERS users" 9)") |
| cluster | $(http_figure cluster "login, $BASE_USERS users" 3) | $(ratio "$(http_figure cluster "login, $BASE_USERS users" 3)" "$ceiling") | $(http_figure cluster "login, $BASE_USERS users" 9) µs | $(ratio "$(figure 'hash: one Argon2id verification, CPU time' | awk '{ print $1 * 1000 }')" "$(http_figure cluster "login, $BASE_USERS users" 9)") |

## Scale: $BASE_USERS vs $SCALE_USERS accounts (cluster, PostgreSQL)

| scenario | $BASE_USERS users: req/s, p50, p99 ms | $SCALE_USERS users: req/s, p50, p99 ms |
|---|---|---|
| login | $(http_figure cluster "login, $BASE_USERS users" 3), $(http_figure cluster "login, $BASE_USERS users" 4), $(http_figure cluster "login, $BASE_USERS users" 5) | $(http_figure cluster "login, $SCALE_USERS users" 3), $(http_figure cluster "login, $SCALE_USERS users" 4), $(http_figure cluster "login, $SCALE_USERS users" 5) |
| refresh | $(http_figure cluster "refresh, $BASE_USERS users" 3), $(http_figure cluster "refresh, $BASE_USERS users" 4), $(http_figure cluster "refresh, $BASE_USERS users" 5) | $(http_figure cluster "refresh, $SCALE_USERS users" 3), $(http_figure cluster "refresh, $SCALE_USERS users" 4), $(http_figure cluster "refresh, $SCALE_USERS users" 5) |

## Orleans micro-benchmarks and seeding

| benchmark | value | unit | note |
|---|---:|---|---|
EOF
  awk -F'\t' '{ printf "| %s | %s | %s | %s |\n", $2, $3, $4, $5 }' "$FIGURES"

  local me_rps validate_rps me_p99 validate_p99 refresh_rps
  me_rps="$(http_figure embedded me 3)"; me_p99="$(http_figure embedded me 5)"
  validate_rps="$(http_figure embedded validate-token 3)"; validate_p99="$(http_figure embedded validate-token 5)"
  refresh_rps="$(http_figure cluster "refresh, $BASE_USERS users" 3)"
  cat <<EOF

## DESIGN.md §6 targets

The targets are for 2 cores; the service here has $service_cores, so per-core targets are scaled by $service_cores/2.

| target | measured | verdict |
|---|---|---|
| login ≥ 90 % of the hash ceiling, CPU basis (embedded) | $(ratio "$(figure 'hash: one Argon2id verification, CPU time' | awk '{ print $1 * 1000 }')" "$(http_figure embedded "login, $BASE_USERS users" 9)") | $(verdict "$(awk -v h="$(figure 'hash: one Argon2id verification, CPU time')" -v c="$(http_figure embedded "login, $BASE_USERS users" 9)" 'BEGIN { if (c > 0) print 100000 * h / c }')" ">=" 90) |
| login ≥ 90 % of the hash ceiling, req/s (embedded) | $(ratio "$(http_figure embedded "login, $BASE_USERS users" 3)" "$ceiling") | $(verdict "$(awk -v a="$(http_figure embedded "login, $BASE_USERS users" 3)" -v b="$ceiling" 'BEGIN { if (b > 0) print 100 * a / b }')" ">=" 90) |
| GET /me ≥ $((15000 * service_cores / 2)) req/s | $me_rps | $(verdict "$me_rps" ">=" $((15000 * service_cores / 2))) |
| GET /me ≥ 7,500 req/s per core, CPU basis | $(cpu_bound embedded me) | $(verdict "$(cpu_bound embedded me)" ">=" 7500) |
| GET /me p99 < 10 ms | $me_p99 ms | $(verdict "$me_p99" "<=" 10) |
| validate-token ≥ $((15000 * service_cores / 2)) req/s | $validate_rps | $(verdict "$validate_rps" ">=" $((15000 * service_cores / 2))) |
| validate-token ≥ 7,500 req/s per core, CPU basis | $(cpu_bound embedded validate-token) | $(verdict "$(cpu_bound embedded validate-token)" ">=" 7500) |
| validate-token p99 < 10 ms | $validate_p99 ms | $(verdict "$validate_p99" "<=" 10) |
| refresh on PostgreSQL ≥ $((2000 * service_cores / 2))/s (cluster) | $refresh_rps | $(verdict "$refresh_rps" ">=" $((2000 * service_cores / 2))) |
| refresh on PostgreSQL ≥ 1,000/s per core, CPU basis (cluster: API, silos and PostgreSQL) | $(cpu_bound cluster "refresh, $BASE_USERS users") | $(verdict "$(cpu_bound cluster "refresh, $BASE_USERS users")" ">=" 1000) |
| silo-to-silo calls ≥ 50,000/s (concurrency 64) | $(figure_at 'grain call, silo to silo (TCP): throughput' 64) | $(verdict "$(figure_at 'grain call, silo to silo (TCP): throughput' 64)" ">=" 50000) |
| silo-to-silo calls ≥ 25,000/s per core, CPU basis (both silos and the caller) | $(awk -v c="$(figure_at 'grain call, silo to silo (TCP): CPU per call' 64)" 'BEGIN { if (c > 0) printf "%.0f", 1e6 / c }') | $(verdict "$(awk -v c="$(figure_at 'grain call, silo to silo (TCP): CPU per call' 64)" 'BEGIN { if (c > 0) printf "%.0f", 1e6 / c }')" ">=" 25000) |
| silo-to-silo p50 < 200 µs (concurrency 8) | $(figure_at 'grain call, silo to silo (TCP): p50' 8) µs | $(verdict "$(figure_at 'grain call, silo to silo (TCP): p50' 8)" "<=" 200) |
| idle user activation ≤ 4 KiB beyond state | $(figure 'activation: memory per idle user grain beyond state') bytes | $(verdict "$(figure 'activation: memory per idle user grain beyond state')" "<=" 4096) |
EOF
}
