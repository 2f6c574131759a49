// stargate check FILE|- [--regime ID]: a decision for every shipment (a JSON
// object, a JSON array or CSV), in date order so that each consumes the caps
// and allowances later ones see, with the rule steps and citations behind it.
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "command.h"
#include "rules_input.h"
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

int Run(const Command& command, const Args& args) {
  if (args.Has("--record") && !args.Has("--ledger")) {
    return UsageError(command, "--record is given without --ledger", "--ledger URI --record");
  }
  if (args.Has("--ledger")) {
    std::cerr << "error: --ledger is not available yet (the ledger module has not landed); "
                 "expected check without --ledger or --record\n";
    return kExitBadInput;
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
      located.Add(reader.Locate(p.index, p.field), absl::StrCat(reader.Label(p.index), ": ", p.what),
                  p.expected);
    }
    located.Sort();
    PrintProblems(located.items(), name);
    return kExitBadInput;
  }

  const rules::Engine engine(*catalog, *scenario);
  const auto decisions = rules::Evaluate(engine, shipments, *choice, rules::CapUsage{}, true);
  bool all_permitted = true;
  for (const auto& d : decisions) all_permitted = all_permitted && rules::Permits(d);

  if (args.json()) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& d : decisions) list.push_back(rules::ToJson(d));
    std::cout << nlohmann::json{{"decisions", list}}.dump(2) << "\n";
    return all_permitted ? kExitOk : kExitDomainFailure;
  }
  Table table({"id", "date", "regime", "class", "tier", "decision", "TPP", "caps"});
  int counts[4] = {0, 0, 0, 0};
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
            << counts[2] << " need a license, " << counts[3] << " prohibited; " << refused
            << " refused (prohibited or presumption of denial)\n";
  if (args.Has("--explain")) {
    for (const auto& d : decisions) PrintTrace(d, std::cout);
  }
  return all_permitted ? kExitOk : kExitDomainFailure;
}

}  // namespace

const Command& CheckCommand() {
  static const Command command{
      .name = "check",
      .synopsis = "check FILE|- [--regime ID] [--explain] [--ledger URI] [--record] [--json]",
      .summary = "decide shipments: license requirement, exception, caps, with traces and citations",
      .description =
          "Reads shipments from FILE (or - for standard input): a JSON object, a JSON array of\n"
          "objects, or CSV with a header line. Fields: id, date (YYYY-MM-DD), accelerator (a\n"
          "catalogue id, or {\"tpp\": N, \"die_area_mm2\": A} for a hypothetical chip; in CSV, leave\n"
          "accelerator empty and fill the tpp and die_area_mm2 columns), quantity, destination,\n"
          "consignee, and optionally consignee_hq, end_use and veu (uveu or nveu).\n"
          "Shipments are decided in date order; each consumes caps and exception allowances, so\n"
          "later ones see earlier ones. Without --regime, the regime in force on each shipment's\n"
          "date applies. --json prints {\"decisions\": [...]} with every rule step and citation;\n"
          "--explain prints the steps after the table.\n"
          "Exit codes: 0 when every shipment may go ahead (possibly after a license), 1 when any\n"
          "is refused (prohibited or presumption of denial), 2 on bad input (nothing is decided).",
      .flags = {{"--regime", "ID", "decide every shipment under this regime (a what-if)"},
                {"--explain", "", "print each decision's rule steps and citations"},
                {"--ledger", "URI", "count what the ledger already holds (not available yet)"},
                {"--record", "", "append the decisions to the ledger (with --ledger)"},
                ScenarioFlag()},
      .min_positional = 1,
      .max_positional = 1,
      .run = Run};
  return command;
}

}  // namespace stargate::cli
