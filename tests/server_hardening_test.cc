// The server against hostile requests, end to end on loopback: control
// characters in the path or the query (raw or percent-encoded) and a second
// Authorization header are refused with 400; every route refuses a query
// parameter it does not declare, naming it and the accepted ones; clients
// that send their header fields or body too slowly are disconnected after a
// bounded time while a steady keep-alive client is not; and a failed start
// exits with the documented code (2 for bad input, 1 for a damaged ledger).
#include <poll.h>
#include <sqlite3.h>

#include <string>
#include <vector>

#include "server_process.h"

namespace stargate::testing {
namespace {

class HardeningTest : public SharedServerTest {
 protected:
  // A raw GET of `target` (any bytes) with the viewer's token.
  static std::string RawGet(const std::string& target, const std::string& extra_headers = "") {
    return RawExchange(
        server_->port(),
        absl::StrCat("GET ", target, " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n",
                     "Authorization: Bearer ", kViewer, "\r\n", extra_headers, "\r\n"));
  }
};

std::string StatusLine(const std::string& answer) { return answer.substr(0, answer.find("\r\n")); }

json RawBody(const std::string& answer) {
  const size_t start = answer.find("\r\n\r\n");
  if (start == std::string::npos) return json();
  return json::parse(answer.substr(start + 4), nullptr, false);
}

TEST_F(HardeningTest, ControlCharactersInThePathAre400) {
  // Before: /api/countries%00x answered 200 with the countries.
  for (const std::string target :
       {"/api/countries%00x", "/api/countries%00", "/api/tier/DE%0a", "/api/regimes/oct-2023%0d",
        "/api/health%7f", "/index.html%00.png", "/%09"}) {
    const std::string answer = RawGet(target);
    EXPECT_EQ(StatusLine(answer), "HTTP/1.1 400 Bad Request") << target << "\n" << answer;
    const json body = RawBody(answer);
    ASSERT_TRUE(body.is_object()) << answer;
    EXPECT_EQ(body["error"]["code"], "bad_request");
    EXPECT_NE(body["error"]["message"].get<std::string>().find("control character"),
              std::string::npos)
        << answer;
  }
  // A raw NUL in the request line, in the path or in the query: refused
  // too, never served as /api/countries (libmicrohttpd cuts the target there).
  for (const std::string& before :
       {std::string("/api/countries"), std::string("/api/tier/DE?date=2025-06-01")}) {
    const std::string raw = RawExchange(
        server_->port(),
        absl::StrCat("GET ", before, std::string(1, '\0'), "x HTTP/1.1\r\nHost: x\r\n",
                     "Connection: close\r\nAuthorization: Bearer ", kViewer, "\r\n\r\n"));
    EXPECT_EQ(StatusLine(raw), "HTTP/1.1 400 Bad Request") << raw;
    EXPECT_NE(raw.find("control character (byte 0x00"), std::string::npos) << raw;
  }
  // The same path without the control character is fine.
  EXPECT_EQ(StatusLine(RawGet("/api/countries")), "HTTP/1.1 200 OK");
}

TEST_F(HardeningTest, ControlCharactersInTheQueryAre400) {
  auto r = server_->Client().Get("/api/tier/DE?date=2025-06-01%00", Bearer(kViewer));
  ExpectError(r, 400, "bad_request", "query parameter 'date' holds a control character (byte 0x00");
  r = server_->Client().Get("/api/tier/DE?regime=by_date%0aX", Bearer(kViewer));
  ExpectError(r, 400, "bad_request", "byte 0x0a");
}

TEST_F(HardeningTest, TwoAuthorizationHeadersAre400) {
  // Before: the first one won.
  for (const std::string& second :
       {std::string("Bearer ") + kViewer, std::string("Bearer ") + kCompliance,
        std::string("Basic dXNlcjpwYXNz")}) {
    const std::string answer = RawGet("/api/countries", "authorization: " + second + "\r\n");
    EXPECT_EQ(StatusLine(answer), "HTTP/1.1 400 Bad Request") << answer;
    EXPECT_NE(
        RawBody(answer)["error"]["message"].get<std::string>().find("2 Authorization headers"),
        std::string::npos)
        << answer;
  }
  // Also where no token is needed, and where a request would be offloaded.
  EXPECT_EQ(
      StatusLine(RawGet("/api/health", std::string("Authorization: Bearer ") + kViewer + "\r\n")),
      "HTTP/1.1 400 Bad Request");
  EXPECT_EQ(StatusLine(RawGet("/api/regimes/diff?a=oct-2023&b=ai-diffusion-2025",
                              std::string("Authorization: Bearer ") + kViewer + "\r\n")),
            "HTTP/1.1 400 Bad Request");
  EXPECT_EQ(StatusLine(RawGet("/api/countries")), "HTTP/1.1 200 OK");
}

TEST_F(HardeningTest, EveryRouteRefusesAnUndeclaredQueryParameter) {
  struct Case {
    std::string method, target, accepted;
  };
  // Every route of the API (docs/openapi.yaml), with a parameter it does not
  // take: the 8 GET routes that used to ignore one come first.
  const std::vector<Case> cases = {
      {"GET", "/api/health?verbose=1", "no query parameters"},
      {"GET", "/api/scenario?x=1", "no query parameters"},
      {"GET", "/api/accelerators?vendor=nvidia", "no query parameters"},
      {"GET", "/api/countries?region=EU", "no query parameters"},
      {"GET", "/api/sites?x=1", "no query parameters"},
      {"GET", "/api/financiers?x=1", "no query parameters"},
      {"GET", "/api/regimes?x=1", "no query parameters"},
      {"GET", "/api/regimes/oct-2023?date=2024-01-01", "no query parameters"},
      {"GET", "/api/regimes/diff?a=oct-2023&b=ai-diffusion-2025&contry=AE",
       "only a, b, country, date"},
      {"GET", "/api/tier/DE?dat=2025-01-01", "only date, regime, plan, chip"},
      {"POST", "/api/check?recrod=true", "only regime, record, trace"},
      {"POST", "/api/screen?threshold=0.5", "no query parameters"},
      {"GET", "/api/ledger?limt=5", "only limit, after, kind"},
      {"GET", "/api/ledger/verify?full=1", "no query parameters"},
      {"POST", "/api/plans?milp=true", "no query parameters"},
      {"POST", "/api/simulations?runs=5", "no query parameters"},
      {"GET", "/api/jobs?state=done", "no query parameters"},
      {"GET", "/api/jobs/plan-1-000000?x=1", "no query parameters"},
      {"DELETE", "/api/jobs/plan-1-000000?x=1", "no query parameters"},
      {"GET", "/api/finance?jobs=x", "only job"},
  };
  auto client = server_->Client();
  for (const Case& c : cases) {
    const std::string token = c.method == "GET" ? kViewer : kCompliance;
    httplib::Result r = c.method == "GET" ? client.Get(c.target, Bearer(token))
                        : c.method == "POST"
                            ? client.Post(c.target, Bearer(token), "{}", "application/json")
                            : client.Delete(c.target, Bearer(token));
    const std::string name =
        c.target.substr(c.target.rfind(c.target.find('&') == std::string::npos ? '?' : '&') + 1);
    ExpectError(r, 400, "bad_request",
                "query parameter '" + name.substr(0, name.find('=')) + "' is not known on");
    EXPECT_NE(Body(r)["error"]["expected"].get<std::string>().find(c.accepted), std::string::npos)
        << c.target << ": " << r->body;
  }
  ExpectError(client.Get("/api/tier/DE?dat=2025-01-01", Bearer(kViewer)), 400, "bad_request",
              "did you mean 'date'");
  // Given twice is refused as well: which one would count?
  ExpectError(client.Get("/api/ledger?limit=1&limit=1000", Bearer(kViewer)), 400, "bad_request",
              "query parameter 'limit' is given 2 times");
  // Declared parameters still work.
  auto ok =
      client.Post("/api/check?regime=ai-diffusion-2025&trace=false", Bearer(kViewer),
                  R"({"id": "s1", "date": "2025-06-01", "accelerator": "H100-SXM", "quantity": 8,
                            "destination": "DE", "consignee": "Acme"})",
                  "application/json");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200) << ok->body;
  EXPECT_EQ(client.Get("/api/tier/DE?date=2025-06-01&regime=by_date", Bearer(kViewer))->status,
            200);
}

