-- wrk script for load/hot-paths: requests read from a file, one a line, rotating per request so the
-- load spreads over many links and users as real clients do. A line is
--   METHOD <tab> PATH <tab> HEADERS ("Name: value" joined by " | ", or -) <tab> BODY (or -)
--   wrk ... -s requests.lua BASE_URL -- REQUESTS_FILE
-- done() prints one line: requests, rate, p50/p99 in ms and the count of each status.
local lines = {}
local i = 0
local threads = {}
statuses = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(args[1]) do
    local method, path, headers, body = line:match("^([^\t]+)\t([^\t]+)\t([^\t]+)\t(.*)$")
    if method then
      local h = {}
      if headers ~= "-" then
        for pair in (headers .. " | "):gmatch("(.-) | ") do
          local name, value = pair:match("^([^:]+): (.*)$")
          h[name] = value
        end
      end
      if body == "-" then body = nil else h["Content-Type"] = "application/json" end
      table.insert(lines, wrk.format(method, path, h, body))
    end
  end
  i = math.random(#lines)
end

function request()
  i = i % #lines + 1
  return lines[i]
end

function response(status)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency)
  local counts, parts = {}, {}
  for _, t in ipairs(threads) do
    for code, n in pairs(t:get("statuses")) do counts[code] = (counts[code] or 0) + n end
  end
  for code, n in pairs(counts) do table.insert(parts, code .. ":" .. n) end
  table.sort(parts)
  local seconds = summary.duration / 1e6
  io.write(string.format("RESULT requests=%d rps=%.0f p50=%.1f p99=%.1f statuses=%s\n", summary.requests,
    summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000, table.concat(parts, ",")))
end
