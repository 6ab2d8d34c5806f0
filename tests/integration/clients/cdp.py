"""A minimal Chrome DevTools Protocol client over --remote-debugging-pipe (standard library only).

Why the pipe and not --remote-debugging-port: no TCP port to find or to leave open to other local
processes, no WebSocket framing to implement, and no npm package (playwright, puppeteer) to
install on a machine whose network is closed. Chromium reads commands from fd 3 and writes
replies and events to fd 4, each a JSON text ended by a NUL byte (Chromium's
content/browser/devtools/devtools_pipe_handler.cc; the same transport puppeteer's `pipe: true`
uses).

Why DevTools for the credentials: Fetch.enable(handleAuthRequests) turns Chromium's credential
prompt into a Fetch.authRequired event and Fetch.continueWithAuth answers it with a user name and
password (https://chromedevtools.github.io/devtools-protocol/tot/Fetch/). The password travels
only over the private pipe: never on argv (the project rule; /proc/PID/cmdline is world-readable),
never in a URL (which Chromium would show in logs, history and the W3C log's Referer), never in a
policy file on disk. Chromium then runs its own NTLM (net/ntlm, the portable implementation on
Linux: net/http/http_auth_handler_ntlm_portable.cc) with those credentials.
"""

import json
import os
import queue
import shutil
import threading
import time

# The flags the brief prescribes (closed network, throw-away profile) plus the debugging pipe.
# --no-proxy-server: a proxy in the environment must never see the lab's traffic.
BASE_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-proxy-server", "--remote-debugging-pipe",
]


def chromium_binary():
    for name in ("/usr/bin/chromium", shutil.which("chromium") or "",
                 shutil.which("chromium-browser") or ""):
        if name and os.access(name, os.X_OK):
            return name
    raise SystemExit("no chromium: ci/install-deps installs Debian's chromium")


class Chromium:
    """One headless Chromium with a fresh, empty profile, driven over the DevTools pipe."""

    def __init__(self, profile_dir, log_path, extra_flags=()):
        to_chrome_r, self._to_chrome_w = os.pipe()
        self._from_chrome_r, from_chrome_w = os.pipe()
        log_fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        argv = [chromium_binary(), *BASE_FLAGS, f"--user-data-dir={profile_dir}",
                *extra_flags, "about:blank"]
        # posix_spawn's dup2 clears FD_CLOEXEC on the targets: Chromium inherits exactly fds
        # 0-4 (Python's own descriptors are close-on-exec).
        self.pid = os.posix_spawn(argv[0], argv, dict(os.environ), file_actions=[
            (os.POSIX_SPAWN_OPEN, 0, "/dev/null", os.O_RDONLY, 0),
            (os.POSIX_SPAWN_DUP2, log_fd, 1),
            (os.POSIX_SPAWN_DUP2, log_fd, 2),
            (os.POSIX_SPAWN_DUP2, to_chrome_r, 3),
            (os.POSIX_SPAWN_DUP2, from_chrome_w, 4),
        ], setsid=True)
        for fd in (to_chrome_r, from_chrome_w, log_fd):
            os.close(fd)
        self._next_id = 0
        self._replies = {}
        self._cond = threading.Condition()
        self.events = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self):
        buffer = b""
        while True:
            try:
                chunk = os.read(self._from_chrome_r, 65536)
            except OSError:
                chunk = b""
            if not chunk:
                self.events.put(None)  # Chromium went away
                with self._cond:
                    self._cond.notify_all()
                return
            buffer += chunk
            while b"\0" in buffer:
                text, buffer = buffer.split(b"\0", 1)
                message = json.loads(text)
                if "id" in message:
                    with self._cond:
                        self._replies[message["id"]] = message
                        self._cond.notify_all()
                else:
                    self.events.put(message)

    def post(self, method, params=None, session=None):
        """Sends a command without waiting; returns its id for take_reply()."""
        with self._cond:
            self._next_id += 1
            command_id = self._next_id
        message = {"id": command_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_chrome_w, json.dumps(message).encode() + b"\0")
        return command_id

    def take_reply(self, command_id):
        """The reply to a posted command if it has arrived, else None."""
        with self._cond:
            return self._replies.pop(command_id, None)

    def send(self, method, params=None, session=None, timeout_s=20.0):
        """Sends a command and returns its result; raises RuntimeError on a protocol error."""
        command_id = self.post(method, params, session)
        deadline = time.monotonic() + timeout_s
        with self._cond:
            while command_id not in self._replies:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not self._reader.is_alive():
                    raise RuntimeError(f"no reply to {method} within {timeout_s} s")
                self._cond.wait(remaining)
            reply = self._replies.pop(command_id)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    def close(self):
        try:
            self.send("Browser.close", timeout_s=5.0)
        except (RuntimeError, OSError):
            pass
        deadline = time.monotonic() + 10.0
        while time.monotonic() < deadline:
            pid, _ = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                break
            time.sleep(0.05)
        else:
            # Our own child only, by its pid (and its session: the renderers it started).
            try:
                os.killpg(self.pid, 9)
            except ProcessLookupError:
                pass
            os.waitpid(self.pid, 0)
        os.close(self._to_chrome_w)


