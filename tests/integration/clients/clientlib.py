"""Shared helpers of the third-party client tests (tests/integration/clients/).

Only the Python standard library: the tests run with Debian's /usr/bin/python3, never a pyenv or
virtualenv interpreter, so that Debian's own modules (python3-requests-ntlm) are the ones tested.

- LabEnv: DIR/lab.env as labctl writes it (docs/lab.md "DIR/lab.env": `export KEY='value'`).
- W3C log lines of the Default site, found by a query marker (IIS-FACTS.md section 4: fields
  date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent)
  cs(Referer) sc-status sc-substatus sc-win32-status time-taken).
- decode_ntlm: a summary of an NTLMSSP message (MS-NLMP 2.2.1.1 NEGOTIATE, 2.2.1.2 CHALLENGE,
  2.2.1.3 AUTHENTICATE, 2.2.2.1 AV_PAIR) for the test logs; never the password or keys.
"""

import atexit
import glob
import os
import shlex
import shutil
import struct
import sys
import tempfile
import time
import uuid

FAILED = []


def scratch_folder(prefix):
    """A new folder under the temporary folder, removed with its contents when the script exits
    (finish() exits through sys.exit, so atexit runs)."""
    folder = tempfile.mkdtemp(prefix=prefix)
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def check(what, condition, detail=""):
    """TAP-like line per check, as the lab's shell tests print them; remembers failures."""
    if condition:
        print(f"ok - {what}", flush=True)
    else:
        print(f"not ok - {what}" + (f": {detail}" if detail else ""), flush=True)
        FAILED.append(what)
    return condition


def finish():
    if FAILED:
        print(f"{len(FAILED)} check(s) failed: " + "; ".join(FAILED), flush=True)
        sys.exit(1)
    print("all checks passed", flush=True)
    sys.exit(0)


class LabEnv:
    def __init__(self, values):
        self.values = values

    @staticmethod
    def load(lab_dir=None):
        lab_dir = lab_dir or os.environ.get("AUTHREPLAY_LAB_DIR")
        if not lab_dir:
            raise SystemExit("AUTHREPLAY_LAB_DIR is not set (CTest sets it for the lab fixture)")
        values = {}
        with open(os.path.join(lab_dir, "lab.env"), encoding="utf-8") as f:
            for line in f:
                if not line.startswith("export "):
                    continue
                words = shlex.split(line)  # labctl single-quotes every value ('\'' for a quote)
                key, _, value = words[1].partition("=")
                values[key] = value
        return LabEnv(values)

    def __getitem__(self, key):
        return self.values[key]

    def password(self):
        """The lab password, read from its mode-600 file (never from argv)."""
        with open(self.values["AUTHREPLAY_PASSWORD_FILE"], encoding="utf-8") as f:
            return f.read().rstrip("\n")


def marker(prefix):
    """A query marker unique to this run, so that lines of parallel tests are never taken."""
    return f"{prefix}={uuid.uuid4().hex}"


W3C_FIELDS = ("date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip "
              "cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken").split()


def w3c_lines(lab, mark, site=1):
    """Every W3C log line of site SITE whose cs-uri-query contains MARK, as dicts."""
    out = []
    root = os.path.join(lab["AUTHREPLAY_W3C_LOG"], f"W3SVC{site}")
    for path in sorted(glob.glob(os.path.join(root, "u_ex*.log"))):
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith("#") or mark not in line:
                    continue
                fields = line.rstrip("\r\n").split(" ")
                if len(fields) != len(W3C_FIELDS):
                    continue
                entry = dict(zip(W3C_FIELDS, fields))
                if mark in entry["cs-uri-query"]:
                    entry["line"] = line.rstrip("\r\n")
                    out.append(entry)
    return out


def wait_w3c_lines(lab, mark, count, timeout_s=10.0, site=1):
    """Polls (iis-sim flushes every line in the lab; a real IIS buffers, IIS-FACTS.md section 4)."""
    deadline = time.monotonic() + timeout_s
    while True:
        lines = w3c_lines(lab, mark, site)
        if len(lines) >= count or time.monotonic() > deadline:
            return lines
        time.sleep(0.05)


