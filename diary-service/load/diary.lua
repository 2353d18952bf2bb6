-- wrk script for diary-service: each connection acts as one of the users in $LOAD_USERS (lines of
-- "token ticket entry_id"), round robin, and sends $LOAD_OP: create, get, list or search.
local users = {}
local me = 1
local op = os.getenv("LOAD_OP")
-- A vocabulary of 2,000 made-up words; an entry is 600 of them (about 4 KiB), so a word is in about a
-- quarter of the entries and two words together in about one in fifteen.
local vocabulary = {}
for i = 1, 2000 do
  vocabulary[i] = "word" .. string.format("%04d", i) .. "x"
end

local function entry_body()
  local picked = {}
  for i = 1, 600 do
    picked[i] = vocabulary[math.random(#vocabulary)]
  end
  return '{"content":"' .. table.concat(picked, " ") .. '"}'
end

function setup(thread)
  thread:set("offset", math.random(1000))
end

function init(args)
  for line in io.lines(os.getenv("LOAD_USERS")) do
    local token, ticket, entry = line:match("(%S+) (%S+) (%S+)")
    users[#users + 1] = { token = token, ticket = ticket, entry = entry }
  end
  me = (offset or 1) % #users + 1
end

function request()
  me = me % #users + 1
  local user = users[me]
  local headers = { ["Authorization"] = "Bearer " .. user.token, ["X-Data-Key-Ticket"] = user.ticket,
                    ["Content-Type"] = "application/json" }
  if op == "create" then
    return wrk.format("POST", "/api/v1/diary/entries", headers, entry_body())
  elseif op == "get" then
    return wrk.format("GET", "/api/v1/diary/entries/" .. user.entry, headers)
  elseif op == "list" then
    return wrk.format("GET", "/api/v1/diary/entries?limit=20", headers)
  else
    local a = vocabulary[math.random(#vocabulary)]
    local b = vocabulary[math.random(#vocabulary)]
    return wrk.format("GET", "/api/v1/diary/entries/search?limit=20&q=" .. a .. "%20" .. b, headers)
  end
end

function response(status)
  if status >= 300 then
    error(op .. " answered " .. status)
  end
end
