#include "browser/scripted_profile.h"

#include <algorithm>

#include "auth/authorization_header.h"
#include "auth/base64.h"
#include "auth/leg_label.h"
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

std::vector<std::string> offeredSchemes(const http::RecordedResponse& response,
                                        std::string_view header) {
  std::vector<std::string> out;
  for (const auto& value : http::headerValues(response.headers, header)) {
    if (const auto parsed = auth::parseAuthorizationHeader(value))
      out.push_back(parsed->scheme);
  }
  return out;
}

// The WWW-Authenticate value of SCHEME that carries a token (a challenge to answer), if any.
std::optional<std::string> challengeFor(const http::RecordedResponse& response,
                                        const std::string& scheme) {
  for (const auto& value : http::headerValues(response.headers, "WWW-Authenticate")) {
    const auto parsed = auth::parseAuthorizationHeader(value);
    if (parsed && parsed->schemeIs(scheme) && !parsed->token.empty())
      return value;
  }
  return std::nullopt;
}

std::string basicCredentials(const std::string& user, const std::string& password) {
  const std::string plain = user + ":" + password;
  std::string encoded = auth::base64Encode(
      std::span(reinterpret_cast<const std::uint8_t*>(plain.data()), plain.size()));
  return "Basic " + encoded;
}

http::TransferResult failed(http::TransferResult result, std::string message) {
  result.error = http::TransferError{http::TransferError::Kind::kOther, 0, std::move(message)};
  return result;
}

}  // namespace

ScriptedProfile::ScriptedProfile(BrowserSwitches switches, ClientCredentials credentials,
                                 TokenFactory factory)
    : switches_(std::move(switches)),
      credentials_(std::move(credentials)),
      factory_(std::move(factory)) {}

bool ScriptedProfile::canUse(const std::string& scheme) const {
  const bool password = credentials_.present && !credentials_.user.empty();
  if (text::equalsIgnoreCase(scheme, "Negotiate"))
    return password || (credentials_.kerberos && switches_.kerberos);
  if (text::equalsIgnoreCase(scheme, "NTLM") || text::equalsIgnoreCase(scheme, "Basic"))
    return password;
  return false;
}

// The first scheme of the browser's preference that the server offers and the browser can use
// (IIS-FACTS.md §6: "IE answers the 401 with the first provider it supports").
std::optional<std::string> ScriptedProfile::chooseScheme(
    const std::vector<std::string>& offers) const {
  for (const auto& preferred : switches_.preference) {
    const bool offered = std::any_of(offers.begin(), offers.end(), [&](const std::string& o) {
      return text::equalsIgnoreCase(o, preferred);
    });
    if (offered && canUse(preferred))
      return preferred;
  }
  return std::nullopt;
}

std::optional<std::string> ScriptedProfile::startHandshake(const std::string& scheme,
                                                           const UrlParts& url,
                                                           std::optional<Handshake>& handshake) {
  auth::ProducerSpec spec;
  spec.mechanism = text::equalsIgnoreCase(scheme, "NTLM")    ? auth::Mechanism::kNtlm
                   : text::equalsIgnoreCase(scheme, "Basic") ? auth::Mechanism::kBasic
                                                             : auth::Mechanism::kNegotiate;
  if (credentials_.present) {
    spec.user = credentials_.user;
    spec.password = auth::Secret(credentials_.password);
  }
  if (credentials_.kerberos && switches_.kerberos) {
    spec.kerberos.ccache = credentials_.kerberosCcache;
    spec.kerberos.clientKeytab = credentials_.kerberosClientKeytab;
    spec.kerberos.principal = credentials_.kerberosPrincipal;
  }
  spec.host = url.host;
  spec.port = url.port;
  spec.spnIncludesPort = switches_.spnIncludesPort;
  spec.ntlmStyle = switches_.ntlmStyle;
  spec.ntlmSpnIncludesPort = switches_.ntlmSpnIncludesPort;
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
  started.scheme = std::string(started.producer->scheme());
  started.mechanism = auth::describeAuthValue(*first).mechanism;
  handshake = std::move(started);
  return *first;
}

http::TransferRequest ScriptedProfile::legRequest(const http::TransferRequest& step,
                                                  const LegPlan& plan) const {
  http::TransferRequest leg = step;
  leg.auth = {};              // never libcurl's own authentication: every header is ours
  leg.proxyCredentials = {};  // the 407 is answered by this profile, not by libcurl
  leg.reuse = plan.fresh ? http::ConnectionReuse::kFresh : http::ConnectionReuse::kReuse;
  leg.soleConnection = plan.fresh;
  if (!switches_.userAgent.empty() && !hasHeader(step, "User-Agent"))
    leg.headers.push_back({"User-Agent", switches_.userAgent});
  if (plan.authorization)
    leg.headers.push_back({"Authorization", *plan.authorization});
  if (!step.proxy.empty()) {
    if (const auto it = proxyAuth_.find(step.proxy); it != proxyAuth_.end())
      leg.headers.push_back({"Proxy-Authorization", it->second});
  }
  if (plan.emptyBody) {
    leg.body = std::string();  // Content-Length: 0 (seed 000)
  } else if (switches_.expectContinue && methodSendsBody(step) && !hasHeader(step, "Expect")) {
    leg.headers.push_back({"Expect", "100-continue"});  // IIS-FACTS.md §6 (.NET)
  }
  return leg;
}

