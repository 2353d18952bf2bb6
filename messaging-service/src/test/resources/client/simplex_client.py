#!/usr/bin/python3
"""A PyNaCl simplex client, as the Flutter messenger's crypto does it, run against a live platform.

    /usr/bin/python3 simplex_client.py [http://127.0.0.1:8080]   (Debian's python3 with python3-nacl)

Registers a recipient, sends it a sealed box as an anonymous sender, reads it back by challenge
signature and by fetch token, acknowledges it, rotates the fetch token and deletes the link. Exits
non-zero at the first answer that differs from the PyCrypt contract.
"""
import base64
import json
import sys
import urllib.error
import urllib.request

from nacl.public import PublicKey, SealedBox
from nacl.signing import SigningKey

BASE = (sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080").rstrip("/")


def call(method, path, body=None, token=None, headers=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(BASE + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def expect(step, status, wanted, answer):
    if status != wanted:
        sys.exit(f"FAIL {step}: HTTP {status}, wanted {wanted}: {answer}")
    print(f"ok   {step} ({status})")


def b64(raw):
    return base64.b64encode(raw).decode()


recipient = SigningKey.generate()
status, registered = call("POST", "/register", {"public_key": b64(bytes(recipient.verify_key)), "display_name": "PyNaCl"})
expect("register", status, 201, registered)
link_token, fetch_token = registered["link_token"], registered["fetch_token"]
assert registered["link"].endswith("/l/" + link_token), registered["link"]

# The sender knows only the link; the X25519 key must be the one libsodium derives from the Ed25519 key.
status, link = call("GET", "/l/" + link_token)
expect("read the link's keys", status, 200, link)
derived = recipient.verify_key.to_curve25519_public_key()
assert base64.b64decode(link["x25519_public_key"]) == bytes(derived), "X25519 key differs from PyNaCl's derivation"
sealed = SealedBox(PublicKey(base64.b64decode(link["x25519_public_key"]))).encrypt("hello from PyNaCl".encode())
status, sent = call("POST", "/send", {"link_token": link_token, "encrypted_message": b64(sealed), "metadata": {"sender_nick": "py"}})
expect("send a sealed box", status, 201, sent)

status, challenge = call("POST", "/challenge_request", {"link_token": link_token})
expect("challenge_request", status, 200, challenge)
signature = recipient.sign(challenge["challenge"].encode("utf-8")).signature
status, fetched = call("POST", "/fetch", {"link_token": link_token, "challenge": challenge["challenge"],
                                          "challenge_signature": b64(signature)})
expect("fetch by challenge signature", status, 200, fetched)
message = next(m for m in fetched["data"] if m["id"] == sent["id"])
plain = SealedBox(recipient.to_curve25519_private_key()).decrypt(base64.b64decode(message["encrypted_message"])).decode()
assert plain == "hello from PyNaCl", plain
assert message["metadata"] == {"sender_nick": "py"} and message["seen"] is False, message
print("ok   decrypted with PyNaCl: " + plain)

status, again = call("POST", "/fetch", {"link_token": link_token, "challenge": challenge["challenge"],
                                        "challenge_signature": b64(signature)})
expect("a used challenge is refused", status, 401, again)
status, wrong = call("POST", "/fetch", {"link_token": link_token}, token=fetch_token + "x")
expect("a wrong fetch token is refused", status, 401, wrong)

status, acked = call("POST", "/ack", {"link_token": link_token, "message_ids": [sent["id"]]}, token=fetch_token)
expect("ack", status, 200, acked)
assert acked["count"] == 1, acked
status, unseen = call("POST", "/fetch", {"link_token": link_token}, token=fetch_token)
expect("fetch by fetch token", status, 200, unseen)
assert unseen["data"] == [], unseen

status, rotated = call("POST", "/rotate_fetch_token", {"link_token": link_token}, token=fetch_token)
expect("rotate the fetch token", status, 200, rotated)
status, old = call("POST", "/fetch", {"link_token": link_token}, token=fetch_token)
expect("the old fetch token stops working", status, 401, old)
status, deleted = call("DELETE", "/l/" + link_token, token=rotated["fetch_token"])
expect("delete the link", status, 200, deleted)
status, gone = call("GET", "/l/" + link_token)
expect("the deleted link is gone", status, 404, gone)
print("PASS simplex flow against " + BASE)
