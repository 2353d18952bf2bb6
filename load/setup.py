#!/usr/bin/env python3
"""Makes the data load/hot-paths measures against a running local stack, called directly (not through
the gateway, whose per-address limits would cap one load generator): a user with 50 audio files, 200
simplex links (Ed25519 keys from openssl), a uce diary user with 200 entries of about 4 KiB. Writes one
request file per hot path into OUT_DIR (see wrk/requests.lua for the line format). Standard library
only, so a fresh machine needs nothing but python3 and openssl.
   setup.py OUT_DIR"""
import base64
import json
import os
import random
import subprocess
import sys
import urllib.request
import uuid

AUTH, AUDIO, MESSAGING, DIARY = (f"http://127.0.0.1:{port}" for port in (8081, 8082, 8083, 8084))
out = sys.argv[1]
os.makedirs(out, exist_ok=True)


def call(method, url, body=None, headers=None, raw=None):
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    request = urllib.request.Request(url, data=data, method=method, headers=dict(headers or {}))
    if body is not None:
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=60) as answer:
        text = answer.read()
        return json.loads(text) if text else None


def sign_up(tier, address):
    # Each user from an address of its own: auth-service limits sign-ups per address and believes
    # X-Forwarded-For from 127.0.0.1 (the gateway's place in the local stack).
    return call("POST", AUTH + "/api/register", {"email": f"hot-{uuid.uuid4().hex[:10]}@example.org",
                                                 "password": "a long load-test pass phrase", "tier": tier},
                {"X-Forwarded-For": address})


def write(name, lines):
    with open(os.path.join(out, name + ".txt"), "w") as f:
        f.writelines("\t".join(line) + "\n" for line in lines)


def ed25519_public_key():
    private = subprocess.run(["openssl", "genpkey", "-algorithm", "ed25519", "-outform", "DER"],
                             check=True, capture_output=True).stdout
    public = subprocess.run(["openssl", "pkey", "-inform", "DER", "-pubout", "-outform", "DER"], input=private,
                            check=True, capture_output=True).stdout
    return base64.b64encode(public[-32:]).decode()


user = sign_up("e2e", f"10.77.{random.randint(0, 250)}.{random.randint(1, 250)}")
bearer = "Authorization: Bearer " + user["token"]
write("auth-me", [("GET", "/api/v1/me", bearer, "-")])

for i in range(50):
    blob = os.urandom(1000 + i)
    url = call("POST", AUDIO + "/api/v1/audio-files/upload-url", {"file_name": f"n{i}.3gp", "file_size": len(blob)},
               {"Authorization": "Bearer " + user["token"]})
    call("PUT", url["upload_url"], raw=blob, headers=url.get("headers") or {})
    call("POST", AUDIO + "/api/audio-file", {"s3_key": url["s3_key"], "file_size": len(blob)},
         {"Authorization": "Bearer " + user["token"]})
write("audio-list", [("GET", "/api/user/audio-files?limit=50", bearer, "-")])

sends, fetches = [], []
for i in range(200):
    link = call("POST", MESSAGING + "/register", {"public_key": ed25519_public_key(), "display_name": "load"})
    box = base64.b64encode(os.urandom(1024 + 48)).decode()
    sends.append(("POST", "/send", "-", json.dumps({"link_token": link["link_token"], "encrypted_message": box})))
    fetches.append(("POST", "/fetch", "Authorization: Bearer " + link["fetch_token"],
                    json.dumps({"link_token": link["link_token"], "limit": 20})))
write("simplex-send", sends)
write("simplex-fetch", fetches)

writer = sign_up("uce", f"10.78.{random.randint(0, 250)}.{random.randint(1, 250)}")
diary_headers = {"Authorization": "Bearer " + writer["token"], "X-Data-Key-Ticket": writer["data_key_ticket"]}
vocabulary = [f"word{i:04d}x" for i in range(2000)]
ids = [call("POST", DIARY + "/api/v1/diary/entries", {"content": " ".join(random.choices(vocabulary, k=600))},
            diary_headers)["id"] for _ in range(200)]
diary = " | ".join(f"{name}: {value}" for name, value in diary_headers.items())
write("diary-get", [("GET", f"/api/v1/diary/entries/{entry}", diary, "-") for entry in ids])
write("diary-list", [("GET", "/api/v1/diary/entries?limit=20", diary, "-")])
write("diary-search", [("GET", f"/api/v1/diary/entries/search?limit=20&q={a}%20{b}", diary, "-")
                       for a, b in (random.sample(vocabulary, 2) for _ in range(500))])
print(f"request files in {out}")
