#!/usr/bin/env bash
# Checks the lab's squids that ask for proxy authentication with Negotiate and NTLM (issue 13,
# docs/lab.md "The proxies") with real curl and real handshakes: 407 with the scheme's
# Proxy-Authenticate; Kerberos with the lab's ticket goes through (200) and without one is refused
# (407); NTLM with the lab user's password goes through and a wrong password or an unknown user is
# refused; both proxies then carry an origin NTLM handshake too (407, then 401, then 200).
# Passwords only in curl -K files. Usage: authenticating_proxies.sh [LAB_DIR]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
# shellcheck source=lib.sh
. "$here/lib.sh"

lab=${1:-${AUTHREPLAY_LAB_DIR:-}}
[ -n "$lab" ] || { echo "usage: $0 LAB_DIR (or set AUTHREPLAY_LAB_DIR)" >&2; exit 2; }
env_file=$lab/lab.env
labctl=$here/../../../fixtures/lab/labctl
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "# lab in $lab"

declare -A v=()
for k in AUTHREPLAY_TARGET AUTHREPLAY_USER AUTHREPLAY_PASSWORD_FILE AUTHREPLAY_PROXY_NEGOTIATE \
  AUTHREPLAY_PROXY_NTLM KRB5_CONFIG KRB5CCNAME; do
  if value=$(lab_env_value "$env_file" "$k") && [ -n "$value" ]; then v[$k]=$value; ok "lab.env has $k"; else
    v[$k]=; not_ok "lab.env has $k"; fi
done
status=$("$labctl" status "$lab" 2>&1 || true)
page=${v[AUTHREPLAY_TARGET]}/hello.txt
# Credentialed origin requests go to /KernelModeOff/ (lab_check.sh says why).
auth_url=${v[AUTHREPLAY_TARGET]}/KernelModeOff/index.htm
# squid's access log lines for PAGE with user USER (the log's eighth field; squid writes "\\" for a
# backslash). squid may write its log a moment after the reply: logged_more polls for 3 s.
# (ENVIRON, not awk -v, which would undo the backslashes.)
logged_as() { PAGE=$page LOGUSER=$2 awk '$7 == ENVIRON["PAGE"] && $8 == ENVIRON["LOGUSER"]' "$1" 2>/dev/null | wc -l; }
logged_more() {
  local deadline=$((SECONDS + 3))
  while [ "$SECONDS" -le "$deadline" ]; do
    [ "$(logged_as "$1" "$2")" -gt "$3" ] && return 0
    sleep 0.1
  done
  return 1
}
cfg=$(curl_user_config "${v[AUTHREPLAY_USER]}" "$work" "${v[AUTHREPLAY_PASSWORD_FILE]}")

# --- squid-negotiate: Kerberos proxy authentication ---------------------------------------------
proxy=${v[AUTHREPLAY_PROXY_NEGOTIATE]}
check "labctl status shows squid-negotiate running" bash -c 'grep -qE "^squid-negotiate +running" <<<"$1"' _ "$status"
check "AUTHREPLAY_PROXY_NEGOTIATE is http://localhost:PORT (the SPN is HTTP/localhost; $proxy)" \
  bash -c '[[ $1 =~ ^http://localhost:[0-9]+$ ]]' _ "$proxy"
check "target.json: proxies.negotiate is lab.env's, proxyCredentials.negotiate the lab user" perl -MJSON::PP -e '
  local $/; open my $f, "<", $ARGV[0] or die; my $t = decode_json(<$f>);
  exit !($t->{proxies}{negotiate} eq $ARGV[1] && $t->{proxyCredentials}{negotiate}{user} eq "alice"
         && $t->{proxyCredentials}{negotiate}{passwordFile} eq $ARGV[2]);' \
  "$lab/target.json" "$proxy" "${v[AUTHREPLAY_PASSWORD_FILE]}"
lcurl -x "$proxy" -D "$work/neg407.h" -o /dev/null "$page" || true
check "squid-negotiate answers 407 with Proxy-Authenticate: Negotiate without credentials" \
  bash -c 'head -n 1 "$1" | grep -q " 407" && grep -qiE "^Proxy-Authenticate: *Negotiate\s*$" "$1"' _ "$work/neg407.h"
cp "${v[KRB5CCNAME]#FILE:}" "$work/ccache"
export KRB5_CONFIG=${v[KRB5_CONFIG]}
logged_before=$(logged_as "$lab/squid-negotiate/access.log" alice@HARNESS.TEST)
code=$(KRB5CCNAME=FILE:$work/ccache lcurl --proxy-negotiate -U : -x "$proxy" -o /dev/null -w '%{http_code}' "$page" || true)
check "curl --proxy-negotiate with the lab's ticket gets through squid-negotiate (got $code)" test "$code" = 200
check "... and the ticket it used is for HTTP/localhost@HARNESS.TEST" \
  bash -c 'KRB5CCNAME=FILE:$1 klist | grep -q "HTTP/localhost@HARNESS.TEST"' _ "$work/ccache"
check "squid logged one more request of alice@HARNESS.TEST (negotiate_kerberos_auth's user)" \
  logged_more "$lab/squid-negotiate/access.log" alice@HARNESS.TEST "$logged_before"
