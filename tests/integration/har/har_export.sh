#!/usr/bin/env bash
# `authreplay run --report har:FILE` against the lab the CTest `lab` fixture started, checked by
# har_check.js with a real HAR 1.2 schema validator (Debian's node-har-validator): an IE NTLM
# handshake through the Basic-authenticating proxy (407, anonymous 401, Type 1 -> 401, Type 3 -> 200,
# Proxy-Authorization: Basic on every leg) and IE's zero-length POST, once with tokens shortened
# and once with --show-tokens (Basic stays redacted either way). Then a HAR consumer nobody here
# wrote reads it: Grafana's har-to-k6 (npm, installed by ci/install-deps under
# /opt/authreplay/npm) turns it into a k6 script, which must hold one group per page and one
# request per entry, i.e. every leg of every handshake.
# Usage: har_export.sh AUTHREPLAY_BIN SOURCE_DIR [LAB_DIR]; exits 77 (skipped) without node or
# har-validator, with the reason.
set -euo pipefail
bin=${1:?usage: har_export.sh AUTHREPLAY_BIN SOURCE_DIR [LAB_DIR]}
src=${2:?usage: har_export.sh AUTHREPLAY_BIN SOURCE_DIR [LAB_DIR]}
lab=${3:-${AUTHREPLAY_LAB_DIR:?set AUTHREPLAY_LAB_DIR}}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)

# Debian's nodejs searches /usr/share/nodejs itself; another node (e.g. NodeSource's) needs it.
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}
if ! command -v node >/dev/null; then
  echo "SKIP: no node (ci/install-deps installs nodejs with node-har-validator)"
  exit 77
fi
if ! node -e "require('har-validator')" 2>/dev/null; then
  echo "SKIP: node cannot load har-validator (apt-get install node-har-validator)"
  exit 77
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
user=$(sed -n 's/^export AUTHREPLAY_USER=//p' "$lab/lab.env" | tr -d "'")
proxied=seed-002.ie11-authenticating-proxy
post=seed-000.ie11-empty-post-to-anonymous-service
status=0
for tokens in short show; do
  extra=()
  [ "$tokens" = show ] && extra=(--show-tokens)
  har=$work/run-$tokens.har
  echo "# authreplay run --id $proxied --id $post --report har:$har ${extra[*]}"
  if ! "$bin" run "$src/scenarios" --id "$proxied" --id "$post" \
      --target-file "$lab/target.json" --report "har:$har" "${extra[@]}"; then
    echo "not ok - the run passes"
    status=1
    continue
  fi
  node "$here/har_check.js" "$har" "$lab/secrets/password" "$user" "$proxied" "$tokens" ||
    status=1
done

har_to_k6=${AUTHREPLAY_HAR_TO_K6:-/opt/authreplay/npm/node_modules/.bin/har-to-k6}
[ -x "$har_to_k6" ] || har_to_k6=$(command -v har-to-k6 || true)
if [ -z "$har_to_k6" ]; then
  echo "# consumer check skipped: no har-to-k6 (ci/install-deps installs it with npm)"
  exit $status
fi
script=$work/run.k6.js
if "$har_to_k6" "$work/run-short.har" -o "$script"; then
  read -r entries pages < <(node -e 'const l = JSON.parse(require("fs").readFileSync(process.argv[1])).log;
    console.log(l.entries.length, l.pages.length)' "$work/run-short.har")
  requests=$(grep -c 'response = http\.' "$script" || true)
  groups=$(grep -c '^  group(' "$script" || true)
  if [ "$requests" = "$entries" ] && [ "$groups" = "$pages" ]; then
    echo "ok - har-to-k6 reads the HAR: $requests requests (one per leg) in $groups groups (one per page)"
  else
    echo "not ok - har-to-k6 made $requests requests in $groups groups of $entries entries, $pages pages"
    status=1
  fi
else
  echo "not ok - har-to-k6 rejects the HAR"
  status=1
fi
exit $status
