-- wrk script: POSTs refresh tokens, each one only once. BENCH_TOKENS_FILE holds the first refresh
-- token of more sessions than connections; a request takes one from the pool, and its answer's
-- refresh_token goes back in, so every session is a chain of rotations. A refused refresh ends
-- its chain; once the pool is empty, requests carry no token and count as errors.
local pool = {}
for line in io.lines(os.getenv("BENCH_TOKENS_FILE")) do
  pool[#pool + 1] = line
end

request = function()
  local token = table.remove(pool) or "none"
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json", Authorization = "Bearer " .. token }, "{}")
end

response = function(status, headers, body)
  if status == 200 then
    local token = string.match(body, '"refresh_token"%s*:%s*"([^"]+)"')
    if token then
      pool[#pool + 1] = token
    end
  end
end
