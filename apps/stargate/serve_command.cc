// stargate serve [--port P] [--ledger URI] [--tokens FILE]: the HTTP API and
// the web dashboard, until SIGTERM or SIGINT (then in-flight requests and
// ledger writes finish, and the process exits 0).
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "command.h"
#include "scenario_input.h"
#include "stargate/server/server.h"

namespace stargate::cli {
namespace {

// Like PATH: several lists separated by ':' (as `stargate screen` reads it).
std::vector<std::filesystem::path> ScreenLists(const Args& args) {
  std::vector<std::filesystem::path> paths;
  if (auto it = args.values.find("--screen-list"); it != args.values.end()) {
    for (const auto& v : it->second) paths.emplace_back(v);
    return paths;
  }
  if (const char* env = std::getenv("STARGATE_SCREEN_LIST"); env && *env) {
    for (absl::string_view part : absl::StrSplit(env, ':', absl::SkipEmpty()))
      paths.emplace_back(std::string(part));
  }
  return paths;
}

// What a failed start exits with (DESIGN.md, docs/ledger.md): 2 for what
// the user can fix in the input or the command line (a malformed scenario,
// tokens file or URI, no ledger at the URI, a database that cannot be
// reached or opened, a port taken), 1 for a domain failure: the ledger's
// storage failed or is damaged (a corrupt file, a full disk, an internal
// error).
int StartupExitCode(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kDataLoss:
    case absl::StatusCode::kResourceExhausted:
    case absl::StatusCode::kInternal:
    case absl::StatusCode::kUnknown:
    case absl::StatusCode::kAborted:
      return kExitDomainFailure;
    default:
      return kExitBadInput;
  }
}

int Run(const Command& command, const Args& args) {
  // Before any thread exists, so that every thread inherits the mask and the
  // signals are taken by sigwait() below, never by a handler mid-request.
  server::BlockTerminationSignals();
  signal(SIGPIPE, SIG_IGN);

  server::ServerOptions options;
  if (!ReadWholeFlag(command, args, "--port", 0, 65535, &options.port) ||
      !ReadWholeFlag(command, args, "--threads", 1, 256, &options.http_threads) ||
      !ReadWholeFlag(command, args, "--offload-threads", 1, 256, &options.offload_threads) ||
      !ReadWholeFlag(command, args, "--offload-queue", 0, 100000, &options.max_offloaded) ||
      !ReadWholeFlag(command, args, "--job-workers", 1, 64, &options.job_workers) ||
      !ReadWholeFlag(command, args, "--header-timeout", 1, 3600, &options.header_timeout_seconds) ||
      !ReadWholeFlag(command, args, "--body-timeout", 1, 3600, &options.body_timeout_seconds)) {
    return kExitBadInput;
  }
  int max_body_mib = static_cast<int>(options.max_body_bytes >> 20);
  if (!ReadWholeFlag(command, args, "--max-body-mib", 1, 1024, &max_body_mib)) return kExitBadInput;
  options.max_body_bytes = static_cast<size_t>(max_body_mib) << 20;
  options.host = args.Value("--host").value_or(options.host);
  options.ledger_uri = args.Value("--ledger").value_or("");
  options.tokens_file = args.Value("--tokens").value_or("");
  options.data_dir = DataDir();
  options.scenario = args.Value("--scenario").value_or("");
  options.web_dir = args.Value("--web").value_or("");
  options.plan_dir = args.Value("--plan").value_or("");
  options.screen_lists = ScreenLists(args);
  options.screening_off = args.Has("--no-screening");
  if (auto key = args.Value("--checkpoint-key")) {
    options.checkpoints.key_file = *key;
    options.checkpoints.log_file = args.Value("--checkpoints").value_or("stargate.checkpoints");
    int every = 0, seconds = 0;
    if (!ReadWholeFlag(command, args, "--checkpoint-every", 1, 1000000000, &every) ||
        !ReadWholeFlag(command, args, "--checkpoint-seconds", 1, 86400 * 365, &seconds)) {
      return kExitBadInput;
    }
    // Neither given: every 1,000 entries, and at least hourly when any are new.
    if (every == 0 && seconds == 0) every = 1000, seconds = 3600;
    options.checkpoints.every_entries = every;
    options.checkpoints.every_seconds = seconds;
  } else if (args.Has("--checkpoints") || args.Has("--checkpoint-every") ||
             args.Has("--checkpoint-seconds")) {
    return UsageError(command, "checkpoint options are given without --checkpoint-key",
                      "--checkpoint-key FILE");
  }

  auto server = server::Server::Create(options, std::cerr);
  if (!server.ok()) {
    std::cerr << "error: " << server.status().message() << "\n";
    return StartupExitCode(server.status());
  }
  if (options.tokens_file.empty()) {
    std::cerr
        << "warning: no --tokens file: every request is allowed with the compliance role, so the "
           "server listens on "
        << options.host << " only\n";
  }
  if (auto status = (*server)->Start(); !status.ok()) {
    std::cerr << "error: " << status.message() << "\n";
    return StartupExitCode(status);
  }
  const std::string host =
      options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host;
  const std::string url = absl::StrCat("http://", host, ":", (*server)->port());
  std::cerr << "listening on " << url << std::endl;
  if (args.json()) {
    std::cout << nlohmann::json{{"listening", url}, {"port", (*server)->port()}}.dump()
              << std::endl;
  }

  const int signal_number = server::WaitForTerminationSignal();
  std::cerr << "received " << (signal_number == SIGTERM ? "SIGTERM" : "SIGINT")
            << ": finishing in-flight requests" << std::endl;
  const bool jobs_stopped = (*server)->Stop();
  if (!jobs_stopped) {
    // Only a plan or simulation in the middle of a solve is left; it writes
    // nothing (ledger writes happen in requests, which have all finished)
    // and its result would be discarded, so it is abandoned.
    std::cerr << "stopped; abandoning a running job" << std::endl;
    std::fflush(nullptr);
    std::_Exit(kExitOk);
  }
  std::cerr << "stopped" << std::endl;
  return kExitOk;
}

}  // namespace

