#!/usr/bin/env bash
# Checks the lab's haproxy and its second iis-sim (issue 13, docs/lab.md "The reverse proxies"
# and "The balancers") with real curl, openssl and real NTLM and Kerberos handshakes:
#   - iis-sim-b and haproxy run; lab.env and target.json name the four origins;
#   - offload presents a certificate of its own (another fingerprint than iis-sim's, same CA and
#     names) and bridging iis-sim's own; both re-encrypt to iis-sim's https site (NTLM, Kerberos);
#   - NTLM through the balancer without affinity: Type 1 and Type 3 reach different servers and
#     the Type 3's server logs `401 1 2148074248` (SEC_E_INVALID_TOKEN, IIS-FACTS §1); through
#     the balancer with affinity 200; Kerberos through the one without affinity 200 (one leg).
# Usage: reverse_proxies_and_balancers.sh [LAB_DIR]
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
for k in AUTHREPLAY_TARGET AUTHREPLAY_TARGET_TLS AUTHREPLAY_TARGET_B AUTHREPLAY_ADMIN_B AUTHREPLAY_W3C_LOG \
  AUTHREPLAY_TARGET_OFFLOAD AUTHREPLAY_TARGET_BRIDGING AUTHREPLAY_TARGET_BALANCED \
  AUTHREPLAY_TARGET_BALANCED_AFFINITY AUTHREPLAY_CA AUTHREPLAY_USER AUTHREPLAY_PASSWORD_FILE KRB5_CONFIG KRB5CCNAME; do
  if value=$(lab_env_value "$env_file" "$k") && [ -n "$value" ]; then v[$k]=$value; ok "lab.env has $k"; else
    v[$k]=; not_ok "lab.env has $k"; fi
done

# --- the components run, lab.env and target.json agree -----------------------------------------
status=$("$labctl" status "$lab" 2>&1 || true)
for c in haproxy iis-sim-b; do
  check "labctl status shows $c running" bash -c 'grep -qE "^$1 +running \(pid [0-9]+\)" <<<"$2"' _ "$c" "$status"
done
for k in AUTHREPLAY_TARGET_OFFLOAD AUTHREPLAY_TARGET_BRIDGING; do
  check "$k is https://localhost:PORT (${v[$k]})" bash -c '[[ $1 =~ ^https://localhost:[0-9]+$ ]]' _ "${v[$k]}"
done
for k in AUTHREPLAY_TARGET_BALANCED AUTHREPLAY_TARGET_BALANCED_AFFINITY AUTHREPLAY_TARGET_B; do
  check "$k is http://localhost:PORT (${v[$k]})" bash -c '[[ $1 =~ ^http://localhost:[0-9]+$ ]]' _ "${v[$k]}"
