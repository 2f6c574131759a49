// stargate check FILE|- [--regime ID]: a decision for every shipment (a JSON
// object, a JSON array or CSV), in date order so that each consumes the caps
// and allowances later ones see, with the rule steps and citations behind it.
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "command.h"
#include "ledger_cli.h"
#include "rules_input.h"
#include "screening_input.h"
#include "stargate/compliance/compliance.h"
#include "stargate/core/clock.h"
#include "stargate/core/file_reader.h"
#include "stargate/ledger/ledger.h"
#include "stargate/rules/rules.h"
#include "table.h"

namespace stargate::cli {
namespace {

constexpr size_t kMaxInputBytes = size_t{1} << 30;

std::optional<std::string> ReadInput(const std::string& name) {
  // core's file reader: a read error (a directory, /proc/self/mem) is an
  // error, never an empty batch.
  FileReadOptions options;
  options.max_bytes = kMaxInputBytes;
  options.expected =
      "an existing, readable file of shipments (JSON or CSV), or - for standard input";
  DiagnosticList problems;
  auto text = name == "-" ? ReadStandardInput(name, &problems, options)
                          : ReadFileText(name, &problems, options);
  for (const auto& p : problems.items())
    std::cerr << "error: " << p.what << "; expected " << p.expected << "\n";
  return text;
}

std::string Treatment(const rules::Decision& d) {
  std::string out = rules::OutcomeName(d.outcome);
  if (!d.exception.empty()) absl::StrAppend(&out, " ", d.exception);
  if (d.review_policy) absl::StrAppend(&out, " (", rules::ReviewPolicyName(*d.review_policy), ")");
  return out;
}

std::string CapsLeft(const rules::Decision& d) {
  std::vector<std::string> parts;
  for (const auto& cap : d.caps) {
    parts.push_back(absl::StrCat(cap.id, ": ", rules::FormatTpp(cap.remaining_tpp()), " left"));
  }
  return parts.empty() ? "" : absl::StrJoin(parts, "; ");
}

void PrintTrace(const rules::Decision& d, std::ostream& out) {
  out << "\n" << d.id << ": " << Treatment(d) << "\n";
  for (size_t i = 0; i < d.trace.size(); ++i) {
    const auto& step = d.trace[i];
    out << "  " << i + 1 << ". " << step.rule << ": " << step.result << "\n";
    if (!step.cite.empty()) out << "     [" << step.cite << "]\n";
  }
}

// Input problems of a batch, located in its text, printed; returns 2.
int ReportProblems(const rules::ShipmentReader& reader,
                   const std::vector<rules::ShipmentProblem>& problems, const std::string& name) {
  DiagnosticList located;
  for (const auto& p : problems) {
    located.Add(reader.Locate(p.index, p.field), absl::StrCat(reader.Label(p.index), ": ", p.what),
                p.expected);
  }
  located.Sort();
  PrintProblems(located.items(), name);
  return kExitBadInput;
}

// A failed check: a shipment recorded before is a refusal of the batch
// (exit 1); a what-if to record is bad input (exit 2); the rest is the
// ledger's (storage) error.
int ReportCheckError(const absl::Status& status, const Args& args) {
  if (status.code() == absl::StatusCode::kAlreadyExists ||
      status.code() == absl::StatusCode::kInvalidArgument) {
    if (args.json())
      std::cout << nlohmann::json{{"ok", false}, {"error", status.message()}}.dump(2) << "\n";
    std::cerr << "error: " << status.message() << "\n";
    return status.code() == absl::StatusCode::kAlreadyExists ? kExitDomainFailure : kExitBadInput;
  }
  return ReportLedgerError(status, args);
}

// The screening of a shipment's parties, for the table: "match: ENTRY (LIST)".
std::string ScreeningCell(const compliance::BatchScreening& screening, size_t index) {
  if (!screening.enabled) return "off";
  std::vector<std::string> parts;
  for (const auto& ref : screening.of_shipment[index]) {
    const auto& party = screening.parties[ref.party];
    if (party.status == compliance::PartyStatus::kClear) continue;
    const auto& hit = party.hits.front();
    parts.push_back(absl::StrCat(ref.field, " ", compliance::PartyStatusName(party.status), ": ",
                                 hit.entry_name, " (", hit.list, ", ",
                                 absl::StrFormat("%.2f", hit.score), ")"));
  }
  return parts.empty() ? "clear" : absl::StrJoin(parts, "; ");
}

int Run(const Command& command, const Args& args) {
  if (args.Has("--record") && !args.Has("--ledger")) {
    return UsageError(command, "--record is given without --ledger", "--ledger URI --record");
  }
  const std::string name = args.positional[0];
  const auto text = ReadInput(name);
  if (!text) return kExitBadInput;
  rules::ShipmentReader reader(*text, name);
  DiagnosticList problems;
  compliance::CheckRequest request;
  if (!reader.Read(&request.shipments, &problems)) {
    problems.Sort();
    PrintProblems(problems.items(), name);
    return kExitBadInput;
  }
  auto catalog = LoadRegimesOrReport();
  if (!catalog) return kExitBadInput;
  const auto choice = RegimeFlag(command, args, *catalog);
  if (!choice) return kExitBadInput;
  auto scenario = LoadRulesScenario(args);
  if (!scenario) return kExitBadInput;
  int exit_code = kExitOk;
  auto screening = ScreeningOrReport(command, args, &exit_code);
  if (!screening) return exit_code;
  request.regime_choice = *choice;
  request.screening = std::move(*screening);
  request.with_trace = true;
  request.record = args.Has("--record");
  request.recorded_by = "cli";

  const rules::Engine engine(*catalog, *scenario);
  std::unique_ptr<ledger::Ledger> book;
  if (args.Has("--ledger")) {
    // Read-only unless recording; recording creates a missing ledger and says so.
    book = OpenLedgerOrReport(args, &exit_code);
    if (!book) return exit_code;
  }
  auto result = compliance::Check(engine, std::move(request), book.get());
  if (!result.ok()) return ReportCheckError(result.status(), args);
  if (!result->problems.empty()) return ReportProblems(reader, result->problems, name);
  const auto& decisions = result->decisions;
  if (result->recorded) {
    std::cerr << "recorded " << result->recorded->count() << " entries in " << LedgerUriArg(args)
              << " (entries " << result->recorded->first_seq << ".." << result->recorded->last_seq
              << ")\n";
  }
  bool all_permitted = true;
  for (const auto& d : decisions) all_permitted = all_permitted && rules::Permits(d);
  if (const auto stale = compliance::StaleListsWarning(result->screening.list_dates, TodayUtc());
      !stale.empty()) {
    std::cerr << "warning: " << stale << "\n";
  }

  if (args.json()) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& d : decisions) list.push_back(rules::ToJson(d));
    nlohmann::json out = {{"decisions", list},
                          {"screening", compliance::ScreeningJson(result->screening)}};
    if (result->recorded) {
      out["recorded"] = {{"ledger", LedgerUriArg(args)},
                         {"count", result->recorded->count()},
                         {"first_seq", result->recorded->first_seq},
                         {"last_seq", result->recorded->last_seq}};
    }
    std::cout << out.dump(2) << "\n";
    return all_permitted ? kExitOk : kExitDomainFailure;
  }
  Table table({"id", "date", "regime", "class", "tier", "decision", "TPP", "caps", "screening"});
  std::map<std::string, int> counts;
  int refused = 0;
  for (size_t i = 0; i < decisions.size(); ++i) {
    const auto& d = decisions[i];
    const auto& s = result->shipments[i];
    table.AddRow({d.id, s.date.ToString(), d.regime, rules::EccnName(d.classification), d.tier,
                  Treatment(d), rules::FormatTpp(d.tpp_total), CapsLeft(d),
                  ScreeningCell(result->screening, i)});
    ++counts[rules::OutcomeName(d.outcome)];
    if (!rules::Permits(d)) ++refused;
  }
  table.Print(std::cout);
  std::vector<std::string> tally;
  for (const auto& outcome : rules::OutcomeNames()) {
    tally.push_back(absl::StrCat(counts[outcome], " ", absl::StrReplaceAll(outcome, {{"_", " "}})));
  }
  std::cout << "\n"
            << decisions.size() << (decisions.size() == 1 ? " shipment: " : " shipments: ")
            << absl::StrJoin(tally, ", ") << "; " << refused
            << " refused (not permitted to go ahead)\n";
  if (args.Has("--explain")) {
    for (const auto& d : decisions) PrintTrace(d, std::cout);
  }
  return all_permitted ? kExitOk : kExitDomainFailure;
}

