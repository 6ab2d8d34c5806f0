#!/usr/bin/python3
"""authreplay's NTLM initiator survives a hostile server's Type 2 (issue 9).

A tiny HTTP server (http.server, loopback, keep-alive) answers the first request with
`401 WWW-Authenticate: NTLM`, the Type 1 leg with a hostile Type 2 (MS-NLMP 2.2.1.2 CHALLENGE),
and anything else with a plain 401. Two hostile Type 2s, each for the chrome and the ie11 profile:

- TARGET_TYPE_SERVER (0x00020000) with an empty TargetName: gss-ntlmssp 1.2.0's initiator writes
  through NULL on exactly that Type 2 (IIS-FACTS.md section 8) and killed authreplay with SIGSEGV.
  Chromium (net/ntlm/ntlm_client.cc skips the TargetName) and Windows answer it, so the profiles
  do too: a well-formed NTLMv2 Type 3 with a MIC goes out, the server's 401 to it is what the
  report shows, and the scenario fails (exit 1) on that leg's expectation, which is the truth
  about such a server.
- A Type 2 whose TargetInfo runs past the message: no client can answer it, so the scenario is
  reported as an error with the reason (`outcome: error`, exit 3, "could not run").

A client must never crash on what a server sends. The password reaches authreplay through
--password-env (never argv); it is a dummy one, the fake server checks nothing.

Usage: hostile_type2_test.py AUTHREPLAY_BIN SCENARIO_DIR
"""

import atexit
import base64
import http.server
import json
import os
import shutil
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
# The same message with TargetInfoFields claiming 0x200 bytes at offset 56: past the end.
TRUNCATED_TYPE2 = TYPE2[:40] + struct.pack("<HHI", 0x200, 0x200, HEADER_LEN) + TYPE2[48:]
hostile = {"type2": TYPE2}
seen = []
type3s = []


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
        if kind == 3:
            type3s.append(decode_ntlm(base64.b64decode(token)))
        body = b"<html><body>401</body></html>"
        self.send_response(401, "Unauthorized")
        if kind == 1:
            self.send_header("WWW-Authenticate",
                             "NTLM " + base64.b64encode(hostile["type2"]).decode())
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
atexit.register(shutil.rmtree, work, ignore_errors=True)

def run_profile(profile, case):
    scenario_id = f"clients.hostile-type2.{profile}-ntlm"
    report = os.path.join(work, f"{profile}-{case}.json")
    del seen[:]
    del type3s[:]
    env = dict(os.environ, AUTHREPLAY_HOSTILE_TYPE2_PASSWORD="not-a-real-password")
    run = subprocess.run(
        [authreplay, "run", os.path.join(scenario_dir, f"{profile}-ntlm.json"), "--target", target,
         "--user", "HARNESS\\alice", "--password-env", "AUTHREPLAY_HOSTILE_TYPE2_PASSWORD",
         "--report", f"json:{report}", "--connect-timeout", "3000"],
        capture_output=True, text=True, env=env, timeout=60, check=False)
    print(f"# {profile}, {case}: exit {run.returncode}; legs the fake server saw "
          f"(client port, scheme, NTLM type): {seen}", flush=True)
    print("\n".join("  | " + line for line in (run.stdout + run.stderr).splitlines()[-25:]),
          flush=True)
    crashed = run.returncode < 0
    check(f"{profile}, {case}: authreplay did not crash",
          not crashed, f"killed by {signal.Signals(-run.returncode).name}" if crashed else "")
    check(f"{profile}, {case}: the fake server got the Type 1 (so its Type 2 reached the initiator)",
          any(kind == 1 for _, _, kind in seen), str(seen))
    entry = None
    if os.path.exists(report):
        with open(report, encoding="utf-8") as f:
            entry = next((s for s in json.load(f)["scenarios"] if s["id"] == scenario_id), None)
    return run, entry


for profile in ("chrome", "ie11"):
    hostile["type2"] = TYPE2
    run, entry = run_profile(profile, "empty TargetName")
    check(f"{profile}, empty TargetName: a well-formed NTLMv2 Type 3 with a MIC went out",
          len(type3s) == 1 and type3s[0].get("mic") not in (None, "0" * 32) and
          type3s[0].get("user") == "alice", str(type3s))
    check(f"{profile}, empty TargetName: exit 1 (the server's 401 fails the expectation)",
          run.returncode == 1, str(run.returncode))
    check(f"{profile}, empty TargetName: the report has the scenario failed",
          entry is not None and entry["outcome"] == "failed", str(entry and entry["outcome"]))

    hostile["type2"] = TRUNCATED_TYPE2
    run, entry = run_profile(profile, "TargetInfo past the end")
    check(f"{profile}, TargetInfo past the end: no Type 3 was sent", not type3s, str(type3s))
    check(f"{profile}, TargetInfo past the end: exit 3 (could not run)", run.returncode == 3,
          str(run.returncode))
    check(f"{profile}, TargetInfo past the end: the report has the scenario as an error naming "
          "the Type 2", entry is not None and entry["outcome"] == "error" and
          "Type 2" in json.dumps(entry), str(entry and entry.get("error")))

server.shutdown()
finish()
