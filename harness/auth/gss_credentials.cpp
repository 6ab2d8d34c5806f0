#include "auth/gss_credentials.h"

#include <gssapi/gssapi_ext.h>
#include <gssapi/gssapi_krb5.h>
#include <gssapi/gssapi_ntlmssp.h>

#include <memory>
#include <mutex>
#include <vector>

#include "auth/mech_oid.h"

namespace authreplay::auth {
namespace {

// gss_OID_desc is mutable in the C API; these point at the constants of mech_oid.h.
gss_OID_desc gNtlmssp{static_cast<OM_uint32>(oid::kNtlmssp.size()),
                      const_cast<std::uint8_t*>(oid::kNtlmssp.data())};
gss_OID_desc gKerberos{static_cast<OM_uint32>(oid::kKerberos.size()),
                       const_cast<std::uint8_t*>(oid::kKerberos.data())};
gss_OID_desc gSpnego{static_cast<OM_uint32>(oid::kSpnego.size()),
                     const_cast<std::uint8_t*>(oid::kSpnego.data())};

ProducerError gssError(std::string what, OM_uint32 major, OM_uint32 minor,
                       gss_OID mech = GSS_C_NO_OID) {
  return ProducerError{std::move(what), gss::describeStatus(major, minor, mech), major, minor};
}

Result<gss::Name> importName(const std::string& text, gss_OID type, const char* what) {
  gss::Name name;
  OM_uint32 minor = 0;
  gss_buffer_desc buffer{text.size(), const_cast<char*>(text.data())};
  const OM_uint32 major = gss_import_name(&minor, &buffer, type, name.out());
  if (GSS_ERROR(major)) {
    return gssError(std::string("gss_import_name(") + what + " \"" + text + "\")", major, minor);
  }
  return name;
}

// "DOMAIN\\user" -> {"DOMAIN", "user"}; "user" -> {"", "user"}.
std::pair<std::string, std::string> splitUser(const std::string& user) {
  const auto slash = user.find('\\');
  if (slash == std::string::npos) {
    return {"", user};
  }
  return {user.substr(0, slash), user.substr(slash + 1)};
}

// A cred store (gss_acquire_cred_from, MIT krb5 >= 1.11; gss-ntlmssp's ntlmssp_* keys) built
// from owned strings. The password element points into the caller's Secret, never copied.
class CredStore {
 public:
  void add(const char* key, std::string value) {
    owned_.push_back(std::move(value));
    keys_.push_back(key);
  }
  void addSecret(const char* key, const Secret& secret) {
    secretKeys_.push_back({key, secret.reveal()});
  }
  bool empty() const { return keys_.empty() && secretKeys_.empty(); }
  gss_key_value_set_desc* get() {
    elements_.clear();
    for (std::size_t i = 0; i < keys_.size(); ++i) {
      elements_.push_back({keys_[i], owned_[i].c_str()});
    }
    for (const auto& [key, value] : secretKeys_) {
      // gss-ntlmssp strdup()s the value; it must be NUL-terminated: Secret's std::string is.
      elements_.push_back({key, value.data()});
    }
    set_ = {static_cast<OM_uint32>(elements_.size()), elements_.data()};
    return &set_;
  }

