// HttpTransport over GNU libmicrohttpd 0.9.75: MHD_USE_INTERNAL_POLLING_THREAD
// with epoll and a thread pool, each event thread serving its share of the
// connections. Fast handlers run on the event thread that read the request;
// slow ones on the WorkerPool, their connection suspended meanwhile
// (MHD_ALLOW_SUSPEND_RESUME).
#include <microhttpd.h>
#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <memory>

#include "absl/strings/str_cat.h"
#include "stargate/core/diagnostic.h"
#include "stargate/server/internal/http_transport.h"

namespace stargate::server {
namespace {

// A body declared or found to be over the limit is still read (and
// dropped, never kept) up to this many bytes past the limit, so that a
// client that sends its whole body before reading gets the 413 rather than
// a reset connection. A larger Content-Length is answered at once; a
// chunked body that grows past it has its connection closed.
constexpr uint64_t kDrainBytes = uint64_t{16} << 20;
// Room made for a body at once, whatever its Content-Length promises.
constexpr uint64_t kReserveBytes = uint64_t{1} << 20;
// libmicrohttpd's memory per connection (its default is 32 KiB). The
// request line and every header field must fit in it at once, with room
// for libmicrohttpd's records of them, or libmicrohttpd itself answers
// 414 or 431 with a short HTML page before we see the request. With
// the default limits (8 KiB of target, 32 KiB of fields) that leaves about
// 24 KiB to spare: a client must send about 60 KiB of request line and
// fields, or about a thousand tiny fields (measured), to get
// libmicrohttpd's answer rather than our JSON one. libmicrohttpd clears
// the whole block after every request, so every open connection holds it:
// 64 MiB at 1,024 connections.
constexpr size_t kMinConnectionMemory = size_t{64} << 10;
constexpr size_t kSpareConnectionMemory = size_t{16} << 10;
// After a late drain (Stop), how long the answers of handlers that were
// still running are given to go out.
constexpr auto kLateAnswerGrace = std::chrono::seconds(1);
// How often the reaper looks for connections past their deadline: a slow
// client is closed at most this long after its deadline.
constexpr auto kReapPeriod = std::chrono::milliseconds(250);

int64_t Now() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

int64_t After(int seconds) { return Now() + int64_t{std::max(1, seconds)} * 1'000'000'000; }

}  // namespace

// One open connection, from libmicrohttpd's "started" notice to its
// "closed" one (MHD_OPTION_NOTIFY_CONNECTION).
struct HttpTransport::Connection {
  int fd = -1;
  // When the reaper closes it (steady clock, ns); 0: never (a request
  // being handled or answered). Written by its event thread only.
  std::atomic<int64_t> deadline{0};
  bool dropped = false;  // under reap_mutex_
};

namespace {

// One request while it arrives: created when its request line is read
// (MHD_OPTION_URI_LOG_CALLBACK), deleted when libmicrohttpd is done with it
// (MHD_OPTION_NOTIFY_COMPLETED), whatever the outcome.
struct Exchange {
  HttpRequest request;
  bool started = false;    // the handler saw the headers
  bool counted = false;    // counted in HttpTransport::in_flight_
  bool too_large = false;  // the body is over the limit: dropped, answered 413
  uint64_t dropped = 0;    // body bytes read and dropped
  // Sent to the worker pool, its connection suspended. While it is, only
  // the worker touches the exchange: a suspended connection gets no
  // callback and is never closed (MHD_stop_daemon waits, see Stop).
  bool offloaded = false;
  // The worker's answer, stored before it resumes the connection; the
  // event thread sends it on the next call of the access callback.
  HttpResponse response;
  bool close = false;   // close the connection after `response`
  bool failed = false;  // no answer could be made (out of memory): close
  std::atomic<bool> answered{false};
  HttpTransport::Connection* connection = nullptr;  // null when it could not be tracked
  // Where libmicrohttpd's copy of the request target starts, in its buffer
  // of the request line (see Receive).
  const char* raw_target = nullptr;
};

HttpTransport::Connection* ConnectionOf(MHD_Connection* connection) {
  const MHD_ConnectionInfo* info =
      MHD_get_connection_info(connection, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
  return info ? static_cast<HttpTransport::Connection*>(info->socket_context) : nullptr;
}

void SetDeadline(HttpTransport::Connection* connection, int64_t deadline) {
  if (connection) connection->deadline.store(deadline, std::memory_order_relaxed);
}

// Bytes of header fields as sent: each "name: value" line with its CRLF.
size_t HeaderBytes(const HttpHeaders& headers) {
  size_t bytes = 0;
  for (const auto& [name, value] : headers.fields()) bytes += name.size() + value.size() + 4;
  return bytes;
}

MHD_Result AddHeader(void* cls, MHD_ValueKind, const char* key, size_t key_size, const char* value,
                     size_t value_size) {
  static_cast<HttpHeaders*>(cls)->Add(std::string(key, key_size), std::string(value, value_size));
  return MHD_YES;
}

void FreeBody(void* cls) { delete static_cast<std::string*>(cls); }

// Queues `res` (its body moved, not copied, into libmicrohttpd's response).
MHD_Result Send(MHD_Connection* connection, HttpResponse& res, bool close) {
  MHD_Response* response = nullptr;
  if (res.body.empty()) {
    response = MHD_create_response_from_buffer(0, nullptr, MHD_RESPMEM_PERSISTENT);
  } else {
    auto* body = new std::string(std::move(res.body));
    response = MHD_create_response_from_buffer_with_free_callback_cls(body->size(), body->data(),
                                                                      FreeBody, body);
    if (!response) delete body;
  }
  if (!response) return MHD_NO;
  if (!res.content_type.empty()) {
    MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, res.content_type.c_str());
  }
  for (const auto& [name, value] : res.headers.fields()) {
    MHD_add_response_header(response, name.c_str(), value.c_str());
  }
  if (close) MHD_add_response_header(response, MHD_HTTP_HEADER_CONNECTION, "close");
  const MHD_Result queued =
      MHD_queue_response(connection, static_cast<unsigned int>(res.status), response);
  MHD_destroy_response(response);
  return queued;
}

}  // namespace

struct HttpTransport::Callbacks {
  // No exception may leave a callback (libmicrohttpd is C): a failed
  // allocation drops the request (nullptr) or closes the connection (MHD_NO).
  static void* Begin(void*, const char* uri, MHD_Connection* connection) {
    try {
      auto exchange = std::make_unique<Exchange>();
      exchange->request.target = uri;
      exchange->raw_target = uri;
      exchange->connection = ConnectionOf(connection);
      return exchange.release();
    } catch (...) {
      return nullptr;
    }
  }

