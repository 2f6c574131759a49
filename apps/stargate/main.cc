// stargate: plan, finance and govern a global network of sovereign AI data
// centers. Each subcommand lives in its own file; this one only dispatches.
#include <iostream>
#include <string>
#include <vector>

#include "command.h"

namespace {

using stargate::cli::Command;

std::vector<const Command*> AllCommands() {
  return {&stargate::cli::ValidateCommand(), &stargate::cli::ShowCommand(),
          &stargate::cli::PlanCommand(),     &stargate::cli::ScreenCommand(),
          &stargate::cli::ClassifyCommand(), &stargate::cli::CheckCommand(),
          &stargate::cli::ListsCommand(),    &stargate::cli::TierCommand(),
          &stargate::cli::RegimeCommand(),   &stargate::cli::GenCommand(),
          &stargate::cli::LedgerCommand(),   &stargate::cli::FinanceCommand(),
          &stargate::cli::SimulateCommand(), &stargate::cli::ReportCommand(),
          &stargate::cli::ServeCommand()};
}

void PrintUsage(std::ostream& out) {
  out << "usage: stargate <command> [options]\n\n"
         "Plan, finance and govern a global network of sovereign AI data centers.\n\ncommands:\n";
  for (const Command* c : AllCommands()) {
    out << "  " << c->name << std::string(c->name.size() < 12 ? 12 - c->name.size() : 1, ' ')
        << c->summary << "\n";
  }
  out << "\n'stargate <command> --help' describes a command.\n"
         "exit codes: 0 success, 1 domain failure, 2 bad input or usage\n";
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> rest(argv + (argc > 0 ? 1 : 0), argv + argc);
  if (rest.empty()) {
    PrintUsage(std::cerr);
    return stargate::cli::kExitBadInput;
  }
  const std::string name = rest.front();
  rest.erase(rest.begin());
  if (name == "--help" || name == "-h" || name == "help") {
    PrintUsage(std::cout);
    return stargate::cli::kExitOk;
  }
  if (name == "--version") {
    std::cout << "stargate 0.1.0\n";
    return stargate::cli::kExitOk;
  }
  for (const Command* command : AllCommands()) {
    if (command->name != name) continue;
    auto args = stargate::cli::ParseArgs(*command, rest, std::cerr);
    if (!args) {
      std::cerr << "usage: stargate " << command->synopsis << "\n";
      return stargate::cli::kExitBadInput;
    }
    if (args->Has("--help")) {
      stargate::cli::PrintCommandHelp(*command, std::cout);
      return stargate::cli::kExitOk;
    }
    try {
      return command->run(*command, *args);
    } catch (const std::exception& e) {
      // Library adapters catch their own exceptions; this is the last guard.
      std::cerr << "error: internal: " << e.what() << "\n";
      return stargate::cli::kExitDomainFailure;
    }
  }
  std::cerr << "error: unknown command '" << name << "'; expected one of";
  for (const Command* c : AllCommands()) std::cerr << " " << c->name;
  std::cerr << "\n";
  return stargate::cli::kExitBadInput;
}