 private:
  std::vector<std::string> owned_;
  std::vector<const char*> keys_;
  std::vector<std::pair<const char*, std::string_view>> secretKeys_;
  std::vector<gss_key_value_element_desc> elements_;
  gss_key_value_set_desc set_{0, nullptr};
};

Result<gss::Credential> acquireFrom(const gss::Name& name, gss_OID mech, CredStore& store,
                                    const std::string& what) {
  gss::Credential credential;
  OM_uint32 minor = 0;
  gss_OID_set_desc mechs{1, mech};
  const OM_uint32 major =
      gss_acquire_cred_from(&minor, name.get(), GSS_C_INDEFINITE, &mechs, GSS_C_INITIATE,
                            store.get(), credential.out(), nullptr, nullptr);
  if (GSS_ERROR(major)) {
    return gssError("gss_acquire_cred_from (" + what + ")", major, minor, mech);
  }
  return credential;
}

Result<gss::Credential> acquireWithPassword(const gss::Name& name, const Secret& password,
                                            gss_OID mech, const std::string& what) {
  gss::Credential credential;
  OM_uint32 minor = 0;
  gss_OID_set_desc mechs{1, mech};
  gss_buffer_desc secret{password.reveal().size(), const_cast<char*>(password.reveal().data())};
  const OM_uint32 major =
      gss_acquire_cred_with_password(&minor, name.get(), &secret, GSS_C_INDEFINITE, &mechs,
                                     GSS_C_INITIATE, credential.out(), nullptr, nullptr);
  if (GSS_ERROR(major)) {
    return gssError("gss_acquire_cred_with_password (" + what + ")", major, minor, mech);
  }
  return credential;
}

// gss-ntlmssp 1.2.0 builds a new OpenSSL context for every password credential and never frees it
// (about 0.6 ms and 7 KB per gss_acquire_cred_with_password, measured with heaptrack under
// `authreplay bench --profile ie11`). A browser also acquires its logon credential once and uses it
// for every handshake, so NTLM password credentials are shared per user and password for the life
// of the process. The credential is only read by gss_init_sec_context; the mutex guards the cache.
Result<std::shared_ptr<const gss::Credential>> sharedNtlmCredential(const gss::Name& name,
                                                                    const std::string& user,
                                                                    const Secret& password) {
  struct Entry {
    std::string user;
    Secret password;
    std::shared_ptr<const gss::Credential> credential;
  };
  static std::mutex mutex;
  static std::vector<Entry> cache;
  const std::lock_guard lock(mutex);
  for (const Entry& entry : cache) {
    if (entry.user == user && entry.password.reveal() == password.reveal()) {
      return entry.credential;
    }
  }
  auto acquired = acquireWithPassword(name, password, &gNtlmssp, "NTLM");
  if (!acquired) {
    return acquired.error();
  }
  auto shared = std::make_shared<const gss::Credential>(std::move(*acquired));
  cache.push_back(Entry{user, password, shared});
  return shared;
}

// Restricts what SPNEGO offers with this credential, in this order (RFC 4178 mechTypes).
std::optional<ProducerError> setNegMechs(gss::Credential& credential,
                                         std::vector<gss_OID_desc> mechs) {
  gss_OID_set_desc set{mechs.size(), mechs.data()};
  OM_uint32 minor = 0;
  const OM_uint32 major = gss_set_neg_mechs(&minor, credential.get(), &set);
  if (GSS_ERROR(major)) {
    return gssError("gss_set_neg_mechs", major, minor);
  }
  return std::nullopt;
}

Result<gss::Name> targetName(const ProducerSpec& spec) {
  if (spec.host.empty()) {
    return ProducerError{"target name", "no host: the SPN is built from the URL's host"};
  }
  // IE: GSS_C_NT_HOSTBASED_SERVICE "HTTP@host" -> HTTP/host@REALM (RFC 2743 §4.1). With the port
  // there is no host-based form, so the principal name is imported as such (RFC 1964 §2.1.1).
  return importName(servicePrincipal(spec),
                    spec.spnIncludesPort ? GSS_KRB5_NT_PRINCIPAL_NAME : GSS_C_NT_HOSTBASED_SERVICE,
                    "target");
}

// The cred store for Kerberos from a ccache or a client keytab. A keytab's tickets go to a
// MEMORY ccache named after it, never to the process's default ccache (which MIT would otherwise
// pick from KRB5CCNAME / krb5.conf); it lives as long as the process, like a browser's ticket
// cache, and is shared by producers with the same keytab.
void addKerberosStore(const KerberosSource& source, CredStore& store) {
  if (!source.ccache.empty()) {
    store.add("ccache", source.ccache);
  } else if (!source.clientKeytab.empty()) {
    store.add("client_keytab", source.clientKeytab);
    store.add("ccache", "MEMORY:authreplay-keytab:" + source.clientKeytab);
  }
}

bool hasKerberosStore(const KerberosSource& source) {
  return !source.ccache.empty() || !source.clientKeytab.empty();
}

// The Kerberos client credential for `mech` (krb5, or SPNEGO restricted to krb5 afterwards).
Result<gss::Credential> kerberosCredential(const ProducerSpec& spec, gss_OID mech,
                                           const std::string& what) {
  const KerberosSource& source = spec.kerberos;
  gss::Name name;
  if (!source.principal.empty()) {
    auto imported = importName(source.principal, GSS_KRB5_NT_PRINCIPAL_NAME, "principal");
    if (!imported) {
      return imported.error();
    }
    name = std::move(*imported);
  }
  if (hasKerberosStore(source)) {
    CredStore store;
    addKerberosStore(source, store);
    return acquireFrom(name, mech, store, what);
  }
  if (source.usePassword) {
    if (name.empty() || spec.password.empty()) {
      return ProducerError{"Kerberos credentials",
                           "a password logon needs a principal and a password"};
    }
    // MIT keeps the TGT in a MEMORY ccache owned by the credential (destroyed with it).
    return acquireWithPassword(name, spec.password, mech, what);
  }
  return ProducerError{"Kerberos credentials", "no ccache, client keytab or password given"};
}

}  // namespace

Result<GssSetup> ntlmSetup(const ProducerSpec& spec) {
  if (spec.user.empty() || spec.password.empty()) {
    return ProducerError{"NTLM credentials", "NTLM needs a user (DOMAIN\\user) and a password"};
  }
  auto name = importName(spec.user, GSS_C_NT_USER_NAME, "user");
  if (!name) {
    return name.error();
  }
  auto credential = sharedNtlmCredential(*name, spec.user, spec.password);
  if (!credential) {
    return credential.error();
  }
  // gss-ntlmssp wants a target name for the initiator; NTLM only carries it as MsvAvTargetName
  // (MS-NLMP 2.2.2.1), which IIS checks only with extended protection. Never with the port.
  auto service = importName("HTTP@" + (spec.host.empty() ? std::string("localhost") : spec.host),
                            GSS_C_NT_HOSTBASED_SERVICE, "target");
  if (!service) {
    return service.error();
  }
  GssSetup setup;
  setup.credential = std::move(*credential);
  setup.target = std::move(*service);
  setup.mech = &gNtlmssp;
  setup.scheme = spec.ntlmUnderNegotiate ? "Negotiate" : "NTLM";
  setup.mechanism = "NTLM";
  return setup;
}

Result<GssSetup> kerberosSetup(const ProducerSpec& spec) {
  gss_OID mech = spec.spnego ? &gSpnego : &gKerberos;
  auto credential = kerberosCredential(spec, mech, spec.spnego ? "SPNEGO/Kerberos" : "Kerberos");
  if (!credential) {
    return credential.error();
  }
  if (spec.spnego) {
    // SPNEGO around Kerberos alone, as SSPI's Negotiate package wraps it (RFC 4559 §4).
    if (auto error = setNegMechs(*credential, {gKerberos})) {
      return *error;
    }
  }
  auto target = targetName(spec);
  if (!target) {
    return target.error();
  }
  GssSetup setup;
  setup.credential = std::make_shared<const gss::Credential>(std::move(*credential));
  setup.target = std::move(*target);
  setup.mech = mech;
  setup.scheme = "Negotiate";
  setup.mechanism = "Kerberos";
  setup.flags = spec.mutual ? GSS_C_MUTUAL_FLAG : 0;
  return setup;
}

// SPNEGO with Kerberos first and NTLM as fallback (RFC 4178 §3; Windows, too, lists Kerberos
// before NTLM). One credential carries both: gss_acquire_cred_from for the SPNEGO mech makes MIT's
// SPNEGO acquire every mechanism with the same desired name and cred store, so
//   - the name is the bare user ("alice", GSS_C_NT_USER_NAME): krb5 reads it as alice@<default
//     realm>, gss-ntlmssp as user "alice" whose domain comes from the store's ntlmssp_domain;
//   - the store holds the Kerberos source (ccache / client_keytab) and gss-ntlmssp's
//     ntlmssp_domain / ntlmssp_password.
// Which of the two mechanisms is usable is probed first, so gss_set_neg_mechs lists exactly those
// and "Negotiate without a Kerberos ticket" becomes NTLM inside SPNEGO.
Result<GssSetup> negotiateSetup(const ProducerSpec& spec) {
  const auto [domain, user] = splitUser(spec.user);
  const bool ntlmWanted = !user.empty() && !spec.password.empty();
  std::string kerberosProblem = "no Kerberos source";

  // The Kerberos source: a ccache or a keytab, or (password logon) a ticket obtained now and
  // stored in a MEMORY ccache named after the principal, so the SPNEGO store can refer to it.
  KerberosSource kerberos = spec.kerberos;
  if (!hasKerberosStore(kerberos) && kerberos.usePassword) {
    auto tgt = kerberosCredential(spec, &gKerberos, "Kerberos");
    if (!tgt) {
      kerberosProblem = tgt.error().message();
    } else {
      const std::string ccache = "MEMORY:authreplay-password:" + kerberos.principal;
      CredStore store;
      store.add("ccache", ccache);
      OM_uint32 minor = 0;
      const OM_uint32 major = gss_store_cred_into(&minor, tgt->get(), GSS_C_INITIATE, &gKerberos, 1,
                                                  0, store.get(), nullptr, nullptr);
      if (GSS_ERROR(major)) {
        kerberosProblem = gssError("gss_store_cred_into", major, minor).message();
      } else {
        kerberos.ccache = ccache;
      }
    }
  }

  gss::Name name;
  if (!user.empty()) {
    auto imported = importName(user, GSS_C_NT_USER_NAME, "user");
    if (!imported) {
      return imported.error();
    }
    name = std::move(*imported);
  } else if (!kerberos.principal.empty()) {
    auto imported = importName(kerberos.principal, GSS_KRB5_NT_PRINCIPAL_NAME, "principal");
    if (!imported) {
      return imported.error();
    }
    name = std::move(*imported);
  }

  CredStore store;
  addKerberosStore(kerberos, store);
  if (ntlmWanted) {
    if (!domain.empty()) {
      store.add(GSS_NTLMSSP_CS_DOMAIN, domain);
    }
    store.addSecret(GSS_NTLMSSP_CS_PASSWORD, spec.password);
  }

  std::vector<gss_OID_desc> usable;
  if (hasKerberosStore(kerberos)) {
    auto probe = acquireFrom(name, &gKerberos, store, "Kerberos");
    if (probe) {
      usable.push_back(gKerberos);
    } else {
      kerberosProblem = probe.error().message();
    }
  }
  std::string ntlmProblem = "no user and password";
  if (ntlmWanted) {
    auto probe = acquireFrom(name, &gNtlmssp, store, "NTLM");
    if (probe) {
      usable.push_back(gNtlmssp);
    } else {
      ntlmProblem = probe.error().message();
    }
  }
  if (usable.empty()) {
    return ProducerError{"Negotiate credentials", "neither Kerberos (" + kerberosProblem +
                                                      ") nor NTLM (" + ntlmProblem + ") is usable"};
  }
  auto credential = acquireFrom(name, &gSpnego, store, "SPNEGO");
  if (!credential) {
    return credential.error();
  }
  if (auto error = setNegMechs(*credential, usable)) {
    return *error;
  }
  auto target = targetName(spec);
  if (!target) {
    return target.error();
  }
  GssSetup setup;
  setup.credential = std::make_shared<const gss::Credential>(std::move(*credential));
  setup.target = std::move(*target);
  setup.mech = &gSpnego;
  setup.scheme = "Negotiate";
  setup.mechanism = "SPNEGO";
  setup.flags = spec.mutual ? GSS_C_MUTUAL_FLAG : 0;
  return setup;
}

}  // namespace authreplay::auth
