// stargate ledger init|add|list|verify|export|totals [--ledger URI]: the
// tamper-evident record of shipment decisions, commitments, screenings and
// tier changes.
#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "command.h"
#include "ledger_cli.h"
#include "stargate/core/diagnostic.h"
#include "stargate/core/text.h"
#include "stargate/ledger/ledger.h"
#include "table.h"

namespace stargate::cli {
namespace {

using nlohmann::json;

const std::vector<std::string>& Subcommands() {
  static const std::vector<std::string> names = {"init",   "add",        "list",   "verify",
                                                 "export", "totals",     "keygen", "checkpoint",
                                                 "prove",  "check-proof"};
  return names;
}

// Which options each subcommand takes (besides --ledger, --json, --help) and
// how many arguments.
struct SubcommandSpec {
  std::set<std::string> flags;
  size_t min_args;
  size_t max_args;
  std::string synopsis;
};

const SubcommandSpec& Spec(const std::string& name) {
  static const std::map<std::string, SubcommandSpec> specs = {
      {"init", {{}, 0, 0, "ledger init [--ledger URI]"}},
      {"add", {{}, 1, 1, "ledger add FILE|- [--ledger URI]"}},
      {"list",
       {{"--kind", "--from", "--limit"},
        0,
        0,
        "ledger list [--kind KIND] [--from SEQ] [--limit N] [--ledger URI]"}},
      {"verify",
       {{"--anchor", "--checkpoints", "--pubkey"},
        0,
        0,
        "ledger verify [--anchor SEQ:HASH] [--checkpoints FILE --pubkey KEY.pub] [--ledger URI]"}},
      {"keygen", {{"--out"}, 0, 0, "ledger keygen --out KEY"}},
      {"checkpoint",
       {{"--key", "--out"},
        0,
        0,
        "ledger checkpoint --key KEY [--out CHECKPOINTS] [--ledger URI]"}},
      {"prove",
       {{"--size", "--consistency"},
        1,
        1,
        "ledger prove SEQ [--size N] | ledger prove --consistency OLD NEW [--ledger URI]"}},
      {"check-proof",
       {{"--pubkey", "--checkpoints", "--root"},
        1,
        1,
        "ledger check-proof PROOF|- (--pubkey KEY.pub --checkpoints FILE | --root HASH)"}},
      {"export",
       {{"--kind", "--from", "--limit", "--out"},
        0,
        0,
        "ledger export [--out FILE] [--kind KIND] [--from SEQ] [--limit N] [--ledger URI]"}},
      {"totals", {{"--prefix"}, 0, 1000, "ledger totals [KEY...|--prefix P] [--ledger URI]"}},
  };
  return specs.at(name);
}

json JsonHead(const ledger::Head& head) {
  return {{"seq", head.seq}, {"hash", ledger::ToHex(head.hash)}};
}

int RunInit(const Args& args) {
  const std::string uri = LedgerUriArg(args);
  auto result = ledger::Ledger::Init(uri);
  if (!result.ok()) return ReportLedgerError(result.status(), args);
  const std::string shown = ledger::ParseLedgerUri(uri)->ToString();
  static const char* kActions[] = {"created", "migrated", "current"};
  const char* action = kActions[static_cast<int>(result->action)];
  if (args.json()) {
    std::cout << json{{"ok", true},
                      {"ledger", shown},
                      {"action", action},
                      {"from_version", result->from_version},
                      {"schema_version", result->version}}
                     .dump(2)
              << "\n";
    return kExitOk;
  }
  switch (result->action) {
    case ledger::InitResult::Action::kCreated:
      std::cout << "ok: created ledger " << shown << " (schema version " << result->version
                << ")\n";
      break;
    case ledger::InitResult::Action::kMigrated:
      std::cout << "ok: migrated ledger " << shown << " from schema version "
                << result->from_version << " to " << result->version
                << "; every entry and hash was kept\n";
      break;
    case ledger::InitResult::Action::kCurrent:
      std::cout << "ok: ledger " << shown << " is already at schema version " << result->version
                << "\n";
      break;
  }
  return kExitOk;
}

int RunAdd(const Args& args) {
  const std::string& path = args.positional[1];
  DiagnosticList problems;
  auto batch = ledger::ReadEntryDocuments(path, &problems);
  if (!batch) {
    if (args.json()) {
      json errors = json::array();
      for (const auto& d : problems.items()) {
        errors.push_back({{"file", d.location.file},
                          {"line", d.location.line},
                          {"column", d.location.column},
                          {"what", d.what},
                          {"expected", d.expected}});
      }
      std::cout << json{{"ok", false}, {"errors", errors}}.dump(2) << "\n";
    }
    for (const auto& d : problems.items()) std::cerr << "error: " << d.ToString() << "\n";
    std::cerr << problems.size() << (problems.size() == 1 ? " problem" : " problems") << " in "
              << (path == "-" ? "<stdin>" : path) << "; nothing was appended\n";
    return kExitBadInput;
  }
  int exit_code = kExitOk;
  auto ledger = OpenLedgerOrReport(args, ledger::OpenMode::kCreate, &exit_code);
  if (!ledger) return exit_code;
  auto result = ledger->Append(*batch);
  if (!result.ok()) return ReportLedgerError(result.status(), args);
  if (args.json()) {
    std::cout << json{{"ok", true},
                      {"ledger", ledger->uri().ToString()},
                      {"first_seq", result->first_seq},
                      {"last_seq", result->last_seq},
                      {"count", result->count()},
                      {"head", JsonHead(result->head)}}
                     .dump(2)
              << "\n";
    return kExitOk;
  }
  std::cout << "ok: appended "
            << (result->count() == 1 ? absl::StrCat("entry ", result->first_seq)
                                     : absl::StrCat(result->count(), " entries, ",
                                                    result->first_seq, "..", result->last_seq))
            << " to " << ledger->uri().ToString() << "\nhead " << result->head.seq << " "
            << ledger::ToHex(result->head.hash) << "\n";
  return kExitOk;
}

std::optional<ledger::Head> ParseAnchor(const std::string& text) {
  const size_t colon = text.find(':');
  if (colon == std::string::npos) return std::nullopt;
  ledger::Head anchor;
  auto hash = ledger::HashFromHex(text.substr(colon + 1));
  if (!absl::SimpleAtoi(text.substr(0, colon), &anchor.seq) || anchor.seq < 1 || !hash) {
    return std::nullopt;
  }
  anchor.hash = *hash;
  return anchor;
}

int RunVerify(const Command& command, const Args& args) {
  std::optional<ledger::Head> anchor;
  if (auto text = args.Value("--anchor")) {
    anchor = ParseAnchor(*text);
    if (!anchor) {
      return UsageError(command, absl::StrCat("--anchor '", *text, "' is not SEQ:HASH"),
                        "a sequence number and the 64 hex digits of its hash, as `stargate "
                        "ledger verify` prints them, e.g. 1234:9f86d081...");
    }
  }
  int exit_code = kExitOk;
  auto ledger = OpenLedgerOrReport(args, ledger::OpenMode::kReadOnly, &exit_code);
  if (!ledger) return exit_code;
  const auto start = std::chrono::steady_clock::now();
  auto report = ledger->Verify(anchor);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!report.ok()) return ReportLedgerError(report.status(), args);
  const std::string shown = ledger->uri().ToString();
  json out = {{"ok", report->ok()},
              {"ledger", shown},
              {"entries_checked", report->entries_checked},
              {"counters_checked", report->counters_checked},
              {"head", JsonHead(report->head)},
              {"seconds", seconds}};
  if (!report->ok()) {
    if (args.json()) {
      out["tampered"] = true;
      out["problem"] = std::string(ledger::ProblemName(report->problem));
      out["first_bad_seq"] = report->first_bad_seq;
      out["message"] = report->message;
      std::cout << out.dump(2) << "\n";
    }
    std::cerr << "error: ledger " << shown << " was tampered with: " << report->message
              << "; expected every entry to match its hash and link (restore the ledger from a "
                 "backup or an export, and investigate)\n";
    return kExitDomainFailure;
  }
  // The chain is whole; signed checkpoints also catch a rewritten, cut or
  // emptied ledger whose hashes were all recomputed.
  std::string checkpoints;
  if (int code = CheckLedgerCheckpoints(*ledger, args, &checkpoints); code != kExitOk) return code;
  if (args.json()) {
    if (!checkpoints.empty()) out["checkpoints"] = checkpoints;
    std::cout << out.dump(2) << "\n";
  }
  if (!args.json()) {
    if (!checkpoints.empty()) std::cout << "ok: " << checkpoints << "\n";
    std::cout << "ok: ledger " << shown << " is intact: " << FormatNumber(report->entries_checked)
              << (report->entries_checked == 1 ? " entry, " : " entries, ")
              << FormatNumber(report->counters_checked) << " running totals, checked in "
              << absl::StrCat(static_cast<int64_t>(seconds * 1000)) << " ms\n"
              << "head " << report->head.seq << " " << ledger::ToHex(report->head.hash)
              << "   (keep this line: `--anchor " << report->head.seq
              << ":<hash>` checks it later)\n";
  }
  return kExitOk;
}

int Run(const Command& command, const Args& args) {
  const std::string& name = args.positional[0];
  if (std::find(Subcommands().begin(), Subcommands().end(), name) == Subcommands().end()) {
    std::string what = absl::StrCat("unknown ledger subcommand '", name, "'");
    if (auto close = ClosestMatch(name, Subcommands())) {
      absl::StrAppend(&what, " (did you mean '", *close, "'?)");
    }
    return UsageError(command, what, OneOf(Subcommands()));
  }
  const SubcommandSpec& spec = Spec(name);
  for (const auto& [flag, values] : args.values) {
    if (flag == "--ledger" || flag == "--json" || flag == "--help" || spec.flags.count(flag)) {
      continue;
    }
    std::vector<std::string> allowed(spec.flags.begin(), spec.flags.end());
    allowed.insert(allowed.end(), {"--ledger", "--json"});
    return UsageError(
        command, absl::StrCat("option '", flag, "' does not apply to 'stargate ledger ", name, "'"),
        absl::StrCat("one of ", absl::StrJoin(allowed, ", ")));
  }
  const size_t n = args.positional.size() - 1;
  if (n < spec.min_args || n > spec.max_args) {
    return UsageError(
        command,
        absl::StrCat("'stargate ledger ", name, "' takes ",
                     spec.min_args == spec.max_args ? absl::StrCat(spec.min_args)
                                                    : absl::StrCat(spec.min_args, " or more"),
                     spec.min_args == 1 && spec.max_args == 1 ? " argument" : " arguments",
                     " but got ", n),
        absl::StrCat("stargate ", spec.synopsis));
  }
  if (name == "init") return RunInit(args);
  if (name == "add") return RunAdd(args);
  if (name == "verify") return RunVerify(command, args);
  if (name == "list") return RunLedgerList(args);
  if (name == "export") return RunLedgerExport(args);
  if (name == "keygen") return RunLedgerKeygen(args);
  if (name == "checkpoint") return RunLedgerCheckpoint(args);
  if (name == "prove") return RunLedgerProve(args);
  if (name == "check-proof") return RunLedgerCheckProof(args);
  return RunLedgerTotals(args);
}

}  // namespace

