-- One wrk script for every benchmark run, configured by the environment:
-- BENCH_METHOD (GET or POST), BENCH_COOKIE (a signed-in session), BENCH_CSRF, BENCH_BODY,
-- BENCH_FLIP=1 (alternate value=1 / value=-1, so every vote changes the score),
-- BENCH_FRESH=1 (a new query string each request, so no page comes from the cache).
local method = os.getenv("BENCH_METHOD") or "GET"
local cookie = os.getenv("BENCH_COOKIE") or ""
local token = os.getenv("BENCH_CSRF") or ""
local body = os.getenv("BENCH_BODY") or ""
local flip = os.getenv("BENCH_FLIP") == "1"
local fresh = os.getenv("BENCH_FRESH") == "1"
local counter = 0

request = function()
  local headers = {["User-Agent"] = "board-bench"}  -- as bench/run.py's sign_in sends
  if cookie ~= "" then headers["Cookie"] = cookie end
  counter = counter + 1
  if method == "GET" then
    local path = nil
    if fresh then path = wrk.path .. "?fresh=" .. math.random(1, 1e9) .. "-" .. counter end
    return wrk.format("GET", path, headers, nil)
  end
  local payload = body
  if flip then payload = (counter % 2 == 0) and "value=1" or "value=-1" end
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  headers["X-CSRFToken"] = token
  headers["Accept"] = "application/json"
  return wrk.format("POST", nil, headers, payload)
end

-- p95 too: wrk's own --latency report stops at p90 and p99.
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout + summary.errors.status
  io.write(string.format(
    "BENCH requests=%d duration_us=%d errors=%d p50_us=%d p95_us=%d p99_us=%d\n",
    summary.requests, summary.duration, errors,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
