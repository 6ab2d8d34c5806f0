#include "auth/gss_credentials.h"

#include <gssapi/gssapi_ext.h>
#include <gssapi/gssapi_krb5.h>

#include <memory>
#include <vector>

#include "auth/mech_oid.h"

namespace authreplay::auth {
namespace {

// gss_OID_desc is mutable in the C API; these point at the constants of mech_oid.h.
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

// A cred store (gss_acquire_cred_from, MIT krb5 >= 1.11) built from owned strings.
class CredStore {
 public:
  void add(const char* key, std::string value) {
    owned_.push_back(std::move(value));
    keys_.push_back(key);
  }
  gss_key_value_set_desc* get() {
    elements_.clear();
    for (std::size_t i = 0; i < keys_.size(); ++i) {
      elements_.push_back({keys_[i], owned_[i].c_str()});
    }
    set_ = {static_cast<OM_uint32>(elements_.size()), elements_.data()};
    return &set_;
  }

 private:
  std::vector<std::string> owned_;
  std::vector<const char*> keys_;
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

Result<GssSetup> kerberosSetupWith(const ProducerSpec& spec, bool spnego) {
  gss_OID mech = spnego ? &gSpnego : &gKerberos;
  auto credential = kerberosCredential(spec, mech, spnego ? "SPNEGO/Kerberos" : "Kerberos");
  if (!credential) {
    return credential.error();
  }
  if (spnego) {
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
  // Every gss_init_sec_context call of one context passes the same bindings (RFC 2744 §5.19);
  // the krb5 mechanism puts their MD5 in the authenticator's checksum (RFC 4121 §4.1.1.2).
  setup.channelBindings = spec.channelBindings;
  return setup;
}

}  // namespace

Result<GssSetup> kerberosSetup(const ProducerSpec& spec) {
  return kerberosSetupWith(spec, spec.spnego);
}

// SPNEGO restricted to krb5. NTLM is never a mechanism of MIT's SPNEGO here (gss-ntlmssp stays
// out of harness/, issue 9): without a usable Kerberos credential makeTokenProducer frames the
// project's NTLM in SPNEGO itself (spnego_ntlm_token_producer.h). The credential is acquired for
// the ccache's / keytab's default principal unless one is named.
Result<GssSetup> negotiateKerberosSetup(const ProducerSpec& spec) {
  return kerberosSetupWith(spec, true);
}

}  // namespace authreplay::auth
