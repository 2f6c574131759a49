// From an HttpRequest to its HttpResponse, whatever carries them: a request
// of the wrong shape is refused first (request_shape.h); /api/... goes
// through the router (token, role, declared query parameters, handler, JSON
// errors), every other path to the dashboard's files. Every response says
// `X-Content-Type-Options: nosniff`; API answers are `Cache-Control:
// no-store`. Safe to call from many threads at once.
#ifndef STARGATE_SERVER_DISPATCH_H_
#define STARGATE_SERVER_DISPATCH_H_

#include "stargate/server/http_message.h"
#include "stargate/server/internal/static_site.h"

namespace stargate::server {

class Service;

class Dispatcher {
 public:
  explicit Dispatcher(const Service& service);

  // Never throws: an exception from a handler becomes a 500 `internal`.
  void Handle(const HttpRequest& request, HttpResponse& response) const;

  // Whether Handle() should run on the transport's worker pool rather than
  // on the event thread (router.h, Offload), for a request whose body has
  // arrived. A request that fails authentication or its role check is
  // answered inline (at once), so that it cannot take a worker's place.
  bool Offloads(const HttpRequest& request) const;

  // What the transport answers on its own, before any handler runs.
  enum class Refusal {
    kTooLarge,         // 413: the body is over max_body_bytes
    kUriTooLong,       // 414: the request target is over max_uri_bytes
    kHeadersTooLarge,  // 431: the header fields are over max_header_bytes
    kBusy,             // 503 with Retry-After: the worker pool's queue is full
    kShuttingDown,     // 503: the request arrived after Stop() began
  };
  void Refuse(const HttpRequest& request, Refusal refusal, HttpResponse& response) const;

 private:
  void Api(const HttpRequest& request, HttpResponse& response) const;
  void File(const HttpRequest& request, HttpResponse& response) const;

  const Service& service_;
  StaticSite site_;
};

}  // namespace stargate::server

#endif  // STARGATE_SERVER_DISPATCH_H_
