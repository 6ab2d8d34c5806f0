#!/usr/bin/env bash
# ci/examples/staging.target.json, the README's staging target, against the shipped scenarios as
# a user would validate it (issue 15): it loads, every scenario is either runnable there or
# reported "not applicable" with what the target lacks (the lab-only origins and proxies), and
# `validate` exits 0. Its W3C log folder is the staging server's mount (/mnt/iis-stg01-logs),
# absent here: validate must say so (exit 2, naming it), and passes once it exists (a copy of the
# file whose /mnt paths point into a scratch folder).
set -u
authreplay=$1 scenarios=$2 example=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
check() {
  local what=$1
  shift
  if "$@"; then echo "ok - $what"; else echo "not ok - $what"; failures=$((failures + 1)); fi
}

"$authreplay" validate "$scenarios" --target-file "$example" >"$work/out" 2>"$work/err"
code=$?
check "as shipped: exit 2 while its log folders are not mounted (got $code)" test "$code" = 2
check "as shipped: the W3C log folder is named" grep -q "substatus.w3cLog.directory /mnt/iis-stg01-logs/W3SVC1 does not exist" "$work/err"
check "as shipped: nothing else is wrong" test "$(grep -vc 'does not exist' "$work/err")" = 0

sed "s#\"/mnt/#\"$work/mnt/#g" "$example" >"$work/staging.target.json"
mkdir -p "$work/mnt/iis-stg01-logs/W3SVC1" "$work/mnt/iis-stg01-httperr"
"$authreplay" validate "$scenarios" --target-file "$work/staging.target.json" >"$work/out" 2>"$work/err"
code=$?
check "with its folders: exit 0 (got $code; $(head -c 300 "$work/err"))" test "$code" = 0
check "lab-only parts are reported not applicable, with what is missing" grep -q 'not applicable on this target: today.epa-require-through-ssl-offload .*the target has no origin "offload"' "$work/out"
check "the Kerberos and NTLM basics are applicable" bash -c "! grep -q 'not applicable on this target: seed-003' '$work/out'"
"$authreplay" validate "$scenarios" --target-file "$work/staging.target.json" --require-all >"$work/out" 2>"$work/err"
code=$?
check "--require-all refuses a target that lacks what some need (got $code)" test "$code" = 2
check "--require-all names file, line and the missing origin" grep -q 'offload.json:2:9: scenario today.epa-require-through-ssl-offload cannot run here: the target has no origin "offload"' "$work/err"
echo "# $failures failed"
test "$failures" = 0
