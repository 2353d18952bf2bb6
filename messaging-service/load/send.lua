-- POST /send to links read from $LOAD_LINKS, round robin, with the body $LOAD_CIPHERTEXT.
local links = {}
local next_link = 0
local ciphertext = os.getenv("LOAD_CIPHERTEXT")

function init(args)
  for line in io.lines(os.getenv("LOAD_LINKS")) do
    links[#links + 1] = line
  end
  next_link = math.random(#links)
end

function request()
  next_link = next_link % #links + 1
  local body = '{"link_token":"' .. links[next_link] .. '","encrypted_message":"' .. ciphertext .. '"}'
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, body)
end

function response(status)
  if status ~= 201 then
    error("send answered " .. status)
  end
end