std::string LedgerUriArg(const Args& args) {
  return args.Value("--ledger").value_or(ledger::kDefaultLedgerUri);
}

int ReportLedgerError(const absl::Status& status, const Args& args) {
  const std::vector<Diagnostic> problems = ProblemsOf(status);
  if (args.json()) {
    json errors = json::array();
    for (const Diagnostic& d : problems) {
      json error = {{"what", d.LocatedWhat()}};
      if (!d.expected.empty()) error["expected"] = d.expected;
      errors.push_back(std::move(error));
    }
    std::cout << json{{"ok", false}, {"errors", errors}}.dump(2) << "\n";
  }
  for (const Diagnostic& d : problems) std::cerr << "error: " << d.ToString() << "\n";
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kNotFound:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kPermissionDenied:
      return kExitBadInput;
    default:
      return kExitDomainFailure;
  }
}

std::unique_ptr<ledger::Ledger> OpenLedgerOrReport(const Args& args, ledger::OpenMode mode,
                                                   int* exit_code) {
  auto ledger = ledger::Ledger::Open(LedgerUriArg(args), mode);
  if (!ledger.ok()) {
    *exit_code = ReportLedgerError(ledger.status(), args);
    return nullptr;
  }
  if ((*ledger)->created()) {
    std::cerr << "note: created ledger " << (*ledger)->uri().ToString() << " (schema version "
              << ledger::kSchemaVersion << "), as there was none\n";
  }
  return *std::move(ledger);
}

