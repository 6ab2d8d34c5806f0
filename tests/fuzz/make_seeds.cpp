// Writes the generated seeds of tests/fuzz/corpus into OUTDIR/<target>/, from the project's own
// encoders and iis-sim's own writers, so the seeds are what the parsers meet on the wire:
//   tokens (ntlm_fixture.h's deterministic parties): Type 1 of each client style, the acceptor's
//   Type 2 to each, the initiator's Type 3 (which verifies), the SPNEGO wrappings, and a framed
//   Kerberos AP-REQ / AP-REP / KRB-ERROR shape (RFC 4121 §4.1; no KDC here, so the Kerberos
//   message inside is an empty [APPLICATION n]), and header values of all of them;
//   iis-sim's detailed and custom error pages, HTTP.sys's error page, a W3C log and an HTTPERR
//   log as iis-sim writes them.
// Run as `build-fuzz/bin/make_seeds tests/fuzz/corpus` (the committed seeds were made so).
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <variant>
#include <vector>

#include "auth/base64.h"
#include "auth/mech_oid.h"
#include "auth/ntlm/ntlm_acceptor.h"
#include "auth/ntlm/ntlm_initiator.h"
#include "auth/spnego_token.h"
#include "iis-sim/http/httpsys_error.h"
#include "iis-sim/log/httperr_log_format.h"
#include "iis-sim/log/w3c_log_format.h"
#include "iis-sim/pages/error_page.h"
#include "ntlm_fixture.h"

namespace {

namespace auth = authreplay::auth;
namespace ntlm = auth::ntlm;
using Bytes = std::vector<std::uint8_t>;

std::filesystem::path out;

void write(const std::string& target, const std::string& name, const Bytes& bytes) {
  std::filesystem::create_directories(out / target);
  std::ofstream(out / target / name, std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()),
             static_cast<std::streamsize>(bytes.size()));
}

Bytes text(const std::string& s) {
  return Bytes(s.begin(), s.end());
}

Bytes concat(std::initializer_list<Bytes> parts) {
  Bytes all;
  for (const auto& part : parts)
    all.insert(all.end(), part.begin(), part.end());
  return all;
}

// RFC 2743 §3.1 framing around the Kerberos OID, TOK_ID, then an empty [APPLICATION TAG].
Bytes kerberosToken(std::uint8_t tokId, std::uint8_t applicationTag) {
  Bytes inner{0x06, static_cast<std::uint8_t>(auth::oid::kKerberos.size())};
  inner.insert(inner.end(), auth::oid::kKerberos.begin(), auth::oid::kKerberos.end());
  inner.insert(inner.end(), {tokId, 0x00, static_cast<std::uint8_t>(0x60 | applicationTag), 0x00});
  Bytes token{0x60, static_cast<std::uint8_t>(inner.size())};
  token.insert(token.end(), inner.begin(), inner.end());
  return token;
}

