#!/usr/bin/python3
"""Debian's python3-requests-ntlm (requests_ntlm.HttpNtlmAuth over python3-ntlm-auth, a
pure-Python MS-NLMP client nobody here wrote) logs in to the lab's iis-sim, and a wrong password
is refused (issue 9).

Must run under Debian's /usr/bin/python3 (CTest calls it so), not a pyenv interpreter, so that
Debian's packaged modules are the ones tested; ci/install-deps installs python3-requests-ntlm.
The password is read from the lab's mode-600 file, never passed on argv.

  - GET /ActiveXTest/ajaxClient2.htm: 200, W3C `401 2 5`, `401 1 2148074254`, `200 0 0` as
    HARNESS\\alice with User-Agent python-requests;
  - GET /NtlmOnly/: the same;
  - a wrong password: 401, W3C `401 2 5`, `401 1 2148074254`, `401 1 2148074252`.
Usage: python_requests_ntlm_test.py (AUTHREPLAY_LAB_DIR names the running lab).
"""

import atexit
import base64
import os
import shutil
import sys
import tempfile

# ntlm-auth computes the NT hash with hashlib.new("md4"), which OpenSSL 3 (Debian 12) moved to
# its legacy provider; without it the client dies with "unsupported hash type md4" before it
# sends a Type 3. OpenSSL reads OPENSSL_CONF once, at start-up, so the script re-runs itself with
# a configuration that activates the default and legacy providers (OpenSSL's
# doc/man7/OSSL_PROVIDER-legacy.pod), as a user of python3-requests-ntlm on Debian 12 must.
if not os.environ.get("AUTHREPLAY_MD4_CONF_DONE"):
    conf = os.path.join(tempfile.mkdtemp(prefix="authreplay-openssl-"), "openssl.cnf")
    with open(conf, "w", encoding="utf-8") as f:
        f.write("openssl_conf = openssl_init\n[openssl_init]\nproviders = provider_sect\n"
                "[provider_sect]\ndefault = default_sect\nlegacy = legacy_sect\n"
                "[default_sect]\nactivate = 1\n[legacy_sect]\nactivate = 1\n")
    os.environ.update(OPENSSL_CONF=conf, AUTHREPLAY_MD4_CONF_DONE="1")
    os.execv(sys.executable, [sys.executable, *sys.argv])
# The re-run removes the configuration's folder when it exits (OpenSSL has read it by then).
atexit.register(shutil.rmtree, os.path.dirname(os.environ["OPENSSL_CONF"]), ignore_errors=True)

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import clientlib  # noqa: E402
from clientlib import LabEnv, check, decode_ntlm, finish, marker  # noqa: E402

try:
    import requests
    import requests_ntlm
except ImportError as e:
    # Not a skip: CI installs the package (ci/install-deps), so its absence is a failure.
    raise SystemExit(f"{e}: install Debian's python3-requests-ntlm (ci/install-deps) and run "
                     f"this with /usr/bin/python3 (this is {sys.executable})")

lab = LabEnv.load()
user = lab["AUTHREPLAY_USER"]
print(f"# {sys.executable}: requests {requests.__version__}, requests_ntlm from "
      f"{os.path.dirname(requests_ntlm.__file__)}", flush=True)


def sent_tokens(response):
    """The NTLM messages the client sent, from the requests it made (response.history holds the
    401s of the handshake, each with the request that got it)."""
    out = []
    for r in [*response.history, response]:
        value = r.request.headers.get("Authorization", "")
        scheme, _, token = value.partition(" ")
        if scheme:
            out.append((scheme, decode_ntlm(base64.b64decode(token))))
    return out


def login(name, path, password):
    mark = marker("authreplay-requests-ntlm")
    url = f"{lab['AUTHREPLAY_TARGET']}{path}?{mark}"
    session = requests.Session()
    session.trust_env = False  # no proxy or netrc from the environment
    response = session.get(url, auth=requests_ntlm.HttpNtlmAuth(user, password), timeout=20)
    for scheme, decoded in sent_tokens(response):
        print(f"  sent: {scheme} type {decoded.get('type')} length {decoded.get('length')} "
              f"flags {decoded.get('flags')} mic {'present' if decoded.get('mic') else 'absent'}",
              flush=True)
    print(f"# {name}: GET {path} -> {response.status_code}", flush=True)
    return mark, response


def check_w3c(name, mark, expected, final_user):
    clientlib.check_w3c(lab, name, mark, expected, final_user, 'python-requests', lambda agent: agent.startswith("python-requests/"))


password = lab.password()
for name, path, title in (("activextest", "/ActiveXTest/ajaxClient2.htm", "Ajax client"),
                          ("ntlmonly", "/NtlmOnly/", "NtlmOnly")):
    mark, response = login(name, path, password)
    check(f"{name}: requests_ntlm GET {path} -> 200", response.status_code == 200,
          str(response.status_code))
    check(f"{name}: the body is the page (<title>{title}</title>)",
          f"<title>{title}</title>" in response.text, response.text[:200])
    check(f"{name}: it sent NTLM Type 1 then Type 3",
          [(s, d.get("type")) for s, d in sent_tokens(response)] == [("NTLM", 1), ("NTLM", 3)],
          str([(s, d.get("type")) for s, d in sent_tokens(response)]))
    check_w3c(name, mark, ["401 2 5", "401 1 2148074254", "200 0 0"], user)

mark, response = login("wrong-password", "/ActiveXTest/ajaxClient2.htm", password + "-wrong")
check("wrong-password: requests_ntlm -> 401", response.status_code == 401,
      str(response.status_code))
check_w3c("wrong-password", mark, ["401 2 5", "401 1 2148074254", "401 1 2148074252"], None)

finish()
