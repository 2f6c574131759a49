// stargate ledger list | export | totals: reading the ledger back.
#include <cmath>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "command.h"
#include "ledger_cli.h"
#include "stargate/core/json_nlohmann.h"
#include "stargate/core/json_reader.h"
#include "stargate/core/text.h"
#include "table.h"

namespace stargate::cli {
namespace {

using nlohmann::json;

// Prints the usage error and returns false when an option is malformed.
bool ReadScanOptions(const Args& args, ledger::ScanOptions* options) {
  const auto bad = [](const std::string& what, const std::string& expected) {
    std::cerr << "error: " << what << "; expected " << expected << "\n";
    return false;
  };
  if (auto kind = args.Value("--kind")) {
    if (!ledger::ParseKind(*kind)) {
      std::string what = absl::StrCat("--kind '", *kind, "' is not a kind of entry");
      if (auto close = ClosestMatch(*kind, ledger::KindNames())) {
        absl::StrAppend(&what, " (did you mean '", *close, "'?)");
      }
      return bad(what, OneOf(ledger::KindNames()));
    }
    options->kind = *kind;
  }
  if (auto from = args.Value("--from")) {
    if (!absl::SimpleAtoi(*from, &options->from_seq) || options->from_seq < 1) {
      return bad(absl::StrCat("--from '", *from, "' is not a sequence number"), "an integer >= 1");
    }
  }
  if (auto limit = args.Value("--limit")) {
    if (!absl::SimpleAtoi(*limit, &options->limit) || options->limit < 0) {
      return bad(absl::StrCat("--limit '", *limit, "' is not a count"), "an integer >= 0");
    }
  }
  return true;
}

std::string Text(const json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return "?";
  return it->is_string() ? it->get<std::string>() : it->dump();
}

// One line saying what an entry records, for people.
std::string Summary(const std::string& kind, const json& body) {
  if (!body.is_object()) return "(unreadable: run `stargate ledger verify`)";
  if (kind == "shipment_decision") {
    const json shipment = body.value("shipment", json::object());
    const json decision = body.value("decision", json::object());
    std::string text =
        absl::StrCat(Text(shipment, "id"), ": ", Text(shipment, "quantity"), " x ",
                     Text(shipment, "accelerator"), " -> ", Text(shipment, "destination"));
    if (shipment.contains("consignee"))
      absl::StrAppend(&text, " (", Text(shipment, "consignee"), ")");
    absl::StrAppend(&text, ": ", Text(decision, "outcome"));
    if (decision.contains("exception") && !decision["exception"].is_null()) {
      absl::StrAppend(&text, " ", Text(decision, "exception"));
    }
    return text;
  }
  if (kind == "commitment") {
    // find rather than value(): a stored body of the wrong type must not throw.
    const auto amount = body.find("amount_usd");
    const double usd = amount != body.end() && amount->is_number() ? amount->get<double>() : 0.0;
    return absl::StrCat(Text(body, "financier"), ": ", FormatUsd(usd), " on ", Text(body, "date"));
  }
  if (kind == "screening") return absl::StrCat(Text(body, "name"), ": ", Text(body, "result"));
  if (kind == "tier_change") {
    return absl::StrCat(Text(body, "country"), ": ", Text(body, "from"), " -> ", Text(body, "to"),
                        " from ", Text(body, "effective"));
  }
  return body.dump();
}

std::string IncrementsText(const json& increments) {
  if (!increments.is_object()) return "?";
  std::vector<std::string> parts;
  for (const auto& [key, amount] : increments.items()) {
    const double v = amount.is_number() ? amount.get<double>() : 0;
    parts.push_back(absl::StrCat(key, " ", v < 0 ? "-" : "+", FormatNumber(std::abs(v))));
  }
  return absl::StrJoin(parts, ", ");
}

// A stored body as JSON, or null when it cannot be read (verify says why):
// read by core's reader like every other input, so a tampered row cannot
// crash a listing.
json ParseOrNull(const std::string& text) {
  DiagnosticList ignored;
  const auto document = ReadJson(text, "entry", &ignored);
  return document ? ToNlohmann(document->root()) : json();
}

}  // namespace

int RunLedgerList(const Args& args) {
  ledger::ScanOptions options;
  if (!ReadScanOptions(args, &options)) return kExitBadInput;
  int exit_code = kExitOk;
  auto ledger = OpenLedgerOrReport(args, &exit_code);
  if (!ledger) return exit_code;
  int64_t count = 0;
  absl::Status status;
  if (args.json()) {
    std::cout << "{\"entries\": [";
    status = ledger->Scan(options, [&](const ledger::StoredEntry& e) {
      std::cout << (count++ ? ",\n  " : "\n  ") << ledger::ExportLine(e);
      return true;
    });
    std::cout << (count ? "\n]" : "]") << ", \"count\": " << count << "}\n";
  } else {
    std::cout << absl::StrFormat("%8s  %-17s  %-19s  %s\n", "seq", "kind", "recorded (UTC)",
                                 "what [increments]");
    status = ledger->Scan(options, [&](const ledger::StoredEntry& e) {
      ++count;
      std::string when = e.recorded_at.substr(0, 19);
      if (when.size() > 10) when[10] = ' ';
      std::string line = Summary(e.kind, ParseOrNull(e.body));
      const std::string increments = IncrementsText(ParseOrNull(e.increments));
      if (!increments.empty()) absl::StrAppend(&line, " [", increments, "]");
      std::cout << absl::StrFormat("%8d  %-17s  %-19s  %s\n", e.seq, e.kind, when, line);
      return true;
    });
    if (status.ok()) {
      std::cout << count << (count == 1 ? " entry" : " entries") << " in "
                << ledger->uri().ToString() << "\n";
    }
  }
  if (!status.ok()) return ReportLedgerError(status, args);
  return kExitOk;
}

int RunLedgerExport(const Args& args) {
  ledger::ScanOptions options;
  if (!ReadScanOptions(args, &options)) return kExitBadInput;
  int exit_code = kExitOk;
  auto ledger = OpenLedgerOrReport(args, &exit_code);
  if (!ledger) return exit_code;
  const auto out_path = args.Value("--out");
  std::ofstream file;
  if (out_path) {
    file.open(*out_path, std::ios::binary | std::ios::trunc);
    if (!file) {
      std::cerr << "error: cannot write '" << *out_path
                << "'; expected a writable file path in an existing directory\n";
      return kExitBadInput;
    }
  }
  std::ostream& out = out_path ? file : std::cout;
  int64_t count = 0;
  auto status = ledger->Scan(options, [&](const ledger::StoredEntry& e) {
    out << ledger::ExportLine(e) << '\n';
    ++count;
    return static_cast<bool>(out);
  });
  if (!status.ok()) return ReportLedgerError(status, args);
  out.flush();
  if (!out) {
    std::cerr << "error: writing the export failed after " << count
              << " entries; expected free disk space and a writable file\n";
    return kExitDomainFailure;
  }
  if (out_path) {
    if (args.json()) {
      std::cout << json{{"ok", true}, {"count", count}, {"out", *out_path}}.dump(2) << "\n";
    } else {
      std::cout << "ok: exported " << count << (count == 1 ? " entry" : " entries") << " to "
                << *out_path << "\n";
    }
  }
  return kExitOk;
}

int RunLedgerTotals(const Args& args) {
  int exit_code = kExitOk;
  auto ledger = OpenLedgerOrReport(args, &exit_code);
  if (!ledger) return exit_code;
  const std::vector<std::string> keys(args.positional.begin() + 1, args.positional.end());
  const auto prefix = args.Value("--prefix");
  if (prefix && !keys.empty()) {
    std::cerr << "error: both keys and --prefix were given; expected either KEY... or --prefix P\n";
    return kExitBadInput;
  }
  auto totals = prefix         ? ledger->TotalsWithPrefix(*prefix)
                : keys.empty() ? ledger->AllTotals()
                               : ledger->Totals(keys);
  if (!totals.ok()) return ReportLedgerError(totals.status(), args);
  if (args.json()) {
    std::cout << json{{"totals", *totals}}.dump(2) << "\n";
    return kExitOk;
  }
  Table table({"key", "total"});
  for (const auto& [key, total] : *totals)
    table.AddRow({key, FormatNumber(total, total == std::floor(total) ? 0 : 2)});
  table.Print(std::cout);
  return kExitOk;
}

}  // namespace stargate::cli
