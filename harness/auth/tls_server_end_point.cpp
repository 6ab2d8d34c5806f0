#include "auth/tls_server_end_point.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <memory>

namespace authreplay::auth {

namespace {

struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};
using X509Ptr = std::unique_ptr<X509, X509Free>;

std::variant<ChannelBindingData, std::string> endPointOf(const X509Ptr& certificate) {
  // X509_get_signature_info resolves RSA-PSS's hash from its parameters too (OpenSSL 1.1.1+).
  int digestNid = NID_undef;
  if (X509_get_signature_info(certificate.get(), &digestNid, nullptr, nullptr, nullptr) != 1 ||
      digestNid == NID_undef) {
    return std::string(
        "the certificate's signature algorithm has no hash function "
        "(RFC 5929 §4.1 leaves tls-server-end-point undefined for it)");
  }
  // RFC 5929 §4.1: "if the certificate's signatureAlgorithm uses a single hash function and that
  // hash function is either MD5 or SHA-1, then use SHA-256".
  if (digestNid == NID_md5 || digestNid == NID_sha1)
    digestNid = NID_sha256;
  const EVP_MD* digest = EVP_get_digestbynid(digestNid);
  if (digest == nullptr)
    return "OpenSSL has no digest " + std::string(OBJ_nid2sn(digestNid));
  unsigned char hash[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (X509_digest(certificate.get(), digest, hash, &length) != 1)
    return std::string("X509_digest failed");
  ChannelBindingData data(kTlsServerEndPointPrefix.begin(), kTlsServerEndPointPrefix.end());
  data.insert(data.end(), hash, hash + length);
  return data;
}

}  // namespace

std::variant<ChannelBindingData, std::string> tlsServerEndPoint(
    std::span<const std::uint8_t> certificateDer) {
  const unsigned char* cursor = certificateDer.data();
  X509Ptr certificate(d2i_X509(nullptr, &cursor, static_cast<long>(certificateDer.size())));
  if (!certificate)
    return std::string("not a DER X.509 certificate");
  return endPointOf(certificate);
}

std::variant<ChannelBindingData, std::string> tlsServerEndPointOfPem(std::string_view pem) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
  if (!bio)
    return std::string("out of memory");
  X509Ptr certificate(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  if (!certificate)
    return std::string("no PEM certificate");
  return endPointOf(certificate);
}

}  // namespace authreplay::auth