std::vector<FlagSpec> Flags() {
  std::vector<FlagSpec> flags = {
      {"--regime", "ID", "decide every shipment under this regime (a what-if)"},
      {"--explain", "", "print each decision's rule steps and citations"},
      {"--ledger", "URI", "count what the ledger holds: sqlite:PATH or postgresql://..."},
      {"--record", "",
       "append the decisions to the ledger (with --ledger; creates a missing SQLite ledger)"},
      {"--no-screening", "", "decide without screening the parties (screening is on by default)"},
      {"--review-threshold", "X",
       "a score from X up to --threshold holds the shipment for review (default 0.70)"},
      ScenarioFlag()};
  for (auto& flag : ScreeningFlags()) flags.push_back(std::move(flag));
  return flags;
}

}  // namespace

const Command& CheckCommand() {
  static const Command command{
      .name = "check",
      .synopsis =
          "check FILE|- [--regime ID] [--explain] [--list L | --no-screening] [--ledger URI] "
          "[--record] [--json]",
      .summary =
          "decide shipments: license requirement, exception, caps, with traces and citations",
      .description =
          "Reads shipments from FILE (or - for standard input): a JSON object, a JSON array of\n"
          "objects, or CSV with a header line. Fields: id, date (YYYY-MM-DD), accelerator (a\n"
          "catalogue id, or {\"tpp\": N, \"die_area_mm2\": A} for a hypothetical chip; in CSV, "
          "leave\n"
          "accelerator empty and fill the tpp and die_area_mm2 columns), quantity, destination,\n"
          "consignee, and optionally consignee_hq, end_use and veu (uveu or nveu).\n"
          "Shipments are decided in date order; each consumes caps and exception allowances, so\n"
          "later ones see earlier ones. Without --regime, the regime in force on each shipment's\n"
          "date applies. --json prints {\"decisions\": [...]} with every rule step and citation;\n"
          "--explain prints the steps after the table.\n"
          "--ledger URI counts what the ledger already holds against caps and LPP allowances;\n"
          "with --record the decisions are appended to it in the same transaction (refused ones\n"
          "too, with nothing counted), so concurrent writers never exceed a cap together.\n"
          "Each shipment's consignee (and end user) is screened first against the "
          "restricted-party\n"
          "lists: by default every list of data/screening (`stargate lists status`), or those "
          "named\n"
          "by --list FILE|DIR or $STARGATE_SCREEN_LIST. A score at or above --threshold is a\n"
          "match: an OFAC match prohibits the shipment, an Entity List match needs a license "
          "under\n"
          "the entry's review policy; a score between --review-threshold and --threshold holds "
          "the\n"
          "shipment for review. Each distinct party is screened once per batch; with --record its\n"
          "screening result is appended too. --no-screening turns screening off, explicitly.\n"
          "Recording is only for decisions under the regime in force (no --regime), and once per\n"
          "shipment id: an id the ledger already holds is refused (exit 1), and nothing changes.\n"
          "Exit codes: 0 when every shipment may go ahead (possibly after a license), 1 when any\n"
          "is refused (prohibited, presumption of denial, or held), 2 on bad input (nothing is "
          "decided).",
      .flags = Flags(),
      .min_positional = 1,
      .max_positional = 1,
      .run = Run};
  return command;
}

}  // namespace stargate::cli
