-- GET /me with the access tokens of BENCH_TOKENS in turn: expects 200.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

init = load_tokens

function request()
  return wrk.format("GET", "/api/v1/auth/me", { ["Authorization"] = "Bearer " .. next_token() })
end

function response(status, headers, body)
  count(status == 200)
end
