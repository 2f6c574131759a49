// Server: the HTTP API and the web dashboard over the Stargate library
// (`stargate serve`). The front door of the module; docs/api.md documents
// every endpoint and docs/openapi.yaml describes them for tools.
//
//   ServerOptions options;  options.port = 0;  options.data_dir = "data";
//   auto server = Server::Create(options, std::cerr);  // loads the data once
//   (*server)->Start();                                // listening on (*server)->port()
//   WaitForTerminationSignal();                        // SIGTERM / SIGINT
//   (*server)->Stop();                                 // drains in-flight requests
//
// JSON everywhere, shaped like the CLI's --json output. Requests are served
// by a small fixed pool of event-driven threads (http_transport.h), each
// serving many keep-alive connections; requests that may take long (a
// recorded check, a ledger scan, a solve, a large batch) run on a bounded
// pool of offload threads instead, so that they hold up no other
// connection; plans and simulations run as background jobs on their own
// workers. Writes to the ledger happen inside requests, so draining
// requests on Stop() never cuts a ledger transaction short.
#ifndef STARGATE_SERVER_SERVER_H_
#define STARGATE_SERVER_SERVER_H_

#include <cstddef>
#include <filesystem>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "stargate/server/internal/checkpointer.h"

namespace stargate::server {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;                    // 0: any free port (see Server::port())
  std::string ledger_uri;             // empty: no ledger (record and /api/ledger answer 409)
  bool create_ledger = true;          // create the ledger when there is none yet
  std::filesystem::path tokens_file;  // empty: open server, loopback only
  std::filesystem::path data_dir;     // holds scenarios/ and regimes/
  std::filesystem::path scenario;     // empty: data_dir/scenarios/stargate-global.yaml
  std::filesystem::path web_dir;      // the dashboard's build; empty: data_dir/../web/dist
  // A plan directory (`stargate plan [--stochastic] --out DIR`) served as the
  // server's plan; empty: the scenario's plan is solved on first use.
  std::filesystem::path plan_dir;
  // Restricted-party lists for /api/check and /api/screen; empty: every list
  // of the lists folder (data_dir/screening or $STARGATE_LISTS_DIR).
  std::vector<std::filesystem::path> screen_lists;
  bool screening_off = false;  // --no-screening: checks screen nothing (said in each decision)
  std::filesystem::path screen_cache_dir;  // empty: the screen module's default
  int http_threads = 0;                    // threads serving every connection; 0: one per core
  int max_connections = 1024;              // open at once; more wait in the kernel's listen queue
  int offload_threads = 0;                 // threads for slow requests; 0: max(2, cores)
  int max_offloaded = 64;                  // slow requests waiting for one; more get 503
  int job_workers = 1;                     // plans and simulations run at once
  int max_queued_jobs = 16;
  size_t max_body_bytes = 8u << 20;     // larger requests get 413
  size_t max_uri_bytes = 8u << 10;      // a longer request target gets 414
  size_t max_header_bytes = 32u << 10;  // more in header fields gets 431
  int keep_alive_seconds = 5;           // an idle connection is closed after this
  int header_timeout_seconds = 10;  // a request's line and header fields must arrive within this
  int body_timeout_seconds = 30;    // and its body within this after them
  std::string version = "0.1.0";
  CheckpointOptions checkpoints;  // key_file empty: the server signs no checkpoints
};

class Dispatcher;
class HttpTransport;
class Service;

// The number of threads `http_threads` asks for (0: the machine's cores).
int HttpThreads(const ServerOptions& options);
// The number of threads `offload_threads` asks for (0: max(2, cores)).
int OffloadThreads(const ServerOptions& options);

class Server {
 public:
  // Loads the scenario, the regimes, the tokens, the ledger and the
  // screening lists; every problem is an InvalidArgument (or the ledger's
  // own status) whose message says what to fix. Notes go to `log`.
  static absl::StatusOr<std::unique_ptr<Server>> Create(const ServerOptions& options,
                                                        std::ostream& log);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts listening in a background thread.
  absl::Status Start();
  int port() const { return port_; }
  // Stops accepting, lets in-flight requests finish, cancels queued jobs and
  // waits up to `job_grace_ms` for running ones. Returns false when a job
  // was still running (it is abandoned; its result would be discarded anyway).
  bool Stop(int job_grace_ms = 2000);

 private:
  explicit Server(std::unique_ptr<Service> service);
  std::unique_ptr<Service> service_;
  std::unique_ptr<Dispatcher> dispatcher_;
  std::unique_ptr<HttpTransport> transport_;
  std::unique_ptr<Checkpointer> checkpointer_;  // null: no signing
  int port_ = 0;
  bool stopped_ = false;
};

// Blocks SIGTERM and SIGINT in the calling thread and every thread it starts
// afterwards; call first thing in main (before any thread exists), then
// WaitForTerminationSignal() to wait for one in an orderly way (no work is
// done inside a signal handler).
void BlockTerminationSignals();
// Returns the signal received (SIGTERM or SIGINT).
int WaitForTerminationSignal();

}  // namespace stargate::server

#endif  // STARGATE_SERVER_SERVER_H_
