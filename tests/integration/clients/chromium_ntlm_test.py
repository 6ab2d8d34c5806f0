#!/usr/bin/python3
"""Headless Chromium logs in to the lab's iis-sim with its own NTLM (issue 9).

Chromium on Linux has no NTLM of the system: its NTLM is net/ntlm, Chromium's portable MS-NLMP
implementation (net/http/http_auth_handler_ntlm_portable.cc), which sends a 32-byte NEGOTIATE
(no Version) and an AUTHENTICATE with a MIC and MsvAvFlags 0x2, an MsvAvTargetName and
MsvAvChannelBindings (net/ntlm/ntlm_client.cc). A Windows acceptor computes the MIC over the
messages exactly as exchanged (MS-NLMP 3.1.5.1.2, 3.2.5.1.2; IIS-FACTS.md section 8), so an
acceptor that pads the NEGOTIATE before checking the MIC rejects Chromium with
`401 1 2148074248` (SEC_E_INVALID_TOKEN). These checks prove, with a client nobody here wrote:

  1. /ActiveXTest/ajaxClient2.htm (providers Negotiate, NTLM): 200, the page's own text, and in
     the W3C log `401 2 5`, `401 1 2148074254` (the challenge leg), `200 0 0` as HARNESS\\alice,
     every line with Chromium's User-Agent (HeadlessChrome);
  2. /NtlmOnly/ (providers NTLM only): the same;
  3. a wrong password: the page is the 401, and the W3C log has `401 1 2148074252`
     (SEC_E_LOGON_DENIED, IIS-FACTS.md section 1).
Chromium must use its own NTLM, not Negotiate through a system GSSAPI (gss-ntlmssp is installed
as a GSSAPI mechanism here): its auth challenge must be scheme "ntlm" and every Authorization it
sends must start with "NTLM ". Chromium does not even try Negotiate on Linux unless the server is
on the AuthServerAllowlist (net/http/http_auth_handler_negotiate.cc: no default credentials, and
GSSAPI takes no explicit ones), so no flag or policy is needed for that.

Credentials come over the DevTools pipe (see cdp.py for why), from the lab's mode-600 password
file. Usage: chromium_ntlm_test.py (AUTHREPLAY_LAB_DIR names the running lab).
"""

import base64
import os
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Chromium, browse_with_auth, netlog_legs  # noqa: E402
import clientlib  # noqa: E402
from clientlib import LabEnv, check, decode_ntlm, finish, marker  # noqa: E402

lab = LabEnv.load()
user = lab["AUTHREPLAY_USER"]
password = lab.password()
work = clientlib.scratch_folder("authreplay-chromium-ntlm-")


def ntlm_legs(legs):
    """The Authorization headers of Chromium's legs (from its NetLog), decoded."""
    out = []
    for leg in legs:
        value = leg["authorization"]
        if not value:
            continue
        scheme, _, token = value.partition(" ")
        entry = {"scheme": scheme, "token": token, "status": leg["status"]}
        try:
            entry["decoded"] = decode_ntlm(base64.b64decode(token))
        except ValueError:
            entry["decoded"] = {"error": "not base64"}
        out.append(entry)
    return out


def show_legs(legs):
    for leg in legs:
        d = leg["decoded"]
        summary = {k: d.get(k) for k in ("type", "length", "flags", "flag_names", "version",
                                          "mic", "domain", "user", "workstation", "av_pairs")
                   if k in d}
        if d.get("type") == 3:
            summary["fields"] = d.get("fields")
            summary["mic"] = "present" if d.get("mic") else "absent"  # never the value itself
        print(f"  sent: {leg['scheme']} {summary}", flush=True)
        if d.get("type") == 1:
            print(f"  type1 base64: {leg['token']}", flush=True)


def browse(name, path, with_password):
    mark = marker("authreplay-chromium")
    url = f"{lab['AUTHREPLAY_TARGET']}{path}?{mark}"
    profile = tempfile.mkdtemp(prefix="profile-", dir=work)  # a new, empty profile per case
    netlog = os.path.join(work, f"{name}.netlog.json")
    chromium = Chromium(profile, os.path.join(work, f"{name}.chromium.log"),
                        [f"--log-net-log={netlog}", "--net-log-capture-mode=IncludeSensitive"])
    try:
        result = browse_with_auth(chromium, url, user, with_password)
    finally:
        chromium.close()
    wire, schemes = netlog_legs(netlog, mark)
    print(f"# {name}: GET {path} -> {result['status']} title={result['title']!r} "
          f"error={result['error']} challenges={result['challenges']} "
          f"auth handlers={schemes}", flush=True)
    for leg in wire:
        print(f"  leg: {leg['line']} [{(leg['authorization'] or 'no Authorization')[:16]}...] "
              f"-> {leg['status']}", flush=True)
    result["schemes"] = schemes
    return mark, result, ntlm_legs(wire)


