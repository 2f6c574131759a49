#include "stargate/server/server.h"

#include <signal.h>

#include <algorithm>
#include <chrono>
#include <ostream>
#include <thread>

#include "stargate/server/dispatch.h"
#include "stargate/server/internal/http_transport.h"
#include "stargate/server/service.h"

namespace stargate::server {

int HttpThreads(const ServerOptions& options) {
  if (options.http_threads > 0) return options.http_threads;
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

int OffloadThreads(const ServerOptions& options) {
  if (options.offload_threads > 0) return options.offload_threads;
  // At least two, so that one long request (a first solve) leaves another
  // worker for the ledger writes behind it.
  return std::max(2, static_cast<int>(std::thread::hardware_concurrency()));
}

Server::Server(std::unique_ptr<Service> service) : service_(std::move(service)) {}

Server::~Server() {
  if (!stopped_) Stop();
}

absl::StatusOr<std::unique_ptr<Server>> Server::Create(const ServerOptions& options,
                                                       std::ostream& log) {
  auto service = Service::Create(options, log);
  if (!service.ok()) return service.status();
  std::unique_ptr<Server> server(new Server(std::move(*service)));
  if (!options.checkpoints.key_file.empty()) {
    auto checkpointer = Checkpointer::Create(options.checkpoints, server->service_->ledgers(), log);
    if (!checkpointer.ok()) return checkpointer.status();
    server->checkpointer_ = *std::move(checkpointer);
  }
  return server;
}

absl::Status Server::Start() {
  const ServerOptions& o = service_->options();
  TransportOptions t;
  t.host = o.host;
  t.port = o.port;
  t.threads = HttpThreads(o);
  t.offload_threads = OffloadThreads(o);
  t.max_offloaded = o.max_offloaded;
  t.max_connections = o.max_connections;
  t.max_body_bytes = o.max_body_bytes;
  t.max_uri_bytes = o.max_uri_bytes;
  t.max_header_bytes = o.max_header_bytes;
  t.keep_alive_seconds = o.keep_alive_seconds;
  t.header_timeout_seconds = o.header_timeout_seconds;
  t.body_timeout_seconds = o.body_timeout_seconds;
  dispatcher_ = std::make_unique<Dispatcher>(*service_);
  if (checkpointer_) checkpointer_->Start();
  auto transport = HttpTransport::Start(t, *dispatcher_);
  if (!transport.ok()) {
    dispatcher_.reset();
    return transport.status();
  }
  transport_ = std::move(*transport);
  port_ = transport_->port();
  return absl::OkStatus();
}

bool Server::Stop(int job_grace_ms) {
  stopped_ = true;
  if (transport_) {
    transport_->Stop();
    transport_.reset();
  }
  dispatcher_.reset();
  // After the last request: the final checkpoint covers every entry.
  if (checkpointer_) checkpointer_->Stop();
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
