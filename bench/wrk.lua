-- One wrk script for every benchmark run, configured by the environment:
-- BENCH_METHOD (GET or POST), BENCH_COOKIE (a signed-in session), BENCH_CSRF, BENCH_BODY,
-- BENCH_FLIP=1 (alternate value=1 / value=-1, so every vote changes the score),
-- BENCH_FRESH=1 (a new query string each request, so no page comes from the cache),
-- BENCH_SPREAD (comma-separated comment ids: the votes go round them, one after another;
-- each wrk thread takes its own share, so two threads never vote on one comment at once),
-- BENCH_THREADS (wrk's -t, for that sharing).
local method = os.getenv("BENCH_METHOD") or "GET"
local cookie = os.getenv("BENCH_COOKIE") or ""
local token = os.getenv("BENCH_CSRF") or ""
local body = os.getenv("BENCH_BODY") or ""
local flip = os.getenv("BENCH_FLIP") == "1"
local fresh = os.getenv("BENCH_FRESH") == "1"
local threads = tonumber(os.getenv("BENCH_THREADS") or "1")
local counter = 0

local created = 0
setup = function(thread)
  thread:set("thread_index", created)
  created = created + 1
end

local share = nil
local function my_share()
  if share == nil then
    share = {}
    local position = 0
    for id in string.gmatch(os.getenv("BENCH_SPREAD") or "", "%d+") do
      if position % threads == (thread_index or 0) then share[#share + 1] = id end
      position = position + 1
    end
  end
  return share
end

request = function()
  -- The same User-Agent as bench/run.py's sign_in sends, and gzip accepted, as every browser does.
  local headers = {["User-Agent"] = "board-bench", ["Accept-Encoding"] = "gzip"}
  if cookie ~= "" then headers["Cookie"] = cookie end
  counter = counter + 1
  if method == "GET" then
    local path = nil
    if fresh then path = wrk.path .. "?fresh=" .. math.random(1, 1e9) .. "-" .. counter end
    return wrk.format("GET", path, headers, nil)
  end
  local payload = body
  local path = nil
  if flip then payload = (counter % 2 == 0) and "value=1" or "value=-1" end
  local comments = my_share()
  if #comments > 0 then
    local round = math.floor((counter - 1) / #comments)
    path = "/c/" .. comments[(counter - 1) % #comments + 1] .. "/vote"
    -- The bench retracts these votes before the run: a first round up, then down, then up,
    -- so every request changes that comment's vote.
    payload = (round % 2 == 0) and "value=1" or "value=-1"
  end
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  headers["X-CSRFToken"] = token
  headers["Accept"] = "application/json"
  return wrk.format("POST", path, headers, payload)
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
