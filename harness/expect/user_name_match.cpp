#include "expect/user_name_match.h"

#include "text/ascii.h"

namespace authreplay::expect {

namespace {

enum class Form { kBare, kDownLevel, kPrincipal };

// "DOMAIN\user" is Windows's down-level logon name, "user@REALM" a Kerberos principal (or a UPN).
struct NameParts {
  Form form = Form::kBare;
  std::string_view account;
  std::string_view domain;
};

NameParts split(std::string_view name) {
  if (const auto slash = name.find('\\'); slash != std::string_view::npos) {
    return {Form::kDownLevel, name.substr(slash + 1), name.substr(0, slash)};
  }
  if (const auto at = name.rfind('@'); at != std::string_view::npos) {
    return {Form::kPrincipal, name.substr(0, at), name.substr(at + 1)};
  }
  return {Form::kBare, name, {}};
}

}  // namespace

bool sameUserName(std::string_view a, std::string_view b) {
  const auto x = split(a);
  const auto y = split(b);
  return x.form == y.form && x.account == y.account && text::equalsIgnoreCase(x.domain, y.domain);
}

const std::vector<std::string>* aliasesOf(std::string_view expected, const UserAliases& aliases) {
  if (const auto exact = aliases.find(std::string(expected)); exact != aliases.end())
    return &exact->second;
  for (const auto& [name, names] : aliases) {
    if (sameUserName(name, expected))
      return &names;
  }
  return nullptr;
}

UserMatch matchUser(std::string_view reported, std::string_view expected,
                    const UserAliases& aliases) {
  if (sameUserName(reported, expected))
    return {true, {}};
  if (const auto* names = aliasesOf(expected, aliases)) {
    for (const auto& alias : *names) {
      if (sameUserName(reported, alias))
        return {true, alias};
    }
  }
  return {};
}

}  // namespace authreplay::expect
