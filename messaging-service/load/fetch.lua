-- POST /fetch of the newest page of unseen messages, by fetch token ($LOAD_LINK, $LOAD_FETCH_TOKEN).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("LOAD_FETCH_TOKEN")
wrk.body = '{"link_token":"' .. os.getenv("LOAD_LINK") .. '"}'

function response(status)
  if status ~= 200 then
    error("fetch answered " .. status)
  end
end
