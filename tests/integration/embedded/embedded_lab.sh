#!/usr/bin/env bash
# The embedded default (`authreplay run` with no target) leaves nothing behind: no lab process and
# no temporary folder, after a passing run, a failing run, a SIGINT or SIGTERM in the middle of a
# run, and a lab that cannot start. Each case runs authreplay with TMPDIR set to a folder of its
# own, so `pgrep -f FOLDER` finds exactly the processes of that case's lab (every lab process has
# its folder on its command line) and an empty FOLDER means the temporary folder was removed.
#
#   embedded_lab.sh AUTHREPLAY_BIN DATA_DIR WORK_DIR
set -uo pipefail
bin=$1 data=$2 work=$3
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lab/lib.sh
. "$here/../lab/lib.sh"

rm -rf "$work"
mkdir -p "$work"
chmod 755 "$work"   # squid runs as user proxy when the lab is started as root

# run_case NAME: a fresh TMPDIR for authreplay; sets case_tmp, out, err.
new_case() {
  case_tmp=$work/$1/tmp
  out=$work/$1/stdout err=$work/$1/stderr
  mkdir -p "$case_tmp"
  chmod 755 "$work/$1" "$case_tmp"
}

# authreplay with SIGINT/SIGTERM at their default action: a background job of a non-interactive
# shell starts with SIGINT ignored, and authreplay (rightly) leaves ignored signals ignored. perl
# execs authreplay, so $! of a background "${authreplay[@]}" is authreplay's own pid.
authreplay=(perl -e '$SIG{INT} = $SIG{TERM} = "DEFAULT"; exec @ARGV or die "exec: $!\n"' -- "$bin")

nothing_left() {  # nothing_left CASE: no process mentions the folder, and the folder is empty
  local left
  left=$(pgrep -af -- "$case_tmp" || true)
  if [ -z "$left" ]; then ok "$1: no lab process left"; else not_ok "$1: no lab process left" "$left"; fi
  left=$(find "$case_tmp" -mindepth 1 -maxdepth 1 -print)
  if [ -z "$left" ]; then ok "$1: no temporary folder left"; else not_ok "$1: no temporary folder left" "$left"; fi
}

expect_exit() {  # expect_exit CASE EXPECTED ACTUAL
  if [ "$3" = "$2" ]; then ok "$1: exit code $2"; else
    not_ok "$1: exit code $2" "got $3" "--- stdout" "$(tail -n 30 "$out")" "--- stderr" "$(tail -n 30 "$err")"
  fi
}

# 1. A passing run: exit 0, the lab came up and went down, every report written.
new_case pass
TMPDIR=$case_tmp "${authreplay[@]}" run "$data/pass" --report "html:$work/pass/report.html" \
  --report "junit:$work/pass/junit.xml" >"$out" 2>"$err"
expect_exit pass 0 $?
check "pass: the lab came up" grep -q '^lab: up in ' "$err"
check "pass: the lab went down" grep -q '^lab: down in .*lab start to stop' "$err"
check "pass: the HTML report names the scenario" grep -qF '>embedded-test.anonymous-hello</a>' "$work/pass/report.html"
check "pass: the JUnit report has the test case" grep -qF 'name="embedded-test.anonymous-hello"' "$work/pass/junit.xml"
nothing_left pass

# 2. A failing run: exit 1, and the lab is stopped all the same.
new_case fail
TMPDIR=$case_tmp "${authreplay[@]}" run "$data/fail" >"$out" 2>"$err"
expect_exit fail 1 $?
check "fail: the failure is reported" grep -q '^FAIL  embedded-test.wrong-status' "$out"
nothing_left fail

# 3./4. Interrupted in the middle of a run (a POST whose announced body never comes keeps it
# busy for seconds): exit 128+signal, the lab stopped, its folder removed, well before the stall
# would have ended the run by itself.
interrupt_case() {
  local name=$1 signal=$2 code=$3 pid start deadline rc
  new_case "$name"
  start=$EPOCHSECONDS
  TMPDIR=$case_tmp "${authreplay[@]}" run "$data/stall" --report "html:$work/$name/report.html" \
    >"$out" 2>"$err" &
  pid=$!
  deadline=$((EPOCHSECONDS + 30))
  until grep -q '^lab: up in ' "$err" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null || [ "$EPOCHSECONDS" -ge "$deadline" ]; then break; fi
    sleep 0.1
  done
  sleep 1   # inside the first stalled POST
  if pgrep -f -- "$case_tmp" >/dev/null; then ok "$name: the lab runs mid-run"; else
    not_ok "$name: the lab runs mid-run" "$(cat "$err")"
  fi
  kill "-$signal" "$pid"
  wait "$pid"
  rc=$?
  expect_exit "$name" "$code" "$rc"
  check "$name: says it was interrupted" grep -q "interrupted by SIG$signal: stopping the lab" "$err"
  check "$name: nothing reported as finished (stdout empty)" test ! -s "$out"
  check "$name: no partial report written" test ! -e "$work/$name/report.html"
  check "$name: stopped within 12 s, not at the end of the stall" test $((EPOCHSECONDS - start)) -lt 12
  nothing_left "$name"
}
interrupt_case sigint INT 130
interrupt_case sigterm TERM 143

# 5. Interrupted while `labctl up` is still starting the lab: its own trap stops what it started,
# authreplay's `labctl down` waits for that, and the folder goes.
new_case sigint-during-up
TMPDIR=$case_tmp "${authreplay[@]}" run "$data/stall" >"$out" 2>"$err" &
pid=$!
deadline=$((EPOCHSECONDS + 30))
until pgrep -f -- "labctl up $case_tmp" >/dev/null; do
  if ! kill -0 "$pid" 2>/dev/null || [ "$EPOCHSECONDS" -ge "$deadline" ]; then break; fi
  sleep 0.02
done
kill -INT "$pid"
wait "$pid"
expect_exit sigint-during-up 130 $?
check "sigint-during-up: says it was interrupted" grep -q "interrupted by SIGINT: stopping the lab" "$err"
check "sigint-during-up: no error about the lab" test -z "$(grep '^error:' "$err")"
nothing_left sigint-during-up

# 6. labctl cannot be found: exit 3, the message names what is missing and how to fix it.
new_case no-labctl
TMPDIR=$case_tmp AUTHREPLAY_LABCTL=$work/no/such/labctl "${authreplay[@]}" run "$data/pass" >"$out" 2>"$err"
expect_exit no-labctl 3 $?
check "no-labctl: names the missing file" grep -qF "AUTHREPLAY_LABCTL=$work/no/such/labctl is not an executable file" "$err"
nothing_left no-labctl

# 7. The lab does not start (an iis-sim that exits at once): exit 3 with labctl's own message,
# and what labctl had started (the KDC) is gone.
new_case lab-fails
TMPDIR=$case_tmp AUTHREPLAY_IIS_SIM=/bin/false "${authreplay[@]}" run "$data/pass" >"$out" 2>"$err"
expect_exit lab-fails 3 $?
check "lab-fails: shows labctl's message" grep -q 'labctl: up failed: iis-sim: exited during start-up' "$err"
nothing_left lab-fails

finish
