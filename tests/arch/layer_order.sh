#!/usr/bin/env bash
# DESIGN.md: data flows one way, and nothing downstream reaches back upstream. Each harness layer
# (a folder of harness/) may include only the layers below it in this order, which is the order of
# harness/CMakeLists.txt; fails naming file:line and the forbidden edge.
#
#   text, json        protocol text and positioned JSON, no project dependencies
#   auth              token codecs and producers (shared with iis-sim)
#   scenario          the scenario and target model (no libcurl)
#   http              the transport, the only libcurl user
#   expect            checks over recorded legs (scenario, http, auth)
#   browser           profiles decide legs (scenario, http, auth)
#   run               the blocking driver: scenario -> ScenarioResult
#   report            only reads run's results
#   bench             the multi driver over the same layers below run; a sibling of run, not above
#   cli               the command line: everything
#
# bench is placed above report only to keep one line; it may not include run or report (the two
# drivers are siblings, and the bench prints its own figures). fixtures/iis-sim may include only
# text, json and auth of the harness: a simulator that reached into the client side would test
# the harness against itself; for the same reason no harness layer includes iis-sim.
set -euo pipefail

root=${1:?usage: layer_order.sh SOURCE_DIR}
cd "$root"

layers=(text json auth scenario http expect browser run report bench cli)
declare -A rank
for i in "${!layers[@]}"; do rank[${layers[$i]}]=$i; done
# Edges the linear order would allow but the design does not: "from>to".
forbidden=("bench>run" "bench>report" "report>browser")
iis_sim_may_use=(text json auth)

include_re='^[[:space:]]*#[[:space:]]*include[[:space:]]*"([a-z_-]+)/([^"]+)"'
failures=0

fail() {
  echo "$1"
  failures=$((failures + 1))
}

sources_in() {
  find "$1" -type f \( -name '*.h' -o -name '*.hpp' -o -name '*.cpp' -o -name '*.cc' \) | sort
}

for layer in "${layers[@]}"; do
  [[ -d harness/$layer ]] || continue
  while IFS= read -r file; do
    while IFS=: read -r lineno line; do
      [[ $line =~ $include_re ]] || continue
      to=${BASH_REMATCH[1]}
      if [[ $to == iis-sim ]]; then
        fail "$file:$lineno: $layer -> iis-sim: the harness may not include the simulator it is tested against"
        continue
      fi
      [[ -n ${rank[$to]+x} ]] || continue  # not a layer (a system or third-party header)
      [[ $to == "$layer" ]] && continue
      if ((rank[$to] > rank[$layer])); then
        fail "$file:$lineno: $layer -> $to: $layer may not include $to, a layer above it"
      elif [[ " ${forbidden[*]} " == *" $layer>$to "* ]]; then
        fail "$file:$lineno: $layer -> $to: forbidden edge (see tests/arch/layer_order.sh)"
      fi
    done < <(grep -nE '^[[:space:]]*#[[:space:]]*include' "$file" || true)
  done < <(sources_in "harness/$layer")
done

# iis-sim includes its own headers as "iis-sim/auth/...", "iis-sim/http/..." (its include root is
# fixtures/), so every other "<layer>/..." include in it is the harness's and must be an allowed one;
# one that names an iis-sim header without the prefix is reported as such.
while IFS= read -r file; do
  while IFS=: read -r lineno line; do
    [[ $line =~ $include_re ]] || continue
    to=${BASH_REMATCH[1]}
    [[ $to == iis-sim ]] && continue
    [[ -n ${rank[$to]+x} ]] || continue  # not a layer (a system or third-party header)
    path="$to/${BASH_REMATCH[2]}"
    if [[ -e fixtures/iis-sim/$path ]]; then
      fail "$file:$lineno: \"$path\" is iis-sim's own header: include it as \"iis-sim/$path\""
      continue
    fi
    [[ " ${iis_sim_may_use[*]} " == *" $to "* ]] && continue
    fail "$file:$lineno: iis-sim -> $to: fixtures/iis-sim may use only harness/{${iis_sim_may_use[*]}}"
  done < <(grep -nE '^[[:space:]]*#[[:space:]]*include' "$file" || true)
done < <(sources_in fixtures/iis-sim)

if ((failures > 0)); then
  echo "layer_order: $failures forbidden include(s)" >&2
  exit 1
fi
echo "layer_order: ${layers[*]} (and iis-sim on ${iis_sim_may_use[*]}): no include reaches upward"