done
check "target.json names the origins offload, bridging, balanced, balancedAffinity as lab.env" perl -MJSON::PP -e '
  local $/; open my $f, "<", $ARGV[0] or die "$ARGV[0]: $!\n"; my $t = decode_json(<$f>);
  my %want = (offload => $ARGV[1], bridging => $ARGV[2], balanced => $ARGV[3], balancedAffinity => $ARGV[4]);
  my $bad = 0;
  for my $k (sort keys %want) {
    my $x = $t->{origins}{$k};
    if (!defined $x || $x ne $want{$k}) { print "origins/$k: got ", ($x // "nothing"), ", want $want{$k}\n"; $bad = 1 }
    if (($t->{recycle}{sites}{$k} // "") ne "Default") { print "recycle/sites/$k is not Default\n"; $bad = 1 }
  }
  exit $bad;' "$lab/target.json" "${v[AUTHREPLAY_TARGET_OFFLOAD]}" "${v[AUTHREPLAY_TARGET_BRIDGING]}" \
  "${v[AUTHREPLAY_TARGET_BALANCED]}" "${v[AUTHREPLAY_TARGET_BALANCED_AFFINITY]}"
check "haproxy listens on 127.0.0.1 only" bash -c '! grep -E "^ *bind " "$1" | grep -v " 127\.0\.0\.1:"' _ "$lab/haproxy/haproxy.cfg"

# --- server B ------------------------------------------------------------------------------------
check "iis-sim-b admin answers GET /health with 200" \
  test "$(lcurl -o /dev/null -w '%{http_code}' "${v[AUTHREPLAY_ADMIN_B]}/health")" = 200
lcurl -D "$work/b.h" -o /dev/null "${v[AUTHREPLAY_TARGET_B]}/ActiveXTest/ajaxClient2.htm" || true
check "iis-sim-b serves /ActiveXTest/ with 401 offering Negotiate then NTLM" \
  bash -c 'head -n 1 "$1" | grep -q " 401" && [ "$(grep -i "^WWW-Authenticate:" "$1" | tr -d "\r" | cut -d" " -f2 | paste -sd,)" = "Negotiate,NTLM" ]' _ "$work/b.h"
cfg=$(curl_user_config "${v[AUTHREPLAY_USER]}" "$work" "${v[AUTHREPLAY_PASSWORD_FILE]}")
code=$(lcurl -K "$cfg" --ntlm -o /dev/null -w '%{http_code}' "${v[AUTHREPLAY_TARGET_B]}/KernelModeOff/index.htm" || true)
check "curl --ntlm directly to iis-sim-b reaches 200 (same users; got $code)" test "$code" = 200

# --- offload and bridging: whose certificate, and through to iis-sim ----------------------------
# SHA-256 fingerprint of the certificate 127.0.0.1:PORT presents for SNI localhost.
fingerprint() {
  openssl s_client -connect "127.0.0.1:$1" -servername localhost </dev/null 2>/dev/null |
    openssl x509 -noout -fingerprint -sha256 2>/dev/null | sed 's/.*=//'
}
fp_iis=$(fingerprint "${v[AUTHREPLAY_TARGET_TLS]##*:}")
fp_offload=$(fingerprint "${v[AUTHREPLAY_TARGET_OFFLOAD]##*:}")
fp_bridging=$(fingerprint "${v[AUTHREPLAY_TARGET_BRIDGING]##*:}")
echo "# fingerprints: iis-sim $fp_iis, offload $fp_offload, bridging $fp_bridging"
check "iis-sim's https site presents a certificate" test -n "$fp_iis"
check "offload presents a certificate different from iis-sim's (SSL offloading)" \
  bash -c '[ -n "$1" ] && [ "$1" != "$2" ]' _ "$fp_offload" "$fp_iis"
check "bridging presents iis-sim's own certificate (SSL bridging, same certificate)" test "$fp_bridging" = "$fp_iis"
check "offload's certificate is issued by the lab CA for localhost (a client trusts it)" \
  bash -c 'openssl verify -CAfile "$1" "$2" && openssl x509 -in "$2" -noout -ext subjectAltName | grep -q "DNS:localhost"' _ \
  "${v[AUTHREPLAY_CA]}" "$lab/tls/offload.pem"
check "offload's key is not iis-sim's" bash -c '! cmp -s "$1" "$2"' _ "$lab/tls/offload.key" "$lab/tls/server.key"
cp "${v[KRB5CCNAME]#FILE:}" "$work/ccache"
for which in OFFLOAD BRIDGING; do
  base=${v[AUTHREPLAY_TARGET_$which]}
  name=$(echo "$which" | tr 'A-Z' 'a-z')
  lcurl --cacert "${v[AUTHREPLAY_CA]}" -D "$work/$name.h" -o /dev/null "$base/ActiveXTest/ajaxClient2.htm" || true
  check "$name (lab CA verifies it, no -k) forwards to iis-sim: 401 from Microsoft-IIS offering Negotiate, NTLM" \
    bash -c 'head -n 1 "$1" | grep -q " 401" && grep -qi "^Server: Microsoft-IIS/10.0" "$1" && [ "$(grep -i "^WWW-Authenticate:" "$1" | tr -d "\r" | cut -d" " -f2 | paste -sd,)" = "Negotiate,NTLM" ]' _ "$work/$name.h"
  code=$(lcurl --cacert "${v[AUTHREPLAY_CA]}" -K "$cfg" --ntlm -o /dev/null -w '%{http_code}' "$base/KernelModeOff/index.htm" || true)
  check "curl --ntlm through $name reaches 200 (keep-alive keeps both legs on one connection; got $code)" test "$code" = 200
  code=$(KRB5_CONFIG=${v[KRB5_CONFIG]} KRB5CCNAME=FILE:$work/ccache lcurl --cacert "${v[AUTHREPLAY_CA]}" --negotiate -u : \
    -o /dev/null -w '%{http_code}' "$base/KernelModeOff/index.htm" || true)
  check "curl --negotiate (Kerberos) through $name reaches 200 (got $code)" test "$code" = 200
done
check "the re-encrypted leg reached iis-sim's https site (its port in the W3C log's s-port)" \
  bash -c 'cat "$1"/W3SVC1/*.log | grep -v "^#" | awk "{print \$7}" | grep -qx "$2"' _ "${v[AUTHREPLAY_W3C_LOG]}" "${v[AUTHREPLAY_TARGET_TLS]##*:}"

# --- the balancers --------------------------------------------------------------------------------
# A User-Agent of this run's own marks its W3C log lines (cs(User-Agent), IIS-FACTS §1), so lines of
# tests running beside this one are not counted.
agent=authreplay-lab-balancer-check-$$-$RANDOM
# The default server's site is W3SVC1, server B's W3SVC4 (docs/lab.md "Server B").
w3c_lines() { cat "${v[AUTHREPLAY_W3C_LOG]}"/W3SVC1/*.log "${v[AUTHREPLAY_W3C_LOG]}"/W3SVC4/*.log 2>/dev/null | tr -d '\r' | grep -F -- "$1" || true; }
haproxy_lines_before=$(wc -l <"$lab/haproxy/haproxy.out")
code=$(lcurl -A "$agent-ntlm" -K "$cfg" --ntlm -o /dev/null -w '%{http_code}' "${v[AUTHREPLAY_TARGET_BALANCED]}/KernelModeOff/index.htm" || true)
check "curl --ntlm through the balancer without affinity does not get past 401 (got $code)" test "$code" = 401
legs=$(tail -n +"$((haproxy_lines_before + 1))" "$lab/haproxy/haproxy.out" | grep -F ' balanced farm-round-robin/' |
  sed 's/.* farm-round-robin\/\([a-z]*\) .*/\1/' | paste -sd, || true)
echo "# balanced: servers of the requests since the check began: $legs"
check "its Type 1 and Type 3 went to different servers (haproxy's log: $legs)" \
  bash -c '[[ $1 =~ ^(a,b|b,a)$ ]]' _ "$legs"
lines=$(w3c_lines "$agent-ntlm")
sed 's/^/# /' <<<"$lines"
check "the Type 3's server logged 401 1 2148074248 (SEC_E_INVALID_TOKEN: a Type 3 without its Type 1)" \
  bash -c 'grep -qE " 401 1 2148074248 [0-9]+$" <<<"$1"' _ "$lines"
check "the Type 1's server logged the challenge leg 401 1 2148074254" \
  bash -c 'grep -qE " 401 1 2148074254 [0-9]+$" <<<"$1"' _ "$lines"

code=$(lcurl -A "$agent-affinity" -K "$cfg" --ntlm -o /dev/null -w '%{http_code}' "${v[AUTHREPLAY_TARGET_BALANCED_AFFINITY]}/KernelModeOff/index.htm" || true)
check "curl --ntlm through the balancer with affinity (balance source, keep-alive) reaches 200 (got $code)" test "$code" = 200
check "... and its server logged HARNESS\\alice with 200 0 0" \
  bash -c 'grep -qE " HARNESS\\\\alice .* 200 0 0 [0-9]+$" <<<"$1"' _ "$(w3c_lines "$agent-affinity")"

code=$(KRB5_CONFIG=${v[KRB5_CONFIG]} KRB5CCNAME=FILE:$work/ccache lcurl -A "$agent-kerberos" --negotiate -u : -o /dev/null \
  -w '%{http_code}' "${v[AUTHREPLAY_TARGET_BALANCED]}/KernelModeOff/index.htm" || true)
check "curl --negotiate (Kerberos) through the balancer without affinity reaches 200: one leg (got $code)" test "$code" = 200
for i in 1 2; do
  code=$(lcurl -o /dev/null -w '%{http_code}' "${v[AUTHREPLAY_TARGET_BALANCED]}/hello.txt" || true)
  check "anonymous GET /hello.txt through the balancer, round $i: 200 (got $code)" test "$code" = 200
done

finish
