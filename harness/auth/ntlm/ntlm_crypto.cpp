#include "auth/ntlm/ntlm_crypto.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/provider.h>
#include <openssl/rand.h>

#include <array>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <string>

namespace authreplay::auth::ntlm::crypto {
namespace {

std::string opensslError(const char* what) {
  std::string text = what;
  if (const unsigned long code = ERR_get_error(); code != 0) {
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof buffer);
    text += ": ";
    text += buffer;
  }
  ERR_clear_error();
  return text;
}

// One private library context with the default and legacy providers and the algorithms fetched
// once. It lives for the process: OpenSSL frees it at exit, and fetching per call would cost
// a provider lookup each time (and is what made gss-ntlmssp 1.2.0 leak a context per logon).
class Algorithms {
 public:
  static const Algorithms& get() {
    static const Algorithms instance;
    return instance;
  }
  EVP_MD* md4 = nullptr;
  EVP_MD* md5 = nullptr;
  EVP_MAC* hmac = nullptr;
  EVP_MAC_CTX* hmacMd5 = nullptr;  // digest set, no key: the template HmacMd5 duplicates
  EVP_CIPHER* rc4 = nullptr;
  EVP_CIPHER* desEcb = nullptr;

 private:
  Algorithms() {
    context_ = OSSL_LIB_CTX_new();
    if (context_ == nullptr) {
      throw std::runtime_error(opensslError("OSSL_LIB_CTX_new"));
    }
    defaultProvider_ = OSSL_PROVIDER_load(context_, "default");
    legacyProvider_ = OSSL_PROVIDER_load(context_, "legacy");
    if (defaultProvider_ == nullptr || legacyProvider_ == nullptr) {
      throw std::runtime_error(
          opensslError("NTLM needs OpenSSL's legacy provider (MD4, RC4, DES; Debian: libssl3)"));
    }
    md4 = EVP_MD_fetch(context_, "MD4", nullptr);
    md5 = EVP_MD_fetch(context_, "MD5", nullptr);
    hmac = EVP_MAC_fetch(context_, "HMAC", nullptr);
    rc4 = EVP_CIPHER_fetch(context_, "RC4", nullptr);
    desEcb = EVP_CIPHER_fetch(context_, "DES-ECB", nullptr);
    if (!md4 || !md5 || !hmac || !rc4 || !desEcb) {
      throw std::runtime_error(opensslError("fetching MD4/MD5/HMAC/RC4/DES-ECB"));
    }
    // An HMAC context with its digest already set: each HmacMd5 duplicates it and only sets the
    // key, instead of looking MD5 up by name in EVP_MAC_init (a handshake makes a dozen HMACs).
    hmacMd5 = EVP_MAC_CTX_new(hmac);
    char md5Name[] = "MD5";
    const OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, md5Name, 0), OSSL_PARAM_END};
    if (hmacMd5 == nullptr || EVP_MAC_CTX_set_params(hmacMd5, params) != 1) {
      throw std::runtime_error(opensslError("HMAC-MD5 context"));
    }
  }
  ~Algorithms() {
    EVP_MAC_CTX_free(hmacMd5);
    EVP_MD_free(md4);
    EVP_MD_free(md5);
    EVP_MAC_free(hmac);
    EVP_CIPHER_free(rc4);
    EVP_CIPHER_free(desEcb);
    OSSL_PROVIDER_unload(legacyProvider_);
    OSSL_PROVIDER_unload(defaultProvider_);
    OSSL_LIB_CTX_free(context_);
  }
  OSSL_LIB_CTX* context_ = nullptr;
  OSSL_PROVIDER* defaultProvider_ = nullptr;
  OSSL_PROVIDER* legacyProvider_ = nullptr;
};

Digest16 digest(const EVP_MD* md, std::span<const std::uint8_t> message) {
  Digest16 out{};
  unsigned int length = 0;
  if (EVP_Digest(message.data(), message.size(), out.data(), &length, md, nullptr) != 1 ||
      length != out.size()) {
    throw std::runtime_error(opensslError("EVP_Digest"));
  }
  return out;
}

struct CipherContextDeleter {
  void operator()(EVP_CIPHER_CTX* context) const { EVP_CIPHER_CTX_free(context); }
};
using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, CipherContextDeleter>;

CipherContext newCipher(const EVP_CIPHER* cipher, std::span<const std::uint8_t> key) {
  CipherContext context(EVP_CIPHER_CTX_new());
  if (!context || EVP_EncryptInit_ex2(context.get(), cipher, nullptr, nullptr, nullptr) != 1 ||
      EVP_CIPHER_CTX_set_key_length(context.get(), static_cast<int>(key.size())) != 1 ||
      EVP_EncryptInit_ex2(context.get(), nullptr, key.data(), nullptr, nullptr) != 1) {
    throw std::runtime_error(opensslError("cipher init"));
  }
  EVP_CIPHER_CTX_set_padding(context.get(), 0);
  return context;
}

Bytes encrypt(EVP_CIPHER_CTX* context, std::span<const std::uint8_t> data) {
  Bytes out(data.size());
  int length = 0;
  if (!data.empty() && (EVP_EncryptUpdate(context, out.data(), &length, data.data(),
                                          static_cast<int>(data.size())) != 1 ||
                        static_cast<std::size_t>(length) != data.size())) {
    throw std::runtime_error(opensslError("EVP_EncryptUpdate"));
  }
  return out;
}

}  // namespace

void requireLegacyProvider() {
  (void)Algorithms::get();
}

Digest16 md4(std::span<const std::uint8_t> message) {
  return digest(Algorithms::get().md4, message);
}

Digest16 md5(std::span<const std::uint8_t> message) {
  return digest(Algorithms::get().md5, message);
}

