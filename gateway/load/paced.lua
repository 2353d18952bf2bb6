-- wrk script for an open-loop load: each connection sends a request every INTERVAL_MS on average
-- (jittered so connections do not fire in step), whatever the latency, so the run measures latency at a
-- fixed request rate instead of how long requests queue once the machine is saturated.
wrk.headers["Authorization"] = "Bearer " .. os.getenv("LOAD_TOKEN")
local interval = tonumber(os.getenv("INTERVAL_MS"))

function delay()
  return interval * (0.5 + math.random())
end
