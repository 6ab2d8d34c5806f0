#include "browser/scripted_profile.h"

#include <algorithm>
#include <variant>

#include "auth/authorization_header.h"
#include "auth/base64.h"
#include "auth/kerberos_error.h"
#include "auth/leg_label.h"
#include "auth/ntlm/ntlm_keys.h"
#include "auth/ntlm_token_producer.h"
#include "auth/spnego_token.h"
#include "auth/tls_server_end_point.h"
#include "text/ascii.h"

namespace authreplay::browser {

namespace {

// More legs than any handshake needs (anonymous, 407, Type 1, Type 3, ...): a server that keeps
// answering 401 with fresh challenges ends the step here instead of looping.
constexpr int kMaxLegs = 8;

bool methodSendsBody(const http::TransferRequest& request) {
  return request.body.has_value() && !request.body->empty();
}

bool hasHeader(const http::TransferRequest& request, std::string_view name) {
  return http::firstHeader(request.headers, name).has_value();
}

// The schemes the challenge headers offer that the harness knows, in header order.
std::vector<auth::Scheme> offeredSchemes(const LegOutcome& response, std::string_view header) {
  std::vector<auth::Scheme> out;
  for (const auto& value : http::headerValues(response.headers, header)) {
    const auto parsed = auth::parseAuthorizationHeader(value);
    if (const auto scheme = parsed ? auth::parseScheme(parsed->scheme) : std::nullopt)
      out.push_back(*scheme);
  }
  return out;
}

bool offers(const std::vector<auth::Scheme>& offered, auth::Scheme scheme) {
  return std::find(offered.begin(), offered.end(), scheme) != offered.end();
}

// The first scheme of PREFERENCE that OFFERED holds and USABLE accepts (a 401's and a 407's
// choice alike: IIS-FACTS.md §6, "IE answers the 401 with the first provider it supports").
template <typename Usable>
std::optional<auth::Scheme> firstUsable(const std::vector<auth::Scheme>& preference,
                                        const std::vector<auth::Scheme>& offered, Usable usable) {
  for (const auto preferred : preference) {
    if (offers(offered, preferred) && usable(preferred))
      return preferred;
  }
  return std::nullopt;
}

// The WWW-Authenticate (or HEADER) value of SCHEME that carries a token (a challenge to answer).
std::optional<std::string> challengeFor(const LegOutcome& response, auth::Scheme scheme,
                                        std::string_view header = "WWW-Authenticate") {
  for (const auto& value : http::headerValues(response.headers, header)) {
    const auto parsed = auth::parseAuthorizationHeader(value);
    if (parsed && parsed->schemeIs(auth::schemeName(scheme)) && !parsed->token.empty())
      return value;
  }
  return std::nullopt;
}

// Whether CHALLENGE, the 401's Negotiate value after the browser's AP-REQ, refuses the ticket:
// none at all (a bare offer), the acceptor's KRB-ERROR, or SPNEGO's negState reject (RFC 4178
// §4.2.2). A continuation token (accept-incomplete) is not a refusal.
bool refusesKerberos(const std::optional<std::string>& challenge) {
  if (!challenge)
    return true;
  if (auth::kerberos::krbErrorIn(*challenge))
    return true;
  const auto parsed = auth::parseAuthorizationHeader(*challenge);
  const auto bytes = parsed ? auth::base64Decode(parsed->token) : std::nullopt;
  if (!bytes)
    return false;
  const auto response = auth::spnego::decodeNegTokenResp(*bytes);
  const auto* resp = std::get_if<auth::spnego::NegTokenResp>(&response);
  return resp != nullptr && resp->negState == auth::spnego::NegState::kReject;
}

std::string basicCredentials(const std::string& user, const auth::Secret& password) {
  std::string plain = user + ":";
  plain += password.reveal();
  std::string encoded = auth::base64Encode(
      std::span(reinterpret_cast<const std::uint8_t*>(plain.data()), plain.size()));
  auth::wipeString(plain);
  return "Basic " + encoded;
}

}  // namespace

ScriptedProfile::ScriptedProfile(BrowserSwitches switches, ClientCredentials credentials,
                                 TokenFactory factory)
    : switches_(std::move(switches)),
      credentials_(std::move(credentials)),
      factory_(std::move(factory)) {}

bool ScriptedProfile::canUse(auth::Scheme scheme) const {
  const bool password = credentials_.present && !credentials_.user.empty();
  switch (scheme) {
    case auth::Scheme::kNegotiate:
      return (password && switches_.ntlm) || (credentials_.kerberos && switches_.kerberos);
    case auth::Scheme::kNtlm:
      return password && switches_.ntlm;
    case auth::Scheme::kBasic:
      return password;
  }
  return false;
}

// The first scheme of the browser's preference that the server offers and the browser can use
// (IIS-FACTS.md §6: "IE answers the 401 with the first provider it supports").
std::optional<auth::Scheme> ScriptedProfile::chooseScheme(
    const std::vector<auth::Scheme>& offered) const {
  return firstUsable(switches_.preference, offered,
                     [this](auth::Scheme scheme) { return canUse(scheme); });
}

bool ScriptedProfile::canUseWithProxy(auth::Scheme scheme,
                                      const http::ProxyCredentials& proxy) const {
  if (scheme == auth::Scheme::kNegotiate && credentials_.kerberos && switches_.kerberos)
    return true;  // Kerberos to the proxy with the client's own ticket
  if (scheme != auth::Scheme::kBasic && !switches_.ntlm)
    return false;  // NTLM, also inside Negotiate, refused
  return !proxy.empty();
}

auth::ProducerSpec ScriptedProfile::baseSpec(auth::Scheme scheme, const UrlParts& server) const {
  auth::ProducerSpec spec;
  spec.mechanism = scheme == auth::Scheme::kNtlm    ? auth::Mechanism::kNtlm
                   : scheme == auth::Scheme::kBasic ? auth::Mechanism::kBasic
                                                    : auth::Mechanism::kNegotiate;
  if (credentials_.kerberos && switches_.kerberos) {
    spec.kerberos.ccache = credentials_.kerberosCcache;
    spec.kerberos.clientKeytab = credentials_.kerberosClientKeytab;
    spec.kerberos.principal = credentials_.kerberosPrincipal;
  }
  spec.host = server.host;
  spec.port = server.port;
  spec.spnIncludesPort = switches_.spnIncludesPort;
  if (switches_.cnameLookup) {
    if (const auto it = credentials_.canonicalNames.find(server.host);  // lower case (url_parts.h)
        it != credentials_.canonicalNames.end()) {
      spec.kerberosHost = it->second;
    }
  }
  spec.ntlmStyle = switches_.ntlmStyle;
  spec.ntlmSpnIncludesPort = switches_.ntlmSpnIncludesPort;
  spec.ntlmAllowed = switches_.ntlm;
  return spec;
}

auth::ProducerSpec ScriptedProfile::originSpec(auth::Scheme scheme, const UrlParts& url) {
  auto spec = baseSpec(scheme, url);
  if (credentials_.present) {
    spec.user = credentials_.user;
    spec.password = credentials_.password;
    if (scheme != auth::Scheme::kBasic) {
      spec.ntHash = ntHash();
      if (spec.ntHash && !ntlmV2Key_)
        ntlmV2Key_ = auth::ntlmResponseKeyV2(credentials_.user, *spec.ntHash);
      spec.ntlmV2Key = ntlmV2Key_;
    }
  }
  // Over TLS the token is bound to the connection: the binding of the certificate this origin
  // presented (on the connection the token goes on, or, for one not open yet, the last one).
  if (switches_.channelBinding && url.scheme == "https") {
    if (const auto it = bindings_.find(url.origin()); it != bindings_.end())
      spec.channelBindings = it->second.applicationData;
  }
  return spec;
}

// A proxy handshake is made as the origin's, with the proxy's credentials (the target's
// "proxyCredentials") and its host for the SPN (HTTP/<proxy host>, as browsers build it for a
// proxy: Chromium's HttpAuthHandlerNegotiate uses the challenger's host). No channel binding:
// the connection to the proxy is plain HTTP.
auth::ProducerSpec ScriptedProfile::proxySpec(auth::Scheme scheme, const UrlParts& proxyUrl,
                                              const http::ProxyCredentials& proxy) const {
  auto spec = baseSpec(scheme, proxyUrl);
  spec.user = proxy.user;
  spec.password = proxy.password;
  return spec;
}

std::optional<std::string> ScriptedProfile::startHandshake(auth::Scheme scheme, const UrlParts& url,
                                                           std::optional<Handshake>& handshake) {
  return startWith(originSpec(scheme, url), scheme, handshake);
}

std::optional<std::string> ScriptedProfile::startWith(const auth::ProducerSpec& spec,
                                                      auth::Scheme scheme,
                                                      std::optional<Handshake>& handshake) {
  auto producer = factory_(spec);
  if (!producer) {
    handshake.reset();
    lastError_ = producer.error().message();
    return std::nullopt;
  }
  auto first = (*producer)->first();
  if (!first) {
    handshake.reset();
    lastError_ = first.error().message();
    return std::nullopt;
  }
  Handshake started;
  started.producer = std::move(*producer);
  started.scheme = scheme;
  // Which mechanism Negotiate chose is in its first token (SPNEGO's mechTypes, or a raw AP-REQ);
  // NTLM and Basic are what they say.
  started.mechanism = scheme == auth::Scheme::kNegotiate ? auth::describeAuthValue(*first).mechanism
                                                         : started.producer->mechanism();
  if (auto note = started.producer->fallbackNote(); !note.empty())
    notes_.push_back(std::move(note));
  handshake = std::move(started);
  return *first;
}

void ScriptedProfile::rememberCertificate(const UrlParts& url, const LegOutcome& response) {
  if (!response.tls || response.serverCertificate.empty())
    return;
  auto& known = bindings_[url.origin()];
  if (known.certificate == response.serverCertificate)
    return;  // computed once per certificate, not per leg
  known.certificate = response.serverCertificate;
  const auto binding = auth::tlsServerEndPoint(known.certificate);
  // A certificate without a defined binding (Ed25519, RFC 5929 §4.1) gets none, as SSPI sends
  // none when it cannot compute one.
  known.applicationData = std::holds_alternative<auth::ChannelBindingData>(binding)
                              ? std::get<auth::ChannelBindingData>(binding)
                              : auth::ChannelBindingData{};
}

std::optional<auth::ntlm::crypto::Digest16> ScriptedProfile::ntHash() {
  if (!ntHash_) {
    try {
      ntHash_ = auth::ntlm::ntowfV1(credentials_.password.reveal());
    } catch (const std::exception&) {
      return std::nullopt;  // OpenSSL's legacy provider is missing: the producer says so
    }
  }
  return ntHash_;
}

http::HttpVersionPolicy ScriptedProfile::versionFor(const UrlParts& url) const {
  if (switches_.http2 == scenario::Http2Use::kFallback && http11Origins_.count(url.origin()))
    return http::HttpVersionPolicy::kHttp11;
  return versionPolicy(switches_.http2);
}

void ScriptedProfile::requireHttp11(const UrlParts& url, const std::string& why) {
  if (!http11Origins_.insert(url.origin()).second)
    return;
  notes_.push_back(why + ": the browser went on over a new HTTP/1.1 connection and keeps " +
                   url.origin() + " on HTTP/1.1");
}

http::TransferRequest ScriptedProfile::legRequest(const Step& step) {
  const auto& plan = step.plan;
  http::TransferRequest leg = step.request;
  leg.httpVersion = versionFor(step.url);
  leg.auth = {};              // never libcurl's own authentication: every header is ours
  leg.proxyCredentials = {};  // the 407 is answered by this profile, not by libcurl
  leg.reuse = plan.fresh ? http::ConnectionReuse::kFresh : http::ConnectionReuse::kReuse;
  leg.soleConnection = plan.fresh;
  // A step that closes its connection ("connection": "close") closes it after the leg that ends
  // the handshake (the Type 3, Basic), as the browser drops it after the answer; never after a
  // Type 1, whose challenge must come back on the same connection.
  if (!plan.fresh && step.request.reuse == http::ConnectionReuse::kForbidReuse && step.handshake &&
      step.handshake->producer->complete()) {
    leg.reuse = http::ConnectionReuse::kForbidReuse;
  }
  if (!switches_.userAgent.empty() && !hasHeader(step.request, "User-Agent"))
    leg.headers.push_back({"User-Agent", switches_.userAgent});
  if (plan.authorization)
    leg.headers.push_back({"Authorization", *plan.authorization});
  if (plan.proxyAuthorization) {
    leg.headers.push_back({"Proxy-Authorization", *plan.proxyAuthorization});
  } else if (!step.request.proxy.empty()) {
    if (const auto it = proxyAuth_.find(step.request.proxy); it != proxyAuth_.end())
      leg.headers.push_back({"Proxy-Authorization", it->second});
  }
  if (plan.emptyBody) {
    leg.body = std::string();  // Content-Length: 0 (seed 000)
  } else if (switches_.expectContinue && methodSendsBody(step.request) &&
             !hasHeader(step.request, "Expect")) {
    leg.headers.push_back({"Expect", "100-continue"});  // IIS-FACTS.md §6 (.NET)
  }
  return leg;
}

// The first leg: anonymous, unless the browser expects a challenge here (a space that challenged
// before) and pre-authenticates.
std::optional<std::string> ScriptedProfile::planFirstLeg(Step& step) {
  auto& plan = step.plan;
  const auto space = spaces_.find(step.url);
  if (!space || !canUse(space->scheme))
    return std::nullopt;
  const auto last = lastConnection_.find(step.route);
  const bool connectionAuthenticated =
      !plan.fresh && last != lastConnection_.end() &&
      connections_.get(last->second).origin == AuthState::kAuthenticated;
  const bool basic = space->scheme == auth::Scheme::kBasic;
  const bool expectsChallenge = space->mechanism != "Kerberos" && !basic;
  // A POST that expects a challenge is pre-authenticated even on an authenticated connection
  // (seed 000 frame 8); other requests are only on a connection not yet authenticated. Basic is
  // not connection-based: browsers send it with every request in the space (RFC 7617 §2.2).
  const bool emptyPost = step.bodyPending && switches_.emptyPost && expectsChallenge;
  const bool preAuth = basic || (switches_.ntlmPreAuth && (emptyPost || !connectionAuthenticated));
  if (!preAuth)
    return std::nullopt;
  plan.authorization = startHandshake(space->scheme, step.url, step.handshake);
  if (!plan.authorization)
    return "cannot make the " + std::string(auth::schemeName(space->scheme)) +
           " token: " + lastError_;
  plan.emptyBody = emptyPost && switches_.ntlmPreAuth;
  return std::nullopt;
}

Decision ScriptedProfile::begin(const http::TransferRequest& request) {
  const auto url = parseUrl(request.url);
  if (!url)
    return StepFailed{"the scripted browser cannot parse the URL " + request.url};
  Step step;
  step.request = request;
  step.url = *url;
  step.route = request.proxy.empty() ? url->origin() : request.proxy;
  step.bodyPending = methodSendsBody(request);
  step.plan.fresh = request.reuse == http::ConnectionReuse::kFresh || reconnectNextStep_;
  reconnectNextStep_ = request.reuse == http::ConnectionReuse::kForbidReuse;
  if (auto error = planFirstLeg(step))
    return StepFailed{std::move(*error)};
  step_ = std::move(step);
  return next(*step_);
}

Decision ScriptedProfile::endStep() {
  step_.reset();
  return StepDone{};
}

// The leg the plan describes, counted against kMaxLegs.
Decision ScriptedProfile::next(Step& step) {
  if (++step.legs > kMaxLegs) {
    step_.reset();
    return StepDone{};
  }
  return legRequest(step);
}

void ScriptedProfile::onTransferFailed() {
  step_.reset();
}

// A 407 (RFC 9110 §15.5.8) from the step's forward proxy. A handshake with the proxy under way
// gets its next token from the Proxy-Authenticate challenge; otherwise the browser picks the
// first scheme of its preference the proxy offers and it can use (as for a 401): Basic with the
// proxy credentials, sent with every later request through the proxy; Negotiate (Kerberos with
// the client's ticket for HTTP/<proxy host>, else NTLM in SPNEGO) or NTLM, which authenticate the
// connection to the proxy. The origin's Authorization of the refused leg goes again unchanged:
// the proxy never forwarded it. nullopt: nothing to answer with (refused, or no credentials).
std::optional<Decision> ScriptedProfile::answerProxy(Step& step, const LegOutcome& response) {
  auto& plan = step.plan;
  const long connection = response.connection;
  const auto& credentials = step.request.proxyCredentials;
  if (step.proxyHandshake) {
    auto& handshake = *step.proxyHandshake;
    const auto challenge = challengeFor(response, handshake.scheme, "Proxy-Authenticate");
    if (!challenge || handshake.producer->complete())
      return std::nullopt;  // the proxy refused the handshake
    auto token = handshake.producer->next(*challenge);
    if (!token) {
      const std::string scheme(auth::schemeName(handshake.scheme));
      step_.reset();
      return Decision{StepFailed{"cannot answer the proxy's " + scheme +
                                 " challenge: " + token.error().message()}};
    }
    plan.proxyAuthorization = std::move(*token);
    return next(step);
  }
  if (step.proxyAnswered)
    return std::nullopt;  // Basic refused: the browser would prompt
  const auto offered = offeredSchemes(response, "Proxy-Authenticate");
  // The browser's order of preference; Basic last when the list leaves it out (a scenario's
  // "schemes" says what the browser answers the origin with; every browser answers a proxy's
  // Basic 407 with the proxy credentials).
  auto candidates = switches_.preference;
  if (!offers(candidates, auth::Scheme::kBasic))
    candidates.push_back(auth::Scheme::kBasic);
  const auto scheme = firstUsable(candidates, offered, [&](auth::Scheme candidate) {
    return canUseWithProxy(candidate, credentials);
  });
  if (!scheme)
    return std::nullopt;
  if (*scheme == auth::Scheme::kBasic) {
    proxyAuth_[step.request.proxy] = basicCredentials(credentials.user, credentials.password);
    step.proxyAnswered = true;
    connections_.setProxy(connection, AuthState::kHandshaking);
    return next(step);  // the same leg again, now with Proxy-Authorization
  }
  const auto proxyUrl = parseUrl(step.request.proxy);
  if (!proxyUrl) {
    step_.reset();
    return Decision{
        StepFailed{"the scripted browser cannot parse the proxy URL " + step.request.proxy}};
  }
  plan.proxyAuthorization =
      startWith(proxySpec(*scheme, *proxyUrl, credentials), *scheme, step.proxyHandshake);
  if (!plan.proxyAuthorization) {
    const std::string name(auth::schemeName(*scheme));
    step_.reset();
    return Decision{StepFailed{"cannot make the " + name + " token for the proxy: " + lastError_}};
  }
  connections_.setProxy(connection, AuthState::kHandshaking);
  return next(step);
}

Decision ScriptedProfile::onLeg(const LegOutcome& response) {
  if (!step_)
    return StepDone{};
  auto& step = *step_;
  auto& plan = step.plan;
  const long connection = response.connection;
  if (plan.fresh)
    connections_.onlyKeep(connection);  // the driver closed the older connections
  lastConnection_[step.route] = connection;
  plan.fresh = false;
  if (plan.authorization && step.handshake)
    connections_.setOrigin(connection, AuthState::kHandshaking);

  rememberCertificate(step.url, response);
  // libcurl already sent the request again on a new HTTP/1.1 connection, as the browser does on
  // ERR_HTTP_1_1_REQUIRED (Chromium's HttpNetworkTransaction::HandleHttp11Required); this leg is
  // that retry. An exact HTTP/2 client never gets here: its transfer failed instead.
  if (response.streamReset == "HTTP_1_1_REQUIRED" &&
      switches_.http2 == scenario::Http2Use::kFallback) {
    requireHttp11(step.url, "the server reset the HTTP/2 stream with HTTP_1_1_REQUIRED");
  }
  if (!response.streamReset.empty() && response.status == 0) {
    // No retry was made: the client is held to HTTP/2 (.NET throws HttpRequestException, "The
    // HTTP/2 server reset the stream. HTTP/2 error code 'HTTP_1_1_REQUIRED' (0xd)").
    notes_.push_back("the server reset the HTTP/2 stream with " + response.streamReset +
                     ": a client held to HTTP/2 (exact) does not retry on HTTP/1.1 and the "
                     "request fails");
    return endStep();
  }

  const auto& proxy = step.request.proxy;
  if (response.status == 407 && !proxy.empty()) {
    if (auto decision = answerProxy(step, response))
      return std::move(*decision);
    connections_.setProxy(connection, AuthState::kRefused);
    return endStep();
  }
  if (step.proxyHandshake) {
    // The proxy let the leg through: the connection to it is authenticated (NTLM and Negotiate
    // authenticate the connection, RFC 4559 §6, MS-NLMP 1.3), so later legs on it go without
    // Proxy-Authorization. Kerberos's AP-REP, if the proxy sent one, is checked as the origin's.
    auto& handshake = *step.proxyHandshake;
    if (const auto final = challengeFor(response, handshake.scheme, "Proxy-Authenticate");
        final && !handshake.producer->complete()) {
      (void)handshake.producer->verifyFinal(*final);
    }
    connections_.setProxy(connection, AuthState::kAuthenticated);
    step.proxyHandshake.reset();
    plan.proxyAuthorization.reset();
  } else if (!proxy.empty() && proxyAuth_.count(proxy)) {
    connections_.setProxy(connection, AuthState::kAuthenticated);
  }

  if (response.status != 401) {
    if (step.handshake) {
      auto& handshake = *step.handshake;
      // Kerberos mutual authentication: the 200 carries the AP-REP (RFC 4559 §5). A token that
      // does not verify is the server's problem; the leg itself shows it.
      if (const auto final = challengeFor(response, handshake.scheme);
          final && !handshake.producer->complete()) {
        (void)handshake.producer->verifyFinal(*final);
      }
      if (response.status < 400) {
        connections_.setOrigin(connection, AuthState::kAuthenticated);
        spaces_.remember(step.url, handshake.scheme, handshake.mechanism);
      }
    }
    // An empty pre-authenticated POST answered with anything but 401 is all the server gets
    // (seed 000: 400 from the anonymous web service): the body is never sent.
    return endStep();
  }

  // 401.
  if (step.handshake) {
    auto& handshake = *step.handshake;
    const auto challenge = challengeFor(response, handshake.scheme);
    if (handshake.scheme == auth::Scheme::kNegotiate && handshake.mechanism == "Kerberos" &&
        refusesKerberos(challenge)) {
      connections_.setOrigin(connection, AuthState::kRefused);
      return kerberosRefused(step, response, challenge);
    }
    if (!challenge || handshake.producer->complete() || handshake.scheme == auth::Scheme::kBasic) {
      // No challenge to answer: logon failed (401.1), or a pre-authenticated first request
      // refused (KB 2749007). The browser would prompt; the step ends here.
      connections_.setOrigin(connection, AuthState::kRefused);
      return endStep();
    }
    auto token = handshake.producer->next(*challenge);
    if (!token) {
      const std::string scheme(auth::schemeName(handshake.scheme));
      step_.reset();
      return StepFailed{"cannot answer the " + scheme + " challenge: " + token.error().message()};
    }
    plan.authorization = std::move(*token);
    plan.emptyBody = false;  // the body goes with the last leg (Type 3)
    return next(step);
  }
  connections_.setOrigin(connection, AuthState::kNone);
  const auto scheme = chooseScheme(offeredSchemes(response, "WWW-Authenticate"));
  if (!scheme)
    return endStep();  // nothing the browser can answer (squid connection-auth=off, 401.2)
  if (response.httpVersion == "HTTP/2" && *scheme != auth::Scheme::kBasic) {
    // A 401 that came over HTTP/2 (HTTP.sys may send it rather than reset the stream: dotnet/
    // runtime #1582, kiota-dotnet #565's "401 2 5"). NTLM and Negotiate authenticate a connection,
    // which HTTP/2 multiplexes: Chromium's PrepareForAuthRestart sets HTTP11Required for a
    // connection-based scheme (HttpAuthController::NeedsHTTP11) and restarts on HTTP/1.1. A client
    // held to HTTP/2 cannot, and shows the 401.
    const std::string name(auth::schemeName(*scheme));
    if (switches_.http2 == scenario::Http2Use::kExact) {
      notes_.push_back("the 401 came over HTTP/2 and " + name +
                       " needs HTTP/1.1: a client held to HTTP/2 (exact) shows the 401");
      return endStep();
    }
    requireHttp11(step.url, "the 401 came over HTTP/2 and " + name + " needs HTTP/1.1");
  }
  return answer401(step, *scheme);
}

Decision ScriptedProfile::answer401(Step& step, auth::Scheme scheme) {
  auto& plan = step.plan;
  spaces_.remember(step.url, scheme, "");
  plan.authorization = startHandshake(scheme, step.url, step.handshake);
  if (!plan.authorization) {
    const std::string name(auth::schemeName(scheme));
    if (scheme == auth::Scheme::kNegotiate && !switches_.ntlm) {
      // Kerberos failed and NTLM is refused: the browser has nothing to answer with and shows
      // the 401 (Windows with outgoing NTLM denied: the logon fails instead of falling back).
      notes_.push_back(lastError_ + ": the browser cannot answer the 401 (ntlm: false)");
      return endStep();
    }
    step_.reset();
    return StepFailed{"cannot make the " + name + " token: " + lastError_};
  }
  // A token the server must answer with a challenge (NTLM, also inside SPNEGO) goes without the
  // body (IEInternals Zero-Length Posts; .NET's Type 1 leg, IIS-FACTS.md §6).
  plan.emptyBody = step.bodyPending && switches_.emptyPost && step.handshake->mechanism == "NTLM";
  plan.fresh = switches_.reconnectAfter401;  // seed 000 root cause A.b
  return next(step);
}

Decision ScriptedProfile::kerberosRefused(Step& step, const LegOutcome& response,
                                          const std::optional<std::string>& challenge) {
  // Why, from the acceptor's KRB-ERROR when it sent one (the SPN the ticket was for is in the
  // AP-REQ, decoded in the report's leg evidence).
  const auto error = challenge ? auth::kerberos::krbErrorIn(*challenge) : std::nullopt;
  const std::string why =
      "Kerberos failed: " + (error ? error->describe()
                                   : std::string("the server answered the ticket with a 401 "
                                                 "without a Kerberos error"));
  step.handshake.reset();
  if (!switches_.nextSchemeAfterKerberosRefused) {
    notes_.push_back(why + "; " + switches_.name +
                     (switches_.name == "ie11"
                          ? " does not try another scheme: IE prompts for credentials and, "
                            "whatever is typed, ends on the 401"
                          : " does not try another scheme: it shows the 401"));
    return endStep();
  }
  // Negotiate is given up for this request: the next scheme the same 401 offers.
  auto offered = offeredSchemes(response, "WWW-Authenticate");
  offered.erase(std::remove(offered.begin(), offered.end(), auth::Scheme::kNegotiate),
                offered.end());
  const auto scheme = chooseScheme(offered);
  if (!scheme) {
    notes_.push_back(why +
                     (switches_.ntlm ? "; the 401 offers no other scheme the browser can use"
                                     : "; NTLM is refused (ntlm: false)") +
                     ", so the browser shows the 401");
    return endStep();
  }
  notes_.push_back(why + "; the browser fell back to " + std::string(auth::schemeName(*scheme)));
  return answer401(step, *scheme);
}

}  // namespace authreplay::browser