// The first leg: anonymous, unless the browser expects a challenge here (a space that challenged
// before) and pre-authenticates.
std::optional<std::string> ScriptedProfile::planFirstLeg(const UrlParts& url,
                                                         const std::string& route, bool bodyPending,
                                                         LegPlan& plan,
                                                         std::optional<Handshake>& handshake) {
  const auto space = spaces_.find(url);
  if (!space || !canUse(space->scheme))
    return std::nullopt;
  const auto last = lastConnection_.find(route);
  const bool connectionAuthenticated =
      !plan.fresh && last != lastConnection_.end() && authenticatedConnections_.count(last->second);
  const bool basic = text::equalsIgnoreCase(space->scheme, "Basic");
  const bool expectsChallenge = space->mechanism != "Kerberos" && !basic;
  // A POST that expects a challenge is pre-authenticated even on an authenticated connection
  // (seed 000 frame 8); other requests are only on a connection not yet authenticated. Basic is
  // not connection-based: browsers send it with every request in the space (RFC 7617 §2.2).
  const bool emptyPost = bodyPending && switches_.emptyPost && expectsChallenge;
  const bool preAuth = basic || (switches_.ntlmPreAuth && (emptyPost || !connectionAuthenticated));
  if (!preAuth)
    return std::nullopt;
  plan.authorization = startHandshake(space->scheme, url, handshake);
  if (!plan.authorization)
    return "cannot make the " + space->scheme + " token: " + lastError_;
  plan.emptyBody = emptyPost && switches_.ntlmPreAuth;
  return std::nullopt;
}

http::TransferResult ScriptedProfile::send(const http::TransferRequest& step,
                                           http::Transport& transport) {
  http::TransferResult result;
  const auto url = parseUrl(step.url);
  if (!url)
    return failed(std::move(result), "the scripted browser cannot parse the URL " + step.url);
  const std::string route = step.proxy.empty() ? url->origin() : step.proxy;
  const bool bodyPending = methodSendsBody(step);

  LegPlan plan;
  plan.fresh = step.reuse == http::ConnectionReuse::kFresh || reconnectNextStep_;
  reconnectNextStep_ = step.reuse == http::ConnectionReuse::kForbidReuse;
  std::optional<Handshake> handshake;
  if (auto error = planFirstLeg(*url, route, bodyPending, plan, handshake))
    return failed(std::move(result), std::move(*error));

  bool proxyAnswered = false;
  for (int legs = 0; legs < kMaxLegs; ++legs) {
    auto sent = transport.perform(legRequest(step, plan));
    for (auto& exchange : sent.exchanges)
      result.exchanges.push_back(std::move(exchange));
    if (sent.error) {
      result.error = std::move(sent.error);
      return result;
    }
    if (result.exchanges.empty())
      return failed(std::move(result), "the transfer recorded no leg");
    const auto& leg = result.exchanges.back();
    const auto& response = leg.response;
    lastConnection_[route] = leg.connection.id;
    plan.fresh = false;

    // 407 from the forward proxy: answer with Basic once (RFC 9110 §11.7.1), keep it for later.
    if (response.status == 407 && !step.proxy.empty() && !proxyAnswered &&
        !step.proxyCredentials.empty()) {
      const auto offers = offeredSchemes(response, "Proxy-Authenticate");
      if (std::none_of(offers.begin(), offers.end(),
                       [](const std::string& o) { return text::equalsIgnoreCase(o, "Basic"); })) {
        return result;
      }
      proxyAuth_[step.proxy] =
          basicCredentials(step.proxyCredentials.user, step.proxyCredentials.password);
      proxyAnswered = true;
      continue;  // the same leg again, now with Proxy-Authorization
    }

    if (response.status != 401) {
      if (handshake) {
        // Kerberos mutual authentication: the 200 carries the AP-REP (RFC 4559 §5). A token that
        // does not verify is the server's problem; the leg itself shows it.
        if (const auto final = challengeFor(response, handshake->scheme);
            final && !handshake->producer->complete()) {
          (void)handshake->producer->verifyFinal(*final);
        }
        if (response.status < 400) {
          authenticatedConnections_.insert(leg.connection.id);
          spaces_.remember(*url, handshake->scheme, handshake->mechanism);
        }
      }
      // An empty pre-authenticated POST answered with anything but 401 is all the server gets
      // (seed 000: 400 from the anonymous web service): the body is never sent.
      return result;
    }

    // 401.
    if (handshake) {
      const auto challenge = challengeFor(response, handshake->scheme);
      if (!challenge || handshake->producer->complete() ||
          text::equalsIgnoreCase(handshake->scheme, "Basic")) {
        // No challenge to answer: logon failed (401.1), or a pre-authenticated first request
        // refused (KB 2749007). The browser would prompt; the step ends here.
        return result;
      }
      auto next = handshake->producer->next(*challenge);
      if (!next)
        return failed(std::move(result), "cannot answer the " + handshake->scheme +
                                             " challenge: " + next.error().message());
      plan.authorization = *next;
      plan.emptyBody = false;  // the body goes with the last leg (Type 3)
      continue;
    }
    const auto offers = offeredSchemes(response, "WWW-Authenticate");
    const auto scheme = chooseScheme(offers);
    if (!scheme)
      return result;  // nothing the browser can answer (squid connection-auth=off, 401.2)
    spaces_.remember(*url, *scheme, "");
    plan.authorization = startHandshake(*scheme, *url, handshake);
    if (!plan.authorization)
      return failed(std::move(result), "cannot make the " + *scheme + " token: " + lastError_);
    // A token the server must answer with a challenge (NTLM, also inside SPNEGO) goes without the
    // body (IEInternals Zero-Length Posts; .NET's Type 1 leg, IIS-FACTS.md §6).
    plan.emptyBody = bodyPending && switches_.emptyPost && handshake->mechanism == "NTLM";
    plan.fresh = switches_.reconnectAfter401;  // seed 000 root cause A.b
  }
  return result;
}

}  // namespace authreplay::browser
