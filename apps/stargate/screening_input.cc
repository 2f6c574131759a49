#include "screening_input.h"

#include <cmath>
#include <cstdlib>
#include <iostream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace stargate::cli {

namespace fs = std::filesystem;

namespace {

// Scores are floats; a record shows them to four places, not as 0.699999988.
double Rounded(float value) { return std::round(double{value} * 1e4) / 1e4; }

}  // namespace

std::vector<fs::path> ScreeningListPaths(const Args& args) {
  std::vector<fs::path> paths;
  if (auto it = args.values.find("--list"); it != args.values.end()) {
    for (const auto& v : it->second) paths.emplace_back(v);
    return paths;
  }
  if (const char* env = std::getenv("STARGATE_SCREEN_LIST"); env && *env) {
    const std::string value = env;
    size_t start = 0;
    while (start <= value.size()) {
      const size_t colon = value.find(':', start);
      const std::string part =
          value.substr(start, colon == std::string::npos ? colon : colon - start);
      if (!part.empty()) paths.emplace_back(part);
      if (colon == std::string::npos) break;
      start = colon + 1;
    }
  }
  return paths;
}

std::vector<FlagSpec> ScreeningFlags() {
  return {{"--list", "FILE|DIR", "restricted-party list file or folder (repeatable)", true},
          {"--threshold", "X",
           absl::StrFormat("screening hit score in (0, 1] (default %.2f)",
                           screen::kDefaultThreshold)},
          {"--cache", "DIR", "folder for the cached list index"},
          {"--no-cache", "", "build the list index in memory, read and write no cache"}};
}

std::optional<int> ReadThreshold(const Command& command, const Args& args, float* threshold) {
  *threshold = screen::kDefaultThreshold;
  auto value = args.Value("--threshold");
  if (!value) return std::nullopt;
  float parsed = 0;
  if (!absl::SimpleAtof(*value, &parsed) || !(parsed > 0.0f && parsed <= 1.0f)) {
    return UsageError(command, absl::StrCat("threshold '", *value, "' is not a number in (0, 1]"),
                      absl::StrFormat("a score such as %.2f (the default)",
                                      screen::kDefaultThreshold));
  }
  *threshold = parsed;
  return std::nullopt;
}

std::optional<screen::ScreeningList> LoadScreeningListOrReport(const std::vector<fs::path>& paths,
                                                               const Args& args, int* exit_code) {
  screen::LoadOptions load;
  if (auto dir = args.Value("--cache")) load.cache_dir = *dir;
  load.use_cache = !args.Has("--no-cache");
  auto list = screen::LoadScreeningList(paths, load);
  if (!list.ok()) {
    const std::string message(list.status().message());
    if (args.json()) std::cout << nlohmann::json{{"ok", false}, {"error", message}}.dump(2) << "\n";
    std::cerr << "error: " << message << "\n";
    *exit_code = kExitBadInput;
    return std::nullopt;
  }
  for (const auto& note : list->info().notes) std::cerr << "note: " << note << "\n";
  return std::move(*list);
}

rules::RestrictedPartyMatch ToRestrictedPartyMatch(const screen::Hit& hit, float threshold) {
  return {hit.list,     hit.entry_id,       hit.entry_name, hit.matched_name,
          hit.programs, Rounded(hit.score), Rounded(threshold)};
}

nlohmann::json ScreeningEntryBody(const std::string& name, const std::string& role,
                                  const std::vector<screen::Hit>& hits, float threshold,
                                  const screen::ScreeningList& list) {
  nlohmann::json listed = nlohmann::json::array();
  for (const auto& hit : hits) {
    listed.push_back({{"score", Rounded(hit.score)},
                      {"list", hit.list},
                      {"entry_id", hit.entry_id},
                      {"entry_name", hit.entry_name},
                      {"matched_name", hit.matched_name},
                      {"programs", hit.programs}});
  }
  return {{"name", name},
          {"role", role},
          {"result", hits.empty() ? "clear" : "hit"},
          {"threshold", Rounded(threshold)},
          {"hits", listed},
          {"list_content_key", list.info().content_key},
          {"list_entries", list.info().entries}};
}

}  // namespace stargate::cli
