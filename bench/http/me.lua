-- GET /me with the access tokens of BENCH_TOKENS in turn: expects 200.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local tokens = {}
local next_token = 0

function init(args)
  tokens = read_lines("BENCH_TOKENS")
end

function request()
  next_token = next_token % #tokens + 1
  return wrk.format("GET", "/api/v1/auth/me", { ["Authorization"] = "Bearer " .. tokens[next_token] })
end

function response(status, headers, body)
  count(status == 200)
end
