// Client-side authentication tokens for one handshake, produced as a browser's SSPI/GSSAPI would
// produce them (IIS-FACTS.md §6, §8): NTLM by the project's own initiator (auth/ntlm/, in the
// style of the client modelled), Kerberos through MIT's GSSAPI. One interface, so a browser
// profile decides *when* to send a leg and a producer decides *what* it carries:
//
//   auto producer = makeTokenProducer(spec);          // one handshake = one producer
//   if (!producer) report(producer.error().message());
//   Result<std::string> first = (*producer)->first();  // "NTLM TlRMTVNTUAAB..." (Type 1)
//   ... send it; on 401 with "WWW-Authenticate: NTLM <Type 2>":
//   Result<std::string> next = (*producer)->next(challengeValue);   // Type 3
//   ... on 200 with "WWW-Authenticate: Negotiate <AP-REP>" (Kerberos, RFC 4559 §5):
//   (*producer)->verifyFinal(finalValue);  then mutualAuthVerified()
//
// Every value returned is a whole header value ("<scheme> <base64>"); label it with legLabel().
// Errors are values carrying GSSAPI's major/minor status text or the NTLM initiator's reason,
// never exceptions; no error text contains a password.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "auth/ntlm/ntlm_initiator.h"
#include "auth/secret.h"

namespace authreplay::auth {

struct ProducerError {
  std::string what;         // the step that failed: "gss_init_sec_context (Kerberos)"
  std::string status;       // "GSS major: ...; minor: ..." (gss_display_status), or our own reason
  std::uint32_t major = 0;  // GSS major status, 0 when the failure was not GSSAPI's
  std::uint32_t minor = 0;

  std::string message() const { return status.empty() ? what : what + ": " + status; }
};

// A value or a ProducerError, in the spirit of cpr::Error inside cpr::Response (STYLE.md).
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}              // NOLINT(google-explicit-constructor)
  Result(ProducerError error) : state_(std::move(error)) {}  // NOLINT

  explicit operator bool() const { return std::holds_alternative<T>(state_); }
  T& value() { return std::get<T>(state_); }
  const T& value() const { return std::get<T>(state_); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const ProducerError& error() const { return std::get<ProducerError>(state_); }

 private:
  std::variant<T, ProducerError> state_;
};

// Success without a value (verifyFinal).
struct Done {};

class TokenProducer {
 public:
  virtual ~TokenProducer() = default;

  // The HTTP scheme the tokens travel under: "NTLM", "Negotiate" or "Basic".
  virtual std::string_view scheme() const = 0;
  // The first Authorization value, produced without server input (NTLM Type 1, a Kerberos
  // AP-REQ, a SPNEGO NegTokenInit, Basic credentials). Called once, first.
  virtual Result<std::string> first() = 0;
  // The next Authorization value from the server's challenge: a WWW-Authenticate value of this
  // producer's scheme carrying a token ("NTLM <Type 2>", "Negotiate <NegTokenResp>").
  virtual Result<std::string> next(std::string_view challenge) = 0;
  // True once the security context is established on the client side (for Kerberos with mutual
  // authentication: only after verifyFinal() accepted the server's AP-REP).
  virtual bool complete() const = 0;
  // Kerberos / SPNEGO: feeds the final `WWW-Authenticate: Negotiate <token>` of a 200 (RFC 4559
  // §5) to GSSAPI, which checks the AP-REP. An error means the server's token did not verify.
  virtual Result<Done> verifyFinal(std::string_view wwwAuthenticate);
  // Whether the server proved its identity (mutual authentication) during this handshake.
  virtual bool mutualAuthVerified() const { return false; }
  // The mechanism that carried the handshake: "NTLM", "Kerberos", "Basic"; for SPNEGO the one
  // negotiated once known (else "SPNEGO").
  virtual std::string mechanism() const = 0;
  // Why the handshake runs on another mechanism than the client's first choice, in words for the
  // report ("Kerberos failed: <GSSAPI's reason>; the browser fell back to NTLM"); empty when it
  // does not.
  virtual std::string fallbackNote() const { return {}; }
};

// Which handshake to produce.
enum class Mechanism {
  kBasic,      // RFC 7617: base64(user ":" password), one leg
  kNtlm,       // the project's NtlmInitiator (auth/ntlm/), raw NTLMSSP messages (MS-NLMP)
  kKerberos,   // krb5 mech (RFC 4121): raw AP-REQ under Negotiate, or inside SPNEGO (`spnego`)
  kNegotiate,  // SPNEGO (RFC 4178): MIT's, krb5 only, when a ticket/keytab is usable; else the
               // project's NTLM inside SPNEGO framing of its own (README "Token producers")
};

// Where the Kerberos client credentials come from. Exactly one of ccache / clientKeytab /
// password (ProducerSpec::password) is used, in that order of preference; nothing is read from
// the process-wide KRB5CCNAME, so two scenarios can use two ccaches in one process.
struct KerberosSource {
  std::string ccache;        // "FILE:/path/ccache" (gss_acquire_cred_from cred store "ccache")
  std::string clientKeytab;  // "FILE:/path/alice.keytab" (cred store "client_keytab")
  std::string principal;     // "alice@HARNESS.TEST"; empty = the ccache's / keytab's default
  bool usePassword = false;  // kinit with ProducerSpec::password (gss_acquire_cred_with_password)
};