def check_chromium_ntlm(name, result, legs):
    check(f"{name}: Chromium asked for credentials for its NTLM scheme (authChallenge ntlm)",
          any(c["scheme"] == "ntlm" and c["source"] == "Server" for c in result["challenges"]),
          str(result["challenges"]))
    # Chromium creates a Negotiate handler for the Negotiate offer too and drops it (no default
    # credentials off the allowlist); the Authorization headers below show which one spoke.
    check(f"{name}: Chromium created its own NTLM auth handler (NetLog)",
          "ntlm" in result["schemes"], str(result["schemes"]))
    check(f"{name}: every Authorization Chromium sent is NTLM (not Negotiate via GSSAPI)",
          legs and all(leg["scheme"] == "NTLM" for leg in legs),
          str([leg["scheme"] for leg in legs]))
    types = [leg["decoded"].get("type") for leg in legs]
    check(f"{name}: Chromium sent a Type 1 then a Type 3", types[:2] == [1, 3], str(types))
    type1 = next((leg["decoded"] for leg in legs if leg["decoded"].get("type") == 1), {})
    type3 = next((leg["decoded"] for leg in legs if leg["decoded"].get("type") == 3), {})
    # The shape that breaks padding acceptors (ntlm_client.cc: kNegotiateMessageLen = 32).
    check(f"{name}: Chromium's Type 1 is the 32-byte form without Version",
          type1.get("length") == 32, str(type1))
    check(f"{name}: Chromium's Type 3 is NTLMv2 with a MIC and the user {user}",
          type3.get("ntlmv2") and type3.get("mic") and
          f"{type3.get('domain')}\\{type3.get('user')}".lower() == user.lower(),
          str({k: type3.get(k) for k in ("ntlmv2", "domain", "user")}))


def check_w3c(name, mark, expected_triples, final_user):
    clientlib.check_w3c(lab, name, mark, expected_triples, final_user, 'Chromium (HeadlessChrome)', lambda agent: "HeadlessChrome" in agent)


# 1. The seed-000 page in the Negotiate, NTLM application.
mark, result, legs = browse("activextest", "/ActiveXTest/ajaxClient2.htm", password)
show_legs(legs)
check("activextest: the page loaded with 200", result["status"] == 200,
      f"status {result['status']}, error {result['error']}")
check("activextest: it is ajaxClient2.htm (title 'Ajax client')", result["title"] == "Ajax client",
      repr(result["title"]))
check_chromium_ntlm("activextest", result, legs)
check_w3c("activextest", mark, ["401 2 5", "401 1 2148074254", "200 0 0"], user)

# 2. The NTLM-only application (providers ["NTLM"]: nothing but NTLM is even offered).
mark, result, legs = browse("ntlmonly", "/NtlmOnly/", password)
show_legs(legs)
check("ntlmonly: /NtlmOnly/ loaded with 200", result["status"] == 200,
      f"status {result['status']}, error {result['error']}")
check("ntlmonly: it is /NtlmOnly/index.htm (title 'NtlmOnly')", result["title"] == "NtlmOnly",
      repr(result["title"]))
check_chromium_ntlm("ntlmonly", result, legs)
check_w3c("ntlmonly", mark, ["401 2 5", "401 1 2148074254", "200 0 0"], user)

# 3. A wrong password: Chromium's Type 3 is refused, it asks again, the test cancels.
mark, result, legs = browse("wrong-password", "/ActiveXTest/ajaxClient2.htm", password + "-wrong")
show_legs(legs)
check("wrong-password: the page is the 401", result["status"] == 401,
      f"status {result['status']}, error {result['error']}")
check_chromium_ntlm("wrong-password", result, legs)
check("wrong-password: Chromium asked twice (the credentials were refused), scheme ntlm",
      [c["scheme"] for c in result["challenges"]] == ["ntlm", "ntlm"],
      str(result["challenges"]))
check_w3c("wrong-password", mark, ["401 2 5", "401 1 2148074254", "401 1 2148074252"], None)

finish()
