#!/usr/bin/env bash
# Checks the lab that the CTest `lab` fixture started (fixtures/lab/labctl up $AUTHREPLAY_LAB_DIR):
# lab.env and target.json are complete, the KDC issues service tickets the keytab can decrypt,
# iis-sim answers on every origin, the squids forward to the default site, the pinning squid
# carries curl's NTLM handshake to 200, the connection-auth=off squid deletes the NTLM/Negotiate
# offers (IIS-FACTS §7), and the authenticating squid wants Basic proxy credentials (407) that the
# lab user's password satisfies. Usage: lab_check.sh [LAB_DIR]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
# shellcheck source=lib.sh
. "$here/lib.sh"

lab=${1:-${AUTHREPLAY_LAB_DIR:-}}
[ -n "$lab" ] || { echo "usage: $0 LAB_DIR (or set AUTHREPLAY_LAB_DIR)" >&2; exit 2; }
env_file=$lab/lab.env
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "# lab in $lab"

# --- lab.env -----------------------------------------------------------------------------------
keys=(AUTHREPLAY_LAB_DIR AUTHREPLAY_TARGET AUTHREPLAY_TARGET_TLS AUTHREPLAY_TARGET_SECOND
  AUTHREPLAY_ADMIN AUTHREPLAY_CA AUTHREPLAY_USER AUTHREPLAY_PASSWORD AUTHREPLAY_PASSWORD_FILE
  AUTHREPLAY_KRB5_PRINCIPAL AUTHREPLAY_PROXY_PINNED AUTHREPLAY_PROXY_UNPINNED AUTHREPLAY_PROXY_AUTH
  AUTHREPLAY_W3C_LOG AUTHREPLAY_TARGET_SMALL_LIMITS AUTHREPLAY_ADMIN_SMALL_LIMITS
  AUTHREPLAY_HTTPERR_LOG AUTHREPLAY_HTTPERR_LOG_SMALL_LIMITS
  KRB5_CONFIG KRB5CCNAME NTLM_USER_FILE)
if [ ! -f "$env_file" ]; then
  not_ok "lab.env exists" "$env_file is missing: did labctl up succeed?"
  finish
  exit 1
fi
ok "lab.env exists"
check "lab.env is mode 600 (it holds the password)" test "$(stat -c %a "$env_file")" = 600
check "every lab.env line is \`export KEY='value'\`" \
  bash -c '! grep -v -E "^(#.*|export [A-Z0-9_]+='"'"'.*'"'"')$" "$1"' _ "$env_file"
declare -A v=()
for k in "${keys[@]}"; do
  if value=$(lab_env_value "$env_file" "$k") && [ -n "$value" ]; then
    v[$k]=$value
    ok "lab.env has $k"
  else
    v[$k]=
    not_ok "lab.env has $k"
  fi
done
check "AUTHREPLAY_LAB_DIR is the lab folder" test "${v[AUTHREPLAY_LAB_DIR]}" -ef "$lab"
check "AUTHREPLAY_USER is HARNESS\\alice" test "${v[AUTHREPLAY_USER]}" = 'HARNESS\alice'
check "AUTHREPLAY_KRB5_PRINCIPAL is alice@HARNESS.TEST" test "${v[AUTHREPLAY_KRB5_PRINCIPAL]}" = alice@HARNESS.TEST
for k in AUTHREPLAY_TARGET AUTHREPLAY_TARGET_SECOND AUTHREPLAY_ADMIN AUTHREPLAY_PROXY_PINNED AUTHREPLAY_PROXY_UNPINNED \
  AUTHREPLAY_PROXY_AUTH AUTHREPLAY_TARGET_SMALL_LIMITS AUTHREPLAY_ADMIN_SMALL_LIMITS; do
  check "$k is a loopback http URL (${v[$k]})" \
    bash -c '[[ $1 =~ ^http://(localhost|127\.0\.0\.1):[0-9]+$ ]]' _ "${v[$k]}"