def status_triple(entry):
    return f"{entry['sc-status']} {entry['sc-substatus']} {entry['sc-win32-status']}"


def print_lines(lines):
    for entry in lines:
        print("  w3c: " + entry["line"], flush=True)


# ----------------------------------------------------------------------------------------------
# NTLMSSP decoding (MS-NLMP 2.2), for the logs only.

NEGOTIATE_FLAGS = [
    (0x00000001, "UNICODE"), (0x00000002, "OEM"), (0x00000004, "REQUEST_TARGET"),
    (0x00000010, "SIGN"), (0x00000020, "SEAL"), (0x00000040, "DATAGRAM"),
    (0x00000080, "LM_KEY"), (0x00000200, "NTLM"), (0x00000800, "ANONYMOUS"),
    (0x00001000, "OEM_DOMAIN_SUPPLIED"), (0x00002000, "OEM_WORKSTATION_SUPPLIED"),
    (0x00008000, "ALWAYS_SIGN"), (0x00010000, "TARGET_TYPE_DOMAIN"),
    (0x00020000, "TARGET_TYPE_SERVER"), (0x00080000, "EXTENDED_SESSIONSECURITY"),
    (0x00100000, "IDENTIFY"), (0x00400000, "REQUEST_NON_NT_SESSION_KEY"),
    (0x00800000, "TARGET_INFO"), (0x02000000, "VERSION"), (0x20000000, "128"),
    (0x40000000, "KEY_EXCH"), (0x80000000, "56"),
]

AV_IDS = {0: "MsvAvEOL", 1: "MsvAvNbComputerName", 2: "MsvAvNbDomainName",
          3: "MsvAvDnsComputerName", 4: "MsvAvDnsDomainName", 5: "MsvAvDnsTreeName",
          6: "MsvAvFlags", 7: "MsvAvTimestamp", 8: "MsvAvSingleHost", 9: "MsvAvTargetName",
          10: "MsvAvChannelBindings"}


def check_w3c(lab, name, mark, expected_triples, final_user, agent, agent_matches):
    """Checks the W3C lines of one marked request: their `sc-status sc-substatus sc-win32-status`
    in order, that every line came from the client under test (`agent_matches(User-Agent)`), and
    the cs-username of the last line when `final_user` is given."""
    lines = wait_w3c_lines(lab, mark, len(expected_triples))
    print_lines(lines)
    triples = [status_triple(e) for e in lines]
    check(f"{name}: W3C log is {expected_triples}", triples == expected_triples, str(triples))
    check(f"{name}: every W3C line has {agent}'s User-Agent",
          lines and all(agent_matches(e["cs(User-Agent)"]) for e in lines),
          str([e["cs(User-Agent)"] for e in lines]))
    if final_user is not None and lines:
        check(f"{name}: the last line's cs-username is {final_user}",
              lines[-1]["cs-username"] == final_user, lines[-1]["cs-username"])


def flag_names(flags):
    return "|".join(name for bit, name in NEGOTIATE_FLAGS if flags & bit)


def _field(msg, at):
    length, _, offset = struct.unpack_from("<HHI", msg, at)
    return length, offset


def _text(msg, length, offset, unicode):
    raw = msg[offset:offset + length]
    return raw.decode("utf-16-le" if unicode else "latin-1", errors="replace")


def av_pairs(blob):
    out, at = [], 0
    while at + 4 <= len(blob):
        av_id, av_len = struct.unpack_from("<HH", blob, at)
        value = blob[at + 4:at + 4 + av_len]
        at += 4 + av_len
        name = AV_IDS.get(av_id, f"0x{av_id:04x}")
        if av_id in (1, 2, 3, 4, 5, 9):
            shown = value.decode("utf-16-le", errors="replace")
        elif av_id == 6:
            shown = f"0x{struct.unpack('<I', value)[0]:08x}" if len(value) == 4 else value.hex()
        elif av_id == 10:
            shown = value.hex()
        else:
            shown = f"{len(value)} bytes"
        out.append((name, shown))
        if av_id == 0:
            break
    return out


