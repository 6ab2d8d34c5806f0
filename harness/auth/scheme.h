// The HTTP authentication schemes the harness speaks (RFC 9110 §11: the auth-scheme token of
// WWW-Authenticate / Authorization): one enum for the scenario's client, the browser profiles,
// libcurl's own authentication (http::CurlAuth) and the benchmark. Which mechanism runs inside
// Negotiate (Kerberos or NTLM) is the token producer's business (token_producer.h Mechanism).
#pragma once

#include <optional>
#include <string_view>

namespace authreplay::auth {

enum class Scheme { kBasic, kNtlm, kNegotiate };

// "Basic", "NTLM", "Negotiate": the spelling IIS sends in WWW-Authenticate.
std::string_view schemeName(Scheme scheme);

// Case-insensitive (auth-scheme tokens are, RFC 9110 §11.1); nullopt for any other scheme.
std::optional<Scheme> parseScheme(std::string_view name);

}  // namespace authreplay::auth
