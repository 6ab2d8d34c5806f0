#include "gss_initiator.h"

#include <gssapi/gssapi.h>
#include <gssapi/gssapi_krb5.h>
#include <gssapi/gssapi_ntlmssp.h>

#include <stdexcept>

#include "auth/gss_handles.h"

namespace authreplay::testing {
namespace {

gss_OID_desc ntlmOid{GSS_NTLMSSP_OID_LENGTH, const_cast<char*>(GSS_NTLMSSP_OID_STRING)};
gss_OID_desc spnegoOid{6, const_cast<char*>("\x2b\x06\x01\x05\x05\x02")};

void check(OM_uint32 major, OM_uint32 minor, const char* what) {
  if (GSS_ERROR(major)) {
    throw std::runtime_error(std::string(what) + ": " +
                             authreplay::auth::gss::describeStatus(major, minor));
  }
}

}  // namespace

struct GssInitiator::Handles {
  authreplay::auth::gss::Credential credential;
  authreplay::auth::gss::Name target;
  authreplay::auth::gss::Context context;
  gss_OID mech = &ntlmOid;
  OM_uint32 flags = 0;
  bool complete = false;
};

GssInitiator::GssInitiator(const std::string& user, const std::string& password, Wrapping wrapping)
    : handles_(std::make_unique<Handles>()) {
  OM_uint32 minor = 0;
  authreplay::auth::gss::Name name;
  gss_buffer_desc userBuffer{user.size(), const_cast<char*>(user.data())};
  check(gss_import_name(&minor, &userBuffer, GSS_C_NT_USER_NAME, name.out()), minor,
        "gss_import_name(user)");
  gss_buffer_desc passwordBuffer{password.size(), const_cast<char*>(password.data())};
  gss_OID_set_desc mechs{1, wrapping == Wrapping::kSpnego ? &spnegoOid : &ntlmOid};
  check(
      gss_acquire_cred_with_password(&minor, name.get(), &passwordBuffer, GSS_C_INDEFINITE, &mechs,
                                     GSS_C_INITIATE, handles_->credential.out(), nullptr, nullptr),
      minor, "gss_acquire_cred_with_password");
  if (wrapping == Wrapping::kSpnego) {
    // NTLM inside SPNEGO, as a client without a Kerberos ticket negotiates it.
    gss_OID_set_desc ntlmOnly{1, &ntlmOid};
    check(gss_set_neg_mechs(&minor, handles_->credential.get(), &ntlmOnly), minor,
          "gss_set_neg_mechs");
    handles_->mech = &spnegoOid;
  }
  const std::string service = "HTTP@localhost";
  gss_buffer_desc serviceBuffer{service.size(), const_cast<char*>(service.data())};
  check(gss_import_name(&minor, &serviceBuffer, GSS_C_NT_HOSTBASED_SERVICE, handles_->target.out()),
        minor, "gss_import_name(target)");
}

GssInitiator::GssInitiator(const KerberosTarget& target) : handles_(std::make_unique<Handles>()) {
  OM_uint32 minor = 0;
  handles_->mech = &spnegoOid;
  handles_->flags = GSS_C_MUTUAL_FLAG;
  gss_buffer_desc nameBuffer{target.name.size(), const_cast<char*>(target.name.data())};
  check(gss_import_name(&minor, &nameBuffer,
                        target.principal ? GSS_KRB5_NT_PRINCIPAL_NAME : GSS_C_NT_HOSTBASED_SERVICE,
                        handles_->target.out()),
        minor, "gss_import_name(target)");
}

GssInitiator::~GssInitiator() = default;
GssInitiator::GssInitiator(GssInitiator&&) noexcept = default;
GssInitiator& GssInitiator::operator=(GssInitiator&&) noexcept = default;

std::vector<std::uint8_t> GssInitiator::step(std::span<const std::uint8_t> serverToken) {
  OM_uint32 minor = 0;
  gss_buffer_desc input = authreplay::auth::gss::inputBuffer(serverToken);
  authreplay::auth::gss::Buffer output;
  const OM_uint32 major = gss_init_sec_context(
      &minor, handles_->credential.get(), handles_->context.out(), handles_->target.get(),
      handles_->mech, handles_->flags, GSS_C_INDEFINITE, GSS_C_NO_CHANNEL_BINDINGS,
      serverToken.empty() ? GSS_C_NO_BUFFER : &input, nullptr, output.out(), nullptr, nullptr);
  check(major, minor, "gss_init_sec_context");
  handles_->complete = major == GSS_S_COMPLETE;
  const auto bytes = output.bytes();
  return {bytes.begin(), bytes.end()};
}

bool GssInitiator::complete() const {
  return handles_->complete;
}

}  // namespace authreplay::testing

// The asan preset, in the test binaries that load gss-ntlmssp's NTLM (the oracle of the
// project's NTLM): its leaks are suppressed for every executable (ci/sanitizers/
// lsan_suppressions.cpp names the upstream defects), but only by a stack that reaches
// gssntlmssp.so, and ASan's fast unwinder stops inside libcrypto (built without frame pointers)
// before it does. So these binaries record allocation stacks with the slow (DWARF) unwinder. ASan
// calls this hook at start-up; without sanitizers it is unused.
extern "C" const char* __asan_default_options() {
  return "fast_unwind_on_malloc=0";
}
