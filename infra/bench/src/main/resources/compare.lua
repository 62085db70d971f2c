-- wrk script for ./attendance bench compare: every request is the next line of the requests file
-- (method, path, headers, body, tab-separated; headers as name=value joined by "|"), each one a distinct student's
-- first scan; each thread takes every n-th line, so no line is sent twice. Tallies statuses per thread.
local lines = {}
counts = {} -- a global: done() reads each thread's through thread:get
repeats = 0 -- requests sent after this thread ran out of students (the last one again)
local threads = {}
local index, stride = 0, 1

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(os.getenv("COMPARE_REQUESTS")) do
    table.insert(lines, line)
  end
  index = id + 1
  stride = tonumber(os.getenv("COMPARE_THREADS") or "2")
end

local function split(s, sep)
  local out, from = {}, 1
  while true do
    local at = string.find(s, sep, from, true)
    if at == nil then
      table.insert(out, string.sub(s, from))
      return out
    end
    table.insert(out, string.sub(s, from, at - 1))
    from = at + 1
  end
end

function request()
  local line = lines[index]
  if line == nil then
    -- out of students: a request that marks nobody (a scan again would be answered 202 from memory and counted as a
    -- second accepted scan of one student), counted apart
    repeats = repeats + 1
    return wrk.format("GET", "/ran-out-of-students")
  end
  index = index + stride
  local f = split(line, "\t")
  local headers = {}
  for _, h in ipairs(split(f[3], "|")) do
    local k, v = string.match(h, "([^=]+)=(.*)")
    if k then headers[k] = v end
  end
  return wrk.format(f[1], f[2], headers, f[4])
end

function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  local repeated = 0
  for _, t in ipairs(threads) do
    repeated = repeated + t:get("repeats")
    local c = t:get("counts")
    for k, v in pairs(c) do total[k] = (total[k] or 0) + v end
  end
  local parts = {}
  for k, v in pairs(total) do table.insert(parts, k .. "=" .. v) end
  table.sort(parts)
  io.write(string.format("COMPARE statuses %s\n", table.concat(parts, " ")))
  io.write(string.format("COMPARE repeats %d\n", repeated))
  io.write(string.format("COMPARE seconds %.3f requests %d p50_ms %.2f p99_ms %.2f\n", summary.duration / 1e6,
    summary.requests, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