def browse_with_auth(chromium, url, user, password, timeout_s=30.0):
    """Opens URL in Chromium's first tab and answers its credential requests over DevTools.

    The first Fetch.authRequired of each request gets USER/PASSWORD (ProvideCredentials); a
    second one for the same request means the server rejected them, and is cancelled
    (CancelAuth), so that Chromium shows the 401 as a user pressing Cancel would see it.
    Returns a dict: status of the document, title and text of the page, and the auth challenges
    Chromium reported (scheme as Chromium's auth handler names it: "ntlm", "negotiate", ...).
    What went on the wire is in the NetLog (netlog_legs): DevTools' Network domain does not
    report the requests of an authentication restart.
    """
    targets = chromium.send("Target.getTargets")["targetInfos"]
    page = next(t for t in targets if t["type"] == "page")
    session = chromium.send("Target.attachToTarget",
                            {"targetId": page["targetId"], "flatten": True})["sessionId"]
    chromium.send("Network.enable", session=session)
    chromium.send("Page.enable", session=session)
    chromium.send("Fetch.enable", {"handleAuthRequests": True,
                                   "patterns": [{"urlPattern": "*"}]}, session=session)
    result = {"challenges": [], "status": None, "title": None, "text": None, "error": None}
    auth_answers = {}
    # Page.navigate answers only once the navigation commits, which needs the Fetch events
    # below answered first: post it and pick its reply up while handling them.
    navigate = chromium.post("Page.navigate", {"url": url}, session=session)
    deadline = time.monotonic() + timeout_s
    done = False
    while not done and time.monotonic() < deadline:
        nav = chromium.take_reply(navigate) if navigate else None
        if nav is not None:
            navigate = None
            if nav.get("error") or nav.get("result", {}).get("errorText"):
                result["error"] = str(nav.get("error") or nav["result"]["errorText"])
        try:
            event = chromium.events.get(timeout=0.05)
        except queue.Empty:
            continue
        if event is None:
            result["error"] = "Chromium exited"
            break
        method, params = event.get("method"), event.get("params", {})
        if method == "Fetch.requestPaused":
            chromium.send("Fetch.continueRequest", {"requestId": params["requestId"]},
                          session=session)
        elif method == "Fetch.authRequired":
            challenge = params["authChallenge"]
            result["challenges"].append({k: challenge.get(k) for k in
                                         ("source", "origin", "scheme", "realm")})
            request_key = params["request"]["url"]
            seen = auth_answers.get(request_key, 0)
            auth_answers[request_key] = seen + 1
            response = ({"response": "ProvideCredentials", "username": user,
                         "password": password} if seen == 0 else {"response": "CancelAuth"})
            chromium.send("Fetch.continueWithAuth",
                          {"requestId": params["requestId"], "authChallengeResponse": response},
                          session=session)
        elif method == "Network.responseReceived" and params.get("type") == "Document":
            result["status"] = params["response"]["status"]
            result["connectionId"] = params["response"].get("connectionId")
            result["remotePort"] = params["response"].get("remotePort")
        elif method == "Network.loadingFailed" and params.get("type") == "Document":
            result["error"] = params.get("errorText")
            done = True
        elif method == "Page.loadEventFired":
            done = True
    if not done and result["error"] is None:
        result["error"] = f"no load event within {timeout_s} s"
    try:
        evaluated = chromium.send("Runtime.evaluate", {
            "expression": "JSON.stringify({title: document.title, "
                          "text: document.body ? document.body.innerText : ''})",
            "returnByValue": True}, session=session)
        page_info = json.loads(evaluated["result"]["value"])
        result["title"], result["text"] = page_info["title"], page_info["text"]
    except (RuntimeError, KeyError, ValueError) as e:
        result["error"] = result["error"] or f"Runtime.evaluate: {e}"
    return result


def netlog_legs(path, url_part):
    """The HTTP legs Chromium sent for URLs containing URL_PART, in order, from a NetLog file
    (--log-net-log; net/log/net_log_event_type_list.h): each a dict with the request line, the
    Authorization header it carried ("" when none) and the status line of the answer; plus the
    auth schemes Chromium's handler factory chose (AUTH_HANDLER_CREATE_RESULT).

    The NetLog must be written with --net-log-capture-mode=IncludeSensitive, else Chromium
    strips Authorization values (net/http/http_log_util.cc ElideHeaderValueForNetLog). It then
    holds the NTLM messages (never the password: Chromium only ever logs headers); the tests
    keep it in their private temporary folder."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    # Chromium may be killed before it closes the JSON array; the events are still one a line.
    try:
        log = json.loads(text)
    except ValueError:
        log = json.loads(text.rstrip().rstrip(",") + "]}")
    names = {v: k for k, v in log["constants"]["logEventTypes"].items()}
    legs, schemes, current = [], [], {}
    for event in log["events"]:
        name = names.get(event["type"])
        params = event.get("params", {})
        source = event["source"]["id"]
        if name == "HTTP_TRANSACTION_SEND_REQUEST_HEADERS":
            line = params.get("line", "").strip()
            if url_part not in line:
                continue
            auth = next((h.split(":", 1)[1].strip() for h in params.get("headers", [])
                         if h.lower().startswith("authorization:")), "")
            current[source] = {"line": line, "authorization": auth, "status": None}
            legs.append(current[source])
        elif name == "HTTP_TRANSACTION_READ_RESPONSE_HEADERS" and source in current:
            current[source]["status"] = (params.get("headers") or [""])[0]
            del current[source]
        elif name == "AUTH_HANDLER_CREATE_RESULT" and params.get("scheme"):
            schemes.append(params["scheme"])
    return legs, schemes
