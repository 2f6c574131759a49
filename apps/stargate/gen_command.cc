// stargate gen: write a generated scenario for tests and benchmarks.
#include <iostream>

#include "command.h"
#include "stargate/core/atomic_file.h"
#include "stargate/scenario/generator.h"

namespace stargate::cli {
namespace {

bool ParseInt(const std::string& text, long long min, long long max, long long* out) {
  char* end = nullptr;
  errno = 0;
  const long long v = std::strtoll(text.c_str(), &end, 10);
  if (end == text.c_str() || *end != '\0' || errno != 0 || v < min || v > max) return false;
  *out = v;
  return true;
}

int Run(const Command& command, const Args& args) {
  GeneratorOptions o;
  struct IntFlag {
    const char* name;
    long long min, max;
    long long value;
  };
  IntFlag flags[] = {{"--sites", 1, 100000, o.sites},
                     {"--types", 1, 200, o.types},
                     {"--quarters", 1, 200, o.quarters},
                     {"--countries", 2, 84, o.countries},
                     {"--seed", 0, (1LL << 62), 1}};
  for (auto& f : flags) {
    if (auto text = args.Value(f.name); text && !ParseInt(*text, f.min, f.max, &f.value)) {
      return UsageError(command, std::string(f.name) + " '" + *text + "' is not valid",
                        "an integer in " + std::to_string(f.min) + ".." + std::to_string(f.max));
    }
  }
  o.sites = static_cast<int>(flags[0].value);
  o.types = static_cast<int>(flags[1].value);
  o.quarters = static_cast<int>(flags[2].value);
  o.countries = static_cast<int>(flags[3].value);
  o.seed = static_cast<uint64_t>(flags[4].value);
  auto yaml = GenerateScenarioYaml(o);
  if (!yaml.ok())
    return UsageError(command, std::string(yaml.status().message()), "sizes within range");
  const auto out = args.Value("--out");
  if (!out) return UsageError(command, "no --out file", "--out FILE");
  if (auto status = WriteFileAtomically(*out, *yaml); !status.ok()) {
    std::cerr << "error: " << status.message() << "\n";
    return kExitBadInput;
  }
  if (!args.json()) {
    std::cout << "wrote " << *out << ": " << o.sites << " sites, " << o.types
              << " accelerator types, " << o.quarters << " quarters, " << o.countries
              << " countries (seed " << o.seed << ")\n";
  } else {
    std::cout << "{\"file\": \"" << *out << "\"}\n";
  }
  return kExitOk;
}

}  // namespace

const Command& GenCommand() {
  static const Command command{
      .name = "gen",
      .synopsis = "gen --sites N --types K --quarters T --countries C --seed S --out FILE [--json]",
      .summary = "write a generated scenario for tests and benchmarks",
      .description =
          "Writes one self-contained scenario file with real country codes (Tier 1, Tier 2 and\n"
          "arms-embargoed), demand large enough for Tier 2 caps to bind, and residency zones.\n"
          "The same seed always gives the same file.",
      .flags = {{"--sites", "N", "number of sites (default 50)"},
                {"--types", "K", "accelerator types (default 10)"},
                {"--quarters", "T", "horizon in quarters from 2025Q1 (default 24)"},
                {"--countries", "C", "countries, 2..84 (default 60)"},
                {"--seed", "S", "random seed (default 1)"},
                {"--out", "FILE", "where to write the scenario"}},
      .min_positional = 0,
      .max_positional = 0,
      .run = Run};
  return command;
}

}  // namespace stargate::cli
