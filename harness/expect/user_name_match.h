// Whether the user a server reports is the user a scenario expects. The same account has several
// names: IIS logs "HARNESS\alice" (cs-username, IIS-FACTS.md §4), Apache's mod_auth_gssapi sets
// REMOTE_USER to the Kerberos principal "alice@HARNESS.TEST" (or "alice" with GssapiLocalName), a
// Samba/winbind-backed server "HARNESS\alice" after NTLM. Scenarios stay portable by naming the
// user one way; the target's credentials.userAliases lists the other names
// (docs/non-iis-servers.md).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "scenario/target.h"

namespace authreplay::expect {

using scenario::UserAliases;

// True when A and B name the same account: the same form ("DOMAIN\user", "user@REALM" or a bare
// "user"), the account part equal exactly and the domain or realm part equal without regard to
// ASCII case. Windows compares domain names case-insensitively (NetBIOS and DNS domain names; for
// Kerberos names MS-KILE 3.1.5.7: "Name comparisons, whether for users or domains, MUST NOT be case
// sensitive"), and realms are conventionally the upper-cased DNS domain (RFC 4120 §6.1), so
// "harness.test" written by hand is the realm HARNESS.TEST. The account part stays exact: on an
// MIT KDC, alice and Alice are different principals, and a server that reports a name in another
// case than the account has is worth a failure to look at.
bool sameUserName(std::string_view a, std::string_view b);

struct UserMatch {
  bool matched = false;
  // The alias that matched; empty when REPORTED matched the expected name itself (or nothing did).
  std::string alias;
};

// Compares REPORTED with EXPECTED, then with each alias ALIASES lists for EXPECTED (the key is
// found by sameUserName too, so "harness\\alice" finds the aliases of "HARNESS\\alice").
UserMatch matchUser(std::string_view reported, std::string_view expected,
                    const UserAliases& aliases);

// The aliases ALIASES lists for EXPECTED (nullptr when none).
const std::vector<std::string>* aliasesOf(std::string_view expected, const UserAliases& aliases);

}  // namespace authreplay::expect
