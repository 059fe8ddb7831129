-- wrk script for bench/forms/run.py: every request is one whole submission of the 転出届 (POST with
-- go=submit) carrying a fresh idempotency key; only answers that show a 受付番号 are counted.
-- The form body (with the CSRF token) and the visitor cookie come from run.py in the environment.
local body = os.getenv("BENCH_FORM_BODY")
local cookie = os.getenv("BENCH_COOKIE")
local threads = {}
id, n, receipts, refused = 0, 0, 0, 0  -- globals: done() reads them with thread:get

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() * 1000 + id)
end

function request()
  n = n + 1
  local key = string.format("bench-%d-%d-%08x", id, n, math.random(0, 0x7fffffff))
  return wrk.format("POST", nil, {["Content-Type"] = "application/x-www-form-urlencoded", ["Cookie"] = cookie},
                    body .. "&idempotency_key=" .. key)
end

function response(status, headers, answer)
  if status == 200 and answer:find('id="receipt-number"', 1, true) then
    receipts = receipts + 1
  else
    refused = refused + 1
  end
end

function done(summary, latency, requests)
  local r, f = 0, 0
  for _, thread in ipairs(threads) do
    r = r + thread:get("receipts")
    f = f + thread:get("refused")
  end
  io.write(string.format('BENCH {"receipts": %d, "refused": %d, "socket_errors": %d, "seconds": %.3f, "p50_ms": %.2f, "p99_ms": %.2f}\n',
    r, f, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
