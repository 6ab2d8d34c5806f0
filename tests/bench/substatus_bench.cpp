// Substatus extraction from IIS's detailed error page (harness/expect/error_page.h), on the page
// iis-sim renders for a 401.2 and a 401.1: what every failed leg costs to classify, in runs and in
// `authreplay bench`'s error counts.
#include <benchmark/benchmark.h>

#include "expect/error_page.h"
#include "iis-sim/pages/error_page.h"

namespace {

std::string page(int substatus, std::uint32_t win32) {
  iissim::ErrorPageContext context;
  context.status = 401;
  context.substatus = substatus;
  context.win32Status = win32;
  context.notification = "AuthenticateRequest";
  context.handler = "StaticFile";
  context.requestedUrl = "http://localhost:8080/ActiveXTest/ajaxClient2.htm";
  context.physicalPath = "C:\\inetpub\\wwwroot\\ActiveXTest\\ajaxClient2.htm";
  context.logonMethod = substatus == 2 ? "Not yet determined" : "NTLM";
  context.logonUser = substatus == 2 ? "Not yet determined" : "HARNESS\\alice";
  return iissim::renderDetailedErrorPage(context);
}

void SubstatusFromErrorPage(benchmark::State& state, int substatus, std::uint32_t win32) {
  const std::string body = page(substatus, win32);
  const auto check = authreplay::expect::parseDetailedErrorPage(body);
  if (!check || check->substatus != substatus) {
    state.SkipWithError("the parser does not read iis-sim's page");
    return;
  }
  for (auto _ : state)
    benchmark::DoNotOptimize(authreplay::expect::parseDetailedErrorPage(body));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * body.size()));
}
BENCHMARK_CAPTURE(SubstatusFromErrorPage, Unauthorized401_2, 2, 0x80070005u);
BENCHMARK_CAPTURE(SubstatusFromErrorPage, LogonFailed401_1, 1, 0x8009030Eu);

// A page without a substatus (custom errors): the parser must give up quickly.
void SubstatusFromCustomPage(benchmark::State& state) {
  const std::string body = iissim::renderCustomErrorPage(401, 2);
  for (auto _ : state)
    benchmark::DoNotOptimize(authreplay::expect::parseDetailedErrorPage(body));
}
BENCHMARK(SubstatusFromCustomPage);

}  // namespace
