#include "auth/leg_label.h"

#include <variant>

#include "auth/authorization_header.h"
#include "auth/base64.h"
#include "auth/kerberos_token.h"
#include "auth/mech_oid.h"
#include "auth/ntlm_message.h"
#include "auth/spnego_token.h"

namespace authreplay::auth {
namespace {

// Labels a mechanism token (raw, or the inner token of SPNEGO): NTLMSSP or Kerberos.
bool describeInner(std::span<const std::uint8_t> token, LegDescription& leg) {
  if (const auto type = ntlm::messageType(token)) {
    leg.mechanism = "NTLM";
    leg.message = std::to_string(static_cast<int>(*type));
    return true;
  }
  if (const auto kerberos = kerberos::recognise(token)) {
    leg.mechanism = "Kerberos";
    leg.message = std::string(kerberos::messageName(kerberos->type));
    return true;
  }
  return false;
}

void describeNegotiate(std::span<const std::uint8_t> token, LegDescription& leg) {
  if (describeInner(token, leg)) {
    return;
  }
  switch (classifyNegotiateToken(token)) {
    case SpnegoTokenKind::kSpnegoInit: {
      leg.spnego = true;
      const auto decoded = spnego::decodeNegTokenInit(token);
      if (const auto* error = std::get_if<DecodeError>(&decoded)) {
        leg.problem = error->message;
        return;
      }
      const auto& init = std::get<spnego::NegTokenInit>(decoded);
      for (const auto& mech : init.mechTypes) {
        leg.mechTypes.push_back(oid::mechanismName(mech));
      }
      if (init.mechToken && describeInner(*init.mechToken, leg)) {
        return;
      }
      // No optimistic token: the initiator only proposes (RFC 4178 §4.2.1).
      leg.mechanism = "SPNEGO";
      leg.message = "init";
      return;
    }
    case SpnegoTokenKind::kSpnegoResponse: {
      leg.spnego = true;
      const auto decoded = spnego::decodeNegTokenResp(token);
      if (const auto* error = std::get_if<DecodeError>(&decoded)) {
        leg.problem = error->message;
        return;
      }
      const auto& resp = std::get<spnego::NegTokenResp>(decoded);
      if (resp.responseToken && describeInner(*resp.responseToken, leg)) {
        return;
      }
      // No inner token (the acceptor's final accept-completed after NTLM, a reject): the label
      // names the negotiation state, under the mechanism the acceptor chose if it said.
      leg.mechanism = resp.supportedMech && !resp.responseToken
                          ? oid::mechanismName(*resp.supportedMech)
                          : std::string("SPNEGO");
      leg.message =
          resp.negState ? std::string(spnego::negStateName(*resp.negState)) : std::string("resp");
      return;
    }
    case SpnegoTokenKind::kKerberos:
      leg.problem = "Kerberos token with an unknown TOK_ID or a damaged body";
      return;
    case SpnegoTokenKind::kOther:
      leg.problem = "neither SPNEGO, Kerberos nor NTLMSSP";
      return;
  }
}

}  // namespace

LegDescription describeAuthValue(std::string_view headerValue) {
  LegDescription leg;
  const auto header = parseAuthorizationHeader(headerValue);
  if (!header) {
    leg.label = "?";
    leg.problem = "not an authentication header value";
    return leg;
  }
  const bool ntlmScheme = header->schemeIs("NTLM");
  const bool negotiate = header->schemeIs("Negotiate");
  leg.scheme = ntlmScheme ? "NTLM" : negotiate ? "Negotiate" : header->scheme;
  if (header->schemeIs("Basic")) {
    leg.scheme = "Basic";
    leg.label = "Basic";  // the token is the password in base64: it is never described
    return leg;
  }
  if ((!ntlmScheme && !negotiate) || header->token.empty()) {
    leg.label = leg.scheme;  // a bare offer, or a scheme this harness does not decode
    return leg;
  }
  const auto token = base64Decode(header->token);
  if (!token) {
    leg.problem = "token is not base64";
  } else if (ntlmScheme) {
    leg.mechanism = "NTLM";
    if (const auto type = ntlm::messageType(*token)) {
      leg.message = std::to_string(static_cast<int>(*type));
    } else {
      leg.problem = "not an NTLMSSP message";
    }
  } else {
    describeNegotiate(*token, leg);
  }
  if (leg.message.empty()) {
    leg.message = "?";
  }
  if (ntlmScheme) {
    leg.label = "NTLM/" + leg.message;
  } else {
    leg.label = "Negotiate(" + (leg.mechanism.empty() ? std::string("?") : leg.mechanism) + ")";
    if (!leg.mechanism.empty()) {
      leg.label += "/" + leg.message;
    }
  }
  return leg;
}

std::string legLabel(std::string_view headerValue) {
  return describeAuthValue(headerValue).label;
}

}  // namespace authreplay::auth
