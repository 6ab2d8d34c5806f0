// Reads the lab's DIR/lab.env (written by fixtures/lab/labctl up) for integration tests.
// CTest sets AUTHREPLAY_LAB_DIR on every test that requires the `lab` fixture.
#pragma once

#include <map>
#include <optional>
#include <string>

namespace authreplay::testing {

class LabEnv {
 public:
  // nullopt when AUTHREPLAY_LAB_DIR is unset (the test binary was started by hand, without the
  // CTest lab fixture): callers GTEST_SKIP() with skipReason(). Throws std::runtime_error when the
  // variable is set but DIR/lab.env is missing or malformed: under CTest that is a failure.
  static std::optional<LabEnv> load();
  static const char* skipReason();

  // The value of KEY, e.g. get("AUTHREPLAY_TARGET"); throws std::out_of_range naming KEY if absent.
  const std::string& get(const std::string& key) const;
  const std::string& dir() const { return dir_; }
  // Exports every KEY=VALUE into this process's environment (KRB5_CONFIG, KRB5CCNAME, ...).
  void exportAll() const;

 private:
  std::string dir_;
  std::map<std::string, std::string> values_;
};

}  // namespace authreplay::testing
