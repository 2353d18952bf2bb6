#!/usr/bin/env python3
"""Writes ENTRIES uce entries for each user of a users file ("token ticket entry_id" lines) through
diary-service's API, 16 at a time over kept-alive connections; each entry is 600 words of a 2,000-word
made-up vocabulary (about 4 KiB), as diary.lua writes them. Prints how long it took.
    seed.py USERS_FILE ENTRIES_PER_USER [http://127.0.0.1:8084]"""
import http.client
import json
import random
import sys
import threading
import time
import urllib.parse

users = [line.split() for line in open(sys.argv[1]) if line.strip()]
per_user = int(sys.argv[2])
base = urllib.parse.urlparse(sys.argv[3] if len(sys.argv) > 3 else "http://127.0.0.1:8084")
vocabulary = ["word%04dx" % i for i in range(1, 2001)]
jobs = [user for user in users for _ in range(per_user)]
lock = threading.Lock()
failures = []


def worker():
    connection = http.client.HTTPConnection(base.hostname, base.port)
    while True:
        with lock:
            if not jobs or failures:
                return
            token, ticket, _ = jobs.pop()
        body = json.dumps({"content": " ".join(random.choice(vocabulary) for _ in range(600))})
        connection.request("POST", "/api/v1/diary/entries", body, {
            "Authorization": "Bearer " + token, "X-Data-Key-Ticket": ticket, "Content-Type": "application/json"})
        answer = connection.getresponse()
        answer.read()
        if answer.status != 201:
            failures.append(answer.status)


start = time.time()
threads = [threading.Thread(target=worker) for _ in range(16)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
if failures:
    sys.exit("a write answered %d" % failures[0])
total = len(users) * per_user
print("   %d entries in %.0f s (%.0f a second)" % (total, time.time() - start, total / (time.time() - start)))