  static void Completed(void* cls, MHD_Connection*, void** context, MHD_RequestTerminationCode) {
    auto* exchange = static_cast<Exchange*>(*context);
    if (!exchange) return;
    auto* t = static_cast<HttpTransport*>(cls);
    // The next request on this connection has its header deadline from now.
    SetDeadline(exchange->connection, After(t->options_.header_timeout_seconds));
    if (exchange->counted) t->Leave();
    delete exchange;
    *context = nullptr;
  }

  static void Notify(void* cls, MHD_Connection* connection, void** socket_context,
                     MHD_ConnectionNotificationCode code) {
    auto* t = static_cast<HttpTransport*>(cls);
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
      auto* tracked = new (std::nothrow) Connection;
      if (!tracked) return;  // out of memory: served without a deadline
      const MHD_ConnectionInfo* info =
          MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
      tracked->fd = info ? info->connect_fd : -1;
      tracked->deadline = After(t->options_.header_timeout_seconds);
      try {
        std::lock_guard<std::mutex> lock(t->reap_mutex_);
        t->connections_.insert(tracked);
      } catch (...) {
        delete tracked;
        return;
      }
      *socket_context = tracked;
      return;
    }
    auto* tracked = static_cast<Connection*>(*socket_context);
    if (!tracked) return;
    {
      std::lock_guard<std::mutex> lock(t->reap_mutex_);
      t->connections_.erase(tracked);
    }
    delete tracked;
    *socket_context = nullptr;
  }

  // The default unescaper would decode the path and the query in place;
  // both are decoded from the raw target instead (TargetPath, ParseQuery).
  static size_t KeepEscapes(void*, MHD_Connection*, char* text) { return std::strlen(text); }

  static void Log(void* cls, const char* format, va_list args) {
    char message[512];
    std::vsnprintf(message, sizeof message, format, args);
    size_t size = std::strlen(message);
    while (size > 0 && (message[size - 1] == '\n' || message[size - 1] == '.')) --size;
    auto* t = static_cast<HttpTransport*>(cls);
    std::lock_guard<std::mutex> lock(t->mutex_);
    try {
      t->last_error_.assign(message, size);
    } catch (...) {
    }
  }