// A connection to the server that sends as slowly as it is told to.
class SlowClient {
 public:
  explicit SlowClient(int port) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  }
  ~SlowClient() { close(fd_); }
  bool connected() const { return connected_; }
  bool Send(const std::string& bytes) {
    return send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
           static_cast<ssize_t>(bytes.size());
  }
  // Whether the server has closed the connection (end of stream or reset),
  // reading and keeping whatever it sent.
  bool Closed() {
    char buffer[4096];
    for (;;) {
      const ssize_t n = recv(fd_, buffer, sizeof buffer, MSG_DONTWAIT);
      if (n > 0) {
        received_.append(buffer, static_cast<size_t>(n));
        continue;
      }
      if (n == 0) return true;
      return errno != EAGAIN && errno != EWOULDBLOCK;
    }
  }
  // Reads one answer with a Content-Length body (5 s at most).
  std::string ReadAnswer() {
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (std::chrono::steady_clock::now() < deadline) {
      const size_t end = received_.find("\r\n\r\n");
      if (end != std::string::npos) {
        const std::regex length("Content-Length: ([0-9]+)", std::regex::icase);
        std::smatch m;
        const std::string head = received_.substr(0, end);
        const size_t size = std::regex_search(head, m, length) ? std::stoul(m[1]) : 0;
        if (received_.size() >= end + 4 + size) {
          std::string answer = received_.substr(0, end + 4 + size);
          received_.erase(0, end + 4 + size);
          return answer;
        }
      }
      pollfd p{fd_, POLLIN, 0};
      poll(&p, 1, 100);
      if (Closed()) break;
    }
    return "";
  }

 private:
  int fd_ = -1;
  bool connected_ = false;
  std::string received_;
};

