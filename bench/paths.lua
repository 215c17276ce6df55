-- wrk script: request the paths listed in a file (one per line), each thread taking every n-th one so
-- two threads never ask for the same cold URL at once; print one JSON line of figures when done.
--   wrk -t2 -c50 -d10s -s bench/paths.lua http://127.0.0.1:8107 -- paths.txt 2   (file, thread count)
-- setup() runs in wrk's main Lua state, init() and request() in each thread's own state.
local created = 0
local counter = 1

function setup(thread)
  thread:set("id", created)
  created = created + 1
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  step = tonumber(args[2] or "1")
  counter = (id or 0) + 1
end

function request()
  local path = paths[(counter - 1) % #paths + 1]
  counter = counter + step
  return wrk.format("GET", path)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\nBENCH {"requests":%d,"duration_us":%d,"bytes":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,' ..
    '"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
