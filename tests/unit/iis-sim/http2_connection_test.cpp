// iis-sim's HTTP/2 connection (fixtures/iis-sim/http/http2_connection.h) driven over buffers by a
// real HTTP/2 client: nghttp2's client session. The layer above is a recording handler, so that
// each test sees which pipeline calls a stream made; the lab test (tests/integration/iis-sim)
// runs the real pipeline under curl and nghttp.
#include "iis-sim/http/http2_connection.h"

#include <gtest/gtest.h>
#include <nghttp2/nghttp2.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace iissim {
namespace {

struct Calls {
  int handlers = 0;
  int authorize = 0;
  int handle = 0;
  int responsesSent = 0;
  HttpRequest lastRequest;
};

// Answers every request 200 "hello", or REJECTION from authorize() when one is set.
class RecordingHandler : public ConnectionHandler {
 public:
  RecordingHandler(Calls& calls, std::optional<HttpResponse> rejection)
      : calls_(calls), rejection_(std::move(rejection)) {}
  std::optional<HttpResponse> authorize(const HttpRequest& request) override {
    ++calls_.authorize;
    calls_.lastRequest = request;
    return rejection_;
  }
  HttpResponse handle(const HttpRequest&) override {
    ++calls_.handle;
    HttpResponse response;
    response.headers = {{"Content-Type", "text/plain"}, {"Content-Length", "5"}};
    response.body = "hello";
    return response;
  }
  HttpResponse contentTooLarge(const HttpRequest&) override {
    HttpResponse response;
    response.status = 404;
    return response;
  }
  void responseSent(const HttpResponse&, std::chrono::milliseconds) override {
    ++calls_.responsesSent;
  }

 private:
  Calls& calls_;
  std::optional<HttpResponse> rejection_;
};

HttpResponse unauthorized(std::vector<std::string> offers) {
  HttpResponse response;
  response.status = 401;
  response.reason = "Unauthorized";
  for (auto& offer : offers)
    response.headers.emplace_back("WWW-Authenticate", std::move(offer));
  response.headers.emplace_back("Content-Length", "0");
  return response;
}

struct StreamResult {
  std::string status;
  std::string body;
  std::optional<std::uint32_t> resetCode;
  bool closed = false;
};

// nghttp2's client session, recording what each stream received.
class Client {
 public:
  Client() {
    nghttp2_session_callbacks* callbacks = nullptr;
    nghttp2_session_callbacks_new(&callbacks);
    nghttp2_session_callbacks_set_on_header_callback(
        callbacks, [](nghttp2_session*, const nghttp2_frame* frame, const std::uint8_t* name,
                      std::size_t nameLength, const std::uint8_t* value, std::size_t valueLength,
                      std::uint8_t, void* self) {
          if (std::string(reinterpret_cast<const char*>(name), nameLength) == ":status") {
            static_cast<Client*>(self)->streams[frame->hd.stream_id].status =
                std::string(reinterpret_cast<const char*>(value), valueLength);
          }
          return 0;
        });
    nghttp2_session_callbacks_set_on_data_chunk_recv_callback(
        callbacks, [](nghttp2_session*, std::uint8_t, std::int32_t stream, const std::uint8_t* data,
                      std::size_t size, void* self) {
          static_cast<Client*>(self)->streams[stream].body.append(
              reinterpret_cast<const char*>(data), size);
          return 0;
        });
    nghttp2_session_callbacks_set_on_frame_recv_callback(
        callbacks, [](nghttp2_session*, const nghttp2_frame* frame, void* self) {
          auto& client = *static_cast<Client*>(self);
          if (frame->hd.type == NGHTTP2_RST_STREAM)
            client.streams[frame->hd.stream_id].resetCode = frame->rst_stream.error_code;
          if (frame->hd.type == NGHTTP2_GOAWAY)
            client.goAwayCode = frame->goaway.error_code;
          return 0;
        });
    nghttp2_session_callbacks_set_on_stream_close_callback(
        callbacks, [](nghttp2_session*, std::int32_t stream, std::uint32_t, void* self) {
          static_cast<Client*>(self)->streams[stream].closed = true;
          return 0;
        });
    nghttp2_session_client_new(&session, callbacks, this);
    nghttp2_session_callbacks_del(callbacks);
    nghttp2_submit_settings(session, NGHTTP2_FLAG_NONE, nullptr, 0);
  }
  ~Client() { nghttp2_session_del(session); }

