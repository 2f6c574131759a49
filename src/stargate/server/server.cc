#include "stargate/server/server.h"

#include <httplib.h>
#include <signal.h>

#include <chrono>
#include <ostream>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "stargate/server/api_error.h"
#include "stargate/server/bounded_pool.h"
#include "stargate/server/service.h"
#include "stargate/server/static_site.h"

namespace stargate::server {
namespace {

bool IsApiPath(const std::string& path) { return path == "/api" || absl::StartsWith(path, "/api/"); }

void WriteReply(httplib::Response& res, Reply& reply) {
  res.status = reply.status;
  if (!reply.raw.empty()) {
    res.body = std::move(reply.raw);
    res.set_header("Content-Type", "application/json");
  } else if (reply.text) {
    res.set_content(*reply.text, "application/json");
  } else {
    SendJson(res, reply.body, reply.status);
  }
}

ApiError Unauthorized(TokenTable::Outcome outcome) {
  const std::string expected = "an 'Authorization: Bearer <token>' header with a token from the server's --tokens file";
  switch (outcome) {
    case TokenTable::Outcome::kMissing:
      return {ErrorCode::kUnauthorized, "this endpoint needs a bearer token and the request has none", expected, nullptr};
    case TokenTable::Outcome::kMalformed:
      return {ErrorCode::kUnauthorized, "the Authorization header is not of the form 'Bearer <token>'", expected,
              nullptr};
    default:
      return {ErrorCode::kUnauthorized, "the bearer token is not known to this server", expected, nullptr};
  }
}

}  // namespace

class Server::Http {
 public:
  explicit Http(const Service& service) : service_(service), site_(service.web_dir()) {
    const ServerOptions& o = service.options();
    const size_t threads = static_cast<size_t>(std::max(1, o.http_threads));
    const size_t queued = static_cast<size_t>(std::max(1, o.max_queued_connections));
    server_.new_task_queue = [threads, queued] { return new BoundedPool(threads, queued); };
    server_.set_payload_max_length(o.max_body_bytes);
    server_.set_keep_alive_max_count(static_cast<size_t>(std::max(1, o.keep_alive_max_requests)));
    server_.set_keep_alive_timeout(std::max(1, o.keep_alive_seconds));
    server_.set_tcp_nodelay(true);
    server_.set_default_headers({{"X-Content-Type-Options", "nosniff"}});
    const auto handle = [this](const httplib::Request& req, httplib::Response& res) { Handle(req, res); };
    server_.Get(".*", handle);
    server_.Post(".*", handle);
    server_.Put(".*", handle);
    server_.Patch(".*", handle);
    server_.Delete(".*", handle);
    server_.Options(".*", handle);
    // httplib's own refusals (413 over the size limit, 400 for a malformed
    // request, 404 for a method it does not route) get the JSON error body.
    server_.set_error_handler(httplib::Server::HandlerWithResponse(
        [this](const httplib::Request& req, httplib::Response& res) {
          if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
          SendError(res, HttpError(req, res.status));
          return httplib::Server::HandlerResponse::Handled;
        }));
    server_.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
      std::string what = "unknown exception";
      try {
        if (ep) std::rethrow_exception(ep);
      } catch (const std::exception& e) {
        what = e.what();
      } catch (...) {
      }
      SendError(res, {ErrorCode::kInternal, absl::StrCat("internal error: ", what), "", nullptr});
    });
  }

  absl::StatusOr<int> Start() {
    const ServerOptions& o = service_.options();
    int port = o.port;
    try {
      if (port == 0) {
        port = server_.bind_to_any_port(o.host);
        if (port < 0) port = 0;
      } else if (!server_.bind_to_port(o.host, port)) {
        port = 0;
      }
    } catch (const std::exception& e) {
      return absl::UnavailableError(absl::StrCat("cannot listen on ", o.host, ": ", e.what()));
    }
    if (port <= 0) {
      return absl::UnavailableError(absl::StrCat("cannot listen on ", o.host, ":", o.port,
                                                 "; expected a free port (is another server running?) "
                                                 "or --port 0 for any free port"));
    }
    listener_ = std::thread([this] { server_.listen_after_bind(); });
    // 0.11 has no wait_until_ready(): stop() before it runs would be lost.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!server_.is_running() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    if (!server_.is_running()) return absl::InternalError("the listener did not start");
    return port;
  }

  void Stop() {
    server_.stop();  // closes the listening socket; in-flight requests finish
    if (listener_.joinable()) listener_.join();  // returns once the pool drained
  }

 private:
  void Handle(const httplib::Request& req, httplib::Response& res) {
    if (IsApiPath(req.path)) {
      Api(req, res);
      return;
    }
    if (req.method != "GET" && req.method != "HEAD") {
      res.set_header("Allow", "GET, HEAD");
      SendError(res, {ErrorCode::kMethodNotAllowed, absl::StrCat(req.method, " is not allowed on the dashboard's files"),
                      "GET or HEAD", nullptr});
      return;
    }
    const StaticSite::Answer a = site_.Serve(req.path);
    if (!a.error.empty()) {
      const ErrorCode code = a.status == 403 ? ErrorCode::kForbidden
                             : a.status == 400 ? ErrorCode::kBadRequest
                                               : ErrorCode::kNotFound;
      SendError(res, {code, absl::StrCat(a.error, ": ", req.path), "a file of the dashboard, or / for its start page",
                      nullptr});
      return;
    }
    res.status = a.status;
    res.set_header("Cache-Control", a.cache_control);
    res.set_content(a.body, a.content_type);
  }

  void Api(const httplib::Request& req, httplib::Response& res) {
    res.set_header("Cache-Control", "no-store");
    const Router::Match match = service_.router().Find(req.method, req.path);
    if (!match.route) {
      if (!match.allowed_methods.empty()) {
        const std::string allowed = absl::StrJoin(match.allowed_methods, ", ");
        res.set_header("Allow", allowed);
        SendError(res, {ErrorCode::kMethodNotAllowed, absl::StrCat(req.method, " is not allowed on ", req.path),
                        allowed, nullptr});
      } else {
        SendError(res, {ErrorCode::kNotFound, absl::StrCat("no API endpoint at ", req.path),
                        "an endpoint listed in docs/api.md, e.g. GET /api/health", nullptr});
      }
      return;
    }
    const Route& route = *match.route;
    Caller caller{Role::kCompliance, "anonymous"};
    if (route.needs_token) {
      const auto outcome = service_.tokens().Authenticate(req.get_header_value("Authorization"), &caller);
      if (outcome != TokenTable::Outcome::kOk) {
        SendError(res, Unauthorized(outcome));
        return;
      }
      if (!Allows(caller.role, route.role)) {
        SendError(res, {ErrorCode::kForbidden,
                        absl::StrCat(route.method, " ", route.pattern, " needs the ", RoleName(route.role),
                                     " role; the token of '", caller.name, "' has the ", RoleName(caller.role),
                                     " role"),
                        absl::StrCat("a token with role ", RoleName(route.role),
                                     route.role == Role::kCompliance ? "" : " or higher"),
                        nullptr});
        return;
      }
    }
    Call call{req, std::move(caller), match.path};
    Expected<Reply> reply = route.handler(call);
    if (reply.ok()) {
      WriteReply(res, reply.value());
    } else {
      SendError(res, reply.error());
    }
  }

  ApiError HttpError(const httplib::Request& req, int status) const {
    switch (status) {
      case 413:
        if (req.get_header_value("Content-Type") == "application/x-www-form-urlencoded") {
          // httplib caps form-encoded bodies at 8 KiB whatever the limit (curl -d sends one).
          return {ErrorCode::kTooLarge, "a form-encoded request body is limited to 8192 bytes",
                  "the body sent as JSON, with 'Content-Type: application/json'", nullptr};
        }
        return {ErrorCode::kTooLarge,
                absl::StrCat("the request body is larger than ", service_.options().max_body_bytes, " bytes"),
                "a smaller request (split a large batch of shipments)", nullptr};
      case 404:
        return {ErrorCode::kNotFound, absl::StrCat("nothing at ", req.path), "a path listed in docs/api.md", nullptr};
      case 400:
        return {ErrorCode::kBadRequest, "the HTTP request is malformed", "a well-formed HTTP/1.1 request", nullptr};
      default:
        return {status >= 500 ? ErrorCode::kInternal : ErrorCode::kBadRequest,
                absl::StrCat("the request failed with HTTP status ", status), "", nullptr};
    }
  }

  const Service& service_;
  StaticSite site_;
  httplib::Server server_;
  std::thread listener_;
};

Server::Server(std::unique_ptr<Service> service) : service_(std::move(service)) {}

Server::~Server() {
  if (!stopped_) Stop();
}

absl::StatusOr<std::unique_ptr<Server>> Server::Create(const ServerOptions& options, std::ostream& log) {
  auto service = Service::Create(options, log);
  if (!service.ok()) return service.status();
  std::unique_ptr<Server> server(new Server(std::move(*service)));
  return server;
}

absl::Status Server::Start() {
  http_ = std::make_unique<Http>(*service_);
  auto port = http_->Start();
  if (!port.ok()) {
    http_.reset();
    return port.status();
  }
  port_ = *port;
  return absl::OkStatus();
}

bool Server::Stop(int job_grace_ms) {
  stopped_ = true;
  if (http_) {
    http_->Stop();
    http_.reset();
  }
  return service_->jobs().Shutdown(std::chrono::milliseconds(std::max(0, job_grace_ms)));
}

void BlockTerminationSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

int WaitForTerminationSignal() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  int signal = 0;
  while (sigwait(&set, &signal) != 0) {
  }
  return signal;
}

}  // namespace stargate::server
