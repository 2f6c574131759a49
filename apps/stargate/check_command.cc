// stargate check FILE|- [--regime ID]: a decision for every shipment (a JSON
// object, a JSON array or CSV), in date order so that each consumes the caps
// and allowances later ones see, with the rule steps and citations behind it.
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "command.h"
#include "ledger_cli.h"
#include "rules_input.h"
#include "screening_input.h"
#include "stargate/ledger/ledger.h"
#include "stargate/rules/decision_json.h"
#include "stargate/rules/engine.h"
#include "stargate/rules/evaluate.h"
#include "stargate/rules/shipment_input.h"
#include "table.h"

namespace stargate::cli {
namespace {

constexpr size_t kMaxInputBytes = size_t{1} << 30;

std::optional<std::string> ReadInput(const std::string& name) {
  std::ostringstream buffer;
  if (name == "-") {
    buffer << std::cin.rdbuf();
    return buffer.str();
  }
  std::error_code ec;
  if (!std::filesystem::is_regular_file(name, ec)) {
    std::cerr << "error: cannot open '" << name << "'; expected an existing, readable file of "
              << "shipments (JSON or CSV), or - for standard input\n";
    return std::nullopt;
  }
  if (std::filesystem::file_size(name, ec) > kMaxInputBytes) {
    std::cerr << "error: '" << name << "' is larger than 1 GiB; expected a smaller batch\n";
    return std::nullopt;
  }
  std::ifstream in(name, std::ios::binary);
  buffer << in.rdbuf();
  return buffer.str();
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

// Each distinct consignee screened once against the configured lists.
struct ConsigneeScreening {
  screen::ScreeningList list;
  float threshold = screen::kDefaultThreshold;
  std::map<std::string, std::vector<screen::Hit>> hits;  // consignee -> hits, best first
};

// Screens every consignee and marks the shipments whose consignee hit: the
// rules engine then prohibits them, with the list entry in the trace. A name
// the screener cannot take (no letter or digit, too long) is a problem of the
// input, never silently cleared.
ConsigneeScreening ScreenConsignees(screen::ScreeningList list, float threshold,
                                    std::vector<rules::Shipment>* shipments,
                                    std::vector<rules::ShipmentProblem>* problems) {
  ConsigneeScreening result{std::move(list), threshold, {}};
  screen::ScreenOptions options;
  options.threshold = threshold;
  options.max_hits = 3;
  for (size_t i = 0; i < shipments->size(); ++i) {
    rules::Shipment& s = (*shipments)[i];
    auto [it, fresh] = result.hits.try_emplace(s.consignee);
    if (fresh) {
      auto hits = screen::Screen(result.list, s.consignee, options);
      if (!hits.ok()) {
        problems->push_back({i, "consignee", std::string(hits.status().message()),
                             "a consignee name the screening lists can be searched for"});
        continue;
      }
      it->second = std::move(*hits);
    }
    if (!it->second.empty()) s.restricted_party = ToRestrictedPartyMatch(it->second.front(), threshold);
  }
  return result;
}

// The ledger entry for one decision, with the running totals it adds: TPP
// counted against each cap, and LPP allowance used.
ledger::NewEntry EntryFor(const rules::Shipment& s, const rules::Decision& d,
                          const std::string& regime_choice) {
  ledger::NewEntry e;
  e.kind = ledger::EntryKind::kShipmentDecision;
  e.body = {{"shipment", rules::ToJson(s)},
            {"decision", rules::ToJson(d)},
            {"regime_choice", regime_choice}};
  for (const auto& cap : d.caps) {
    const double used = cap.used_tpp_after - cap.used_tpp_before;
    if (used <= 0) continue;
    const std::string key = cap.lpp_year ? ledger::LppCounterKey(cap.lpp_consignee, cap.lpp_year)
                                         : ledger::CapCounterKey(cap.id);
    e.increments[key] += used;
  }
  return e;
}

// Reads what the ledger holds, decides, and (with --record) appends the
// decisions, all in one transaction under the ledger's write lock, so that two
// writers can never together exceed a cap.
std::optional<std::vector<rules::Decision>> DecideWithLedger(
    const Args& args, const rules::Engine& engine, const std::vector<rules::Shipment>& shipments,
    const std::string& choice, const ConsigneeScreening* screening, ledger::Ledger& book,
    ledger::AppendResult* appended, int* exit_code) {
  const rules::UsageKeys keys = rules::KeysFor(engine, shipments, choice);
  std::vector<std::string> counters;
  for (const auto& id : keys.caps) counters.push_back(ledger::CapCounterKey(id));
  for (const auto& [consignee, year] : keys.lpp)
    counters.push_back(ledger::LppCounterKey(consignee, year));
  std::vector<rules::Decision> decisions;
  auto result = book.AppendWithCheck(
      [&](const ledger::TotalsReader& reader) -> absl::StatusOr<ledger::Batch> {
        auto totals = reader.Totals(counters);
        if (!totals.ok()) return totals.status();
        rules::CapUsage usage;
        for (const auto& id : keys.caps)
          usage.cap_used_tpp[id] = (*totals)[ledger::CapCounterKey(id)];
        for (const auto& [consignee, year] : keys.lpp) {
          usage.lpp_used_tpp[{consignee, year}] = (*totals)[ledger::LppCounterKey(consignee, year)];
        }
        decisions = rules::Evaluate(engine, shipments, choice, usage, true);
        ledger::Batch batch;
        if (!args.Has("--record")) return batch;
        if (screening) {
          for (const auto& [consignee, hits] : screening->hits) {
            batch.entries.push_back({ledger::EntryKind::kScreening,
                                     ScreeningEntryBody(consignee, "consignee", hits,
                                                        screening->threshold, screening->list),
                                     {}});
          }
        }
        for (size_t i = 0; i < shipments.size(); ++i) {
          batch.entries.push_back(EntryFor(shipments[i], decisions[i], choice));
        }
        return batch;
      });
  if (!result.ok()) {
    *exit_code = ReportLedgerError(result.status(), args);
    return std::nullopt;
  }
  *appended = *result;
  return decisions;
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
  std::vector<rules::Shipment> shipments;
  if (!reader.Read(&shipments, &problems)) {
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
  const auto found = rules::CheckShipments(*catalog, *scenario, shipments, *choice);
  if (!found.empty()) {
    DiagnosticList located;
    for (const auto& p : found) {
      located.Add(reader.Locate(p.index, p.field),
                  absl::StrCat(reader.Label(p.index), ": ", p.what), p.expected);
    }
    located.Sort();
    PrintProblems(located.items(), name);
    return kExitBadInput;
  }

  float threshold = screen::kDefaultThreshold;
  if (auto usage = ReadThreshold(command, args, &threshold)) return *usage;
  std::optional<ConsigneeScreening> screening;
  if (const auto paths = ScreeningListPaths(args); !paths.empty()) {
    int exit_code = kExitOk;
    auto list = LoadScreeningListOrReport(paths, args, &exit_code);
    if (!list) return exit_code;
    std::vector<rules::ShipmentProblem> unscreened;
    screening = ScreenConsignees(std::move(*list), threshold, &shipments, &unscreened);
    if (!unscreened.empty()) {
      DiagnosticList located;
      for (const auto& p : unscreened) {
        located.Add(reader.Locate(p.index, p.field), absl::StrCat(reader.Label(p.index), ": ", p.what),
                    p.expected);
      }
      located.Sort();
      PrintProblems(located.items(), name);
      return kExitBadInput;
    }
  }

  const rules::Engine engine(*catalog, *scenario);
  std::vector<rules::Decision> decisions;
  ledger::AppendResult appended;
  if (args.Has("--ledger")) {
    int exit_code = kExitOk;
    auto book = OpenLedgerOrReport(args, &exit_code);
    if (!book) return exit_code;
    auto decided = DecideWithLedger(args, engine, shipments, *choice, screening ? &*screening : nullptr,
                                    *book, &appended, &exit_code);
    if (!decided) return exit_code;
    decisions = std::move(*decided);
    if (args.Has("--record")) {
      std::cerr << "recorded " << appended.count() << " decisions in " << LedgerUriArg(args)
                << " (entries " << appended.first_seq << ".." << appended.last_seq << ")\n";
    }
  } else {
    decisions = rules::Evaluate(engine, shipments, *choice, rules::CapUsage{}, true);
  }
  bool all_permitted = true;
  for (const auto& d : decisions) all_permitted = all_permitted && rules::Permits(d);

  if (args.json()) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& d : decisions) list.push_back(rules::ToJson(d));
    nlohmann::json out = {{"decisions", list}};
    if (args.Has("--record")) {
      out["recorded"] = {{"ledger", LedgerUriArg(args)},
                         {"count", appended.count()},
                         {"first_seq", appended.first_seq},
                         {"last_seq", appended.last_seq}};
    }
    std::cout << out.dump(2) << "\n";
    return all_permitted ? kExitOk : kExitDomainFailure;
  }
  Table table({"id", "date", "regime", "class", "tier", "decision", "TPP", "caps"});
  int counts[rules::kOutcomeCount] = {};
  int refused = 0;
  for (size_t i = 0; i < decisions.size(); ++i) {
    const auto& d = decisions[i];
    table.AddRow({d.id, shipments[i].date.ToString(), d.regime, rules::EccnName(d.classification),
                  d.tier, Treatment(d), rules::FormatTpp(d.tpp_total), CapsLeft(d)});
    ++counts[static_cast<int>(d.outcome)];
    if (!rules::Permits(d)) ++refused;
  }
  table.Print(std::cout);
  std::cout << "\n"
            << decisions.size() << (decisions.size() == 1 ? " shipment: " : " shipments: ")
            << counts[0] << " no license required, " << counts[1] << " under an exception, "
            << counts[2] << " need a license, " << counts[3] << " prohibited, "
            << counts[static_cast<int>(rules::Outcome::kIndeterminate)] +
                   counts[static_cast<int>(rules::Outcome::kNeedsReview)]
            << " held (indeterminate or needs review); " << refused
            << " refused (prohibited, held or presumption of denial)\n";
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
      {"--record", "", "append the decisions to the ledger (with --ledger)"},
      ScenarioFlag()};
  for (auto& flag : ScreeningFlags()) flags.push_back(std::move(flag));
  return flags;
}

}  // namespace

const Command& CheckCommand() {
  static const Command command{
      .name = "check",
      .synopsis = "check FILE|- [--regime ID] [--explain] [--list L] [--ledger URI] [--record] [--json]",
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
          "With a restricted-party list (--list FILE|DIR, or $STARGATE_SCREEN_LIST), each\n"
          "consignee is screened first: a score at or above --threshold makes the shipment\n"
          "prohibited, with the list entry in its trace, and with --record each consignee's\n"
          "screening result is appended to the ledger too.\n"
          "Exit codes: 0 when every shipment may go ahead (possibly after a license), 1 when any\n"
          "is refused (prohibited or presumption of denial), 2 on bad input (nothing is decided).",
      .flags = Flags(),
      .min_positional = 1,
      .max_positional = 1,
      .run = Run};
  return command;
}

}  // namespace stargate::cli