const Command& ServeCommand() {
  static const Command command{
      .name = "serve",
      .synopsis =
          "serve [--port P] [--host ADDR] [--ledger URI] [--tokens FILE] [--web DIR] "
          "[--scenario FILE] [--plan DIR] [--screen-list FILE|DIR] [--threads N] "
          "[--offload-threads N] "
          "[--offload-queue N] [--job-workers N] [--max-body-mib N] [--header-timeout S] "
          "[--body-timeout S] [--checkpoint-key FILE [--checkpoints FILE] [--checkpoint-every N] "
          "[--checkpoint-seconds S]] [--json]",
      .summary = "the HTTP API and the web dashboard",
      .description =
          "Serves the JSON API (docs/api.md, docs/openapi.yaml) and the dashboard (web/dist, or "
          "--web DIR)\n"
          "on http://HOST:P/ (default 127.0.0.1:8080; --port 0 picks a free port). Prints\n"
          "'listening on http://HOST:PORT' on stderr once it accepts requests.\n"
          "--tokens FILE: 'TOKEN ROLE NAME' lines, ROLE one of viewer, planner, compliance; "
          "requests\n"
          "need 'Authorization: Bearer TOKEN'. Without it every request is allowed as compliance "
          "and\n"
          "the server binds 127.0.0.1 only.\n"
          "--ledger URI: the ledger that checks count against and record=true appends to (created "
          "if\n"
          "missing). --screen-list (or STARGATE_SCREEN_LIST): lists for POST /api/screen.\n"
          "--checkpoint-key FILE: sign checkpoints of the ledger (as `stargate ledger checkpoint`) "
          "into\n"
          "--checkpoints FILE every N new entries or S seconds with new entries, and at shutdown.\n"
          "SIGTERM or SIGINT: stop accepting, finish in-flight requests and ledger writes, exit "
          "0.\n"
          "Exit codes on a failed start: 2 for bad input (scenario, tokens, URI, port), 1 when "
          "the\n"
          "ledger's storage is damaged or failed.",
      .flags =
          {{"--port", "P", "TCP port (default 8080; 0: any free port)"},
           {"--host", "ADDR", "address to bind (default 127.0.0.1; others need --tokens)"},
           {"--ledger", "URI", "sqlite:PATH or postgresql://... (default: none)"},
           {"--tokens", "FILE", "bearer tokens with roles (see docs/api.md)"},
           {"--web", "DIR", "the dashboard's files (default: web/dist beside data/)"},
           {"--scenario", "FILE", "the scenario to serve (default: the global scenario)"},
           {"--plan", "DIR",
            "serve the plan in DIR (written by 'stargate plan [--stochastic] --out DIR') as the "
            "server's plan instead of solving it"},
           {"--screen-list", "FILE|DIR",
            "restricted-party list for /api/check and /api/screen (repeatable; default: "
            "data/screening)",
            true},
           {"--no-screening", "", "checks screen no party (each decision says so)"},
           {"--threads", "N", "threads serving every connection (default: one per core)"},
           {"--offload-threads", "N", "threads running slow requests (default: max(2, cores))"},
           {"--offload-queue", "N", "slow requests waiting for one; more get 503 (default 64)"},
           {"--job-workers", "N", "plans and simulations run at once (default 1)"},
           {"--max-body-mib", "N", "largest request body in MiB (default 8)"},
           {"--header-timeout", "S",
            "seconds for a request's line and headers to arrive (default 10)"},
           {"--body-timeout", "S", "seconds for its body to arrive after them (default 30)"},
           {"--checkpoint-key", "FILE",
            "Ed25519 private key (stargate ledger keygen): sign checkpoints"},
           {"--checkpoints", "FILE", "the checkpoint log (default stargate.checkpoints)"},
           {"--checkpoint-every", "N",
            "sign after N new entries (default 1000 when neither is given)"},
           {"--checkpoint-seconds", "S", "sign after S seconds with new entries (default 3600)"}},
      .min_positional = 0,
      .max_positional = 0,
      .run = Run};
  return command;
}

}  // namespace stargate::cli