  static MHD_Result Refuse(HttpTransport* t, MHD_Connection* connection, const HttpRequest& request,
                           Dispatcher::Refusal refusal) {
    HttpResponse response;
    t->dispatcher_.Refuse(request, refusal, response);
    return Send(connection, response, /*close=*/true);
  }

  // Hands the exchange back to its event thread with `answer` written into
  // it; the exchange may be gone as soon as the connection is resumed.
  template <typename Answer>
  static void Resume(MHD_Connection* connection, Exchange* exchange, Answer answer) noexcept {
    try {
      answer(exchange->response);
    } catch (...) {
      exchange->failed = true;
    }
    exchange->answered.store(true, std::memory_order_release);
    MHD_resume_connection(connection);
  }

  // Runs the request's handler on the worker pool. The connection is
  // suspended before the job is queued, as a worker may take it and resume
  // the connection at once; a refused job (queue full, shutting down) is
  // answered the same way, through a resume.
  static MHD_Result SendToWorker(HttpTransport* t, MHD_Connection* connection, Exchange* exchange) {
    WorkerPool::Job job = [t, connection, exchange](bool cancelled) {
      Resume(connection, exchange, [&](HttpResponse& response) {
        if (!cancelled) return t->dispatcher_.Handle(exchange->request, response);
        exchange->close = true;
        t->dispatcher_.Refuse(exchange->request, Dispatcher::Refusal::kShuttingDown, response);
      });
    };
    exchange->offloaded = true;
    MHD_suspend_connection(connection);
    WorkerPool::Submitted submitted = WorkerPool::Submitted::kFull;
    try {
      submitted = t->workers_.Submit(std::move(job));
    } catch (...) {  // out of memory: refused like a full queue
    }
    if (submitted == WorkerPool::Submitted::kQueued) return MHD_YES;
    Resume(connection, exchange, [&](HttpResponse& response) {
      const bool stopping = submitted == WorkerPool::Submitted::kShutDown;
      exchange->close = stopping;
      t->dispatcher_.Refuse(
          exchange->request,
          stopping ? Dispatcher::Refusal::kShuttingDown : Dispatcher::Refusal::kBusy, response);
    });
    return MHD_YES;
  }

  static MHD_Result Access(void* cls, MHD_Connection* connection, const char* url,
                           const char* method, const char* version, const char* upload,
                           size_t* upload_size, void** context) {
    try {
      return Receive(static_cast<HttpTransport*>(cls), connection, url, method, version, upload,
                     upload_size, context);
    } catch (...) {
      return MHD_NO;  // out of memory: close the connection
    }
  }