def decode_ntlm(msg):
    """A dict summary of an NTLMSSP message; {'error': ...} when it is not one."""
    if len(msg) < 12 or msg[:8] != b"NTLMSSP\0":
        return {"error": f"not NTLMSSP ({len(msg)} bytes)"}
    kind = struct.unpack_from("<I", msg, 8)[0]
    out = {"type": kind, "length": len(msg)}
    try:
        if kind == 1:
            flags = struct.unpack_from("<I", msg, 12)[0]
            out.update(flags=f"0x{flags:08x}", flag_names=flag_names(flags))
            dom_len, dom_off = _field(msg, 16)
            ws_len, ws_off = _field(msg, 24)
            out.update(domain=(dom_len, dom_off), workstation=(ws_len, ws_off))
            out["version"] = msg[32:40].hex() if len(msg) >= 40 else None
        elif kind == 2:
            tn_len, tn_off = _field(msg, 12)
            flags = struct.unpack_from("<I", msg, 20)[0]
            ti_len, ti_off = _field(msg, 40)
            out.update(flags=f"0x{flags:08x}", flag_names=flag_names(flags),
                       target_name=(tn_len, tn_off),
                       av_pairs=av_pairs(msg[ti_off:ti_off + ti_len]))
        elif kind == 3:
            names = ["lm", "nt", "domain", "user", "workstation", "session_key"]
            fields = {n: _field(msg, 12 + 8 * i) for i, n in enumerate(names)}
            flags = struct.unpack_from("<I", msg, 60)[0]
            unicode = bool(flags & 1)
            lowest = min([off for (ln, off) in fields.values() if ln] + [len(msg)])
            out.update(flags=f"0x{flags:08x}", flag_names=flag_names(flags),
                       fields={n: {"len": ln, "offset": off} for n, (ln, off) in fields.items()},
                       payload_offset=lowest)
            # Version at 64..72 and MIC at 72..88 exist when the payload starts at or after 88
            # (MS-NLMP 2.2.1.3: the MIC is present when MsvAvFlags has bit 0x2 in the NT blob).
            out["version"] = msg[64:72].hex() if lowest >= 72 else None
            out["mic"] = msg[72:88].hex() if lowest >= 88 else None
            out["domain"] = _text(msg, *fields["domain"], unicode)
            out["user"] = _text(msg, *fields["user"], unicode)
            out["workstation"] = _text(msg, *fields["workstation"], unicode)
            nt_len, nt_off = fields["nt"]
            if nt_len > 24:
                # NTLMv2_CLIENT_CHALLENGE (2.2.2.7): 16-byte NTProofStr, then RespType,
                # HiRespType, 6 reserved bytes, 8-byte timestamp, 8-byte challenge, 4 reserved,
                # then the AV pairs.
                blob = msg[nt_off + 16:nt_off + nt_len]
                out["ntlmv2"] = True
                out["av_pairs"] = av_pairs(blob[28:])
            else:
                out["ntlmv2"] = False
    except (struct.error, IndexError) as e:
        out["error"] = f"truncated: {e}"
    return out


def warm_up(lab, path):
    """An anonymous GET to PATH's application (answered 401.2). KB 2749007 (IIS-FACTS.md
    section 5): with kernel-mode authentication, the first request an application gets after
    start or recycle is refused with 401.1 if it already carries credentials, and curl --ntlm
    sends its Type 1 on the first request; a browser's first request is anonymous anyway."""
    import urllib.error
    import urllib.request
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        opener.open(f"{lab['AUTHREPLAY_TARGET']}{path}?authreplay-warm-up", timeout=10).close()
    except urllib.error.HTTPError as e:
        e.close()
