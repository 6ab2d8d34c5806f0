#!/usr/bin/env bash
# `labctl up` failures: each names the failed component, shows its log, exits non-zero and stops
# what it had already started (the KDC starts before iis-sim, so an iis-sim that dies must take
# the KDC down with it). Also: `up` refuses a non-empty folder that is not a lab. Needs no fixture.
# Usage: up_failures.sh [LABCTL]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
# shellcheck source=lib.sh
. "$here/lib.sh"

labctl=${1:-$here/../../../fixtures/lab/labctl}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/authreplay-lab-failures.XXXXXX")
chmod 755 "$tmp"
cleanup() {
  local d
  for d in "$tmp"/*/; do "$labctl" down "$d" >/dev/null 2>&1 || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

# expect_failure LABEL DIR PATTERN [ENV=VALUE...]: `up` fails, says PATTERN, leaves nothing running.
expect_failure() {
  local label=$1 d=$2 pattern=$3 rc=0
  shift 3
  env "$@" "$labctl" up "$d" >"$d.log" 2>&1 || rc=$?
  sed 's/^/#   | /' "$d.log"
  check "$label: up exits non-zero (exit $rc)" test "$rc" -ne 0
  check "$label: the message says \"$pattern\"" grep -q -F -- "$pattern" "$d.log"
  check "$label: nothing of the lab is left running" no_process_mentions "$d"
  check "$label: labctl down afterwards succeeds" "$labctl" down "$d"
}

mkdir -p "$tmp/missing"
expect_failure "iis-sim binary missing" "$tmp/missing" "no executable iis-sim" \
  AUTHREPLAY_IIS_SIM="$tmp/does-not-exist"

# An "iis-sim" that exits at once: up must report it with the tail of its log.
fake=$tmp/fake-iis-sim
printf '#!/bin/sh\necho "fake iis-sim: refusing to start" >&2\nexit 3\n' >"$fake"
chmod +x "$fake"
mkdir -p "$tmp/dies"
expect_failure "iis-sim exits during start-up" "$tmp/dies" "iis-sim: exited during start-up" \
  AUTHREPLAY_IIS_SIM="$fake"
check "iis-sim exits during start-up: its log tail is shown" grep -q -F "fake iis-sim: refusing to start" "$tmp/dies.log"

mkdir -p "$tmp/no-helper"
expect_failure "squid-ntlm-helper missing" "$tmp/no-helper" "no executable squid-ntlm-helper" \
  AUTHREPLAY_SQUID_NTLM_HELPER="$tmp/does-not-exist"

mkdir -p "$tmp/notalab"
echo "precious" >"$tmp/notalab/file.txt"
rc=0
"$labctl" up "$tmp/notalab" >"$tmp/notalab.log" 2>&1 || rc=$?
check "up refuses a non-empty folder that is not a lab (exit $rc)" test "$rc" -ne 0
check "that folder is left as it was" test "$(ls -A "$tmp/notalab")" = file.txt

finish
