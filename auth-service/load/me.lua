-- wrk script: GET /api/v1/me with a bearer token (set by run via environment).
wrk.headers["Authorization"] = "Bearer " .. os.getenv("LOAD_TOKEN")
