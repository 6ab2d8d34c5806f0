#!/usr/bin/env bash
# authreplay against a server that is not IIS: Debian's Apache httpd with mod_auth_gssapi
# (Negotiate/Kerberos), started here on a free loopback port with the lab's KDC and its
# HTTP/localhost keytab, and an identity page (whoami.cgi) answering {"user": REMOTE_USER}.
# A shipped scenario that asserts the user after Kerberos (seed-003.chrome-negotiate-kerberos,
# "user": "HARNESS\\alice") runs unchanged there with a target of substatus.source "none" and
# credentials.userAliases mapping HARNESS\alice to the principal Apache reports; without the
# alias it fails; a scenario asserting IIS substatus is refused by validate and run (exit 2),
# and run sends nothing. docs/non-iis-servers.md describes the same set-up for users.
#
#   non_iis_apache.sh AUTHREPLAY_BIN SOURCE_DIR WORK_DIR     (AUTHREPLAY_LAB_DIR: the CTest lab)
set -uo pipefail
bin=$1 src=$2 work=$3
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lab/lib.sh
. "$here/../lab/lib.sh"

lab=${AUTHREPLAY_LAB_DIR:?run under CTest with the lab fixture (AUTHREPLAY_LAB_DIR)}
apache=/usr/sbin/apache2
module=/usr/lib/apache2/modules/mod_auth_gssapi.so
for needed in "$apache" "$module"; do
  if [ ! -e "$needed" ]; then
    not_ok "$needed is installed" "ci/install-deps installs apache2 and libapache2-mod-auth-gssapi"
    finish
    exit 1
  fi
done

rm -rf "$work"
mkdir -p "$work"/{run,logs,htdocs,cgi,rcache,reports}
chmod 755 "$work" "$work/cgi" "$work/htdocs"
cp "$here/whoami.cgi" "$work/cgi/whoami.cgi"
chmod 755 "$work/cgi/whoami.cgi"
# The lab's acceptor keytab (HTTP/localhost, HTTP/127.0.0.1: docs/lab.md); a copy, so the
# children (www-data when started as root) can read it without touching the lab's mode-600 file.
# The lab's krb5 folder is mode 700, so its krb5.conf (the realm) is copied beside it.
(umask 077 && cp "$lab/krb5/http.keytab" "$work/http.keytab")
cp "$lab/krb5/krb5.conf" "$work/krb5.conf"
chmod 644 "$work/krb5.conf"
if [ "$(id -u)" -eq 0 ]; then
  chown www-data:www-data "$work/http.keytab" "$work/rcache"
fi

# A free loopback port (bound and released; Apache binds it a moment later).
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
sed -e "s|@WORK@|$work|g" -e "s|@PORT@|$port|g" "$here/httpd.conf.in" >"$work/httpd.conf"

# MIT krb5 reads the realm from the lab's krb5.conf; a private replay cache, as the lab keeps one.
# setsid: at shutdown Apache's prefork parent signals its whole process group, which must not be
# this script's (nor CTest's).
setsid env -i PATH=/usr/sbin:/usr/bin:/bin KRB5_CONFIG="$work/krb5.conf" KRB5RCACHEDIR="$work/rcache" \
  "$apache" -f "$work/httpd.conf" -DFOREGROUND >"$work/logs/apache.out" 2>&1 &
apache_pid=$!
stop_apache() {
  kill -TERM "$apache_pid" 2>/dev/null
  wait "$apache_pid" 2>/dev/null
}
trap stop_apache EXIT

origin=http://localhost:$port
up=0
for _ in $(seq 1 100); do
  if lcurl -o /dev/null "$origin/ActiveXTest/whoami" 2>/dev/null; then up=1; break; fi
  kill -0 "$apache_pid" 2>/dev/null || break
  sleep 0.1
done
if [ "$up" = 1 ]; then ok "apache2 with mod_auth_gssapi answers on $origin"; else
  not_ok "apache2 with mod_auth_gssapi answers on $origin" "$(cat "$work/logs/apache.out" "$work/logs/error.log" 2>/dev/null | tail -n 20)"
  finish
  exit 1
fi

# The server itself, with a client nobody here wrote: curl's Negotiate with the lab's ticket.
export KRB5_CONFIG=$lab/krb5/krb5.conf KRB5CCNAME=FILE:$lab/krb5/ccache
first=$(lcurl -i "$origin/ActiveXTest/whoami")
check "an anonymous request gets 401 with WWW-Authenticate: Negotiate" \
  grep -qiE '^WWW-Authenticate: Negotiate\s*$' <<<"$first"
authenticated=$(lcurl -i --negotiate -u : "$origin/ActiveXTest/whoami")
check "curl --negotiate is reported as alice@HARNESS.TEST" \
  grep -qF '"user": "alice@HARNESS.TEST"' <<<"$authenticated"
