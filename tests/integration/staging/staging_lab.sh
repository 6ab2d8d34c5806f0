#!/usr/bin/env bash
# The scenario library against iis-sim configured as a remote staging IIS looks to its clients
# (AUTHREPLAY_LAB_MODE=staging, docs/lab.md): custom error pages, so every substatus must come from
# the W3C log, and a log HTTP.sys writes once a minute. The runner reads the log once per run
# (issue 11, deferred correlation):
#   1. with target-flush.json (flushCommand: the admin listener's /flush-logs, standing in for
#      `ssh iis01 netsh http flush logbuffer`) every scenario passes in seconds, the HTTPERR
#      expectation of the large-Kerberos-token scenario included;
#   2. with target.json (no flush command) every scenario passes after one flush interval, not one
#      per step;
#   3. with target-fetch.json (no log folder: a fetchCommand prints each site's log, and one per
#      server its HTTPERR log) the same, every leg's substatus found as in the folder;
#   The seconds each run took are printed (issue 11 asks < 20 s and < 150 s: figures for the
#   closing note, not asserted, as the project measures speed and does not assert it);
#   4. on a terminal (a pty from script(1)) a progress line is shown while sending and while
#      waiting for the log; redirected output has none of it.
#
#   staging_lab.sh AUTHREPLAY_BIN SOURCE_DIR WORK_DIR
set -uo pipefail
bin=$1 src=$2 work=$3
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lab/lib.sh
. "$here/../lab/lib.sh"

rm -rf "$work"
mkdir -p "$work"
chmod 755 "$work"   # squid runs as user proxy when the lab is started as root
lab=$work/lab
trap '"$src/fixtures/lab/labctl" down "$lab" >/dev/null 2>&1 || true' EXIT
export AUTHREPLAY_IIS_SIM=${AUTHREPLAY_IIS_SIM:-$(dirname "$bin")/iis-sim}
if ! AUTHREPLAY_LAB_MODE=staging "$src/fixtures/lab/labctl" up "$lab" >"$work/up.log" 2>&1; then
  not_ok "the staging lab starts" "$(tail -n 30 "$work/up.log")"
  finish
  exit 1
fi
ok "the staging lab starts"
check "iis-sim answers custom error pages" grep -q '"errorMode": "Custom"' "$lab/iis-sim.json"
check "iis-sim buffers its log for 60 s" grep -q '"flushIntervalSeconds": 60' "$lab/iis-sim.json"

now_ms() { date +%s%3N; }

# run_library NAME TARGET_FILE: the whole library; sets rc and seconds.
run_library() {
  local name=$1 target=$2 t0
  t0=$(now_ms)
  "$bin" run "$src/scenarios" --target-file "$target" --report "json:$work/$name.json" \
    --report "junit:$work/$name.junit.xml" >"$work/$name.out" 2>"$work/$name.err"
  rc=$?
  seconds=$(awk -v ms=$(($(now_ms) - t0)) 'BEGIN { printf "%.1f", ms / 1000 }')
  echo "# $name: the library against the staging lab took $seconds s (exit $rc)"
}

# Legs whose substatus the W3C log gave.
from_log() { grep -o '"substatusSource": *"W3C log"' "$1" | wc -l; }

# library_passes NAME TARGET_FILE WHAT: the library passes with TARGET_FILE; sets legs (how many
# legs the W3C log gave a substatus).
library_passes() {
  local name=$1 target=$2 what=$3
  run_library "$name" "$target"
  if [ "$rc" = 0 ]; then ok "$what every scenario passes ($seconds s)"; else
    not_ok "$what every scenario passes" "$(grep -v '^ok\|PASS' "$work/$name.out" | tail -n 40)" "$(tail -n 10 "$work/$name.err")"
  fi
  legs=$(from_log "$work/$name.json")
  if [ "$legs" -gt 20 ]; then ok "$what substatus came from the W3C log ($legs legs)"; else
    not_ok "$what substatus came from the W3C log" "$legs legs have substatusSource W3C log"
  fi
}

# The flush command of target-flush.json is the admin listener's POST /flush-logs on both servers;
# it writes the buffered HTTPERR log too, so the large-Kerberos-token scenario's reason is there.
check "iis-sim buffers its HTTPERR log for 60 s too" grep -q '"errorLogFlushIntervalSeconds": 60' "$lab/iis-sim.json"
library_passes flush "$lab/target-flush.json" "with flushCommand"
check "with flushCommand the HTTPERR reason came from the HTTPERR log the flush wrote" \
  grep -q '"reason": *"FieldLength"' "$work/flush.json"
pty_target=$lab/target-flush.json

library_passes buffered "$lab/target.json" "waiting for the 60 s flush"
folder_legs=$legs

# A server whose log folder is not mounted: target-fetch.json has no directory and reads the log
# with its fetchCommand (cat standing in for `ssh iis01 type ...`, docs/lab.md) for both sites.
check "the fetch target names no log folder" sh -c "! grep -q '\"directory\"' '$lab/target-fetch.json'"
library_passes fetch "$lab/target-fetch.json" "with fetchCommand (no log folder)"
if [ "$legs" = "$folder_legs" ]; then ok "the fetched log gave as many legs as the folder ($legs)"; else
  not_ok "the fetched log gave as many legs as the folder" "fetched $legs, folder $folder_legs"
fi
check "with fetchCommand the HTTPERR reason came from the HTTPERR log a command printed" \
  grep -q '"reason": *"FieldLength"' "$work/fetch.json"

# 4. The progress line: on a pty, not in redirected output.
one=$src/scenarios/basics/anonymous-offers.json
if command -v script >/dev/null; then
  TERM=xterm script -qfec "'$bin' run '$one' --target-file '$pty_target'" /dev/null \
    >"$work/pty.out" 2>&1
  check "on a terminal a progress line shows the scenario being sent" grep -q 'sending basics.anonymous-offers' "$work/pty.out"
  check "on a terminal a progress line shows the log wait" grep -q 'waiting for the W3C log' "$work/pty.out"
else
  not_ok "script(1) from util-linux is installed" "needed to give authreplay a terminal"
fi
"$bin" run "$one" --target-file "$pty_target" >"$work/redirected.out" 2>&1
if grep -q $'\r\|waiting for the W3C log' "$work/redirected.out"; then
  not_ok "redirected output has no progress line" "$(cat -A "$work/redirected.out" | head -n 5)"
else
  ok "redirected output has no progress line"
fi
finish
