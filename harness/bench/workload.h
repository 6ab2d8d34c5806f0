// What every virtual browser of a bench run replays: a scenario's steps (a one-step scenario for
// the `--scheme/--profile --path` shorthand), on a target, with the credentials and proxy
// credentials resolved from the target file (never from argv).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "browser/profile.h"
#include "http/transfer.h"
#include "scenario/scenario.h"
#include "scenario/target.h"

namespace authreplay::bench {

struct Workload {
  scenario::Scenario scenario;
  scenario::Target target;
  browser::ClientCredentials credentials;
  std::map<std::string, http::ProxyCredentials> proxyCredentials;
  // The shorthand: one user reloading one page. The virtual browser keeps its memory across runs
  // (so ie11 pre-authenticates once the space has challenged, as IE does on a reload), its
  // connection policy is the step's (--fresh / --reuse), and a run counts only when it ends in a
  // 2xx. A scenario: every run is a new browser on a new connection, exactly as `authreplay run`
  // replays it, and the scenario's own expectations judge it (sampled, checkEvery).
  bool repeatedRequest = false;
  // Every Nth run of each virtual browser (and every browser's first) is checked against the
  // scenario's expectations; 0: never.
  int checkEvery = 100;
};

}  // namespace authreplay::bench
