// The cryptographic primitives NTLM is built from (MS-NLMP 6 "Appendix A: Cryptographic
// Operations Reference"): MD4, MD5, HMAC-MD5, RC4 and DES, all from OpenSSL 3. MD4, RC4 and DES
// live in OpenSSL's *legacy* provider, which the default library context does not load; this file
// loads it once, into a private OSSL_LIB_CTX, so nothing else in the process is affected.
//
// Errors (the legacy provider missing from the machine) throw std::runtime_error: they are an
// installation problem, not a protocol outcome, and surface once at the first use.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace authreplay::auth::ntlm::crypto {

using Digest16 = std::array<std::uint8_t, 16>;
using Bytes = std::vector<std::uint8_t>;

// Throws std::runtime_error when OpenSSL's legacy provider (MD4, RC4, DES) cannot be loaded.
void requireLegacyProvider();

Digest16 md4(std::span<const std::uint8_t> message);
Digest16 md5(std::span<const std::uint8_t> message);

// HMAC_MD5(key, m1 || m2 || ...) (RFC 2104), incrementally so no concatenation is copied.
class HmacMd5 {
 public:
  explicit HmacMd5(std::span<const std::uint8_t> key);
  ~HmacMd5();
  HmacMd5(const HmacMd5&) = delete;
  HmacMd5& operator=(const HmacMd5&) = delete;
  HmacMd5& update(std::span<const std::uint8_t> data);
  Digest16 final();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

Digest16 hmacMd5(std::span<const std::uint8_t> key, std::span<const std::uint8_t> message);

// An RC4 key stream that keeps its state across calls, as NTLM's sealing handles do
// (MS-NLMP 3.4.3 "RC4(handle, message)"); RC4K(key, m) is Rc4(key).apply(m) once.
class Rc4 {
 public:
  explicit Rc4(std::span<const std::uint8_t> key);
  ~Rc4();
  Rc4(Rc4&&) noexcept;
  Rc4& operator=(Rc4&&) noexcept;
  Bytes apply(std::span<const std::uint8_t> data);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

Bytes rc4k(std::span<const std::uint8_t> key, std::span<const std::uint8_t> data);

// DES(K, D) of MS-NLMP 6: one block, a 7-byte key spread over 8 bytes with parity bits.
std::array<std::uint8_t, 8> des(std::span<const std::uint8_t, 7> key7,
                                std::span<const std::uint8_t, 8> block);
// DESL(K, D) (MS-NLMP 6): the 24-byte NTLMv1 response of a 16-byte key over an 8-byte challenge.
std::array<std::uint8_t, 24> desl(std::span<const std::uint8_t, 16> key,
                                  std::span<const std::uint8_t, 8> challenge);

// Cryptographically random bytes (client and server challenges, exported session keys).
void randomBytes(std::span<std::uint8_t> out);

// Constant-time comparison of two digests (response and MIC checks).
bool equalDigests(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b);

}  // namespace authreplay::auth::ntlm::crypto