  // Called once with the headers, once per piece of body, and once more
  // when the body is complete (or at once when there is none).
  static MHD_Result Receive(HttpTransport* t, MHD_Connection* connection, const char* url,
                            const char* method, const char* version, const char* upload,
                            size_t* upload_size, void** context) {
    auto* exchange = static_cast<Exchange*>(*context);
    if (!exchange) {  // Begin could not allocate it
      auto fresh = std::make_unique<Exchange>();
      fresh->request.target = url;
      fresh->connection = ConnectionOf(connection);
      *context = exchange = fresh.release();
    }
    HttpRequest& request = exchange->request;
    const uint64_t limit = t->options_.max_body_bytes;
    if (!exchange->started) {
      exchange->started = true;
      SetDeadline(exchange->connection, After(t->options_.body_timeout_seconds));
      request.method = method;
      // libmicrohttpd 0.9.75 hands the target over as a C string, so one
      // cut short by a NUL the client put in the request line would pass
      // for the part before it ("/api/countries\0x" for /api/countries).
      // In its buffer the HTTP version follows the target's real end: a
      // target that stops before that held a NUL, kept as one so that the
      // dispatcher refuses it (request_shape.h).
      if (exchange->raw_target && version && *version &&
          version != exchange->raw_target + request.target.size() + 1) {
        request.target.push_back('\0');
      }
      request.path = TargetPath(request.target);
      MHD_get_connection_values_n(connection, MHD_HEADER_KIND, AddHeader, &request.headers);
      if (request.target.size() > t->options_.max_uri_bytes) {
        return Refuse(t, connection, request, Dispatcher::Refusal::kUriTooLong);
      }
      if (HeaderBytes(request.headers) > t->options_.max_header_bytes) {
        return Refuse(t, connection, request, Dispatcher::Refusal::kHeadersTooLarge);
      }
      if (!t->Enter()) return Refuse(t, connection, request, Dispatcher::Refusal::kShuttingDown);
      exchange->counted = true;
      const std::string_view length = request.headers.Get(MHD_HTTP_HEADER_CONTENT_LENGTH);
      uint64_t declared = 0;
      if (std::from_chars(length.data(), length.data() + length.size(), declared).ec ==
              std::errc() &&
          declared > 0) {
        if (declared > limit) {
          exchange->too_large = true;
          // A client waiting for "100 Continue" never sends the body; one
          // that sends far more than the limit is not read to its end.
          if (declared - limit > kDrainBytes ||
              !request.headers.Get(MHD_HTTP_HEADER_EXPECT).empty()) {
            return Refuse(t, connection, request, Dispatcher::Refusal::kTooLarge);
          }
        } else {
          request.body.reserve(static_cast<size_t>(std::min(declared, kReserveBytes)));
        }
      }
      return MHD_YES;
    }
    if (*upload_size > 0) {
      const size_t size = *upload_size;
      *upload_size = 0;
      if (!exchange->too_large && request.body.size() + size > limit) {
        exchange->too_large = true;
        exchange->dropped = request.body.size();
        std::string().swap(request.body);
      }
      if (!exchange->too_large) {
        request.body.append(upload, size);
        return MHD_YES;
      }
      exchange->dropped += size;
      // libmicrohttpd 0.9.75 cannot answer in the middle of a body: past
      // the drain budget (a chunked body) the connection is just closed.
      return exchange->dropped > limit + kDrainBytes ? MHD_NO : MHD_YES;
    }
    SetDeadline(exchange->connection,
                0);  // the request is in: handled and answered without a deadline
    if (exchange->too_large) return Refuse(t, connection, request, Dispatcher::Refusal::kTooLarge);
    if (exchange->offloaded) {  // resumed: the worker's answer is ready
      if (!exchange->answered.load(std::memory_order_acquire) || exchange->failed) return MHD_NO;
      return Send(connection, exchange->response, exchange->close);
    }
    if (t->dispatcher_.Offloads(request)) return SendToWorker(t, connection, exchange);
    HttpResponse response;
    t->dispatcher_.Handle(request, response);
    return Send(connection, response, /*close=*/false);
  }
};

HttpTransport::HttpTransport(const TransportOptions& options, const Dispatcher& dispatcher)
    : options_(options),
      dispatcher_(dispatcher),
      workers_(options.offload_threads, options.max_offloaded) {}

HttpTransport::~HttpTransport() { Stop(); }

absl::StatusOr<std::unique_ptr<HttpTransport>> HttpTransport::Start(const TransportOptions& options,
                                                                    const Dispatcher& dispatcher) {
  const std::string where = absl::StrCat(options.host, ":", options.port);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string port = std::to_string(options.port);
  if (const int error = getaddrinfo(options.host.c_str(), port.c_str(), &hints, &found);
      error != 0 || !found) {
    return Problem(absl::StatusCode::kUnavailable,
                   absl::StrCat("cannot listen on ", where, ": ", gai_strerror(error)),
                   "an IP address or a host name of this machine");
  }
  sockaddr_storage address{};
  std::memcpy(&address, found->ai_addr, std::min<size_t>(found->ai_addrlen, sizeof address));
  const bool ipv6 = found->ai_family == AF_INET6;
  freeaddrinfo(found);

  std::unique_ptr<HttpTransport> t(new HttpTransport(options, dispatcher));
  // MHD_ALLOW_SUSPEND_RESUME includes MHD_USE_ITC, which wakes an event
  // thread when a worker resumes one of its connections (and which
  // MHD_quiesce_daemon needs).
  unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME |
                       MHD_USE_ERROR_LOG;
  if (ipv6) flags |= MHD_USE_IPv6;
  const size_t connection_memory =
      std::max(kMinConnectionMemory,
               options.max_uri_bytes + options.max_header_bytes + kSpareConnectionMemory);
  // One event thread is libmicrohttpd's own internal thread: it warns about
  // a thread pool of size 1 (or 0), so the option is given only for more.
  MHD_OptionItem pool[] = {{MHD_OPTION_THREAD_POOL_SIZE, std::max(1, options.threads), nullptr},
                           {MHD_OPTION_END, 0, nullptr}};
  if (options.threads <= 1) pool[0] = pool[1];
  t->daemon_ = MHD_start_daemon(
      flags, 0, nullptr, nullptr, &Callbacks::Access, t.get(),            //
      MHD_OPTION_SOCK_ADDR, reinterpret_cast<const sockaddr*>(&address),  //
      MHD_OPTION_ARRAY, pool,                                             //
      MHD_OPTION_CONNECTION_LIMIT, static_cast<unsigned int>(std::max(1, options.max_connections)),
      MHD_OPTION_CONNECTION_TIMEOUT,
      static_cast<unsigned int>(std::max(1, options.keep_alive_seconds)),
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, connection_memory,           //
      MHD_OPTION_URI_LOG_CALLBACK, &Callbacks::Begin, t.get(),         //
      MHD_OPTION_NOTIFY_COMPLETED, &Callbacks::Completed, t.get(),     //
      MHD_OPTION_NOTIFY_CONNECTION, &Callbacks::Notify, t.get(),       //
      MHD_OPTION_UNESCAPE_CALLBACK, &Callbacks::KeepEscapes, nullptr,  //
      MHD_OPTION_EXTERNAL_LOGGER, &Callbacks::Log, t.get(),            //
      MHD_OPTION_END);
  if (!t->daemon_) {
    std::lock_guard<std::mutex> lock(t->mutex_);
    return Problem(absl::StatusCode::kUnavailable,
                   absl::StrCat("cannot listen on ", where, t->last_error_.empty() ? "" : ": ",
                                t->last_error_),
                   "a free port (is another server running?) or --port 0 for any free port");
  }
  const MHD_DaemonInfo* info = MHD_get_daemon_info(t->daemon_, MHD_DAEMON_INFO_BIND_PORT);
  t->port_ = info ? info->port : 0;
  if (t->port_ <= 0)
    return absl::InternalError(absl::StrCat("listening on ", where, " but the port is unknown"));
  HttpTransport* self = t.get();
  t->reaper_ = std::thread([self] { self->Reap(); });
  return t;
}

void HttpTransport::Reap() {
  std::unique_lock<std::mutex> lock(reap_mutex_);
  while (!reap_stop_) {
    reap_wake_.wait_for(lock, kReapPeriod);
    const int64_t now = Now();
    for (Connection* c : connections_) {
      const int64_t deadline = c->deadline.load(std::memory_order_relaxed);
      if (deadline == 0 || now < deadline || c->dropped || c->fd < 0) continue;
      // Its event thread then reads end-of-stream and closes it, as if the
      // client had gone; the socket is still open (we hold reap_mutex_).
      shutdown(c->fd, SHUT_RDWR);
      c->dropped = true;
      ++dropped_slow_;
    }
  }
}

long long HttpTransport::dropped_slow() const {
  std::lock_guard<std::mutex> lock(reap_mutex_);
  return dropped_slow_;
}

bool HttpTransport::Enter() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (stopping_) return false;
  ++in_flight_;
  return true;
}

