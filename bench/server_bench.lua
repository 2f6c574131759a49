-- wrk script for bench/server_bench.sh: POST /api/check with one shipment
-- (a licensed export to a Tier 2 country, so the cap rules run), with a
-- bearer token when STARGATE_BENCH_TOKEN is set.
wrk.method = "POST"
wrk.path = "/api/check"
wrk.headers["Content-Type"] = "application/json"
local token = os.getenv("STARGATE_BENCH_TOKEN")
if token and token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end
wrk.body = '{"id": "bench-1", "date": "2025-06-01", "accelerator": "H100-SXM", "quantity": 64, ' ..
           '"destination": "IN", "consignee": "Bench Cloud"}'

-- Counts answers that are not 200, which would make the figures meaningless.
local bad = 0
response = function(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end
done = function(summary, latency, requests)
  io.write(string.format("non-200 answers: %d\n", bad))
end
