// stargate screen NAME... | --file F [--list L] [--threshold X]: screen names
// against restricted-party lists and explain every hit.
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "command.h"
#include "ledger_cli.h"
#include "rules_input.h"
#include "screening_input.h"
#include "stargate/compliance/compliance.h"
#include "stargate/core/clock.h"
#include "stargate/core/file_reader.h"
#include "stargate/model/model.h"
#include "stargate/screen/hit_json.h"
#include "stargate/screen/screen.h"
#include "table.h"

namespace stargate::cli {
namespace {

namespace fs = std::filesystem;
using screen::Hit;

struct Query {
  std::string name;
  std::string origin;  // "names.txt:3" for --file names, empty for arguments
};

// Prints the error (and a JSON object with --json) and returns kExitBadInput.
int BadInput(const Args& args, const std::string& message) {
  if (args.json()) {
    std::cout << nlohmann::json{{"ok", false}, {"error", message}}.dump(2) << "\n";
  }
  std::cerr << "error: " << message << "\n";
  return kExitBadInput;
}

// The names of --file (the format is screen/names_file.h).
absl::Status ReadNamesFile(const std::string& path, std::vector<Query>* queries) {
  std::string text;
  const std::string shown = path == "-" ? "<stdin>" : path;
  if (path == "-") {
    DiagnosticList problems;
    auto read = ReadStandardInput(shown, &problems);
    if (!read) return problems.ToStatus();
    text = std::move(*read);
  } else {
    DiagnosticList problems;
    auto read = ReadFileText(path, &problems, {.expected = "an existing, readable file of names"});
    if (!read) return problems.ToStatus();
    text = std::move(*read);
  }
  auto names = screen::ParseNamesFile(text, shown);
  if (!names.ok()) return names.status();
  for (auto& n : *names) queries->push_back({std::move(n.name), absl::StrCat(shown, ":", n.line)});
  return absl::OkStatus();
}

std::string Why(const Hit& hit) {
  std::vector<std::string> parts;
  for (const auto& p : hit.parts) {
    switch (p.kind) {
      case screen::PartKind::kMatch:
        parts.push_back(p.query == p.listed
                            ? absl::StrFormat("%s", p.query)
                            : absl::StrFormat("%s~%s %.2f", p.query, p.listed, p.similarity));
        break;
      case screen::PartKind::kConflict:
        parts.push_back(absl::StrFormat("%s!=%s", p.query, p.listed));
        break;
      case screen::PartKind::kQueryOnly:
        parts.push_back(absl::StrFormat("+%s", p.query));
        break;
      case screen::PartKind::kCandidateOnly:
        parts.push_back(absl::StrFormat("-%s", p.listed));
        break;
    }
  }
  std::string factors;
  auto factor = [&](const char* name, float value) {
    if (value < 0.999f) absl::StrAppend(&factors, absl::StrFormat(", %s x%.2f", name, value));
  };
  factor("order", hit.order_factor);
  factor("legal form", hit.legal_factor);
  factor("script", hit.script_factor);
  factor("initials only", hit.initials_factor);
  factor("numbers", hit.number_factor);
  factor("type", hit.type_factor);
  factor("identifier", hit.identifier_factor);
  factor("country", hit.country_factor);
  if (hit.country_factor > 1.0001f)
    absl::StrAppend(&factors, absl::StrFormat(", country x%.2f", hit.country_factor));
  for (const auto& reason : hit.supporting) absl::StrAppend(&factors, "; ", reason);
  for (const auto& reason : hit.against) {
    if (absl::StartsWith(reason, "listed in ")) absl::StrAppend(&factors, "; ", reason);
  }
  return absl::StrFormat("%s  (coverage %.2f, quality %.2f%s; matched %s name \"%s\" at %s)",
                         absl::StrJoin(parts, " "), hit.coverage, hit.quality, factors,
                         screen::NameRoleName(hit.name_role), hit.matched_name, hit.source);
}

int Run(const Command& command, const Args& args) {
  screen::ScreenOptions options;
  if (auto usage = ReadThreshold(command, args, &options.threshold)) return *usage;
  if (args.Has("--record") && !args.Has("--ledger")) {
    return UsageError(command, "--record is given without --ledger", "--ledger URI --record");
  }
  if (auto value = args.Value("--max-hits")) {
    int max_hits = 0;
    if (!absl::SimpleAtoi(*value, &max_hits) || max_hits < 0) {
      return UsageError(command,
                        absl::StrCat("--max-hits '", *value, "' is not a whole number >= 0"),
                        "the most hits to show per name, 0 for all");
    }
    options.max_hits = static_cast<size_t>(max_hits);
  }
  // What the caller knows of the party besides its name (core of every door:
  // screen/query_facts.h), so a hit of another type, IMO or birth year counts less.
  if (auto value = args.Value("--type")) {
    auto type = screen::ParseQueryType(*value);
    if (!type.ok()) return BadInput(args, std::string(type.status().message()));
    options.query_type = *type;
  }
  if (auto value = args.Value("--imo")) {
    auto imo = screen::ParseImoNumber(*value);
    if (!imo.ok()) return BadInput(args, std::string(imo.status().message()));
    options.imo = *imo;
  }
  if (auto value = args.Value("--born")) {
    auto year = screen::ParseBirthYear(*value);
    if (!year.ok()) return BadInput(args, std::string(year.status().message()));
    options.birth_year = *year;
  }
  if (auto value = args.Value("--country")) {
    // Resolved as `tier` resolves a country (name, alias or code, any case).
    auto scenario = LoadRulesScenario(args);
    if (!scenario) return kExitBadInput;
    const CountryResolution found = CountryResolver(scenario->countries).Resolve(*value);
    if (!found.ok()) return BadInput(args, found.what + "; expected " + found.expected);
    options.country =
        screen::MakeQueryCountry(found.country->iso2, found.country->name, found.country->aliases);
  }

  std::vector<Query> queries;
  for (const auto& name : args.positional) {
    if (auto status = screen::CheckQueryName(name); !status.ok()) {
      return BadInput(args, std::string(status.message()));
    }
    queries.push_back({name, ""});
  }
  if (auto file = args.Value("--file")) {
    if (auto status = ReadNamesFile(*file, &queries); !status.ok()) {
      return BadInput(args, std::string(status.message()));
    }
  }
  if (queries.empty()) {
    if (args.Has("--file"))
      return BadInput(args, "the names file has no names; expected one name per line");
    return UsageError(command, "no names to screen", "NAME... or --file FILE");
  }

  const auto lists = ScreeningLists(args, true);
  if (!lists.ok()) return BadInput(args, std::string(lists.status().message()));
  const auto& list_dates = lists->dates;
  int exit_code = kExitOk;
  auto list = LoadScreeningListOrReport(lists->paths, args, &exit_code);
  if (!list) return exit_code;
  const auto& info = list->info();

  std::vector<std::vector<Hit>> results;
  for (const Query& q : queries) {
    auto hits = screen::Screen(*list, q.name, options);
    if (!hits.ok()) return BadInput(args, std::string(hits.status().message()));
    results.push_back(std::move(*hits));
  }
  size_t names_hit = 0;
  for (const auto& r : results) names_hit += r.empty() ? 0 : 1;
  if (const auto stale = compliance::StaleListsWarning(list_dates, TodayUtc()); !stale.empty()) {
    std::cerr << "warning: " << stale << "\n";
  }

  ledger::AppendResult recorded;
  if (args.Has("--record")) {
    auto book = OpenLedgerOrReport(args, &exit_code);
    if (!book) return exit_code;
    ledger::Batch batch;
    for (size_t i = 0; i < queries.size(); ++i) {
      batch.entries.push_back(
          {ledger::EntryKind::kScreening,
           ScreeningEntryBody(queries[i].name, "name", results[i], options.threshold, *list),
           {}});
    }
    auto appended = book->Append(batch);
    if (!appended.ok()) return ReportLedgerError(appended.status(), args);
    recorded = *appended;
    std::cerr << "recorded " << recorded.count() << " screening results in " << LedgerUriArg(args)
              << " (entries " << recorded.first_seq << ".." << recorded.last_seq << ")\n";
  }

  if (args.json()) {
    nlohmann::json files = nlohmann::json::array();
    for (const auto& f : info.files) {
      files.push_back(
          {{"name", f.name}, {"format", screen::FileFormatName(f.format)}, {"records", f.records}});
    }
    nlohmann::json out_results = nlohmann::json::array();
    for (size_t i = 0; i < queries.size(); ++i) {
      nlohmann::json hits = nlohmann::json::array();
      for (const auto& hit : results[i]) hits.push_back(screen::ToJson(hit));
      nlohmann::json r = {{"name", queries[i].name}, {"hit", !results[i].empty()}, {"hits", hits}};
      if (!queries[i].origin.empty()) r["origin"] = queries[i].origin;
      out_results.push_back(std::move(r));
    }
    nlohmann::json j = {{"ok", true},
                        {"threshold", options.threshold},
                        {"names_screened", queries.size()},
                        {"names_hit", names_hit},
                        {"list",
                         {{"files", files},
                          {"entries", info.entries},
                          {"names", info.names},
                          {"content_key", info.content_key},
                          {"from_cache", info.from_cache},
                          {"cache_path", info.cache_path},
                          {"load_ms", info.load_milliseconds},
                          {"notes", info.notes},
                          {"dates", compliance::ListDatesJson(list_dates, TodayUtc())}}},
                        {"results", out_results}};
    if (args.Has("--record")) {
      j["recorded"] = {{"ledger", LedgerUriArg(args)},
                       {"count", recorded.count()},
                       {"first_seq", recorded.first_seq},
                       {"last_seq", recorded.last_seq}};
    }
    std::cout << j.dump(2) << "\n";
  } else {
    std::vector<std::string> file_names;
    for (const auto& f : info.files) file_names.push_back(f.name);
    std::cout << "screening " << queries.size() << (queries.size() == 1 ? " name" : " names")
              << " against " << FormatNumber(static_cast<double>(info.entries)) << " entries ("
              << FormatNumber(static_cast<double>(info.names)) << " names) from "
              << absl::StrJoin(file_names, ", ") << " ["
              << (info.from_cache ? "cached index" : "index built") << ", "
              << absl::StrFormat("%.0f ms", info.load_milliseconds) << "]\n\n";
    for (size_t i = 0; i < queries.size(); ++i) {
      const auto& hits = results[i];
      if (hits.empty()) {
        std::cout << "clear  " << queries[i].name << "\n";
        continue;
      }
      std::cout << "HIT    " << queries[i].name << "\n";
      Table t({"score", "list", "id", "entry", "type", "programs"});
      for (const auto& hit : hits) {
        t.AddRow({absl::StrFormat("%.3f", hit.score), hit.list, hit.entry_id, hit.entry_name,
                  screen::EntryTypeName(hit.type), absl::StrJoin(hit.programs, " ")});
      }
      t.Print(std::cout);
      for (const auto& hit : hits) std::cout << "  " << hit.entry_id << ": " << Why(hit) << "\n";
      std::cout << "\n";
    }
    std::cout << "\n"
              << names_hit << " of " << queries.size() << (queries.size() == 1 ? " name" : " names")
              << " hit at threshold " << absl::StrFormat("%.2f", options.threshold) << "\n";
  }
  return names_hit > 0 ? kExitDomainFailure : kExitOk;
}

std::vector<FlagSpec> Flags() {
  std::vector<FlagSpec> flags = ScreeningFlags();
  flags.push_back({"--file", "F", "names to screen, one per line ('-' for stdin)"});
  flags.push_back({"--max-hits", "N", "hits shown per name, 0 for all (default 10)"});
  flags.push_back({"--type", "T",
                   "the party is a person, organization, vessel or aircraft: a listed entry "
                   "of another type counts against a hit"});
  flags.push_back({"--imo", "N", "the vessel's IMO number: another listed IMO counts against"});
  flags.push_back(
      {"--born", "YEAR", "the person's year of birth: other listed years count against"});
  flags.push_back({"--country", "C",
                   "the party's country (name or code): an entry the list ties only to other "
                   "countries counts against a hit, one tied to C a little for it"});
  flags.push_back(
      {"--ledger", "URI", "ledger to record results in (sqlite:PATH or postgresql://...)"});
  flags.push_back({"--record", "", "append each result to the ledger"});
  return flags;
}

}  // namespace

const Command& ScreenCommand() {
  static const Command command{
      .name = "screen",
      .synopsis =
          "screen NAME... | --file F [--list L] [--threshold X] [--ledger URI --record] [--json]",
      .summary = "screen names against sanctions and export-control lists",
      .description =
          "Matches each NAME (or each line of --file F, '-' for stdin) against the\n"
          "restricted-party lists given by --list (a file or a folder; repeatable), else\n"
          "by $STARGATE_SCREEN_LIST (paths separated by ':'). Lists: OFAC SDN / non-SDN\n"
          "CSV files with their alt.csv aliases, and the Consolidated Screening List CSV.\n"
          "A list is indexed once and cached in $XDG_CACHE_HOME/stargate (or\n"
          "~/.cache/stargate, or --cache DIR). Every hit shows its list, entry id,\n"
          "programs and why it matched: token pairs with their similarity (a~b 0.83),\n"
          "conflicts (a!=b), and tokens only the query (+a) or the list (-b) has.\n"
          "Exit code 0 when no name hits, 1 when any name scores at or above the\n"
          "threshold, 2 on bad input (including a missing, empty or malformed list).\n"
          "With --ledger URI --record, each name's result (hit or clear, with the\n"
          "hits) is appended to the ledger as a 'screening' entry.",
      .flags = Flags(),
      .min_positional = 0,
      .max_positional = 1000,
      .run = Run};
  return command;
}

}  // namespace stargate::cli