struct ProducerSpec {
  Mechanism mechanism = Mechanism::kNtlm;
  // NTLM and Basic: "DOMAIN\\user", split at the first backslash as Chromium's SplitDomainAndUser
  // does (no backslash: empty domain); Negotiate's NTLM fallback uses it too. Kerberos takes
  // KerberosSource::principal instead.
  std::string user;
  // NTLM, Basic, Negotiate's NTLM fallback, Kerberos with usePassword. NTLM keeps only its NT hash
  // (computed by makeTokenProducer), never the password.
  Secret password;
  // NTLM: the NT hash (NTOWFv1) when the caller already holds it, as a browser's credential cache
  // does (Windows keeps it in LSA for the logon session; MS-NLMP 3.1.1.1); else it is computed
  // from password for every handshake.
  std::optional<ntlm::crypto::Digest16> ntHash;
  // NTLMv2: NTOWFv2(ntHash, user, domain) when the caller already holds it (ntlmResponseKeyV2 in
  // ntlm_token_producer.h); it depends on nothing of the handshake, so a browser that keeps its
  // credentials computes it once, not for every Type 3.
  std::optional<ntlm::crypto::Digest16> ntlmV2Key;
  KerberosSource kerberos;

  // The target's host as in the URL, without the port: the SPN is HTTP/<host> as IE builds it
  // (IIS-FACTS.md §6). With spnIncludesPort, HTTP/<host>:<port> as Chrome may build it.
  std::string host;
  std::uint16_t port = 0;
  bool spnIncludesPort = false;
  // The host the Kerberos SPN names when it is not `host`: the canonical name of a CNAME, as a
  // browser that resolves it builds the SPN (BrowserSwitches::cnameLookup). NTLM keeps `host`.
  std::string kerberosHost;

  // NTLM (kNtlm, and kNegotiate's NTLM inside SPNEGO): whose messages to reproduce
  // (auth/ntlm/ntlm_initiator.h): Chromium's net/ntlm (Chrome on Linux/macOS) or Windows SSPI
  // (IE 11, Edge on Windows, .NET's HttpWebRequest on Windows).
  ntlm::ClientStyle ntlmStyle = ntlm::ClientStyle::kWindowsSspi;
  // The Type 3's Workstation field; empty: the style's own choice (ntlmWorkstation()).
  std::string workstation;
  // MsvAvTargetName: HTTP/<host> as IE builds it; with ntlmSpnIncludesPort HTTP/<host>:<port>
  // unless the port is 80 or 443, as Chromium's HttpAuthHandlerNTLM::CreateSPN does (Chrome, Edge).
  bool ntlmSpnIncludesPort = false;

  // kNtlm: send the NTLMSSP messages under `Negotiate` instead of `NTLM` (what Windows' Negotiate
  // package puts on the wire when Kerberos is unusable; see README "Token producers").
  bool ntlmUnderNegotiate = false;
  // kKerberos: wrap the AP-REQ in SPNEGO (IE/SSPI) instead of sending it raw (Chrome, Firefox and
  // curl send the krb5 mech token directly under Negotiate, RFC 4559 §4 allows both).
  bool spnego = false;
  // The channel binding of the TLS connection the tokens go on, as its application data
  // ("tls-server-end-point:" || certificate hash, RFC 5929 §4; auth/tls_server_end_point.h);
  // empty = none (plain HTTP, or a client that sends none). NTLM puts its MD5 in
  // MsvAvChannelBindings, Kerberos in the authenticator; Basic ignores it.
  std::vector<std::uint8_t> channelBindings;
  // Negotiate: whether NTLM inside SPNEGO may be used when Kerberos cannot (false: a client that
  // refuses NTLM, as Windows with outgoing NTLM denied and libcurl 8.22+ inside SPNEGO do).
  bool ntlmAllowed = true;
  // Kerberos / SPNEGO: request mutual authentication (GSS_C_MUTUAL_FLAG), as browsers do.
  bool mutual = true;
};

// Acquires the credentials and returns a producer ready for first(); credential problems (no
// ticket, KDC unreachable, no NTLM password) come back as the error.
Result<std::unique_ptr<TokenProducer>> makeTokenProducer(const ProducerSpec& spec);

// The Kerberos SPN target name text: "HTTP@host" (host-based service) or "HTTP/host:port"
// (principal).
std::string servicePrincipal(const ProducerSpec& spec);

// NTLM's MsvAvTargetName: "HTTP/host", or "HTTP/host:port" (ntlmSpnIncludesPort, port not 80/443).
std::string ntlmTargetName(const ProducerSpec& spec);

// The Workstation a client of `style` puts in its Type 3 for the machine named `hostName`
// (gethostname()): Chromium the name as is (HttpAuthHandlerNTLM's GetHostName); Windows the
// NetBIOS computer name, i.e. the first label, upper case, at most 15 characters (MS-NRPC /
// "Naming conventions in Active Directory": NetBIOS computer names are 15 characters).
std::string ntlmWorkstation(ntlm::ClientStyle style, std::string_view hostName);

// The token of a `WWW-Authenticate: <scheme> <base64>` challenge, or why there is none (another
// scheme, no token, not base64). `what` names the step ("next()") in the error.
Result<std::vector<std::uint8_t>> challengeToken(std::string_view value, std::string_view scheme,
                                                 const char* what);

}  // namespace authreplay::auth