  std::int32_t get(const std::string& path, HeaderList fields = {}) {
    HeaderList all = {
        {":method", "GET"}, {":scheme", "https"}, {":authority", "localhost"}, {":path", path}};
    all.insert(all.end(), fields.begin(), fields.end());
    std::vector<nghttp2_nv> nva;
    for (auto& [name, value] : all) {
      nva.push_back({reinterpret_cast<std::uint8_t*>(name.data()),
                     reinterpret_cast<std::uint8_t*>(value.data()), name.size(), value.size(),
                     NGHTTP2_NV_FLAG_NONE});
    }
    return nghttp2_submit_request(session, nullptr, nva.data(), nva.size(), nullptr, nullptr);
  }

  // A POST of BODY (DATA frames, END_STREAM on the last).
  std::int32_t post(const std::string& path, std::string body) {
    body_ = std::move(body);
    bodyOffset_ = 0;
    HeaderList all = {
        {":method", "POST"}, {":scheme", "https"}, {":authority", "localhost"}, {":path", path}};
    std::vector<nghttp2_nv> nva;
    for (auto& [name, value] : all) {
      nva.push_back({reinterpret_cast<std::uint8_t*>(name.data()),
                     reinterpret_cast<std::uint8_t*>(value.data()), name.size(), value.size(),
                     NGHTTP2_NV_FLAG_NONE});
    }
    nghttp2_data_provider provider{};
    provider.source.ptr = this;
    provider.read_callback = [](nghttp2_session*, std::int32_t, std::uint8_t* buffer,
                                std::size_t length, std::uint32_t* flags,
                                nghttp2_data_source* source, void*) -> ssize_t {
      auto& client = *static_cast<Client*>(source->ptr);
      const std::size_t count = std::min(length, client.body_.size() - client.bodyOffset_);
      std::memcpy(buffer, client.body_.data() + client.bodyOffset_, count);
      client.bodyOffset_ += count;
      if (client.bodyOffset_ == client.body_.size())
        *flags |= NGHTTP2_DATA_FLAG_EOF;
      return static_cast<ssize_t>(count);
    };
    return nghttp2_submit_request(session, nullptr, nva.data(), nva.size(), &provider, nullptr);
  }

  std::string output() {
    std::string bytes;
    for (;;) {
      const std::uint8_t* data = nullptr;
      const auto size = nghttp2_session_mem_send(session, &data);
      if (size <= 0)
        return bytes;
      bytes.append(reinterpret_cast<const char*>(data), static_cast<std::size_t>(size));
    }
  }

  void input(const std::string& bytes) {
    nghttp2_session_mem_recv(session, reinterpret_cast<const std::uint8_t*>(bytes.data()),
                             bytes.size());
  }

  nghttp2_session* session = nullptr;
  std::map<std::int32_t, StreamResult> streams;
  std::optional<std::uint32_t> goAwayCode;

 private:
  std::string body_;
  std::size_t bodyOffset_ = 0;
};

class Http2ConnectionTest : public ::testing::Test {
 protected:
  Http2Connection& server(std::optional<HttpResponse> rejection = std::nullopt) {
    ConnectionInfo info;
    info.localAddress = "127.0.0.1";
    info.remoteAddress = "127.0.0.1";
    info.secure = true;
    connection_ = std::make_unique<Http2Connection>(
        info, settings,
        [this, rejection](const ConnectionInfo&) {
          ++calls.handlers;
          return std::make_unique<RecordingHandler>(calls, rejection);
        },
        [this](const HttpSysEvent& event) { events.push_back(event); }, false);
    return *connection_;
  }