code=$(KRB5CCNAME=FILE:$work/no-such-ccache lcurl --proxy-negotiate -U : -x "$proxy" -o /dev/null -w '%{http_code}' "$page" || true)
check "curl --proxy-negotiate without a ticket is refused with 407 (got $code)" test "$code" = 407
check "the keytab copy is squid's user's only (root:proxy 640 when the lab runs as root)" \
  bash -c '[ "$(id -u)" != 0 ] || [ "$(stat -c %a:%U:%G "$1")" = 640:root:proxy ]' _ "$lab/squid-negotiate/http.keytab"
code=$(KRB5CCNAME=FILE:$work/ccache lcurl --proxy-negotiate -U : -x "$proxy" -K "$cfg" --ntlm -o /dev/null -w '%{http_code}' "$auth_url" || true)
check "proxy Negotiate then origin NTLM on one connection through squid-negotiate reaches 200 (got $code)" test "$code" = 200
unset KRB5_CONFIG

# --- squid-ntlm: NTLM proxy authentication with the project's helper -----------------------------
proxy=${v[AUTHREPLAY_PROXY_NTLM]}
check "labctl status shows squid-ntlm running" bash -c 'grep -qE "^squid-ntlm +running" <<<"$1"' _ "$status"
check "AUTHREPLAY_PROXY_NTLM is http://localhost:PORT ($proxy)" bash -c '[[ $1 =~ ^http://localhost:[0-9]+$ ]]' _ "$proxy"
check "target.json: proxies.ntlm is lab.env's, proxyCredentials.ntlm is HARNESS\\alice" perl -MJSON::PP -e '
  local $/; open my $f, "<", $ARGV[0] or die; my $t = decode_json(<$f>);
  exit !($t->{proxies}{ntlm} eq $ARGV[1] && $t->{proxyCredentials}{ntlm}{user} eq "HARNESS\\alice"
         && $t->{proxyCredentials}{ntlm}{passwordFile} eq $ARGV[2]);' \
  "$lab/target.json" "$proxy" "${v[AUTHREPLAY_PASSWORD_FILE]}"
check "squid-ntlm's helper is the project's squid-ntlm-helper, never ntlm_fake_auth" \
  bash -c 'grep -qE "^auth_param ntlm program [^ ]*/squid-ntlm-helper --nt-hashes " "$1" && ! grep -q ntlm_fake_auth "$1"' _ \
  "$lab/squid-ntlm/squid.conf"
check "its account store holds alice's NT hash, not the password (root:proxy 640 as root)" \
  bash -c 'grep -qE "^HARNESS:alice:[0-9a-f]{32}$" "$1" && ! grep -qF -f "$2" "$1" &&
           { [ "$(id -u)" != 0 ] || [ "$(stat -c %a:%U:%G "$1")" = 640:root:proxy ]; }' _ \
  "$lab/squid-ntlm/nt-hashes" "${v[AUTHREPLAY_PASSWORD_FILE]}"
lcurl -x "$proxy" -D "$work/ntlm407.h" -o /dev/null "$page" || true
check "squid-ntlm answers 407 with Proxy-Authenticate: NTLM without credentials" \
  bash -c 'head -n 1 "$1" | grep -q " 407" && grep -qiE "^Proxy-Authenticate: *NTLM\s*$" "$1"' _ "$work/ntlm407.h"
# proxy-user lines for curl -K: the password only in a 0600 file.
proxy_user_config() {
  (umask 077 && printf 'proxy-user = "%s:%s%s"\n' "${1//\\/\\\\}" "$(cat "${v[AUTHREPLAY_PASSWORD_FILE]}")" "$2" >"$work/proxy-user.cfg")
  printf '%s' "$work/proxy-user.cfg"
}
logged_before=$(logged_as "$lab/squid-ntlm/access.log" 'HARNESS\\alice')
code=$(lcurl -K "$(proxy_user_config 'HARNESS\alice' '')" --proxy-ntlm -x "$proxy" -o /dev/null -w '%{http_code}' "$page" || true)
check "curl --proxy-ntlm with the lab user's password gets through squid-ntlm (got $code)" test "$code" = 200
check "squid logged one more request of HARNESS\\alice (the helper's OK user=)" \
  logged_more "$lab/squid-ntlm/access.log" 'HARNESS\\alice' "$logged_before"
code=$(lcurl -K "$(proxy_user_config alice '')" --proxy-ntlm -x "$proxy" -o /dev/null -w '%{http_code}' "$page" || true)
check "... also as alice without a domain (the one account of that name; got $code)" test "$code" = 200
code=$(lcurl -K "$(proxy_user_config 'HARNESS\alice' -wrong)" --proxy-ntlm -x "$proxy" -o /dev/null -w '%{http_code}' "$page" || true)
check "curl --proxy-ntlm with a wrong password is refused with 407 (got $code)" test "$code" = 407
code=$(lcurl -K "$(proxy_user_config 'HARNESS\mallory' '')" --proxy-ntlm -x "$proxy" -o /dev/null -w '%{http_code}' "$page" || true)
check "curl --proxy-ntlm as an unknown user is refused with 407 (got $code)" test "$code" = 407
code=$(lcurl -K "$(proxy_user_config 'HARNESS\alice' '')" --proxy-ntlm -x "$proxy" -K "$cfg" --ntlm -o /dev/null \
  -w '%{http_code}' "$auth_url" || true)
check "proxy NTLM then origin NTLM on one connection through squid-ntlm reaches 200 (got $code)" test "$code" = 200
check "squid-ntlm's helpers never crashed (no BH or helper restarts in cache.log)" \
  bash -c '! grep -qiE "crashed|exited|Result: \{result=BH" "$1"' _ "$lab/squid-ntlm/cache.log"

finish
