-- wrk script: each request carries the next token of BENCH_TOKENS_FILE (one per line), round robin.
local tokens = {}
for line in io.lines(os.getenv("BENCH_TOKENS_FILE")) do
  tokens[#tokens + 1] = "Bearer " .. line
end
local count = #tokens
local index = 0

request = function()
  index = index % count + 1
  return wrk.format("GET", nil, { Authorization = tokens[index] })
end