struct HmacMd5::Impl {
  EVP_MAC_CTX* context = nullptr;
  ~Impl() { EVP_MAC_CTX_free(context); }
};

HmacMd5::HmacMd5(std::span<const std::uint8_t> key) : impl_(std::make_unique<Impl>()) {
  impl_->context = EVP_MAC_CTX_dup(Algorithms::get().hmacMd5);
  // An empty key is legal for HMAC (anonymous NTLM); OpenSSL wants a non-null pointer.
  static const std::uint8_t kNoKey = 0;
  if (impl_->context == nullptr ||
      EVP_MAC_init(impl_->context, key.empty() ? &kNoKey : key.data(), key.size(), nullptr) != 1) {
    throw std::runtime_error(opensslError("HMAC-MD5 init"));
  }
}

HmacMd5::~HmacMd5() = default;

HmacMd5& HmacMd5::update(std::span<const std::uint8_t> data) {
  if (!data.empty() && EVP_MAC_update(impl_->context, data.data(), data.size()) != 1) {
    throw std::runtime_error(opensslError("HMAC-MD5 update"));
  }
  return *this;
}

Digest16 HmacMd5::final() {
  Digest16 out{};
  std::size_t length = 0;
  if (EVP_MAC_final(impl_->context, out.data(), &length, out.size()) != 1 || length != out.size()) {
    throw std::runtime_error(opensslError("HMAC-MD5 final"));
  }
  return out;
}

Digest16 hmacMd5(std::span<const std::uint8_t> key, std::span<const std::uint8_t> message) {
  return HmacMd5(key).update(message).final();
}

struct Rc4::Impl {
  CipherContext context;
};

Rc4::Rc4(std::span<const std::uint8_t> key)
    : impl_(std::make_unique<Impl>(Impl{newCipher(Algorithms::get().rc4, key)})) {}
Rc4::~Rc4() = default;
Rc4::Rc4(Rc4&&) noexcept = default;
Rc4& Rc4::operator=(Rc4&&) noexcept = default;

Bytes Rc4::apply(std::span<const std::uint8_t> data) {
  return encrypt(impl_->context.get(), data);
}

Bytes rc4k(std::span<const std::uint8_t> key, std::span<const std::uint8_t> data) {
  return Rc4(key).apply(data);
}

std::array<std::uint8_t, 8> des(std::span<const std::uint8_t, 7> k,
                                std::span<const std::uint8_t, 8> block) {
  // 56 key bits into the top 7 bits of 8 bytes; DES ignores the parity (low) bit.
  const std::array<std::uint8_t, 8> key{k[0],
                                        static_cast<std::uint8_t>((k[0] << 7) | (k[1] >> 1)),
                                        static_cast<std::uint8_t>((k[1] << 6) | (k[2] >> 2)),
                                        static_cast<std::uint8_t>((k[2] << 5) | (k[3] >> 3)),
                                        static_cast<std::uint8_t>((k[3] << 4) | (k[4] >> 4)),
                                        static_cast<std::uint8_t>((k[4] << 3) | (k[5] >> 5)),
                                        static_cast<std::uint8_t>((k[5] << 2) | (k[6] >> 6)),
                                        static_cast<std::uint8_t>(k[6] << 1)};
  CipherContext context = newCipher(Algorithms::get().desEcb, key);
  const Bytes out = encrypt(context.get(), block);
  std::array<std::uint8_t, 8> result{};
  std::copy(out.begin(), out.end(), result.begin());
  return result;
}

std::array<std::uint8_t, 24> desl(std::span<const std::uint8_t, 16> key,
                                  std::span<const std::uint8_t, 8> challenge) {
  // DESL(K, D) = DES(K[0..6], D) || DES(K[7..13], D) || DES(K[14..15] || Z(5), D).
  std::array<std::uint8_t, 7> third{key[14], key[15], 0, 0, 0, 0, 0};
  std::array<std::uint8_t, 24> out{};
  const auto a = des(key.subspan<0, 7>(), challenge);
  const auto b = des(key.subspan<7, 7>(), challenge);
  const auto c = des(std::span<const std::uint8_t, 7>(third), challenge);
  std::copy(a.begin(), a.end(), out.begin());
  std::copy(b.begin(), b.end(), out.begin() + 8);
  std::copy(c.begin(), c.end(), out.begin() + 16);
  return out;
}

void randomBytes(std::span<std::uint8_t> out) {
  // OpenSSL's DRBG, drawn a block at a time: RAND_bytes costs about 14,000 instructions a call
  // however few bytes it makes (locking, the DRBG's reseed checks), and a Type 3 needs 8 + 16.
  // Bytes are handed out once each and zeroed as they leave the pool. Small requests only; larger
  // ones go straight to RAND_bytes. (The process never forks without exec, so no child shares a
  // pool.)
  constexpr std::size_t kPool = 512;
  struct Pool {
    std::array<std::uint8_t, kPool> bytes{};
    std::size_t used = kPool;
    ~Pool() { OPENSSL_cleanse(bytes.data(), bytes.size()); }
  };
  thread_local Pool pool;
  if (out.size() > kPool / 4) {
    if (RAND_bytes(out.data(), static_cast<int>(out.size())) != 1)
      throw std::runtime_error(opensslError("RAND_bytes"));
    return;
  }
  if (kPool - pool.used < out.size()) {
    if (RAND_bytes(pool.bytes.data(), static_cast<int>(kPool)) != 1)
      throw std::runtime_error(opensslError("RAND_bytes"));
    pool.used = 0;
  }
  std::memcpy(out.data(), pool.bytes.data() + pool.used, out.size());
  OPENSSL_cleanse(pool.bytes.data() + pool.used, out.size());
  pool.used += out.size();
}

bool equalDigests(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace authreplay::auth::ntlm::crypto
