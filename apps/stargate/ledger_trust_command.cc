// stargate ledger keygen|checkpoint|prove|check-proof, and verify's
// --checkpoints: signed tree heads kept apart from the database, and proofs a
// third party checks with the public key and the checkpoint log alone.
#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "command.h"
#include "ledger_cli.h"
#include "stargate/core/diagnostic.h"
#include "stargate/core/file_reader.h"
#include "stargate/core/json_nlohmann.h"
#include "stargate/core/json_reader.h"
#include "stargate/ledger/ledger.h"

namespace stargate::cli {
namespace {

using nlohmann::json;

constexpr char kDefaultCheckpoints[] = "stargate.checkpoints";

std::string CheckpointLogArg(const Args& args) {
  return args.Value("--checkpoints").value_or(args.Value("--out").value_or(kDefaultCheckpoints));
}

int Fail(const Args& args, const std::string& what, const std::string& expected, int code) {
  if (args.json()) {
    std::cout << json{{"ok", false},
                      {"errors", json::array({{{"what", what}, {"expected", expected}}})}}
                     .dump(2)
              << "\n";
  }
  std::cerr << "error: " << what << "; expected " << expected << "\n";
  return code;
}

std::optional<int64_t> PositiveNumber(const std::string& text) {
  int64_t n = 0;
  if (!absl::SimpleAtoi(text, &n) || n < 1) return std::nullopt;
  return n;
}

// Refuses JSON nested deeper than `limit` before a recursive parser sees it
// (a proof is two levels deep; a hostile file could be 60,000).
}  // namespace

int RunLedgerKeygen(const Args& args) {
  const auto out = args.Value("--out");
  if (!out || out->empty()) {
    return Fail(args, "'stargate ledger keygen' needs --out KEY",
                "stargate ledger keygen --out KEY", kExitBadInput);
  }
  const std::string pub = *out + ".pub";
  if (auto s = ledger::SigningKey::Generate(*out, pub); !s.ok()) return ReportLedgerError(s, args);
  auto key = ledger::SigningKey::LoadPublic(pub);
  if (!key.ok()) return ReportLedgerError(key.status(), args);
  if (args.json()) {
    std::cout << json{{"ok", true},
                      {"private_key", *out},
                      {"public_key", pub},
                      {"key_id", (*key)->key_id()}}
                     .dump(2)
              << "\n";
  } else {
    std::cout << "ok: wrote the Ed25519 private key " << *out
              << " (mode 0600: keep it away from the database) "
              << "and the public key " << pub << "\nkey id " << (*key)->key_id() << "\n";
  }
  return kExitOk;
}

int RunLedgerCheckpoint(const Args& args) {
  const auto key_path = args.Value("--key");
  if (!key_path) {
    return Fail(args, "'stargate ledger checkpoint' needs --key FILE",
                "stargate ledger checkpoint --key FILE [--out CHECKPOINTS]", kExitBadInput);
  }
  auto key = ledger::SigningKey::LoadPrivate(*key_path);
  if (!key.ok()) return ReportLedgerError(key.status(), args);
  const std::string log = CheckpointLogArg(args);
  int exit_code = kExitOk;
  auto book = OpenLedgerOrReport(args, ledger::OpenMode::kReadOnly, &exit_code);
  if (!book) return exit_code;
  auto signed_checkpoint = ledger::SignCheckpoint(*book, **key, log);
  if (!signed_checkpoint.ok()) return ReportLedgerError(signed_checkpoint.status(), args);
  if (!signed_checkpoint->ok) {
    return Fail(args, signed_checkpoint->what, signed_checkpoint->expected, kExitDomainFailure);
  }
  const ledger::Checkpoint& checkpoint = signed_checkpoint->checkpoint;
  if (args.json()) {
    std::cout << json{{"ok", true},
                      {"ledger", book->uri().ToString()},
                      {"checkpoints", log},
                      {"size", checkpoint.size},
                      {"root", ledger::ToHex(checkpoint.root)},
                      {"time", checkpoint.time},
                      {"key_id", checkpoint.key_id}}
                     .dump(2)
              << "\n";
  } else {
    std::cout << "ok: signed the tree head of " << checkpoint.size << " entries of "
              << book->uri().ToString() << "\nroot " << ledger::ToHex(checkpoint.root) << " at "
              << checkpoint.time << ", appended to " << log << "\n";
  }
  return kExitOk;
}

int RunLedgerProve(const Args& args) {
  int exit_code = kExitOk;
  const std::string& last = args.positional.back();
  const auto consistency_old = args.Value("--consistency");
  std::optional<int64_t> first = PositiveNumber(consistency_old.value_or(last));
  std::optional<int64_t> second = consistency_old ? PositiveNumber(last) : std::nullopt;
  if (!first || (consistency_old && !second)) {
    return Fail(
        args, "the tree sizes or the sequence number are not integers >= 1",
        "stargate ledger prove SEQ [--size N] or stargate ledger prove --consistency OLD NEW",
        kExitBadInput);
  }
  std::optional<int64_t> size;
  if (auto text = args.Value("--size")) {
    size = PositiveNumber(*text);
    if (!size)
      return Fail(args, absl::StrCat("--size '", *text, "' is not a tree size"), "an integer >= 1",
                  kExitBadInput);
  }
  auto book = OpenLedgerOrReport(args, ledger::OpenMode::kReadOnly, &exit_code);
  if (!book) return exit_code;
  json proof;
  if (consistency_old) {
    auto made = ledger::ProveConsistency(*book, *first, *second);
    if (!made.ok()) return ReportLedgerError(made.status(), args);
    proof = ledger::ToJson(*made);
  } else {
    if (!size) {
      auto head = book->GetHead();
      if (!head.ok()) return ReportLedgerError(head.status(), args);
      size = head->seq;
    }
    auto made = ledger::ProveInclusion(*book, *first, *size);
    if (!made.ok()) return ReportLedgerError(made.status(), args);
    proof = ledger::ToJson(*made);
  }
  std::cout << proof.dump(2) << "\n";
  return kExitOk;
}

int RunLedgerCheckProof(const Args& args) {
  const std::string& path = args.positional[1];
  // core's readers: a proof is small and shallow, so anything past 1 MiB or
  // 16 levels is refused as a located problem before it is looked at.
  DiagnosticList problems;
  FileReadOptions read_options;
  read_options.max_bytes = size_t{1} << 20;
  read_options.expected = "a proof file printed by `stargate ledger prove`";
  std::optional<std::string> text = path == "-"
                                        ? ReadStandardInput("<stdin>", &problems, read_options)
                                        : ReadFileText(path, &problems, read_options);
  std::optional<JsonDocument> document;
  if (text) {
    JsonReadOptions json_options;
    json_options.max_depth = 16;
    document = ReadJson(std::move(*text), path == "-" ? "<stdin>" : path, &problems, json_options);
  }
  if (!document) {
    problems.Sort();
    const Diagnostic& first = problems.items().front();
    return Fail(args, first.LocatedWhat(), first.expected, kExitBadInput);
  }
  json proof = ToNlohmann(document->root());
  std::optional<ledger::Hash> root;
  if (auto hex = args.Value("--root")) {
    root = ledger::HashFromHex(*hex);
    if (!root || hex->size() != 64)
      return Fail(args, absl::StrCat("--root '", *hex, "' is not a hash"), "64 hex digits",
                  kExitBadInput);
  }
  std::vector<ledger::Checkpoint> checkpoints;
  std::unique_ptr<ledger::SigningKey> key;
  if (!root) {
    const auto pub = args.Value("--pubkey");
    const auto log = args.Value("--checkpoints");
    if (!pub || !log) {
      return Fail(args,
                  "'stargate ledger check-proof' needs --pubkey FILE and --checkpoints FILE, or "
                  "--root HASH",
                  "stargate ledger check-proof PROOF --pubkey KEY.pub --checkpoints FILE",
                  kExitBadInput);
    }
    auto loaded = ledger::SigningKey::LoadPublic(*pub);
    if (!loaded.ok()) return ReportLedgerError(loaded.status(), args);
    key = *std::move(loaded);
    auto read = ledger::ReadCheckpointLog(*log);
    if (!read.ok()) return ReportLedgerError(read.status(), args);
    checkpoints = *std::move(read);
  }
  auto check = ledger::CheckProof(proof, checkpoints, key.get(), root);
  if (!check.ok()) return ReportLedgerError(check.status(), args);
  if (args.json())
    std::cout << json{{"ok", check->ok}, {"message", check->message}}.dump(2) << "\n";
  if (!check->ok) {
    std::cerr << "error: the proof does not hold: " << check->message
              << "; expected a proof of an entry or tree the signed checkpoints cover\n";
    return kExitDomainFailure;
  }
  if (!args.json()) std::cout << "ok: " << check->message << "\n";
  return kExitOk;
}

int CheckLedgerCheckpoints(ledger::Ledger& book, const Args& args, std::string* summary) {
  const auto log = args.Value("--checkpoints");
  const auto pub = args.Value("--pubkey");
  if (!log && !pub) return kExitOk;
  if (!log || !pub) {
    return Fail(args, "--checkpoints and --pubkey go together",
                "stargate ledger verify --checkpoints FILE --pubkey KEY.pub", kExitBadInput);
  }
  auto key = ledger::SigningKey::LoadPublic(*pub);
  if (!key.ok()) return ReportLedgerError(key.status(), args);
  auto checkpoints = ledger::ReadCheckpointLog(*log);
  if (!checkpoints.ok()) return ReportLedgerError(checkpoints.status(), args);
  auto report = ledger::VerifyCheckpoints(book, *checkpoints, **key, *log);
  if (!report.ok()) return ReportLedgerError(report.status(), args);
  if (!report->ok) {
    if (args.json()) {
      std::cout << json{{"ok", false},
                        {"tampered", true},
                        {"problem", "checkpoint"},
                        {"message", report->message}}
                       .dump(2)
                << "\n";
    }
    std::cerr << "error: ledger " << book.uri().ToString()
              << " does not match its signed checkpoints: " << report->message
              << "; expected every entry a checkpoint covers, unchanged (restore the ledger "
              << "from a backup or an export, and investigate)\n";
    return kExitDomainFailure;
  }
  *summary = absl::StrCat(
      report->checkpoints,
      report->checkpoints == 1 ? " signed checkpoint holds" : " signed checkpoints hold",
      " (the latest covers ", report->latest_size, " entries)");
  return kExitOk;
}

}  // namespace stargate::cli