done
check "AUTHREPLAY_TARGET_TLS is https://localhost:PORT (${v[AUTHREPLAY_TARGET_TLS]})" \
  bash -c '[[ $1 =~ ^https://localhost:[0-9]+$ ]]' _ "${v[AUTHREPLAY_TARGET_TLS]}"
check "the default site is http://localhost:PORT (docs/lab.md)" \
  bash -c '[[ $1 =~ ^http://localhost:[0-9]+$ ]]' _ "${v[AUTHREPLAY_TARGET]}"
check "the second site is http://127.0.0.1:PORT on another port" \
  bash -c '[[ $1 =~ ^http://127\.0\.0\.1:([0-9]+)$ ]] && [ "${BASH_REMATCH[1]}" != "${2##*:}" ]' _ \
  "${v[AUTHREPLAY_TARGET_SECOND]}" "${v[AUTHREPLAY_TARGET]}"
check "the small-limits server is http://localhost:PORT (the SPN HTTP/localhost) on its own port" \
  bash -c '[[ $1 =~ ^http://localhost:([0-9]+)$ ]] && [ "${BASH_REMATCH[1]}" != "${2##*:}" ]' _ \
  "${v[AUTHREPLAY_TARGET_SMALL_LIMITS]}" "${v[AUTHREPLAY_TARGET]}"
check "password file holds AUTHREPLAY_PASSWORD, mode 600" \
  bash -c '[ "$(stat -c %a "$1")" = 600 ] && cmp -s "$1" <(printf "%s\n" "$2")' _ \
  "${v[AUTHREPLAY_PASSWORD_FILE]}" "${v[AUTHREPLAY_PASSWORD]}"
check "NTLM user file is HARNESS:alice:PASSWORD, mode 600" \
  bash -c '[ "$(stat -c %a "$1")" = 600 ] && cmp -s "$1" <(printf "HARNESS:alice:%s\n" "$2")' _ \
  "${v[NTLM_USER_FILE]}" "${v[AUTHREPLAY_PASSWORD]}"

# Passwords never appear in argv, logs or reports: search every lab process's command line and
# environment and every file under the lab except the three that must hold it. The password is
# handed to grep in a pattern file, not on grep's own argv.
pwpat=$work/pw.pattern
(umask 077 && printf '%s\n' "${v[AUTHREPLAY_PASSWORD]}" >"$pwpat")
leaks=$(grep -r -l -F -f "$pwpat" "$lab" 2>/dev/null |
  grep -v -x -F -e "$lab/lab.env" -e "${v[AUTHREPLAY_PASSWORD_FILE]}" -e "${v[NTLM_USER_FILE]}" || true)
if [ -z "$leaks" ]; then ok "the password is in no other file under the lab (logs, configs)"; else
  not_ok "the password is in no other file under the lab (logs, configs)" $leaks; fi