void writeTextSeeds() {
  const auto when = std::chrono::system_clock::time_point(std::chrono::seconds(1796000000));
  iissim::ErrorPageContext page{
      .status = 401,
      .substatus = 2,
      .win32Status = 5,
      .notification = "AuthenticateRequest",
      .handler = "StaticFile",
      .requestedUrl = "http://localhost:80/ActiveXTest/ajaxClient2.htm",
      .physicalPath = "C:\\inetpub\\wwwroot\\ActiveXTest\\ajaxClient2.htm",
      .logonMethod = "Not yet determined",
      .logonUser = "Not yet determined"};
  write("error_page_fuzz", "detailed-401-2", text(iissim::renderDetailedErrorPage(page)));
  page.substatus = 1;
  page.win32Status = 0x8009030C;
  page.logonMethod = "NTLM";
  write("error_page_fuzz", "detailed-401-1", text(iissim::renderDetailedErrorPage(page)));
  page.status = 404;
  page.substatus = 13;
  page.win32Status = 0;
  write("error_page_fuzz", "detailed-404-13", text(iissim::renderDetailedErrorPage(page)));
  write("error_page_fuzz", "custom-401", text(iissim::renderCustomErrorPage(401, 2)));
  write("error_page_fuzz", "httpsys-400",
        text(iissim::renderHttpSysError(iissim::HttpSysError::kBadRequest, "x").body));

  iissim::W3cLogRecord record{.time = when,
                              .serverIp = "127.0.0.1",
                              .method = "GET",
                              .uriStem = "/ActiveXTest/ajaxClient2.htm",
                              .uriQuery = "authreplay-leg=r.1.1",
                              .serverPort = 80,
                              .clientIp = "127.0.0.1",
                              .userAgent = "Mozilla/5.0+(Windows+NT+10.0;+Trident/7.0;+rv:11.0)",
                              .status = 401,
                              .substatus = 2,
                              .win32Status = 5};
  std::string w3c = iissim::w3cHeaderBlock(when) + iissim::formatW3cLine(record);
  record.uriQuery = "authreplay-leg=r.1.2";
  record.substatus = 1;
  record.win32Status = 2148074252u;
  w3c += iissim::formatW3cLine(record);
  record.uriQuery = "authreplay-leg=r.1.3";
  record.username = "HARNESS\\alice";
  record.status = 200;
  record.substatus = 0;
  record.win32Status = 0;
  w3c += iissim::formatW3cLine(record);
  write("w3c_log_fuzz", "u_ex-three-legs", text(w3c));

  iissim::HttpSysEvent event;
  event.connection = {"127.0.0.1", 80, "127.0.0.1", 50000, false};
  event.version = "HTTP/1.1";
  event.method = "GET";
  event.uri = "/ActiveXTest/?authreplay-leg=r.1.1";
  event.status = 400;
  event.reason = "FieldLength";
  event.routed = true;
  std::string httperr =
      iissim::httpErrHeaderBlock(when) +
      iissim::formatHttpErrLine(iissim::httpErrRecord(event, 1, "DefaultAppPool", when));
  event = {};
  event.connection = {"127.0.0.1", 80, "127.0.0.1", 50001, false};
  event.reason = "Timer_ConnectionIdle";
  httperr += iissim::formatHttpErrLine(iissim::httpErrRecord(event, 1, "DefaultAppPool", when));
  write("httperr_log_fuzz", "httperr1", text(httperr));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: make_seeds OUTDIR\n");
    return 2;
  }
  out = argv[1];
  const std::vector<auth::spnego::Oid> mechs{
      auth::spnego::Oid(auth::oid::kNtlmssp.begin(), auth::oid::kNtlmssp.end()),
      auth::spnego::Oid(auth::oid::kKerberos.begin(), auth::oid::kKerberos.end())};
  std::vector<std::string> headers;
  for (std::uint8_t flavour = 0; flavour < 8; ++flavour) {
    const std::string tag = "flavour" + std::to_string(flavour);
    ntlm::NtlmInitiator initiator(authreplay::fuzz::initiatorConfig(flavour));
    ntlm::NtlmAcceptor acceptor(authreplay::fuzz::acceptorConfig());
    const Bytes type1 = initiator.negotiate();
    const auto challenge = acceptor.challenge(type1);
    const Bytes type2 = std::get<Bytes>(challenge);
    const auto answer = initiator.authenticate(type2);
    const Bytes type3 = std::get<Bytes>(answer);
    write("ntlm_initiator_fuzz", tag, concat({{flavour}, type2}));
    write("ntlm_acceptor_fuzz", tag, concat({type1, text("\n--\n"), type3}));
    if (flavour == 0 || flavour == 1 || flavour == 3) {
      write("ntlm_message_fuzz", tag + "-type1", type1);
      write("ntlm_message_fuzz", tag + "-type2", type2);
      write("ntlm_message_fuzz", tag + "-type3", type3);
      const Bytes init = auth::spnego::encodeNegTokenInit(mechs, type1);
      const Bytes resp = auth::spnego::encodeNegTokenResp(auth::spnego::NegState::kAcceptIncomplete,
                                                          mechs[0], type2, std::nullopt);
      const Bytes resp3 =
          auth::spnego::encodeNegTokenResp(std::nullopt, std::nullopt, type3, Bytes(16, 0x11));
      write("spnego_kerberos_fuzz", tag + "-init", init);
      write("spnego_kerberos_fuzz", tag + "-resp2", resp);
      write("spnego_kerberos_fuzz", tag + "-resp3", resp3);
      headers.push_back("NTLM " + auth::base64Encode(type1));
      headers.push_back("NTLM " + auth::base64Encode(type2));
      headers.push_back("Negotiate " + auth::base64Encode(init));
      headers.push_back("Negotiate " + auth::base64Encode(resp));
      headers.push_back("Negotiate " + auth::base64Encode(resp3));
    }
  }
  const Bytes completed = auth::spnego::encodeNegTokenResp(
      auth::spnego::NegState::kAcceptCompleted, std::nullopt, std::nullopt, std::nullopt);
  write("spnego_kerberos_fuzz", "accept-completed", completed);
  const Bytes apReq = kerberosToken(0x01, 14);
  const Bytes apRep = kerberosToken(0x02, 15);
  const Bytes krbError = kerberosToken(0x03, 30);
  write("spnego_kerberos_fuzz", "kerberos-ap-req", apReq);
  write("spnego_kerberos_fuzz", "kerberos-ap-rep", apRep);
  write("spnego_kerberos_fuzz", "kerberos-error", krbError);
  write("spnego_kerberos_fuzz", "spnego-kerberos-ap-req",
        auth::spnego::encodeNegTokenInit({mechs[1], mechs[0]}, apReq));
  headers.push_back("Negotiate " + auth::base64Encode(apReq));
  headers.push_back("Negotiate " + auth::base64Encode(apRep));
  headers.push_back("Negotiate " + auth::base64Encode(completed));
  headers.push_back("Negotiate");
  headers.push_back("Basic realm=\"localhost\"");
  headers.push_back("Basic YWxpY2U6cHc=");
  for (std::size_t i = 0; i < headers.size(); ++i)
    write("leg_label_fuzz", "header" + std::to_string(i), text(headers[i]));
  writeTextSeeds();
  return 0;
}