void HttpTransport::Leave() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (--in_flight_ == 0 && stopping_) drained_.notify_all();
}

void HttpTransport::Stop() {
  if (!daemon_) return;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  const MHD_socket listener = MHD_quiesce_daemon(daemon_);
  bool drained = false;
  {
    std::unique_lock<std::mutex> lock(mutex_);
    drained = drained_.wait_for(lock, std::chrono::seconds(std::max(0, options_.drain_seconds)),
                                [this] { return in_flight_ == 0; });
  }
  // Every suspended connection must be resumed before MHD_stop_daemon. The
  // workers finish the handlers they run, however long (a ledger write is
  // never cut short), and answer the requests still queued with 503; each
  // resumes its connection.
  workers_.Shutdown();
  if (!drained) {
    std::unique_lock<std::mutex> lock(mutex_);
    drained_.wait_for(lock, kLateAnswerGrace, [this] { return in_flight_ == 0; });
  }
  MHD_stop_daemon(daemon_);
  daemon_ = nullptr;
  {
    std::lock_guard<std::mutex> lock(reap_mutex_);
    reap_stop_ = true;
  }
  reap_wake_.notify_all();
  if (reaper_.joinable()) reaper_.join();
  if (listener != MHD_INVALID_SOCKET) close(listener);
}

}  // namespace stargate::server
