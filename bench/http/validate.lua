-- POST /validate-token with the access tokens of BENCH_TOKENS in turn: expects 200 with is_valid true.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local headers = { ["Content-Type"] = "application/json" }

init = load_tokens

function request()
  return wrk.format("POST", "/api/v1/auth/validate-token", headers, '{"token":"' .. next_token() .. '"}')
end

function response(status, headers, body)
  count(status == 200 and body:find('"is_valid":true', 1, true) ~= nil)
end