check "and in the X-Remote-User header (docs/non-iis-servers.md)" \
  grep -qiE '^X-Remote-User: alice@HARNESS\.TEST\s*$' <<<"$authenticated"

# The target: the lab's credentials (Kerberos ccache and krb5.conf), this server, no substatus.
jq --arg origin "$origin" '{
    name: "apache mod_auth_gssapi (test)",
    origins: { default: $origin },
    credentials: (.credentials + { userAliases: { "HARNESS\\alice": ["alice@HARNESS.TEST"] } }),
    substatus: { source: "none" }
  }' "$lab/target.json" >"$work/apache.target.json"
jq 'del(.credentials.userAliases)' "$work/apache.target.json" >"$work/apache-no-aliases.target.json"

scenario=$src/scenarios/seed-003-negotiate/chrome-negotiate-kerberos.json
out=$work/stdout err=$work/stderr
expect_exit() {  # expect_exit WHAT EXPECTED ACTUAL
  if [ "$3" = "$2" ]; then ok "$1: exit code $2"; else
    not_ok "$1: exit code $2" "got $3" "--- stdout" "$(tail -n 40 "$out")" "--- stderr" "$(tail -n 20 "$err")"
  fi
}

# 1. The shipped Kerberos scenario, unchanged, passes by the alias.
"$bin" validate "$scenario" --target-file "$work/apache.target.json" >"$out" 2>"$err"
expect_exit "validate the Kerberos scenario" 0 $?
"$bin" run "$scenario" --target-file "$work/apache.target.json" -v \
  --report "json:$work/reports/alias.json" --report "html:$work/reports/alias.html" >"$out" 2>"$err"
expect_exit "run the Kerberos scenario with userAliases" 0 $?
report=$work/reports/alias.json
check "the first leg's status is 401 alone" \
  test "$(jq -r '.scenarios[0].steps[0].legs[0].status' "$report")" = 401
check "its substatus source is none" \
  test "$(jq -r '.scenarios[0].steps[0].legs[0].substatusSource' "$report")" = none
check "the server reported alice@HARNESS.TEST" \
  test "$(jq -r '.scenarios[0].steps[0].legs[1].user' "$report")" = alice@HARNESS.TEST
check "the user check says which alias matched" \
  test "$(jq -r '.scenarios[0].steps[0].checks[] | select(.subject == "user") | .note' "$report")" \
  = 'matched the alias "alice@HARNESS.TEST" of "HARNESS\alice" (target credentials.userAliases)'
check "Apache kept the Kerberos context on the connection (step 2: 200 without a header)" \
  test "$(jq -r '.scenarios[0].steps[1].legs[0].status' "$report")" = 200
check "the console shows no 401.?" bash -c "! grep -qF '401.?' '$out'"
check "the HTML report shows no 401.?" bash -c "! grep -qF '401.?' '$work/reports/alias.html'"
check "nothing advises the W3C log" bash -c "! grep -qiF 'W3C log' '$out' '$work/reports/alias.html'"

# 1b. Where the server reports the user only in a header, a header expectation asserts it.
"$bin" run "$here/data/header-user.json" --target-file "$work/apache.target.json" >"$out" 2>"$err"
expect_exit "run the header scenario" 0 $?

# 2. Without the alias the Kerberos name is not HARNESS\alice.
"$bin" run "$scenario" --target-file "$work/apache-no-aliases.target.json" >"$out" 2>"$err"
expect_exit "run without userAliases" 1 $?
check "the failure shows the name Apache reported" grep -qF 'actual:   alice@HARNESS.TEST' "$out"

# 3. A scenario that asserts IIS substatus cannot be checked here: refused, nothing sent.
iis_only=$src/scenarios/basics/curl-negotiate-kerberos.json
"$bin" validate "$iis_only" --target-file "$work/apache.target.json" >"$out" 2>"$err"
expect_exit "validate a substatus scenario" 2 $?
check "validate names file, line, column and why" grep -qE \
  "curl-negotiate-kerberos\.json:[0-9]+:[0-9]+: \"substatus\" expected of leg 1 of step 1, but target \"apache mod_auth_gssapi \(test\)\" has no substatus source: substatus cannot be checked on a non-IIS server" "$err"
lines_before=$(wc -l <"$work/logs/access.log")
"$bin" run "$iis_only" --target-file "$work/apache.target.json" >"$out" 2>"$err"
expect_exit "run a substatus scenario" 2 $?
check "run says nothing was sent" grep -qF '1 expectation cannot be checked against this target: nothing was sent' "$err"
check "and Apache received no request" test "$(wc -l <"$work/logs/access.log")" = "$lines_before"

finish