argv_leak=
for rec in "$lab"/run/*.pid; do
  [ -f "$rec" ] || continue
  pid=$(head -n 1 "$rec"); pid=${pid%% *}
  for f in cmdline environ; do
    if tr '\0' '\n' 2>/dev/null <"/proc/$pid/$f" | grep -q -F -f "$pwpat"; then argv_leak+=" $pid/$f"; fi
  done
done
if [ -z "$argv_leak" ]; then ok "the password is in no lab process's argv or environment"; else
  not_ok "the password is in no lab process's argv or environment" "$argv_leak"; fi

# --- target.json -------------------------------------------------------------------------------
check "target.json is valid JSON and matches lab.env" perl -MJSON::PP -e '
  local $/; open my $f, "<", $ARGV[0] or die "$ARGV[0]: $!\n"; my $t = decode_json(<$f>);
  my %want = ("origins/default" => $ARGV[1], "origins/tls" => $ARGV[2], "origins/second" => $ARGV[3],
              "proxies/pinned" => $ARGV[4], "proxies/unpinned" => $ARGV[5], "tls/caFile" => $ARGV[6],
              "proxies/authenticating" => $ARGV[12], "proxyCredentials/authenticating/user" => "alice",
              "proxyCredentials/authenticating/passwordFile" => $ARGV[7],
              "credentials/user" => "HARNESS\\alice", "credentials/passwordFile" => $ARGV[7],
              "credentials/kerberos/principal" => "alice\@HARNESS.TEST",
              "credentials/kerberos/ccache" => $ARGV[8], "credentials/kerberos/config" => $ARGV[9],
              "substatus/source" => "errorPage", "substatus/w3cLog/directory" => "$ARGV[10]",
              "recycle/url" => "$ARGV[11]/recycle?site={site}&app={app}", "recycle/method" => "POST",
              "origins/smallLimits" => $ARGV[13], "substatus/httpErrLog/directory/0" => $ARGV[14],
              "substatus/httpErrLog/directory/1" => $ARGV[15]);
  my $bad = 0;
  for my $k (sort keys %want) {
    my $x = $t; $x = ref $x eq "ARRAY" ? $x->[$_] : $x->{$_} for split m{/}, $k;
    if (!defined $x || $x ne $want{$k}) { print "$k: got ", ($x // "nothing"), ", want $want{$k}\n"; $bad = 1 }
  }
  exit $bad;' "$lab/target.json" "${v[AUTHREPLAY_TARGET]}" "${v[AUTHREPLAY_TARGET_TLS]}" \
  "${v[AUTHREPLAY_TARGET_SECOND]}" "${v[AUTHREPLAY_PROXY_PINNED]}" "${v[AUTHREPLAY_PROXY_UNPINNED]}" \
  "${v[AUTHREPLAY_CA]}" "${v[AUTHREPLAY_PASSWORD_FILE]}" "${v[KRB5CCNAME]}" "${v[KRB5_CONFIG]}" \
  "${v[AUTHREPLAY_W3C_LOG]}" "${v[AUTHREPLAY_ADMIN]}" "${v[AUTHREPLAY_PROXY_AUTH]}" \
  "${v[AUTHREPLAY_TARGET_SMALL_LIMITS]}" "${v[AUTHREPLAY_HTTPERR_LOG]}" "${v[AUTHREPLAY_HTTPERR_LOG_SMALL_LIMITS]}"

# --- Kerberos (IIS-FACTS §8) -------------------------------------------------------------------
# A copy of the lab's ccache, so the checks do not add tickets to the fixture's own.
cp "${v[KRB5CCNAME]#FILE:}" "$work/ccache"
export KRB5_CONFIG=${v[KRB5_CONFIG]} KRB5CCNAME=FILE:$work/ccache
check "the lab's ccache holds a TGT for alice@HARNESS.TEST" \
  bash -c 'klist | grep -q "Default principal: alice@HARNESS.TEST" && klist | grep -q "krbtgt/HARNESS.TEST@HARNESS.TEST"'
keytab=$lab/krb5/http.keytab
for spn in HTTP/localhost HTTP/127.0.0.1; do
  check "the KDC issues a service ticket for $spn@HARNESS.TEST (kvno)" kvno "$spn@HARNESS.TEST"
  check "the keytab decrypts that $spn ticket (kvno -k http.keytab)" kvno -k "$keytab" "$spn@HARNESS.TEST"
done
check "kinit with the password file's password gets a new TGT (KDC and password file agree)" \
  bash -c 'KRB5CCNAME=FILE:$2/ccache2 kinit alice@HARNESS.TEST <"$1" >/dev/null && KRB5CCNAME=FILE:$2/ccache2 klist -s' _ \
  "${v[AUTHREPLAY_PASSWORD_FILE]}" "$work"
check "the KDC listens on 127.0.0.1 only" \
  bash -c 'grep -E "^[[:space:]]*kdc = 127\.0\.0\.1:[0-9]+$" "$1"' _ "${v[KRB5_CONFIG]}"
unset KRB5_CONFIG KRB5CCNAME

# --- iis-sim directly --------------------------------------------------------------------------
# Anonymous requests go to seed 000's Windows-auth page. Credentialed ones go to /KernelModeOff/:
# with useKernelMode on, a credentialed first request to an application gets 401.1 (KB 2749007,
# IIS-FACTS §5), and other tests sharing this lab may recycle /ActiveXTest/ at any moment.
anon_url=${v[AUTHREPLAY_TARGET]}/ActiveXTest/ajaxClient2.htm
auth_url=${v[AUTHREPLAY_TARGET]}/KernelModeOff/index.htm
check "iis-sim admin answers GET /health with 200" \
  test "$(lcurl -o /dev/null -w '%{http_code}' "${v[AUTHREPLAY_ADMIN]}/health")" = 200
lcurl -D "$work/direct.h" -o /dev/null "$anon_url" || true
check "anonymous GET $anon_url: 401 offering Negotiate then NTLM" \
  bash -c 'head -n 1 "$1" | grep -q " 401" && [ "$(grep -i "^WWW-Authenticate:" "$1" | tr -d "\r" | cut -d" " -f2 | paste -sd,)" = "Negotiate,NTLM" ]' _ "$work/direct.h"
check "https origin answers with a certificate the lab CA verifies (no -k)" \
  bash -c 'c=$(curl -q --max-time 10 -s -o /dev/null -w "%{http_code}" --cacert "$1" "$2/"); [ "$c" != 000 ]' _ \
  "${v[AUTHREPLAY_CA]}" "${v[AUTHREPLAY_TARGET_TLS]}"
check "server certificate has SANs DNS:localhost and IP:127.0.0.1" \
  bash -c 'openssl x509 -in "$1" -noout -ext subjectAltName | grep -q "DNS:localhost, IP Address:127.0.0.1"' _ "$lab/tls/server.pem"
check "second site answers" \
  bash -c 'c=$(curl -q --max-time 10 -s -o /dev/null -w "%{http_code}" "$1/"); [ "$c" != 000 ]' _ "${v[AUTHREPLAY_TARGET_SECOND]}"

# --- the proxies (IIS-FACTS §7) ----------------------------------------------------------------
cfg=$(curl_user_config "${v[AUTHREPLAY_USER]}" "$work" "${v[AUTHREPLAY_PASSWORD_FILE]}")
for which in PINNED UNPINNED; do
  proxy=${v[AUTHREPLAY_PROXY_$which]}
  name=$(echo "$which" | tr 'A-Z' 'a-z')
  lcurl -x "$proxy" -D "$work/$name.h" -o /dev/null "$anon_url" || true
  check "$name squid forwards to the default site (401 from Microsoft-IIS, Via squid)" \
    bash -c 'head -n 1 "$1" | grep -q " 401" && grep -qi "^Server: Microsoft-IIS/10.0" "$1" && grep -qi "^Via: .*squid" "$1"' _ "$work/$name.h"
done
check "pinned squid passes the Negotiate and NTLM offers through" \
  bash -c '[ "$(grep -i "^WWW-Authenticate:" "$1" | tr -d "\r" | cut -d" " -f2 | paste -sd,)" = "Negotiate,NTLM" ]' _ "$work/pinned.h"
check "pinned squid announces Proxy-Support: Session-Based-Authentication" \
  grep -qi "^Proxy-Support: *Session-Based-Authentication" "$work/pinned.h"
check "unpinned squid (connection-auth=off) strips the NTLM and Negotiate offers" \
  bash -c '! grep -qiE "^WWW-Authenticate: *(NTLM|Negotiate)" "$1"' _ "$work/unpinned.h"
for which in PINNED UNPINNED; do
  name=$(echo "$which" | tr 'A-Z' 'a-z')
  check "$name squid tunnels CONNECT to the https origin (lab CA verifies it)" \
    bash -c 'c=$(curl -q --max-time 10 -s -o /dev/null -w "%{http_code}" -x "$1" --cacert "$2" "$3/"); [ "$c" != 000 ]' _ \
    "${v[AUTHREPLAY_PROXY_$which]}" "${v[AUTHREPLAY_CA]}" "${v[AUTHREPLAY_TARGET_TLS]}"
done

# The authenticating squid (Basic proxy authentication, RFC 9110 §11.7): 407 without credentials,
# the page with the lab user's; its htpasswd file holds a hash, never the password itself.
proxy_auth=${v[AUTHREPLAY_PROXY_AUTH]}
lcurl -x "$proxy_auth" -D "$work/auth407.h" -o /dev/null "${v[AUTHREPLAY_TARGET]}/hello.txt" || true
check "authenticating squid answers 407 with Proxy-Authenticate: Basic without credentials" \
  bash -c 'head -n 1 "$1" | grep -q " 407" && grep -qi "^Proxy-Authenticate: *Basic " "$1"' _ "$work/auth407.h"
pcfg=$work/curl-proxy-user.cfg
(umask 077 && printf 'proxy-user = "alice:%s"\n' "$(cat "${v[AUTHREPLAY_PASSWORD_FILE]}")" >"$pcfg")
code=$(lcurl -K "$pcfg" -x "$proxy_auth" -o /dev/null -w '%{http_code}' "${v[AUTHREPLAY_TARGET]}/hello.txt" || true)
check "authenticating squid forwards with the lab user's Basic credentials (got $code)" test "$code" = 200
(umask 077 && printf 'proxy-user = "alice:%s-wrong"\n' "$(cat "${v[AUTHREPLAY_PASSWORD_FILE]}")" >"$pcfg")
code=$(lcurl -K "$pcfg" -x "$proxy_auth" -o /dev/null -w '%{http_code}' "${v[AUTHREPLAY_TARGET]}/hello.txt" || true)
check "authenticating squid refuses a wrong password with 407 (got $code)" test "$code" = 407
check "the htpasswd file is alice with an APR1 hash, readable by squid's user only" \
  bash -c 'grep -qE "^alice:\\\$apr1\\\$" "$1" && [ "$(stat -c %a "$1")" = 640 -o "$(id -u)" != 0 ]' _ \
  "$lab/squid-authenticating/htpasswd"
(umask 077 && printf 'proxy-user = "alice:%s"\n' "$(cat "${v[AUTHREPLAY_PASSWORD_FILE]}")" >"$pcfg")
code=$(lcurl -K "$pcfg" -K "$cfg" --ntlm -x "$proxy_auth" -o /dev/null -w '%{http_code}' "$auth_url" || true)
check "curl --ntlm through the authenticating squid reaches 200 (it pins like the default; got $code)" test "$code" = 200

code=$(lcurl -K "$cfg" --ntlm -x "${v[AUTHREPLAY_PROXY_PINNED]}" -o /dev/null -w '%{http_code}' "$auth_url" || true)
check "curl --ntlm through the pinned squid reaches 200 (got $code)" test "$code" = 200
code=$(lcurl -K "$cfg" --ntlm -x "${v[AUTHREPLAY_PROXY_UNPINNED]}" -o /dev/null -w '%{http_code}' "$auth_url" || true)
check "curl --ntlm through the unpinned squid does not get past 401 (got $code)" test "$code" = 401
code=$(lcurl -K "$cfg" --ntlm -o /dev/null -w '%{http_code}' "$auth_url" || true)
check "curl --ntlm directly reaches 200 (got $code)" test "$code" = 200

# Kerberos through SPNEGO with the lab's ticket (a copy of its ccache): the keytab, the SPN and
# the KDC belong together. (Not checked against the unpinned squid: curl sends the one-leg
# Kerberos token unasked, and a token that is not connection-bound survives a non-pinning proxy.)
export KRB5_CONFIG=${v[KRB5_CONFIG]} KRB5CCNAME=FILE:$work/ccache
code=$(lcurl --negotiate -u : -x "${v[AUTHREPLAY_PROXY_PINNED]}" -o /dev/null -w '%{http_code}' "$auth_url" || true)
check "curl --negotiate (Kerberos) through the pinned squid reaches 200 (got $code)" test "$code" = 200
unset KRB5_CONFIG KRB5CCNAME

finish
