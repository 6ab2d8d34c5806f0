#include "auth/basic_token_producer.h"

#include <string.h>  // explicit_bzero

#include <vector>

#include "auth/base64.h"

namespace authreplay::auth {
namespace {

class BasicTokenProducer final : public TokenProducer {
 public:
  BasicTokenProducer(std::string user, Secret password)
      : user_(std::move(user)), password_(std::move(password)) {}

  std::string_view scheme() const override { return "Basic"; }
  std::string mechanism() const override { return "Basic"; }
  bool complete() const override { return sent_; }

  Result<std::string> first() override {
    // user-pass = user-id ":" password, UTF-8 (RFC 7617 §2, §2.1). The intermediate copies of
    // the password are wiped; the header value itself is the caller's to keep out of logs.
    std::vector<std::uint8_t> userPass(user_.begin(), user_.end());
    userPass.push_back(':');
    const auto password = password_.reveal();
    userPass.insert(userPass.end(), password.begin(), password.end());
    std::string value = "Basic " + base64Encode(userPass);
    explicit_bzero(userPass.data(), userPass.size());
    sent_ = true;
    return value;
  }

  Result<std::string> next(std::string_view) override {
    // A 401 after Basic credentials is a refusal (401.1), not a challenge to continue.
    return ProducerError{"next()", "Basic has a single leg; a second 401 means the logon failed"};
  }

 private:
  std::string user_;
  Secret password_;
  bool sent_ = false;
};

}  // namespace

Result<std::unique_ptr<TokenProducer>> makeBasicTokenProducer(const ProducerSpec& spec) {
  if (spec.user.empty()) {
    return ProducerError{"Basic credentials", "no user"};
  }
  if (spec.user.find(':') != std::string::npos) {
    return ProducerError{"Basic credentials", "the user-id must not contain ':' (RFC 7617 §2)"};
  }
  return std::unique_ptr<TokenProducer>(
      std::make_unique<BasicTokenProducer>(spec.user, spec.password));
}

}  // namespace authreplay::auth
