// stargate lists status | update: the restricted-party lists every check
// screens against by default (data/screening, or $STARGATE_LISTS_DIR): how
// old each is, and fetching the official files to replace them.
#include <iostream>
#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "command.h"
#include "rules_input.h"
#include "screening_input.h"
#include "stargate/compliance/compliance.h"
#include "stargate/core/clock.h"
#include "stargate/screen/screen.h"
#include "table.h"

namespace stargate::cli {
namespace {

namespace fs = std::filesystem;

int Failed(const Args& args, const std::string& message, int exit_code) {
  if (args.json()) std::cout << nlohmann::json{{"ok", false}, {"error", message}}.dump(2) << "\n";
  std::cerr << "error: " << message << "\n";
  return exit_code;
}

fs::path ListsDirArg(const Args& args) {
  if (auto dir = args.Value("--dir")) return *dir;
  return ListsDir();
}

int Status(const Args& args) {
  auto manifest = compliance::ReadListsManifest(ListsDirArg(args));
  if (!manifest.ok()) return Failed(args, std::string(manifest.status().message()), kExitBadInput);
  const Date today = TodayUtc();
  nlohmann::json lists = nlohmann::json::array();
  Table table({"list", "data of", "age (days)", "entries", "retrieved", "name"});
  bool stale = false;
  screen::LoadOptions load;
  if (auto dir = args.Value("--cache")) load.cache_dir = *dir;
  load.use_cache = !args.Has("--no-cache");
  for (const auto& list : manifest->lists) {
    auto loaded = screen::LoadScreeningList({manifest->dir / list.id}, load);
    if (!loaded.ok()) return Failed(args, std::string(loaded.status().message()), kExitBadInput);
    const compliance::ListDate dated{list.id, list.name, list.data_date};
    const int age = dated.AgeDays(today);
    const bool old = dated.Stale(today);
    stale = stale || old;
    table.AddRow({list.id, list.data_date.ToString(), absl::StrCat(age, old ? " (stale)" : ""),
                  FormatNumber(static_cast<double>(loaded->info().entries)),
                  list.retrieved.ToString(), list.name});
    nlohmann::json files = nlohmann::json::array();
    for (const auto& f : list.files) files.push_back({{"name", f.name}, {"url", f.url}});
    lists.push_back({{"id", list.id},
                     {"name", list.name},
                     {"authority", list.authority},
                     {"page", list.page},
                     {"data_date", list.data_date.ToString()},
                     {"retrieved", list.retrieved.ToString()},
                     {"age_days", age},
                     {"stale", old},
                     {"entries", loaded->info().entries},
                     {"snapshot", list.snapshot},
                     {"gaps", list.gaps},
                     {"files", files}});
  }
  if (args.json()) {
    std::cout << nlohmann::json{{"dir", manifest->dir.string()},
                                {"stale_after_days", compliance::kStaleAfterDays},
                                {"lists", lists}}
                     .dump(2)
              << "\n";
  } else {
    std::cout << "lists in " << manifest->dir.string() << "\n";
    table.Print(std::cout);
    for (const auto& list : manifest->lists) {
      for (const auto& gap : list.gaps) std::cout << "note: " << list.id << ": " << gap << "\n";
    }
  }
  if (stale) {
    std::cerr << "warning: lists older than " << compliance::kStaleAfterDays
              << " days are marked stale; run `stargate lists update`\n";
  }
  return kExitOk;
}

int Update(const Args& args) {
  auto manifest = compliance::ReadListsManifest(ListsDirArg(args));
  if (!manifest.ok()) return Failed(args, std::string(manifest.status().message()), kExitBadInput);
  compliance::UpdateOptions options;
  options.mirror = args.Value("--mirror").value_or("");
  while (!options.mirror.empty() && options.mirror.back() == '/') options.mirror.pop_back();
  options.today = TodayUtc();
  const auto updates = compliance::UpdateLists(&*manifest, compliance::HttpFetch(), options);
  bool all = true;
  nlohmann::json out = nlohmann::json::array();
  for (const auto& u : updates) {
    all = all && u.updated && u.error.empty();
    out.push_back(
        {{"id", u.id}, {"updated", u.updated}, {"entries", u.entries}, {"error", u.error}});
    if (!args.json()) {
      if (u.updated) {
        std::cout << u.id << ": updated, " << u.entries << " entries\n";
      } else {
        std::cout << u.id << ": kept the previous files: " << u.error << "\n";
      }
    }
  }
  if (args.json()) std::cout << nlohmann::json{{"ok", all}, {"lists", out}}.dump(2) << "\n";
  return all ? kExitOk : kExitDomainFailure;
}

int Run(const Command& command, const Args& args) {
  const std::string& what = args.positional[0];
  if (what == "status") return Status(args);
  if (what == "update") return Update(args);
  return UsageError(command, absl::StrCat("unknown lists command '", what, "'"),
                    "status or update");
}

}  // namespace

const Command& ListsCommand() {
  static const Command command{
      .name = "lists",
      .synopsis = "lists status | update [--dir D] [--mirror URL] [--json]",
      .summary = "the restricted-party lists screened by default: their age, and updating them",
      .description =
          "status: each list of the lists folder (data/screening, or $STARGATE_LISTS_DIR, or --dir "
          "D)\n"
          "with the date of its data, its age, its entries and what the snapshot lacks; lists "
          "older\n"
          "than 30 days are marked stale.\n"
          "update: downloads each list's official files (the URLs in lists.yaml; with --mirror "
          "URL,\n"
          "URL/<list id>/<file> instead), imports them with the same validating importer, and "
          "swaps\n"
          "each list in atomically. A failed, truncated or malformed download keeps the previous\n"
          "list. Exit codes: 0 when every list was updated, 1 when any was kept, 2 on bad input.",
      .flags = {{"--dir", "D", "the lists folder (default: data/screening or $STARGATE_LISTS_DIR)"},
                {"--mirror", "URL", "fetch URL/<list id>/<file> instead of the official URLs"},
                {"--cache", "DIR", "folder for the cached list indexes"},
                {"--no-cache", "", "read and write no cached index"}},
      .min_positional = 1,
      .max_positional = 1,
      .run = Run};
  return command;
}

}  // namespace stargate::cli
