#include "expect/httpsys_response.h"

#include "text/ascii.h"

namespace authreplay::expect {

bool answeredByHttpSys(const http::RecordedResponse& response) {
  if (response.status < 400)
    return false;
  const auto server = http::firstHeader(response.headers, "Server");
  if (!server || !text::equalsIgnoreCase(*server, "Microsoft-HTTPAPI/2.0"))
    return false;
  // Its page names the status: "<hr><p>HTTP Error 400. The request is badly formed.</p>".
  return response.body.find("<p>HTTP Error " + std::to_string(response.status) + ".") !=
         std::string::npos;
}

}  // namespace authreplay::expect
