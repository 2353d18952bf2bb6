-- wrk script: GET with a bearer token (set by run via environment).
wrk.headers["Authorization"] = "Bearer " .. os.getenv("LOAD_TOKEN")
