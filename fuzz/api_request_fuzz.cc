// Fuzz target: any bytes, read as an HTTP request (a request line "METHOD
// TARGET", header lines "Name: value", a blank line, then the body), go
// through the server's dispatcher as the transport would hand them over,
// without a socket: the path and query decoding, the shape checks (control
// characters, duplicate Authorization, undeclared query parameters),
// routing, the token and role checks, and each handler reading its query
// and its JSON body into a request. Every answer must have a status the API
// documents (a 500 is a bug) and, under /api/, a JSON body; never a crash,
// a hang or a sanitizer report.
//
// The service is the shipped data with one token per role. It has no
// ledger (record=true is a 409) and a job queue of size 0 (a plan or a
// simulation is refused before it runs). GET /api/finance is not sent on:
// its first call solves the scenario's plan, seconds of work that the
// fuzzer's time-out would take for a hang.
#include <stdlib.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <string_view>

#include "stargate/server/dispatch.h"
#include "stargate/server/http_message.h"
#include "stargate/server/service.h"

namespace {

namespace fs = std::filesystem;
using stargate::server::Dispatcher;
using stargate::server::HttpRequest;
using stargate::server::HttpResponse;
using stargate::server::Service;

const Service* service = nullptr;
const Dispatcher* dispatcher = nullptr;

void Setup() {
  char pattern[] = "/tmp/stargate-api-fuzz-XXXXXX";
  if (!mkdtemp(pattern)) __builtin_trap();
  const fs::path dir(pattern);
  fs::create_directories(dir / "dist");
  std::ofstream(dir / "dist" / "index.html") << "<html>dashboard</html>";
  std::ofstream(dir / "tokens.txt") << "fuzz-viewer-token-aaaaaa viewer vera\n"
                                    << "fuzz-planner-token-bbbbb planner pat\n"
                                    << "fuzz-compliance-token-cc compliance carl\n";
  stargate::server::ServerOptions options;
  options.data_dir = fs::path(STARGATE_SOURCE_DIR) / "data";
  options.tokens_file = dir / "tokens.txt";
  options.web_dir = dir / "dist";
  options.max_queued_jobs = 0;
  std::ostringstream log;
  auto created = Service::Create(options, log);
  if (!created.ok()) __builtin_trap();
  service = created->release();
  dispatcher = new Dispatcher(*service);
}

std::string_view Line(std::string_view& rest) {
  const size_t end = rest.find('\n');
  std::string_view line = rest.substr(0, end);
  rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

HttpRequest Parse(std::string_view text) {
  HttpRequest request;
  const std::string_view first = Line(text);
  const size_t space = first.find(' ');
  request.method = std::string(first.substr(0, space));
  request.target =
      space == std::string_view::npos ? std::string() : std::string(first.substr(space + 1));
  while (!text.empty()) {
    const std::string_view line = Line(text);
    if (line.empty()) break;
    const size_t colon = line.find(':');
    std::string_view value =
        colon == std::string_view::npos ? std::string_view() : line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    request.headers.Add(std::string(line.substr(0, colon)), std::string(value));
  }
  request.body = std::string(text);
  request.path = stargate::server::TargetPath(request.target);
  return request;
}

bool Documented(int status) {
  switch (status) {
    case 200:
    case 202:
    case 400:
    case 401:
    case 403:
    case 404:
    case 405:
    case 409:
    case 413:
    case 503:
      return true;
    default:
      return false;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (!dispatcher) Setup();
  const HttpRequest request = Parse(std::string_view(reinterpret_cast<const char*>(data), size));
  const auto match = service->router().Find(request.method, request.path);
  if (match.route && match.route->pattern == "/api/finance") return 0;
  dispatcher->Offloads(request);
  HttpResponse response;
  dispatcher->Handle(request, response);
  if (!Documented(response.status)) __builtin_trap();
  const bool api = request.path == "/api" || request.path.rfind("/api/", 0) == 0;
  if (api && !nlohmann::json::accept(response.body)) __builtin_trap();
  return 0;
}
