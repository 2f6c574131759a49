// Fuzz target: any bytes given to the scenario loader must produce either a
// scenario or diagnostics, never a crash, hang or sanitizer report.
#include <cstddef>
#include <cstdint>
#include <string>

#include "stargate/scenario/scenario.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  stargate::LoadOptions options;
  options.follow_includes = false;
  options.known_regimes = {"oct-2023", "ai-diffusion-2025"};
  std::vector<stargate::Diagnostic> diagnostics;
  auto scenario = stargate::LoadScenarioFromText(text, "fuzz.yaml", options, &diagnostics);
  // Every failure must explain itself.
  if (!scenario.ok() && diagnostics.empty()) __builtin_trap();
  return 0;
}
