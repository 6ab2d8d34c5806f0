// The `tls-server-end-point` channel binding (RFC 5929 §4) of a TLS server certificate: what a
// Windows client binds its NTLM and Kerberos authentication to over HTTPS (Extended Protection
// for Authentication), and what IIS computes from the certificate of the connection to check it.
// A proxy that terminates TLS with its own certificate changes this value, which is why "SSL
// offloading" breaks Extended Protection and "SSL bridging" works only with the same certificate
// (Microsoft, "Extended Protection for Authentication Overview").
//
//   application data = "tls-server-end-point:" || H(certificate DER)
//   H = the hash of the certificate's signatureAlgorithm, except MD5 and SHA-1, which become
//       SHA-256 (RFC 5929 §4.1).
//
// The application data goes into a gss_channel_bindings_struct with no addresses (RFC 5929 §3);
// NTLM carries the MD5 of that structure in MsvAvChannelBindings (ntlm::channelBindingsHash),
// Kerberos the same in the authenticator's checksum (RFC 4121 §4.1.1.2).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace authreplay::auth {

using ChannelBindingData = std::vector<std::uint8_t>;

// The application data of CERTIFICATE (DER), or why it has none (not a certificate, a signature
// algorithm without a hash such as Ed25519: RFC 5929 leaves it undefined).
std::variant<ChannelBindingData, std::string> tlsServerEndPoint(
    std::span<const std::uint8_t> certificateDer);

// The same for the first certificate of a PEM text (a chain's leaf comes first).
std::variant<ChannelBindingData, std::string> tlsServerEndPointOfPem(std::string_view pem);

// The prefix RFC 5929 §4 puts before the hash.
inline constexpr std::string_view kTlsServerEndPointPrefix = "tls-server-end-point:";

}  // namespace authreplay::auth