  // Client to server and back until neither has anything to send.
  void exchange(Client& client) {
    for (int round = 0; round < 10; ++round) {
      const std::string request = client.output();
      if (!request.empty()) {
        connection_->receive(reinterpret_cast<const std::uint8_t*>(request.data()), request.size());
      }
      std::string response;
      connection_->produce(response, 1 << 20);
      if (request.empty() && response.empty())
        return;
      client.input(response);
    }
  }

  Http2Settings settings;
  Calls calls;
  std::vector<HttpSysEvent> events;
  std::unique_ptr<Http2Connection> connection_;
};

TEST_F(Http2ConnectionTest, ServesARequestThroughThePipelineCallsAndLogsIt) {
  server();
  Client client;
  const auto stream = client.get("/hello.txt", {{"user-agent", "test"}});
  exchange(client);
  EXPECT_EQ(client.streams[stream].status, "200");
  EXPECT_EQ(client.streams[stream].body, "hello");
  EXPECT_FALSE(client.streams[stream].resetCode);
  EXPECT_EQ(calls.authorize, 1);
  EXPECT_EQ(calls.handle, 1);
  EXPECT_EQ(calls.responsesSent, 1);
  EXPECT_EQ(calls.lastRequest.version, 20u);
  EXPECT_EQ(calls.lastRequest.method, "GET");
  EXPECT_EQ(calls.lastRequest.target, "/hello.txt");
  // :authority reaches the pipeline as Host.
  EXPECT_EQ(calls.lastRequest.header("Host").value_or(""), "localhost");
  EXPECT_EQ(calls.lastRequest.header("User-Agent").value_or(""), "test");
  EXPECT_EQ(connection_->openStreams(), 0u);
}

TEST_F(Http2ConnectionTest, StreamsHaveAHandlerEach) {
  server();
  Client client;
  const auto first = client.get("/a");
  const auto second = client.get("/b");
  exchange(client);
  EXPECT_EQ(client.streams[first].status, "200");
  EXPECT_EQ(client.streams[second].status, "200");
  EXPECT_EQ(calls.handlers, 2);
  EXPECT_EQ(calls.responsesSent, 2);
}

TEST_F(Http2ConnectionTest, WindowsCredentialsAreSentToHttp11WithoutReachingThePipeline) {
  server();
  Client client;
  const auto ntlm = client.get("/ActiveXTest/", {{"authorization", "NTLM TlRMTVNTUAABAAAA"}});
  const auto negotiate = client.get("/ActiveXTest/", {{"authorization", "Negotiate YIIB"}});
  exchange(client);
  EXPECT_EQ(client.streams[ntlm].resetCode, NGHTTP2_HTTP_1_1_REQUIRED);
  EXPECT_EQ(client.streams[negotiate].resetCode, NGHTTP2_HTTP_1_1_REQUIRED);
  EXPECT_EQ(client.streams[ntlm].status, "");
  EXPECT_EQ(calls.authorize, 0);
  EXPECT_EQ(calls.responsesSent, 0);  // nothing logged for a reset stream (unconfirmed)
  EXPECT_FALSE(client.goAwayCode);    // the connection stays usable
}

TEST_F(Http2ConnectionTest, AChallengeOfferingNtlmOrNegotiateBecomesAReset) {
  server(unauthorized({"Negotiate", "NTLM"}));
  Client client;
  const auto stream = client.get("/ActiveXTest/");
  exchange(client);
  EXPECT_EQ(client.streams[stream].resetCode, NGHTTP2_HTTP_1_1_REQUIRED);
  EXPECT_EQ(calls.authorize, 1);
  EXPECT_EQ(calls.handle, 0);
  EXPECT_EQ(calls.responsesSent, 0);
}

TEST_F(Http2ConnectionTest, ABasicChallengeIsServedOverHttp2) {
  server(unauthorized({"Basic realm=\"localhost\""}));
  Client client;
  const auto stream = client.get("/BasicTls/", {{"authorization", "Basic YTpi"}});
  exchange(client);
  EXPECT_EQ(client.streams[stream].status, "401");
  EXPECT_FALSE(client.streams[stream].resetCode);
  EXPECT_EQ(calls.responsesSent, 1);
}

TEST_F(Http2ConnectionTest, AHeaderBlockOverMaxRequestBytesGetsHttpSysPage) {
  settings.limits.maxRequestBytes = 1024;
  server();
  Client client;
  const auto stream = client.get("/hello.txt", {{"x-big", std::string(2000, 'a')}});
  exchange(client);
  EXPECT_EQ(client.streams[stream].status, "400");
  EXPECT_NE(client.streams[stream].body.find("Request Too Long"), std::string::npos);
  EXPECT_EQ(calls.authorize, 0);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].reason, "RequestLength");
}

