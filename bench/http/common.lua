-- Shared by every scenario (loaded with dofile): per-thread success counts and one machine-readable summary line,
-- which bench/run.sh parses. A response counts as ok when the scenario's check(status, body) says so.
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

ok, bad = 0, 0

function count(success)
  if success then ok = ok + 1 else bad = bad + 1 end
end

-- Lines of a file named by an environment variable (tokens or emails prepared by run.sh).
function read_lines(variable)
  local lines = {}
  for line in io.lines(os.getenv(variable)) do
    if #line > 0 then table.insert(lines, line) end
  end
  return lines
end

-- The access tokens of BENCH_TOKENS, handed out in turn (me, validate-token): init = load_tokens.
local tokens, turn = {}, 0

function load_tokens(args)
  tokens = read_lines("BENCH_TOKENS")
end

function next_token()
  turn = turn % #tokens + 1
  return tokens[turn]
end

function done(summary, latency, requests)
  local good, failed = 0, 0
  for _, thread in ipairs(threads) do
    good = good + thread:get("ok")
    failed = failed + thread:get("bad")
  end
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("BENCH requests=%d seconds=%.2f rps=%.1f p50_us=%d p90_us=%d p99_us=%d ok=%d failed=%d socket_errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(90), latency:percentile(99), good, failed, errors))
end
