-- wrk script: POST /api/login with one account's credentials (set by run via environment).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = string.format('{"email":"%s","password":"%s"}', os.getenv("LOAD_EMAIL"), os.getenv("LOAD_PASSWORD"))

function response(status, headers, body)
  if status ~= 200 then
    io.stderr:write("unexpected status " .. status .. "\n")
  end
end