// RFC 9113 §8.3.1 lets a request omit :authority; nghttp2's HTTP messaging checks refuse one with
// neither :authority nor Host (a stream error PROTOCOL_ERROR) before the pipeline sees it.
TEST_F(Http2ConnectionTest, AMissingAuthorityAndHostIsResetByNghttp2) {
  server();
  Client client;
  std::string method = ":method", get = "GET", scheme = ":scheme", https = "https", path = ":path",
              slash = "/";
  nghttp2_nv nva[] = {
      {reinterpret_cast<std::uint8_t*>(method.data()), reinterpret_cast<std::uint8_t*>(get.data()),
       method.size(), get.size(), NGHTTP2_NV_FLAG_NONE},
      {reinterpret_cast<std::uint8_t*>(scheme.data()),
       reinterpret_cast<std::uint8_t*>(https.data()), scheme.size(), https.size(),
       NGHTTP2_NV_FLAG_NONE},
      {reinterpret_cast<std::uint8_t*>(path.data()), reinterpret_cast<std::uint8_t*>(slash.data()),
       path.size(), slash.size(), NGHTTP2_NV_FLAG_NONE}};
  const auto stream = nghttp2_submit_request(client.session, nullptr, nva, 3, nullptr, nullptr);
  exchange(client);
  EXPECT_EQ(client.streams[stream].status, "") << client.streams[stream].body;
  EXPECT_EQ(client.streams[stream].resetCode, NGHTTP2_PROTOCOL_ERROR);
}

TEST_F(Http2ConnectionTest, ABadPrefaceEndsTheConnectionWithGoAway) {
  auto& connection = server();
  const std::string http11 = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";
  EXPECT_FALSE(
      connection.receive(reinterpret_cast<const std::uint8_t*>(http11.data()), http11.size()));
  std::string out;
  connection.produce(out, 1 << 20);
  // The server's SETTINGS, then GOAWAY (frame type 7) with PROTOCOL_ERROR.
  ASSERT_GE(out.size(), 9u);
  EXPECT_NE(out.find(std::string("\x07\x00\x00\x00\x00\x00", 6)), std::string::npos);
  EXPECT_FALSE(connection.wantsRead());
  EXPECT_FALSE(connection.wantsWrite());
  EXPECT_EQ(calls.handlers, 0);
}

TEST_F(Http2ConnectionTest, AMalformedFrameEndsTheConnectionWithGoAway) {
  server();
  Client client;
  exchange(client);  // prefaces and SETTINGS
  // A SETTINGS frame on stream 1: a connection error PROTOCOL_ERROR (RFC 9113 §6.5).
  const std::string frame("\x00\x00\x00\x04\x00\x00\x00\x00\x01", 9);
  connection_->receive(reinterpret_cast<const std::uint8_t*>(frame.data()), frame.size());
  std::string out;
  connection_->produce(out, 1 << 20);
  client.input(out);
  EXPECT_EQ(client.goAwayCode, NGHTTP2_PROTOCOL_ERROR);
  EXPECT_FALSE(connection_->wantsRead());
  EXPECT_FALSE(connection_->wantsWrite());
}

