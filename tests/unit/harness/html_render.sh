#!/usr/bin/env bash
# Renders an HTML report in headless Chromium (Debian's `chromium`) as a user's browser would:
# the DOM Chromium builds must hold every scenario id and a diagram per step with legs, and the
# screenshot must be a real, non-blank PNG (left in OUT_PNG for a person to look at).
#
#   html_render.sh REPORT.html OUT.png ID...
#
# Chromium runs offline: no background networking, component updates, sync or first-run work, a
# throw-away profile, and the page itself forbids every load (its Content-Security-Policy).
set -euo pipefail
report=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
png=$2
shift 2

chromium_bin=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium_bin" ]; then
  echo "SKIP: no chromium on PATH (ci/install-deps installs Debian's chromium)"
  exit 77
fi

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
flags=(--headless --no-sandbox --disable-gpu --disable-background-networking
       --disable-component-update --disable-sync --no-first-run --user-data-dir="$profile"
       --window-size=1280,2000)

failed=0
check() {  # check DESCRIPTION CONDITION...
  local what=$1
  shift
  if "$@"; then echo "ok - $what"; else echo "not ok - $what"; failed=1; fi
}

dom=$("$chromium_bin" "${flags[@]}" --dump-dom "file://$report" 2>/dev/null)
for id in "$@"; do
  check "scenario $id is on the page" grep -qF ">$id</a>" <<<"$dom"
  check "scenario $id has its section" grep -qF "id=\"s-$id\"" <<<"$dom"
done
diagrams=$(grep -o '<svg class="diagram"' <<<"$dom" | wc -l)
check "the page has sequence diagrams ($diagrams)" test "$diagrams" -gt 0

rm -f "$png"
"$chromium_bin" "${flags[@]}" --screenshot="$png" "file://$report" >/dev/null 2>&1
check "a screenshot was written to $png" test -s "$png"
check "it is a PNG" test "$(head -c 8 "$png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a
# A blank 1280x2000 page compresses to a few kilobytes; text and diagrams make it far larger.
size=$(stat -c %s "$png")
check "it is not blank ($size bytes)" test "$size" -gt 40000
exit "$failed"
