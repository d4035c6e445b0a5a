-- POST /login as a random one of BENCH_USERS seeded accounts ({BENCH_PREFIX}-{i}@bench.test): expects 200.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local password = os.getenv("BENCH_PASSWORD")
local prefix = os.getenv("BENCH_PREFIX")
local users = tonumber(os.getenv("BENCH_USERS"))
local headers = { ["Content-Type"] = "application/json" }

function init(args)
  math.randomseed(os.time() + id * 7919)
end

function request()
  local body = string.format('{"email":"%s-%d@bench.test","password":"%s"}', prefix, math.random(0, users - 1), password)
  return wrk.format("POST", "/api/v1/auth/login", headers, body)
end

function response(status, headers, body)
  count(status == 200)
end
