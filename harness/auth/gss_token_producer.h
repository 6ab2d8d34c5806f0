// The GSSAPI half of TokenProducer: one gss_init_sec_context loop (RFC 2743 §2.2.1) per
// handshake, for krb5 raw or inside SPNEGO; gss_credentials.h decides the credential, target
// name, mechanism OID and flags. Internal to harness/auth.
#pragma once

#include <gssapi/gssapi.h>

#include <memory>
#include <string>
#include <vector>

#include "auth/gss_handles.h"
#include "auth/token_producer.h"

namespace authreplay::auth {

struct GssSetup {
  // Shared so that a producer never outlives the credential it was made with.
  std::shared_ptr<const gss::Credential> credential;
  gss::Name target;
  gss_OID mech = GSS_C_NO_OID;  // static storage (gss_credentials.cpp)
  std::string scheme;           // "Negotiate"
  std::string mechanism;        // "Kerberos"
  OM_uint32 flags = 0;          // GSS_C_MUTUAL_FLAG for Kerberos when requested
  // The channel binding's application data (ProducerSpec::channelBindings); empty = none.
  std::vector<std::uint8_t> channelBindings;
};

std::unique_ptr<TokenProducer> makeGssTokenProducer(GssSetup setup);

}  // namespace authreplay::auth
