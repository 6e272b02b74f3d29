-- wrk script: each request POSTs the next JSON body of BENCH_TOKENS_FILE (one per line), round robin.
local bodies = {}
for line in io.lines(os.getenv("BENCH_TOKENS_FILE")) do
  bodies[#bodies + 1] = line
end
local count = #bodies
local index = 0

request = function()
  index = index % count + 1
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, bodies[index])
end
