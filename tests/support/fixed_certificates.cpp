#include "fixed_certificates.h"

#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

namespace authreplay::testing {

std::vector<std::uint8_t> derOfPem(std::string_view pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  X509* certificate = bio ? PEM_read_bio_X509(bio, nullptr, nullptr, nullptr) : nullptr;
  BIO_free(bio);
  std::vector<std::uint8_t> der;
  if (certificate != nullptr) {
    const int length = i2d_X509(certificate, nullptr);
    if (length > 0) {
      der.resize(static_cast<std::size_t>(length));
      unsigned char* out = der.data();
      i2d_X509(certificate, &out);
    }
    X509_free(certificate);
  }
  return der;
}

}  // namespace authreplay::testing
