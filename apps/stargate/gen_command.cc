// stargate gen: write a generated scenario for tests and benchmarks.
#include <iostream>

#include "command.h"
#include "stargate/core/atomic_file.h"
#include "stargate/scenario/generator.h"

namespace stargate::cli {
namespace {

int Run(const Command& command, const Args& args) {
  GeneratorOptions o;
  uint64_t seed = 1;
  if (!ReadWholeFlag(command, args, "--sites", 1, 100000, &o.sites) ||
      !ReadWholeFlag(command, args, "--types", 1, 200, &o.types) ||
      !ReadWholeFlag(command, args, "--quarters", 1, 200, &o.quarters) ||
      !ReadWholeFlag(command, args, "--countries", 2, 84, &o.countries) ||
      !ReadWholeFlag(command, args, "--seed", uint64_t{0}, uint64_t{1} << 62, &seed)) {
    return kExitBadInput;
  }
  o.seed = seed;
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
