#include "scenario_input.h"

#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>

#include "stargate/scenario/scenario.h"

namespace stargate::cli {

namespace fs = std::filesystem;

fs::path DataDir() {
  if (const char* env = std::getenv("STARGATE_DATA_DIR"); env && *env) return env;
  std::error_code ec;
  if (fs::is_directory("data/scenarios", ec)) return "data";
  return STARGATE_DEFAULT_DATA_DIR;
}

fs::path ScenarioPath(const Args& args, size_t positional_index) {
  if (args.positional.size() > positional_index) return args.positional[positional_index];
  return DataDir() / "scenarios" / "stargate-global.yaml";
}

std::optional<Scenario> LoadScenarioOrReport(const fs::path& path, const Args& args) {
  std::vector<Diagnostic> diagnostics;
  auto scenario = LoadScenario(path, {}, &diagnostics);
  if (scenario.ok()) return std::move(*scenario);
  ReportInputProblems(diagnostics, path.string(), args);
  return std::nullopt;
}

int ReportInputProblems(const std::vector<Diagnostic>& diagnostics, const std::string& what,
                        const Args& args) {
  if (args.json()) {
    nlohmann::json errors = nlohmann::json::array();
    for (const auto& d : diagnostics) {
      errors.push_back({{"file", d.location.file},
                        {"line", d.location.line},
                        {"column", d.location.column},
                        {"what", d.what},
                        {"expected", d.expected}});
    }
    std::cout << nlohmann::json{{"ok", false}, {"errors", errors}}.dump(2) << "\n";
  }
  for (const auto& d : diagnostics) std::cerr << "error: " << d.ToString() << "\n";
  std::cerr << diagnostics.size() << (diagnostics.size() == 1 ? " problem" : " problems") << " in "
            << what << "\n";
  return kExitBadInput;
}

void ProgressLine(const std::string& line) {
  if (isatty(STDERR_FILENO)) std::cerr << line << std::endl;
}

}  // namespace stargate::cli
