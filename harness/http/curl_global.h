// curl_global_init must run once, before any thread uses libcurl, and is not thread-safe itself.
#pragma once

#include <string>

namespace authreplay::http {

// Call once from main (or a test's setup) before any Client is made; idempotent.
void ensureCurlGlobalInit();

// The libcurl version string ("libcurl/7.88.1 OpenSSL/3.0.x ... GSS-API ..."), for --version.
const char* curlVersion();

// libcurl's own version number as this process loaded it ("7.88.1", curl_version_info at run
// time, not the headers built against), for a bench's JSON: two runs compared on different
// libcurls should say so.
std::string libcurlVersion();

// The libcurl features authentication replay depends on, e.g. "GSS-API SPNEGO NTLM Kerberos SSL";
// a libcurl built without GSS-API cannot do Negotiate, and --version says so.
std::string curlAuthFeatures();

}  // namespace authreplay::http
