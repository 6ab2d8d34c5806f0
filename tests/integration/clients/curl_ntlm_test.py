#!/usr/bin/python3
"""curl's own NTLM (the curl command line, lib/vauth/ntlm.c; not authreplay's libcurl use) logs
in to the lab's iis-sim, and a wrong password is refused (issue 9).

curl gets the user and password from a mode-600 netrc file (`--netrc-file`), never from argv
(the project rule: /proc/PID/cmdline is world-readable). curl's Type 3 is the interop trap of
IIS-FACTS.md section 8 (NEGOTIATE_VERSION copied from the Type 2 without a Version field), so
this also guards that iis-sim accepts it as Windows does.

  - GET /ActiveXTest/ajaxClient2.htm: 200, W3C `401 1 2148074254` (the Type 1 leg: curl with
    one auth scheme sends it on its first request, IIS-FACTS.md section 8) then `200 0 0` as
    HARNESS\\alice with curl's User-Agent;
  - GET /NtlmOnly/: the same;
  - a wrong password: 401, W3C `401 1 2148074254`, `401 1 2148074252`.
Usage: curl_ntlm_test.py (AUTHREPLAY_LAB_DIR names the running lab).
"""

import os
import subprocess
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import clientlib  # noqa: E402
from clientlib import LabEnv, check, finish, marker, warm_up  # noqa: E402

lab = LabEnv.load()
user = lab["AUTHREPLAY_USER"]
work = clientlib.scratch_folder("authreplay-curl-ntlm-")
host = lab["AUTHREPLAY_TARGET"].split("//", 1)[1].split(":", 1)[0]


def netrc(name, password):
    """A mode-600 netrc file. curl 7.84+ reads quoted tokens with backslash escapes, so the
    DOMAIN\\user name is written quoted with its backslash doubled (curl lib/netrc.c)."""
    path = os.path.join(work, f"{name}.netrc")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)

    def quoted(text):
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    with os.fdopen(fd, "w") as f:
        f.write(f"machine {host} login {quoted(user)} password {quoted(password)}\n")
    return path


def curl(name, path, password):
    mark = marker("authreplay-curl")
    url = f"{lab['AUTHREPLAY_TARGET']}{path}?{mark}"
    body = os.path.join(work, f"{name}.body")
    # -q: no ~/.curlrc; --noproxy: never a proxy from the environment.
    run = subprocess.run(
        ["curl", "-q", "-sS", "--noproxy", "*", "--ntlm", "--netrc-file", netrc(name, password),
         "-o", body, "-w", "%{http_code} %{num_connects}", "--max-time", "20", url],
        capture_output=True, text=True, check=False)
    print(f"# {name}: curl exit {run.returncode}, {run.stdout!r} {run.stderr.strip()!r}",
          flush=True)
    code = run.stdout.split(" ")[0] if run.stdout else ""
    return mark, code


def check_w3c(name, mark, expected, final_user):
    clientlib.check_w3c(lab, name, mark, expected, final_user, 'curl', lambda agent: agent.startswith("curl/"))


password = lab.password()
for name, path in (("activextest", "/ActiveXTest/ajaxClient2.htm"), ("ntlmonly", "/NtlmOnly/")):
    warm_up(lab, path)
    mark, code = curl(name, path, password)
    check(f"{name}: curl --ntlm GET {path} -> 200", code == "200", code)
    check_w3c(name, mark, ["401 1 2148074254", "200 0 0"], user)

mark, code = curl("wrong-password", "/ActiveXTest/ajaxClient2.htm", password + "-wrong")
check("wrong-password: curl --ntlm -> 401", code == "401", code)
check_w3c("wrong-password", mark, ["401 1 2148074254", "401 1 2148074252"], None)

finish()