// Sends `head` then `trickle` one byte every 100 ms; the seconds until the
// server closes the connection, or -1 if it never does within `limit`.
double SecondsUntilDropped(int port, const std::string& head, const std::string& trickle,
                           std::chrono::seconds limit) {
  SlowClient client(port);
  if (!client.connected() || !client.Send(head)) return -2;
  const auto start = std::chrono::steady_clock::now();
  size_t sent = 0;
  while (std::chrono::steady_clock::now() - start < limit) {
    if (client.Closed())
      return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (sent < trickle.size() && !client.Send(trickle.substr(sent++, 1))) {
      return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    std::this_thread::sleep_for(100ms);
  }
  return -1;
}

TEST(SlowClientTest, HeadersOrABodySentTooSlowlyAreDropped) {
  const std::string dir = MakeTempDir();
  ServerProcess server(
      {"--tokens", TokensFile(dir), "--header-timeout", "1", "--body-timeout", "2"});
  // One header byte every 100 ms (libmicrohttpd's idle timeout of 5 s
  // never fires): dropped about 1 s after the connection opened.
  const std::string headers(200, 'a');
  const double header_seconds =
      SecondsUntilDropped(server.port(), "GET /api/health HTTP/1.1\r\nX-Slow: ", headers, 10s);
  EXPECT_GT(header_seconds, 0.5);
  EXPECT_LT(header_seconds, 3.0);
  // A body that stalls after 10 of its 100 bytes: dropped about 2 s after
  // the header fields arrived.
  const double body_seconds = SecondsUntilDropped(
      server.port(),
      absl::StrCat("POST /api/check HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ", kViewer,
                   "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"id\": \"s"),
      "", 10s);
  EXPECT_GT(body_seconds, 1.5);
  EXPECT_LT(body_seconds, 4.0);
  // A body trickled a byte every 100 ms is dropped the same way.
  const double trickled = SecondsUntilDropped(
      server.port(),
      absl::StrCat("POST /api/check HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ", kViewer,
                   "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"),
      std::string(100, ' '), 15s);
  EXPECT_GT(trickled, 1.5);
  EXPECT_LT(trickled, 4.0);
  // The server is still serving.
  EXPECT_EQ(server.Client().Get("/api/health")->status, 200);
  std::filesystem::remove_all(dir);
}

TEST(SlowClientTest, AKeepAliveClientThatSendsPromptlyIsNotDropped) {
  const std::string dir = MakeTempDir();
  ServerProcess server({"--tokens", TokensFile(dir), "--header-timeout", "1"});
  SlowClient client(server.port());
  ASSERT_TRUE(client.connected());
  // Eight requests over about 2.8 s on one connection, each sent at once:
  // the header deadline restarts after every answer.
  for (int i = 0; i < 8; ++i) {
    ASSERT_TRUE(client.Send("GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n")) << i;
    const std::string answer = client.ReadAnswer();
    ASSERT_EQ(StatusLine(answer), "HTTP/1.1 200 OK") << "request " << i << ": " << answer;
    std::this_thread::sleep_for(350ms);
  }
  std::filesystem::remove_all(dir);
}

TEST(SlowClientTest, TheDeadlinesAreCheckedOptions) {
  for (const std::string flag : {"--header-timeout", "--body-timeout"}) {
    const CliResult r = RunStargate({"serve", "--port", "0", flag, "0"});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find(flag + " '0' is not a whole number in "), std::string::npos) << r.err;
  }
}

TEST(ServeExitCodeTest, ADamagedLedgerExits1AndBadInputExits2) {
  const std::string dir = MakeTempDir();
  const std::string path = dir + "/ledger.db";
  ASSERT_EQ(RunStargate({"ledger", "init", "--ledger", "sqlite:" + path}).exit_code, 0);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "UPDATE ledger_meta SET value = 'x' WHERE key = 'schema_version'",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  // Storage that is damaged is a domain failure (docs/ledger.md): 1.
  const CliResult damaged = RunStargate({"serve", "--port", "0", "--ledger", "sqlite:" + path});
  EXPECT_EQ(damaged.exit_code, 1) << damaged.err;
  EXPECT_NE(damaged.err.find("schema version"), std::string::npos) << damaged.err;
  // What the user gave wrong is bad input: 2.
  WriteFile(dir + "/not-a-db", "hello, this is not SQLite\n");
  const CliResult not_db =
      RunStargate({"serve", "--port", "0", "--ledger", "sqlite:" + dir + "/not-a-db"});
  EXPECT_EQ(not_db.exit_code, 2) << not_db.err;
  const CliResult bad_uri = RunStargate({"serve", "--port", "0", "--ledger", "mysql://x"});
  EXPECT_EQ(bad_uri.exit_code, 2) << bad_uri.err;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace stargate::testing
