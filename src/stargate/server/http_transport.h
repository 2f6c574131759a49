// The HTTP/1.1 transport under the server: GNU libmicrohttpd (Debian's
// libmicrohttpd-dev) in its event-driven mode, so that a small, fixed pool
// of threads serves every open connection (epoll; a keep-alive connection
// costs a socket, not a thread). It reads a request into an HttpRequest,
// hands it to the Dispatcher on the same thread, and sends the HttpResponse
// back. mhd_transport.cc is the only file that sees libmicrohttpd.
//
// Limits enforced here, before any handler runs: a request target over
// max_uri_bytes gets 414 and header fields over max_header_bytes get 431
// (JSON errors; only a request beyond what libmicrohttpd can hold per
// connection, see mhd_transport.cc, gets its own short HTML answer); a body
// over max_body_bytes is never buffered (413, and the connection is
// closed); at most max_connections are open at once (more wait in the
// kernel's listen queue); a connection idle for keep_alive_seconds is
// closed.
#ifndef STARGATE_SERVER_HTTP_TRANSPORT_H_
#define STARGATE_SERVER_HTTP_TRANSPORT_H_

#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>

#include "absl/status/statusor.h"
#include "stargate/server/dispatch.h"

struct MHD_Daemon;

namespace stargate::server {

struct TransportOptions {
  std::string host = "127.0.0.1";  // a numeric address or a name (the first address it resolves to)
  int port = 0;                    // 0: any free port
  int threads = 1;                 // the pool that serves every connection
  int max_connections = 1024;
  size_t max_body_bytes = 8u << 20;
  size_t max_uri_bytes = 8u << 10;
  size_t max_header_bytes = 32u << 10;  // names and values, with ": " and CRLF
  int keep_alive_seconds = 5;
  int drain_seconds = 10;  // how long Stop() waits for requests in progress
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

  // Stops accepting connections, answers requests that begin from now on
  // with 503 (and closes their connections), waits up to drain_seconds for
  // the requests in progress to be answered, then closes every connection
  // and joins the threads. A handler still running then (it cannot be
  // interrupted) is waited for, so a ledger write is never cut short.
  void Stop();

 private:
  struct Callbacks;  // libmicrohttpd's C callbacks (mhd_transport.cc)
  HttpTransport(const TransportOptions& options, const Dispatcher& dispatcher);
  bool Enter();  // false once stopping
  void Leave();

  const TransportOptions options_;
  const Dispatcher& dispatcher_;
  MHD_Daemon* daemon_ = nullptr;
  int port_ = 0;
  std::mutex mutex_;
  std::condition_variable drained_;
  int in_flight_ = 0;  // requests begun and not yet answered
  bool stopping_ = false;
  std::string last_error_;  // libmicrohttpd's last message while starting
};

}  // namespace stargate::server

#endif  // STARGATE_SERVER_HTTP_TRANSPORT_H_