std::unique_ptr<ledger::Ledger> OpenLedgerOrReport(const Args& args, int* exit_code) {
  return OpenLedgerOrReport(
      args, args.Has("--record") ? ledger::OpenMode::kCreate : ledger::OpenMode::kReadOnly,
      exit_code);
}

const Command& LedgerCommand() {
  static const Command command{
      .name = "ledger",
      .synopsis =
          "ledger init|add|list|verify|export|totals|keygen|checkpoint|prove|check-proof [ARG...] "
          "[--ledger URI] [--json]",
      .summary = "the tamper-evident record of decisions, commitments, screenings, tier changes",
      .description =
          "  init                 create the ledger, or migrate an older one (keeps every entry)\n"
          "  add FILE|-           append entry documents, atomically: a JSON object\n"
          "                       {\"kind\": K, \"entry\": {...}, \"increments\": {KEY: TPP}} or "
          "an\n"
          "                       array of them; K is one of shipment_decision, commitment,\n"
          "                       screening, tier_change. Nothing is written if any is malformed.\n"
          "  list                 the entries, oldest first\n"
          "  verify               recompute the hash chain and the running totals; exit code 1\n"
          "                       and the first changed, deleted or reordered entry if tampered\n"
          "  export               every entry as JSON Lines, with its hash (to stdout or --out)\n"
          "  totals [KEY...]      running totals, e.g. cap:<cap id>, lpp:<consignee>:<year>;\n"
          "                       all of them, or those starting with --prefix\n"
          "  keygen --out KEY     write an Ed25519 key pair: KEY (mode 0600) and KEY.pub\n"
          "  checkpoint --key KEY sign the Merkle tree head (size, root, time) of an intact\n"
          "                       ledger and append it to --out (default stargate.checkpoints);\n"
          "                       keep that log and the key away from the database\n"
          "  prove SEQ            inclusion proof of entry SEQ (JSON) in the tree of --size N\n"
          "  prove --consistency OLD NEW   the tree of NEW entries extends the tree of OLD\n"
          "  check-proof PROOF    check a proof with --pubkey and --checkpoints (or --root);\n"
          "                       needs no ledger. verify --checkpoints F --pubkey P also\n"
          "                       catches a ledger rewritten, cut or emptied behind a "
          "checkpoint\n\n"
          "URI: sqlite:PATH (default sqlite:./stargate.db) or postgresql://USER@HOST:PORT/DB.\n"
          "See docs/ledger.md.",
      .flags = {{"--ledger", "URI", "the ledger (default sqlite:./stargate.db)"},
                {"--kind", "KIND", "list/export: only entries of this kind"},
                {"--from", "SEQ", "list/export: start at this sequence number"},
                {"--limit", "N", "list/export: at most N entries"},
                {"--out", "FILE",
                 "export: write to FILE instead of stdout; keygen: the key file; "
                 "checkpoint: the checkpoint log"},
                {"--key", "KEY", "checkpoint: the private key that signs"},
                {"--pubkey", "KEY.pub",
                 "verify/check-proof: the public key checkpoints are signed with"},
                {"--checkpoints", "FILE", "verify/check-proof: the checkpoint log"},
                {"--size", "N", "prove: the tree size (default: every entry)"},
                {"--consistency", "OLD", "prove: a consistency proof from OLD entries to NEW"},
                {"--root", "HASH",
                 "check-proof: the tree root to check against, instead of checkpoints"},
                {"--anchor", "SEQ:HASH", "verify: entry SEQ must still have this hash"},
                {"--prefix", "P", "totals: every key starting with P, e.g. cap:"}},
      .min_positional = 1,
      .max_positional = 1001,
      .run = Run};
  return command;
}

}  // namespace stargate::cli
