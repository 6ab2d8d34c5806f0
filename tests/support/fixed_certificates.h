// Fixed certificates for unit tests of what is computed from a server certificate (the
// tls-server-end-point channel binding, RFC 5929), and their DER form.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace authreplay::testing {

// `openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -sha384 -subj /CN=localhost`
inline constexpr const char* kEcdsaSha384 = R"(
-----BEGIN CERTIFICATE-----
MIIBfjCCASWgAwIBAgIUQsDbN0wQ7Ek3SDXBH8ZKFsbhXSQwCgYIKoZIzj0EAwMw
FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTIwMjIzMzg1MloYDzIxMjYxMTA4
MjMzODUyWjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAAQLA4o2ejUYnLkhdTvXiJBDgLZ+S4aePAU4gKxMbSG1ELE/+iLwZTky
tG96fTfjtiO/QbPRNZu+iPaKExqvYNvwo1MwUTAdBgNVHQ4EFgQUdCq27myhKvLM
ok6izaVqWFWGXB8wHwYDVR0jBBgwFoAUdCq27myhKvLMok6izaVqWFWGXB8wDwYD
VR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAwNHADBEAiBWJ/KBk8QqwyUyVTueKVv8
9ttD+T3fcuualNRc7henwgIgW9Lgytr+DbbWFmWWFygWgYkipM4p3z5h8/eos1WP
0l8=
-----END CERTIFICATE-----
)";

// The DER of the first certificate in PEM; empty when there is none.
std::vector<std::uint8_t> derOfPem(std::string_view pem);

}  // namespace authreplay::testing
