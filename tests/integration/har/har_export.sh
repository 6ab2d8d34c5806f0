#!/usr/bin/env bash
# `authreplay run --report har:FILE` against the lab the CTest `lab` fixture started, checked by
# har_check.js with a real HAR 1.2 schema validator (Debian's node-har-validator): an IE NTLM
# handshake through the Basic-authenticating proxy (407, anonymous 401, Type 1 -> 401, Type 3 -> 200,
# Proxy-Authorization: Basic on every leg) and IE's zero-length POST, once with tokens shortened
# and once with --show-tokens (Basic stays redacted either way).
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
exit $status
