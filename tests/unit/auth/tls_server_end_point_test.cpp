// tls-server-end-point (RFC 5929 §4) of fixed certificates, checked against `openssl x509 -outform
// der | openssl dgst -<hash>`: the signature algorithm's hash (SHA-384 here), SHA-256 in place of
// SHA-1, none for Ed25519 (no hash function: undefined by RFC 5929).
#include "auth/tls_server_end_point.h"

#include <gtest/gtest.h>

#include <string>

#include "fixed_certificates.h"
#include "text/ascii.h"

namespace authreplay::auth {
namespace {

using testing::kEcdsaSha384;

// The same with -sha1.
constexpr const char* kEcdsaSha1 = R"(
-----BEGIN CERTIFICATE-----
MIIBfjCCASSgAwIBAgIUcjtLk2mQpd/mpeIzoCelg7VV3gMwCQYHKoZIzj0EATAU
MRIwEAYDVQQDDAlsb2NhbGhvc3QwIBcNMjYxMjAyMjMzODUyWhgPMjEyNjExMDgy
MzM4NTJaMBQxEjAQBgNVBAMMCWxvY2FsaG9zdDBZMBMGByqGSM49AgEGCCqGSM49
AwEHA0IABB+ATbHx2JuaHpwtZFKwRsxWoxrM4hEb5JuAFPvu8jtsyy9IJoTCKTea
KJAF3tHuh1AA/1Cq2oFVYr5UDCipBH6jUzBRMB0GA1UdDgQWBBQpB90IMtYPrOWE
HsJ7vnLRZvnKQTAfBgNVHSMEGDAWgBQpB90IMtYPrOWEHsJ7vnLRZvnKQTAPBgNV
HRMBAf8EBTADAQH/MAkGByqGSM49BAEDSQAwRgIhAIBvT3A38ZWR/BROTA7CybgM
b2IHVUn3KsO23o4I7MrXAiEAz8jR0dzY1mtbhVZNw9YRH+wSMeNoJSqTaqeA3y+t
vqw=
-----END CERTIFICATE-----
)";

// `openssl genpkey -algorithm ed25519`, self-signed.
constexpr const char* kEd25519 = R"(
-----BEGIN CERTIFICATE-----
MIIBPjCB8aADAgECAhQB6X4LUKaJITyHHvGyzk9jLt3utDAFBgMrZXAwFDESMBAG
A1UEAwwJbG9jYWxob3N0MCAXDTI2MTIwMjIzMzg1MloYDzIxMjYxMTA4MjMzODUy
WjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwKjAFBgMrZXADIQDjKj+EApmqJjwEWLrn
rFI4ps8YYLvZYbCs5Hk0J0umjKNTMFEwHQYDVR0OBBYEFFh2TMh/n88oFW528Rez
MqCvnFp0MB8GA1UdIwQYMBaAFFh2TMh/n88oFW528RezMqCvnFp0MA8GA1UdEwEB
/wQFMAMBAf8wBQYDK2VwA0EAm8399MdayKN22Hdg/ZSm7R3PoM8WmTNRWXnvpKi4
/vms/S00pyq1VciD09VyeFZwoHK5pTjnYWX204DZn1r7CA==
-----END CERTIFICATE-----
)";

// The hash after the "tls-server-end-point:" prefix, in hexadecimal.
std::string hexOfHash(const ChannelBindingData& data) {
  return text::hexEncode(std::span(data).subspan(kTlsServerEndPointPrefix.size()));
}

std::string prefixOf(const ChannelBindingData& data) {
  return std::string(
      data.begin(),
      data.begin() + static_cast<long>(std::min(data.size(), kTlsServerEndPointPrefix.size())));
}

TEST(TlsServerEndPoint, HashesWithTheSignatureAlgorithmsHash) {
  const auto result = tlsServerEndPointOfPem(kEcdsaSha384);
  ASSERT_TRUE(std::holds_alternative<ChannelBindingData>(result)) << std::get<std::string>(result);
  const auto& data = std::get<ChannelBindingData>(result);
  EXPECT_EQ(prefixOf(data), "tls-server-end-point:");
  EXPECT_EQ(
      hexOfHash(data),
      "50cb654bf12f9058679a72a27acd1809443e324284d0a8e1f79954b11fd6916996b5772b95e235c1b6659fc59"
      "b9efa4d");
}

TEST(TlsServerEndPoint, Sha1BecomesSha256) {
  const auto result = tlsServerEndPointOfPem(kEcdsaSha1);
  ASSERT_TRUE(std::holds_alternative<ChannelBindingData>(result)) << std::get<std::string>(result);
  EXPECT_EQ(hexOfHash(std::get<ChannelBindingData>(result)),
            "b206e88ed832e23c5cc28c5d445660a649b139c8ef381e2fa4a2cb46b7c09bb6");
}

TEST(TlsServerEndPoint, Ed25519HasNoBinding) {
  const auto result = tlsServerEndPointOfPem(kEd25519);
  ASSERT_TRUE(std::holds_alternative<std::string>(result));
  EXPECT_NE(std::get<std::string>(result).find("no hash function"), std::string::npos);
}

TEST(TlsServerEndPoint, GarbageIsAnErrorNotACrash) {
  EXPECT_TRUE(std::holds_alternative<std::string>(tlsServerEndPointOfPem("not a certificate")));
  const std::uint8_t junk[] = {0x30, 0x82, 0xff, 0xff, 0x01};
  EXPECT_TRUE(std::holds_alternative<std::string>(tlsServerEndPoint(junk)));
  EXPECT_TRUE(std::holds_alternative<std::string>(tlsServerEndPoint({})));
}

}  // namespace
}  // namespace authreplay::auth
