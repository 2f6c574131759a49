#include "screening_input.h"

#include <cmath>
#include <cstdlib>
#include <iostream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "rules_input.h"
#include "scenario_input.h"
#include "stargate/compliance/compliance.h"

namespace stargate::cli {

namespace fs = std::filesystem;

namespace {

// Scores are floats; a record shows them to four places, not as 0.699999988.
double Rounded(float value) { return std::round(double{value} * 1e4) / 1e4; }

}  // namespace

fs::path ListsDir() { return compliance::DefaultListsDir(DataDir()); }

absl::StatusOr<ConfiguredLists> ScreeningLists(const Args& args, bool use_default) {
  ConfiguredLists lists;
  if (auto it = args.values.find("--list"); it != args.values.end()) {
    for (const auto& v : it->second) lists.paths.emplace_back(v);
    return lists;
  }
  if (const char* env = std::getenv("STARGATE_SCREEN_LIST"); env && *env) {
    for (absl::string_view part : absl::StrSplit(env, ':', absl::SkipEmpty()))
      lists.paths.emplace_back(std::string(part));
    return lists;
  }
  if (!use_default) return lists;
  auto manifest = compliance::ReadListsManifest(ListsDir());
  if (!manifest.ok()) return manifest.status();
  lists.paths = compliance::ListFolders(*manifest);
  lists.dates = compliance::ListDates(*manifest);
  return lists;
}

std::vector<FlagSpec> ScreeningFlags() {
  return {
      {"--list", "FILE|DIR",
       "restricted-party list file or folder (repeatable; default: every list of data/screening)",
       true},
      {"--threshold", "X",
       absl::StrFormat(
           "screening score in (0, 1] (default %.2f; for check and serve decisions %.2f)",
           screen::kDefaultThreshold, compliance::kDefaultMatchThreshold)},
      {"--cache", "DIR", "folder for the cached list index"},
      {"--no-cache", "", "build the list index in memory, read and write no cache"}};
}

std::optional<int> ReadThreshold(const Command& command, const Args& args, float* threshold,
                                 float fallback) {
  *threshold = fallback;
  auto value = args.Value("--threshold");
  if (!value) return std::nullopt;
  float parsed = 0;
  if (!absl::SimpleAtof(*value, &parsed) || !(parsed > 0.0f && parsed <= 1.0f)) {
    return UsageError(command, absl::StrCat("threshold '", *value, "' is not a number in (0, 1]"),
                      absl::StrFormat("a score such as %.2f (the default)", fallback));
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
  // Notes about the shipped lists' known quirks are in `stargate lists status`;
  // lists named on the command line get them here.
  if (args.Has("--list") || std::getenv("STARGATE_SCREEN_LIST")) {
    for (const auto& note : list->info().notes) std::cerr << "note: " << note << "\n";
  }
  return std::move(*list);
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

namespace stargate::cli {

std::optional<compliance::Screening> ScreeningOrReport(const Command& command, const Args& args,
                                                       int* exit_code) {
  compliance::Screening screening;
  if (args.Has("--no-screening")) {
    if (args.Has("--list")) {
      *exit_code = UsageError(command, "--no-screening is given with --list", "one of them");
      return std::nullopt;
    }
    return screening;
  }
  if (auto usage = ReadThreshold(command, args, &screening.match_threshold,
                                 compliance::kDefaultMatchThreshold)) {
    *exit_code = *usage;
    return std::nullopt;
  }
  screening.review_threshold =
      std::min(compliance::kDefaultReviewThreshold, screening.match_threshold);
  if (auto value = args.Value("--review-threshold")) {
    float parsed = 0;
    if (!absl::SimpleAtof(*value, &parsed) ||
        !(parsed > 0.0f && parsed <= screening.match_threshold)) {
      *exit_code = UsageError(
          command,
          absl::StrCat("review threshold '", *value, "' is not a number in (0, ",
                       screening.match_threshold, "]"),
          absl::StrFormat("a score at most the match threshold, such as %.2f (the default)",
                          compliance::kDefaultReviewThreshold));
      return std::nullopt;
    }
    screening.review_threshold = parsed;
  }
  auto lists = ScreeningLists(args, true);
  if (!lists.ok()) {
    std::cerr << "error: " << lists.status().message() << "\n";
    *exit_code = kExitBadInput;
    return std::nullopt;
  }
  auto list = LoadScreeningListOrReport(lists->paths, args, exit_code);
  if (!list) return std::nullopt;
  screening.list = std::make_shared<const screen::ScreeningList>(std::move(*list));
  screening.list_dates = std::move(lists->dates);
  return screening;
}

}  // namespace stargate::cli
