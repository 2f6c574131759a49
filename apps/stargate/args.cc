#include <cstdlib>
#include <iostream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "command.h"

namespace stargate::cli {

std::optional<std::string> Args::Value(const std::string& flag) const {
  auto it = values.find(flag);
  if (it == values.end() || it->second.empty()) return std::nullopt;
  return it->second.back();
}

namespace {

const FlagSpec* FindFlag(const Command& command, const std::string& name) {
  static const FlagSpec kJson{"--json", "", "machine-readable output on stdout"};
  static const FlagSpec kHelp{"--help", "", "show this help"};
  if (name == "--json") return &kJson;
  if (name == "--help" || name == "-h") return &kHelp;
  for (const auto& flag : command.flags) {
    if (flag.name == name) return &flag;
  }
  return nullptr;
}

std::string FlagList(const Command& command) {
  std::string list;
  for (const auto& flag : command.flags) list += flag.name + ", ";
  return list + "--json, --help";
}

}  // namespace

int UsageError(const Command& command, const std::string& what, const std::string& expected) {
  std::cerr << "error: " << what << "; expected " << expected << "\n"
            << "usage: stargate " << command.synopsis << "\n";
  return kExitBadInput;
}

std::optional<int> ReadTimeLimit(const Command& command, const Args& args, double* seconds) {
  auto limit = args.Value("--time-limit");
  if (!limit) return std::nullopt;
  char* end = nullptr;
  const double parsed = std::strtod(limit->c_str(), &end);
  if (end == limit->c_str() || *end != '\0' || !(parsed > 0)) {
    return UsageError(command, "time limit '" + *limit + "' is not a number of seconds",
                      "--time-limit 60");
  }
  *seconds = parsed;
  return std::nullopt;
}

bool ReadWholeNumber(const Command& command, const Args& args, const std::string& flag,
                     uint64_t min, uint64_t max, uint64_t* value) {
  const auto text = args.Value(flag);
  if (!text) return true;
  uint64_t parsed = 0;
  // SimpleAtoi takes a leading '+' and surrounding spaces; a count is digits only.
  const bool digits = !text->empty() && text->find_first_not_of("0123456789") == std::string::npos;
  if (!digits || !absl::SimpleAtoi(*text, &parsed) || parsed < min || parsed > max) {
    UsageError(command,
               absl::StrCat(flag, " '", *text, "' is not a whole number in ", min, "..", max),
               absl::StrCat(flag, " N with N from ", min, " to ", max));
    return false;
  }
  *value = parsed;
  return true;
}

std::optional<Args> ParseArgs(const Command& command, const std::vector<std::string>& argv,
                              std::ostream& err) {
  Args args;
  bool only_positional = false;
  for (size_t i = 0; i < argv.size(); ++i) {
    std::string token = argv[i];
    if (only_positional || token.size() < 2 || token[0] != '-' || token == "-") {
      args.positional.push_back(token);
      continue;
    }
    if (token == "--") {
      only_positional = true;
      continue;
    }
    std::optional<std::string> inline_value;
    if (auto eq = token.find('='); eq != std::string::npos) {
      inline_value = token.substr(eq + 1);
      token = token.substr(0, eq);
    }
    const FlagSpec* flag = FindFlag(command, token);
    if (!flag) {
      err << "error: unknown option '" << token << "' for 'stargate " << command.name
          << "'; expected one of " << FlagList(command) << "\n";
      return std::nullopt;
    }
    if (flag->value_name.empty()) {
      if (inline_value) {
        err << "error: option '" << token << "' takes no value; expected " << token << " alone\n";
        return std::nullopt;
      }
      args.values[flag->name].push_back("true");
      continue;
    }
    std::string value;
    if (inline_value) {
      value = *inline_value;
    } else if (i + 1 < argv.size()) {
      value = argv[++i];
    } else {
      err << "error: option '" << token << "' needs a value; expected " << token << " "
          << flag->value_name << "\n";
      return std::nullopt;
    }
    auto& slot = args.values[flag->name];
    if (!slot.empty() && !flag->repeatable) {
      err << "error: option '" << token << "' is given twice; expected it at most once\n";
      return std::nullopt;
    }
    slot.push_back(value);
  }
  if (args.Has("--help")) return args;
  const int n = static_cast<int>(args.positional.size());
  if (n < command.min_positional || n > command.max_positional) {
    err << "error: 'stargate " << command.name << "' takes ";
    if (command.min_positional == command.max_positional) {
      err << command.min_positional;
    } else {
      err << command.min_positional << " to " << command.max_positional;
    }
    err << " arguments but got " << n << "; expected stargate " << command.synopsis << "\n";
    return std::nullopt;
  }
  return args;
}

void PrintCommandHelp(const Command& command, std::ostream& out) {
  out << "usage: stargate " << command.synopsis << "\n\n" << command.summary << "\n";
  if (!command.description.empty()) out << "\n" << command.description << "\n";
  out << "\noptions:\n";
  auto line = [&](const FlagSpec& f) {
    std::string left = f.name + (f.value_name.empty() ? "" : " " + f.value_name);
    out << "  " << left << std::string(left.size() < 24 ? 24 - left.size() : 1, ' ') << f.help
        << "\n";
  };
  for (const auto& flag : command.flags) line(flag);
  line({"--json", "", "machine-readable output on stdout (logs stay on stderr)"});
  line({"--help", "", "show this help"});
  out << "\nexit codes: 0 success, 1 domain failure, 2 bad input or usage\n";
}

}  // namespace stargate::cli
