-- POST /refresh: a pool of refresh tokens (BENCH_TOKENS, one per session, more than connections); each answer's
-- rotated token goes back into the pool, so every request presents a current token of its session. Expects 200.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local headers = { ["Content-Type"] = "application/json" }
local pool = {}

function init(args)
  pool = read_lines("BENCH_TOKENS")
end

function request()
  local token = table.remove(pool, 1) or "exhausted"
  return wrk.format("POST", "/api/v1/auth/refresh", headers, '{"refresh_token":"' .. token .. '"}')
end

function response(status, headers, body)
  local token = status == 200 and body:match('"refresh_token":"([^"]+)"')
  if token then table.insert(pool, token) end
  count(token ~= nil and token ~= false)
end
