#!/usr/bin/env bash
# DESIGN.md: "Only http/ includes libcurl". Fails, naming file:line, when a C++ file outside
# harness/http/ includes a libcurl header, or when it includes one of harness/http/'s own headers
# that does: either way libcurl's types would reach another layer, and authreplay_http could no
# longer link libcurl PRIVATE. The exemptions are test clients that drive libcurl independently of
# the harness (their whole point is not to go through http::), named file by file so that a new
# libcurl user is a reviewed decision, not an accident.
set -euo pipefail

root=${1:?usage: curl_only_in_http.sh SOURCE_DIR}
cd "$root"

exempt=(
  # The tests' own libcurl client (tests/support), for fixtures tested without the harness.
  tests/support/http_client.h
  # libcurl's own NTLM/Negotiate against iis-sim's acceptor, leg by leg.
  tests/integration/iis-sim-auth/curl_legs.h
  tests/integration/iis-sim-auth/iis_sim_auth_test.cpp
  # The plain libcurl baseline `authreplay bench` is compared with (no harness code on purpose).
  tests/bench/libcurl_handshake_loop.cpp
)

is_exempt() {
  local file=$1 e
  for e in "${exempt[@]}"; do
    [[ $file == "$e" ]] && return 0
  done
  return 1
}

sources() {
  find harness fixtures tests -type f \( -name '*.h' -o -name '*.hpp' -o -name '*.cpp' -o -name '*.cc' \) | sort
}

curl_include='^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]curl/'
failures=0

while IFS= read -r file; do
  [[ $file == harness/http/* ]] && continue
  is_exempt "$file" && continue
  while IFS= read -r hit; do
    echo "$file:${hit%%:*}: includes a libcurl header outside harness/http/: ${hit#*:}"
    failures=$((failures + 1))
  done < <(grep -nE "$curl_include" "$file" || true)
done < <(sources)

# harness/http/ headers that include libcurl, directly or through another such header, are that
# layer's private parts.
mapfile -t private_headers < <(grep -lE "$curl_include" harness/http/*.h 2>/dev/null || true)
grown=1
while ((grown)); do
  grown=0
  for header in harness/http/*.h; do
    [[ " ${private_headers[*]} " == *" $header "* ]] && continue
    for known in "${private_headers[@]}"; do
      if grep -qE "^[[:space:]]*#[[:space:]]*include[[:space:]]*\"${known#harness/}\"" "$header"; then
        private_headers+=("$header")
        grown=1
        break
      fi
    done
  done
done
for header in "${private_headers[@]}"; do
  name=${header#harness/}
  while IFS= read -r file; do
    [[ $file == harness/http/* ]] && continue
    is_exempt "$file" && continue
    while IFS= read -r hit; do
      echo "$file:${hit%%:*}: includes $name, which includes libcurl (keep it inside harness/http/)"
      failures=$((failures + 1))
    done < <(grep -nE "^[[:space:]]*#[[:space:]]*include[[:space:]]*\"$name\"" "$file" || true)
  done < <(sources)
done

if ((failures > 0)); then
  echo "curl_only_in_http: $failures libcurl include(s) outside harness/http/" >&2
  exit 1
fi
echo "curl_only_in_http: libcurl is included only by harness/http/ and ${#exempt[@]} exempt test clients"
