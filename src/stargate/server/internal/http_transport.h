// The HTTP/1.1 transport under the server: GNU libmicrohttpd (Debian's
// libmicrohttpd-dev) in its event-driven mode, so that a small, fixed pool
// of event threads serves every open connection (epoll; a keep-alive
// connection costs a socket, not a thread). mhd_transport.cc is the only
// file that sees libmicrohttpd.
//
// It reads a request into an HttpRequest and asks the Dispatcher where it
// runs. A fast one (Offload::kInline in router.h: a check without
// recording, health, the catalogue) is handled on the event thread that
// read it and answered at once. A slow one (a recorded check, a ledger
// scan, a solve, a large batch) would hold up every other connection of
// that thread, so its connection is suspended and its handler runs on a
// WorkerPool of offload_threads threads; when it is done the connection is
// resumed and its event thread sends the answer. At most max_offloaded slow
// requests wait for a worker; more are answered 503 with Retry-After.
//
// Limits enforced here, before any handler runs: a request target over
// max_uri_bytes gets 414 and header fields over max_header_bytes get 431
// (JSON errors; only a request beyond what libmicrohttpd can hold per
// connection, see mhd_transport.cc, gets its own short HTML answer); a body
// over max_body_bytes is never buffered (413, and the connection is
// closed); at most max_connections are open at once (more wait in the
// kernel's listen queue); a connection idle for keep_alive_seconds is
// closed. libmicrohttpd's own timeout counts idle time only, so a client
// that sends a byte a second would hold its connection for ever: a reaper
// thread also closes a connection whose request line and header fields
// take more than header_timeout_seconds to arrive (counted from the
// connection's opening, or from the previous answer on a keep-alive
// connection), or whose body takes more than body_timeout_seconds after
// them. A request being handled, or its answer being sent, has no deadline.
#ifndef STARGATE_SERVER_INTERNAL_HTTP_TRANSPORT_H_
#define STARGATE_SERVER_INTERNAL_HTTP_TRANSPORT_H_

#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_set>

#include "absl/status/statusor.h"
#include "stargate/server/dispatch.h"
#include "stargate/server/internal/worker_pool.h"

struct MHD_Daemon;

namespace stargate::server {

struct TransportOptions {
  std::string host = "127.0.0.1";  // a numeric address or a name (the first address it resolves to)
  int port = 0;                    // 0: any free port
  int threads = 1;                 // the event threads that serve every connection
  int offload_threads = 2;         // the workers that run slow handlers
  int max_offloaded = 64;          // slow requests waiting for a worker
  int max_connections = 1024;
  size_t max_body_bytes = 8u << 20;
  size_t max_uri_bytes = 8u << 10;
  size_t max_header_bytes = 32u << 10;  // names and values, with ": " and CRLF
  int keep_alive_seconds = 5;
  int header_timeout_seconds =
      10;                         // request line and header fields, from the first byte we wait for
  int body_timeout_seconds = 30;  // the body, once the header fields are in
  int drain_seconds = 10;         // how long Stop() waits for requests in progress
};

class HttpTransport {
 public:
  // Binds, listens and starts the threads; Unavailable (with the reason)
  // when the address cannot be bound.
  static absl::StatusOr<std::unique_ptr<HttpTransport>> Start(const TransportOptions& options,
                                                              const Dispatcher& dispatcher);
  ~HttpTransport();
  HttpTransport(const HttpTransport&) = delete;
  HttpTransport& operator=(const HttpTransport&) = delete;

  int port() const { return port_; }
  // Connections closed so far for missing their header or body deadline.
  long long dropped_slow() const;

  struct Connection;  // one open connection and its deadline (mhd_transport.cc)

  // Stops accepting connections, answers requests that begin from now on
  // with 503 (and closes their connections), waits up to drain_seconds for
  // the requests in progress to be answered, inline or offloaded, then
  // closes every connection and joins the threads. A handler still running
  // then (it cannot be interrupted) is waited for, so a ledger write is
  // never cut short, and its answer is sent if it can be within a second;
  // a slow request still waiting for a worker then is answered 503 without
  // running.
  void Stop();

 private:
  struct Callbacks;  // libmicrohttpd's C callbacks (mhd_transport.cc)
  HttpTransport(const TransportOptions& options, const Dispatcher& dispatcher);
  bool Enter();  // false once stopping
  void Leave();

  const TransportOptions options_;
  const Dispatcher& dispatcher_;
  WorkerPool workers_;
  MHD_Daemon* daemon_ = nullptr;
  int port_ = 0;
  std::mutex mutex_;
  std::condition_variable drained_;
  int in_flight_ = 0;  // requests begun and not yet answered
  bool stopping_ = false;
  std::string last_error_;  // libmicrohttpd's last message while starting

  // The reaper (Reap) and the open connections it watches. A connection
  // leaves the set (libmicrohttpd's "closed" notice) before libmicrohttpd
  // closes its socket, under reap_mutex_, so the reaper never shuts down a
  // socket number that was closed and reused.
  void Reap();
  mutable std::mutex reap_mutex_;
  std::condition_variable reap_wake_;
  std::unordered_set<Connection*> connections_;
  bool reap_stop_ = false;
  long long dropped_slow_ = 0;
  std::thread reaper_;
};

}  // namespace stargate::server

#endif  // STARGATE_SERVER_INTERNAL_HTTP_TRANSPORT_H_
