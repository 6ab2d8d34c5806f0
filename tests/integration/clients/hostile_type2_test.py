#!/usr/bin/python3
"""authreplay's NTLM initiator survives a hostile server's Type 2 (issue 9).

A tiny HTTP server (http.server, loopback, keep-alive) answers the first request with
`401 WWW-Authenticate: NTLM`, the Type 1 leg with a Type 2 (MS-NLMP 2.2.1.2 CHALLENGE) that sets
NTLMSSP_TARGET_TYPE_SERVER (0x00020000) but has an empty TargetName (length 0), and anything else
with a plain 401. gss-ntlmssp 1.2.0's initiator writes through NULL on exactly that Type 2
(IIS-FACTS.md section 8), which would kill authreplay with SIGSEGV. A client must never crash on
what a server sends: `authreplay run SCENARIO --target http://127.0.0.1:PORT` must finish, report
the scenario as an error (`outcome: error` in the JSON report) and exit 3 ("could not run",
README "Using authreplay as a CI gate"), for the chrome and the ie11 profile.

The password reaches authreplay through --password-env (never argv); it is a dummy one, the fake
server checks nothing. Usage: hostile_type2_test.py AUTHREPLAY_BIN SCENARIO_DIR
"""

import base64
import http.server
import json
import os
import signal
import struct
import subprocess
import sys
import tempfile
import threading

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clientlib import check, decode_ntlm, finish  # noqa: E402

authreplay, scenario_dir = sys.argv[1], sys.argv[2]

# UNICODE | REQUEST_TARGET | NTLM | ALWAYS_SIGN | TARGET_TYPE_SERVER | EXTENDED_SESSIONSECURITY |
# TARGET_INFO | VERSION | 128 | KEY_EXCH | 56: what Windows sends, with TargetName left empty.
TYPE2_FLAGS = 0xE28A8205
assert TYPE2_FLAGS & 0x00020000


def av(av_id, value):
    return struct.pack("<HH", av_id, len(value)) + value


TARGET_INFO = (av(2, "HARNESS".encode("utf-16-le")) + av(1, "IIS-SIM".encode("utf-16-le")) +
               av(4, "harness.test".encode("utf-16-le")) +
               av(3, "iis-sim.harness.test".encode("utf-16-le")) +
               av(7, struct.pack("<Q", 133_000_000_000_000_000)) + av(0, b""))
HEADER_LEN = 56  # signature, type, TargetName, flags, challenge, reserved, TargetInfo, Version
TYPE2 = (b"NTLMSSP\0" + struct.pack("<I", 2) +
         struct.pack("<HHI", 0, 0, HEADER_LEN) +  # TargetName: empty, despite TARGET_TYPE_SERVER
         struct.pack("<I", TYPE2_FLAGS) + bytes(range(1, 9)) + b"\0" * 8 +
         struct.pack("<HHI", len(TARGET_INFO), len(TARGET_INFO), HEADER_LEN) +
         bytes([10, 0, 0x61, 0x4a, 0, 0, 0, 15]) + TARGET_INFO)
assert len(TYPE2) == HEADER_LEN + len(TARGET_INFO)
seen = []


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: NTLM is connection-based

    def log_message(self, *args):
        pass

    def do_GET(self):
        auth = self.headers.get("Authorization", "")
        scheme, _, token = auth.partition(" ")
        kind = None
        if scheme.upper() in ("NTLM", "NEGOTIATE") and token:
            try:
                kind = decode_ntlm(base64.b64decode(token)).get("type")
            except ValueError:
                kind = "undecodable"
        seen.append((self.client_address[1], scheme or "none", kind))
        body = b"<html><body>401</body></html>"
        self.send_response(401, "Unauthorized")
        if kind == 1:
            self.send_header("WWW-Authenticate", "NTLM " + base64.b64encode(TYPE2).decode())
        else:
            self.send_header("WWW-Authenticate", "NTLM")
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
target = f"http://127.0.0.1:{server.server_address[1]}"
print(f"# fake server {target}; its Type 2: {decode_ntlm(TYPE2)}", flush=True)
work = tempfile.mkdtemp(prefix="authreplay-hostile-type2-")

for profile in ("chrome", "ie11"):
    scenario_id = f"clients.hostile-type2.{profile}-ntlm"
    report = os.path.join(work, f"{profile}.json")
    del seen[:]
    env = dict(os.environ, AUTHREPLAY_HOSTILE_TYPE2_PASSWORD="not-a-real-password")
    run = subprocess.run(
        [authreplay, "run", os.path.join(scenario_dir, f"{profile}-ntlm.json"), "--target", target,
         "--user", "HARNESS\\alice", "--password-env", "AUTHREPLAY_HOSTILE_TYPE2_PASSWORD",
         "--report", f"json:{report}", "--connect-timeout", "3000"],
        capture_output=True, text=True, env=env, timeout=60, check=False)
    print(f"# {profile}: exit {run.returncode}; legs the fake server saw "
          f"(client port, scheme, NTLM type): {seen}", flush=True)
    print("\n".join("  | " + line for line in (run.stdout + run.stderr).splitlines()[-25:]),
          flush=True)
    crashed = run.returncode < 0
    check(f"{profile}: authreplay did not crash",
          not crashed, f"killed by {signal.Signals(-run.returncode).name}" if crashed else "")
    check(f"{profile}: the fake server got the Type 1 (so its Type 2 reached the initiator)",
          any(kind == 1 for _, _, kind in seen), str(seen))
    check(f"{profile}: authreplay exits 3 (could not run)", run.returncode == 3,
          str(run.returncode))
    outcome = None
    if os.path.exists(report):
        with open(report, encoding="utf-8") as f:
            entry = next((s for s in json.load(f)["scenarios"] if s["id"] == scenario_id), None)
        if entry:
            outcome = entry["outcome"]
            print(f"  error: {entry.get('error')}", flush=True)
    check(f"{profile}: the report has {scenario_id} as an error", outcome == "error", str(outcome))

server.shutdown()
finish()
