// The baseline for authentication benchmarks: a plain libcurl loop, no harness code, doing one full
// handshake per request on a fresh TCP connection (CURLOPT_FRESH_CONNECT + CURLOPT_FORBID_REUSE),
// as a browser does after the server closed the connection. It measures what the server (iis-sim or
// a real IIS) sustains, and is what `authreplay bench` is compared against (issue 6).
//
//   libcurl-handshake-loop --url URL --scheme ntlm|negotiate|basic|anonymous
//                          [--requests N] [--user DOMAIN\\user] [--password-env VAR]
//
// Prints one line: scheme, requests, successes, seconds, handshakes per second. Exit 1 if any
// request did not end in 200. Passwords come from an environment variable, never from argv.
#include <curl/curl.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

size_t discard(char*, size_t size, size_t count, void*) {
  return size * count;
}

struct Options {
  std::string url;
  std::string scheme = "ntlm";
  long requests = 1000;
  std::string user;
  std::string passwordEnv = "AUTHREPLAY_PASSWORD";
};

[[noreturn]] void usage(const char* why) {
  std::fprintf(stderr,
               "libcurl-handshake-loop: %s\nusage: libcurl-handshake-loop --url URL "
               "--scheme ntlm|negotiate|basic|anonymous [--requests N] [--user DOMAIN\\\\user] "
               "[--password-env VAR]\n",
               why);
  std::exit(2);
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i + 1 >= argc)
      usage(("missing value for " + arg).c_str());
    const std::string value = argv[++i];
    if (arg == "--url") {
      o.url = value;
    } else if (arg == "--scheme") {
      o.scheme = value;
    } else if (arg == "--requests") {
      o.requests = std::strtol(value.c_str(), nullptr, 10);
    } else if (arg == "--user") {
      o.user = value;
    } else if (arg == "--password-env") {
      o.passwordEnv = value;
    } else {
      usage(("unknown option " + arg).c_str());
    }
  }
  if (o.url.empty())
    usage("--url is required");
  if (o.requests <= 0)
    usage("--requests must be positive");
  return o;
}

long authFor(const std::string& scheme) {
  if (scheme == "ntlm")
    return CURLAUTH_NTLM;
  if (scheme == "negotiate")
    return CURLAUTH_NEGOTIATE;
  if (scheme == "basic")
    return CURLAUTH_BASIC;
  if (scheme == "anonymous")
    return CURLAUTH_NONE;
  usage(("unknown scheme " + scheme).c_str());
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);
  const long auth = authFor(o.scheme);
  std::string credentials = ":";  // negotiate with a ccache: empty user, as `curl -u :`
  if (auth == CURLAUTH_NTLM || auth == CURLAUTH_BASIC) {
    const char* password = std::getenv(o.passwordEnv.c_str());
    if (password == nullptr || o.user.empty())
      usage("--user and a password in --password-env are needed");
    credentials = o.user + ":" + password;
  }
  curl_global_init(CURL_GLOBAL_DEFAULT);
  CURL* curl = curl_easy_init();
  curl_easy_setopt(curl, CURLOPT_URL, o.url.c_str());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
  curl_easy_setopt(curl, CURLOPT_FRESH_CONNECT, 1L);
  curl_easy_setopt(curl, CURLOPT_FORBID_REUSE, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 10000L);
  if (auth != CURLAUTH_NONE) {
    curl_easy_setopt(curl, CURLOPT_HTTPAUTH, auth);
    curl_easy_setopt(curl, CURLOPT_USERPWD, credentials.c_str());
  }
  long ok = 0;
  const auto start = std::chrono::steady_clock::now();
  for (long i = 0; i < o.requests; ++i) {
    long status = 0;
    if (curl_easy_perform(curl) == CURLE_OK)
      curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    if (status == 200)
      ++ok;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::memset(credentials.data(), 0, credentials.size());
  curl_easy_cleanup(curl);
  curl_global_cleanup();
  std::printf("scheme=%s requests=%ld ok=%ld seconds=%.3f handshakes_per_second=%.1f\n",
              o.scheme.c_str(), o.requests, ok, seconds, static_cast<double>(ok) / seconds);
  return ok == o.requests ? 0 : 1;
}
