// The account the in-process auth tests put in their temporary NTLM_USER_FILE.
#pragma once

namespace authreplay::testing {

inline constexpr const char* kTestUser = "HARNESS\\alice";
inline constexpr const char* kTestPassword = "Corr3ct-horse";

}  // namespace authreplay::testing
