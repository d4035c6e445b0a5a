-- POST /register with a new address each time (BENCH_RUN keeps runs apart): expects 201.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local password = os.getenv("BENCH_PASSWORD")
local run = os.getenv("BENCH_RUN")
local headers = { ["Content-Type"] = "application/json" }
local n = 0

function request()
  n = n + 1
  local body = string.format('{"email":"reg-%s-%d-%d@bench.test","password":"%s","password_confirmation":"%s"}', run, id, n, password, password)
  return wrk.format("POST", "/api/v1/auth/register", headers, body)
end

function response(status, headers, body)
  count(status == 201)
end