TEST_F(Http2ConnectionTest, StreamsOverTheConcurrencyLimitAreRefused) {
  settings.maxConcurrentStreams = 2;
  server();
  Client client;
  std::vector<std::int32_t> streams;
  for (int i = 0; i < 4; ++i)
    streams.push_back(client.get("/hello.txt"));
  // All four arrive before the server's SETTINGS reached the client, so the client sent them.
  const std::string request = client.output();
  connection_->receive(reinterpret_cast<const std::uint8_t*>(request.data()), request.size());
  std::string out;
  connection_->produce(out, 1 << 20);
  client.input(out);
  int served = 0, refused = 0;
  for (const auto id : streams) {
    served += client.streams[id].status == "200";
    refused += client.streams[id].resetCode.has_value();
  }
  EXPECT_EQ(served, 2);
  EXPECT_EQ(refused, 2);
  EXPECT_EQ(calls.handlers, 2);
}

TEST_F(Http2ConnectionTest, ABodyOverMaxAllowedContentLengthIs404ThenTheStreamIsReset) {
  settings.limits.maxAllowedContentLength = 1000;
  server();
  Client client;
  const auto stream = client.post("/upload", std::string(5000, 'x'));
  exchange(client);
  EXPECT_EQ(client.streams[stream].status, "404");  // the handler's contentTooLarge (IIS 404.13)
  EXPECT_EQ(client.streams[stream].resetCode, NGHTTP2_NO_ERROR);  // RFC 9113 §8.1
  EXPECT_EQ(calls.authorize, 0);
  EXPECT_EQ(calls.responsesSent, 1);
  EXPECT_EQ(connection_->openStreams(), 0u);
}

TEST_F(Http2ConnectionTest, APostBodyReachesThePipelineWithoutALength) {
  server();
  Client client;
  const auto stream = client.post("/service.asmx", "<soap/>");
  exchange(client);
  EXPECT_EQ(client.streams[stream].status, "200");
  EXPECT_EQ(calls.lastRequest.method, "POST");
  EXPECT_EQ(calls.lastRequest.body, "<soap/>");
  EXPECT_TRUE(calls.lastRequest.bodyRead);
}

// Hostile input never crashes or wedges the connection: after a good preface, frames with
// well-formed 9-byte headers of random type, flags, stream and length and random payloads (so that
// parsing goes past the frame header). Each connection must end in GOAWAY or still want to read.
TEST_F(Http2ConnectionTest, RandomFramesNeverCrashOrWedgeTheConnection) {
  std::mt19937 random(20261203);
  const std::string preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
  const std::string settingsFrame("\x00\x00\x00\x04\x00\x00\x00\x00\x00", 9);
  for (int connection = 0; connection < 300; ++connection) {
    auto& server = this->server();
    std::string input = preface + settingsFrame;
    const int frames = 1 + static_cast<int>(random() % 8);
    for (int i = 0; i < frames; ++i) {
      const std::uint32_t length = random() % 48;
      input += static_cast<char>(0);
      input += static_cast<char>(0);
      input += static_cast<char>(length);
      input += static_cast<char>(random() % 12);  // DATA .. CONTINUATION, and one unknown type
      input += static_cast<char>(random() % 256);
      const std::uint32_t stream = random() % 4 == 0 ? 0 : (random() % 8);
      for (int shift = 24; shift >= 0; shift -= 8)
        input += static_cast<char>((stream >> shift) & 0xff);
      for (std::uint32_t b = 0; b < length; ++b)
        input += static_cast<char>(random() % 256);
    }
    server.receive(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
    std::string out;
    for (int round = 0; round < 100 && server.wantsWrite(); ++round)
      server.produce(out, 1 << 16);
    EXPECT_FALSE(server.wantsWrite()) << "connection " << connection;
    EXPECT_LE(server.openStreams(), settings.maxConcurrentStreams);
  }
}

}  // namespace
}  // namespace iissim
