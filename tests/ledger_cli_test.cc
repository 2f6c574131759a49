// End-to-end: `stargate ledger ...` on SQLite (and on PostgreSQL when
// PGTEST_URI is set), including every kind of bad input and tampering.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "cli_runner.h"
#include "stargate/ledger/test_ledgers.h"

namespace stargate::testing {
namespace {

using ledger::testing::BackendKind;
using ledger::testing::TestLedger;
using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

constexpr char kShipment[] = R"({
  "kind": "shipment_decision",
  "entry": {
    "shipment": {"id": "s-1", "date": "2025-03-01", "accelerator": "H100-SXM", "quantity": 1000,
                 "destination": "AE", "consignee": "G42"},
    "decision": {"outcome": "license_exception", "exception": "LPP"}
  },
  "increments": {"lpp:G42:2025": 15832000}
})";

constexpr char kBatch[] = R"([
  {"kind": "commitment", "entry": {"financier": "mgx", "amount_usd": 7000000000, "date": "2025-01-21"}},
  {"kind": "screening", "entry": {"name": "Acme Trading FZE", "result": "clear"}},
  {"kind": "tier_change", "entry": {"country": "IN", "from": "tier2", "to": "tier1",
                                    "effective": "2026-01-01"}}
])";

class LedgerCliTest : public ::testing::TestWithParam<BackendKind> {
 protected:
  void SetUp() override {
    db_ = TestLedger::Create(GetParam());
    if (!db_) GTEST_SKIP() << ledger::testing::kNoPostgres;
    dir_ = MakeTempDir();
  }
  CliResult Ledger(std::vector<std::string> args, const std::string& stdin_text = "") {
    args.insert(args.begin(), "ledger");
    args.push_back("--ledger=" + db_->uri());
    return RunStargate(args, stdin_text, dir_);
  }
  std::string Write(const std::string& name, const std::string& text) {
    WriteFile(dir_ + "/" + name, text);
    return name;
  }
  std::unique_ptr<TestLedger> db_;
  std::string dir_;
};

TEST_P(LedgerCliTest, InitAddListVerifyExportTotals) {
  auto r = Ledger({"init"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, StartsWith("ok: created ledger "));
  EXPECT_THAT(Ledger({"init"}).out, HasSubstr("is already at schema version 3"));

  r = Ledger({"add", Write("one.json", kShipment)});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, StartsWith("ok: appended entry 1 to "));
  r = Ledger({"add", "-", "--json"}, kBatch);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json added = json::parse(r.out);
  EXPECT_EQ(added["first_seq"], 2);
  EXPECT_EQ(added["last_seq"], 4);
  EXPECT_EQ(added["head"]["seq"], 4);

  r = Ledger({"list"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("s-1: 1000 x H100-SXM -> AE (G42): license_exception LPP "
                               "[lpp:G42:2025 +15,832,000]"));
  EXPECT_THAT(r.out, HasSubstr("mgx: $7.0B on 2025-01-21"));
  EXPECT_THAT(r.out, HasSubstr("Acme Trading FZE: clear"));
  EXPECT_THAT(r.out, HasSubstr("IN: tier2 -> tier1 from 2026-01-01"));
  EXPECT_THAT(r.out, HasSubstr("4 entries in "));

  r = Ledger({"list", "--json", "--kind", "screening"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json listed = json::parse(r.out);
  ASSERT_EQ(listed["count"], 1);
  EXPECT_EQ(listed["entries"][0]["seq"], 3);
  EXPECT_EQ(listed["entries"][0]["entry"]["name"], "Acme Trading FZE");

  r = Ledger({"verify"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("is intact: 4 entries, 1 running totals"));
  const std::string head_hash = added["head"]["hash"];
  EXPECT_THAT(r.out, HasSubstr("head 4 " + head_hash));
  EXPECT_EQ(Ledger({"verify", "--anchor", "4:" + head_hash}).exit_code, 0);

  r = Ledger({"export", "--out", "export.jsonl"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "ok: exported 4 entries to export.jsonl\n");
  std::ifstream in(dir_ + "/export.jsonl");
  std::string line, last;
  int lines = 0;
  while (std::getline(in, line)) {
    ++lines;
    last = line;
  }
  EXPECT_EQ(lines, 4);
  EXPECT_EQ(json::parse(last)["hash"], head_hash);

  r = Ledger({"totals", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["totals"]["lpp:G42:2025"], 15832000.0);
  r = Ledger({"totals", "lpp:G42:2025", "cap:none"});
  EXPECT_THAT(r.out, HasSubstr("15,832,000"));
  EXPECT_THAT(r.out, HasSubstr("cap:none"));
  EXPECT_EQ(json::parse(Ledger({"totals", "--prefix", "cap:", "--json"}).out)["totals"].size(), 0u);
  EXPECT_EQ(json::parse(Ledger({"totals", "--prefix", "lpp:", "--json"}).out)["totals"].size(), 1u);
  EXPECT_EQ(Ledger({"totals", "x", "--prefix", "lpp:"}).exit_code, 2);
}

TEST_P(LedgerCliTest, MalformedEntriesAreRefusedWithTheirPositionAndNothingIsWritten) {
  ASSERT_EQ(Ledger({"init"}).exit_code, 0);
  const std::string file = Write("bad.json", R"([
  {"kind": "shipment", "entry": {}},
  {"kind": "screening", "entry": {"name": "x", "result": "clear"}, "incremnts": {}},
  {"kind": "shipment_decision",
   "entry": {"shipment": {"id": "s-2", "date": "2025-13-01", "destination": "AE", "quantity": 0},
             "decision": {"outcome": "license_required"}},
   "increments": {"cap:x": "ten"}}
])");
  auto r = Ledger({"add", file});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(
      r.err,
      "error: bad.json:2:12: kind 'shipment' is not known (did you mean 'shipment_decision'?); "
      "expected one of "
      "shipment_decision, commitment, screening, tier_change\n"
      "error: bad.json:3:68: unknown key 'incremnts' in an entry document (did you mean "
      "'increments'?); expected one of kind, entry, increments\n"
      "error: bad.json:5:48: 'shipment.date' is \"2025-13-01\"; expected a date \"YYYY-MM-DD\"\n"
      "error: bad.json:5:95: 'shipment.quantity' is 0; expected a positive integer\n"
      "error: bad.json:7:28: increment of 'cap:x' is \"ten\"; expected a number\n"
      "5 problems in bad.json; nothing was appended\n");
  EXPECT_EQ(json::parse(Ledger({"list", "--json"}).out)["count"], 0);
}

TEST_P(LedgerCliTest, SyntaxErrorsAndDuplicateKeysArePlaced) {
  ASSERT_EQ(Ledger({"init"}).exit_code, 0);
  auto r = Ledger({"add", Write("syntax.json",
                                "{\"kind\": \"screening\",\n  \"entry\": {\"name\": \"x\",}\n}")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, StartsWith("error: syntax.json:2:25: unexpected character '}'; expected a "
                                "member name in double quotes\n"));
  r = Ledger(
      {"add", Write("dup.json", R"({"kind": "screening", "kind": "commitment", "entry": {}})")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("error: dup.json:1:23: duplicate key 'kind' (first at 1:2); "
                               "expected each key at most once in an object"));
  r = Ledger({"add", "-"}, "");
  EXPECT_THAT(r.err, HasSubstr("error: <stdin>:1:1: the text is empty; expected a JSON value"));
  r = Ledger({"add", "-"}, "[]");
  EXPECT_THAT(r.err, HasSubstr("the array holds no entry documents"));
  r = Ledger(
      {"add", Write("utf8.json", "{\"kind\": \"screening\", \"entry\": {\"name\": \"\xff\"}}")});
  EXPECT_THAT(r.err, HasSubstr("utf8.json:1:42: invalid UTF-8 inside a string"));
  r = Ledger({"add", "missing.json"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("error: missing.json: cannot open 'missing.json'; expected an "
                               "existing, readable file"));
  r = Ledger({"add", Write("errs.json", "[1]"), "--json"});
  EXPECT_EQ(r.exit_code, 2);
  const json j = json::parse(r.out);
  EXPECT_EQ(j["ok"], false);
  EXPECT_EQ(j["errors"][0]["line"], 1);
  EXPECT_EQ(j["errors"][0]["column"], 2);
  EXPECT_EQ(j["errors"][0]["what"], "an entry document is 1");
}

TEST_P(LedgerCliTest, TamperingExitsWithOneAndNamesTheEntry) {
  ASSERT_EQ(Ledger({"init"}).exit_code, 0);
  ASSERT_EQ(Ledger({"add", "-"}, kBatch).exit_code, 0);
  ASSERT_EQ(Ledger({"add", "-"}, kShipment).exit_code, 0);
  db_->DropAppendOnlyGuards();
  db_->Exec(
      "UPDATE ledger_entries SET body = replace(body, '7000000000', '9000000000') WHERE seq = 1");
  auto r = Ledger({"verify"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_THAT(r.err, HasSubstr(" was tampered with: entry 1 was changed: its contents no longer "
                               "match its hash; expected every entry to match its hash and link"));
  r = Ledger({"verify", "--json"});
  EXPECT_EQ(r.exit_code, 1);
  const json j = json::parse(r.out);
  EXPECT_EQ(j["ok"], false);
  EXPECT_EQ(j["tampered"], true);
  EXPECT_EQ(j["problem"], "changed");
  EXPECT_EQ(j["first_bad_seq"], 1);
  EXPECT_EQ(j["entries_checked"], 0);
}

TEST_P(LedgerCliTest, AnOldLedgerIsRefusedUntilInitMigratesIt) {
  ASSERT_EQ(Ledger({"init"}).exit_code, 0);
  ASSERT_EQ(Ledger({"add", "-"}, kShipment).exit_code, 0);
  db_->DowngradeToVersion1();
  auto r = Ledger({"list"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("has schema version 1, older than this stargate's 3; expected "
                               "`stargate ledger init --ledger "));
  r = Ledger({"init"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("from schema version 1 to 3"));
  EXPECT_EQ(Ledger({"verify"}).exit_code, 0);
  EXPECT_THAT(Ledger({"totals"}).out, HasSubstr("15,832,000"));
}

TEST_P(LedgerCliTest, AnEditedTotalFailsTheNextReadInsteadOfAnsweringWrong) {
  ASSERT_EQ(Ledger({"init"}).exit_code, 0);
  ASSERT_EQ(Ledger({"add", "-"}, kShipment).exit_code, 0);
  ASSERT_EQ(Ledger({"add", "-"}, kBatch).exit_code, 0);
  db_->DropAppendOnlyGuards();
  db_->Exec("UPDATE ledger_counters SET total = 0");
  auto r = Ledger({"totals", "lpp:G42:2025"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(
      r.err, HasSubstr("error: ledger counters do not match the hash chain at seq 1: running total "
                       "'lpp:G42:2025' reads 0 but entry 1 left it at 15832000"));
  EXPECT_THAT(r.err, HasSubstr("run `stargate ledger verify`"));
  r = Ledger({"verify"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err,
              HasSubstr("running total 'lpp:G42:2025' is 0 but the entries add up to 15832000"));
}

TEST_P(LedgerCliTest, SignedCheckpointsCatchARewriteTheChainAloneCannot) {
  ASSERT_EQ(Ledger({"init"}).exit_code, 0);
  ASSERT_EQ(Ledger({"add", "-"}, kBatch).exit_code, 0);
  ASSERT_EQ(Ledger({"add", "-"}, kShipment).exit_code, 0);
  auto r = Ledger({"keygen", "--out", "key"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("ok: wrote the Ed25519 private key key (mode 0600"));
  r = Ledger({"checkpoint", "--key", "key", "--out", "log"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, StartsWith("ok: signed the tree head of 4 entries of "));
  ASSERT_EQ(Ledger({"add", "-"}, kShipment).exit_code, 0);
  r = Ledger({"verify", "--checkpoints", "log", "--pubkey", "key.pub"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("ok: 1 signed checkpoint holds (the latest covers 4 entries)"));

  // Inclusion and consistency proofs, checked by a third party with no ledger.
  r = Ledger({"prove", "2", "--size", "4"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Write("proof.json", r.out);
  auto check = RunStargate(
      {"ledger", "check-proof", "proof.json", "--pubkey", "key.pub", "--checkpoints", "log"}, "",
      dir_);
  EXPECT_EQ(check.exit_code, 0) << check.err;
  EXPECT_THAT(check.out, HasSubstr("ok: entry 2 (hash "));
  json forged = json::parse(r.out);
  forged["entry_hash"] = std::string(64, 'a');
  Write("forged.json", forged.dump());
  check = RunStargate(
      {"ledger", "check-proof", "forged.json", "--pubkey", "key.pub", "--checkpoints", "log"}, "",
      dir_);
  EXPECT_EQ(check.exit_code, 1);
  EXPECT_THAT(check.err,
              HasSubstr("error: the proof does not hold: the path does not lead from entry 2"));
  Write("deep.json", std::string(100000, '['));
  check =
      RunStargate({"ledger", "check-proof", "deep.json", "--root", std::string(64, '0')}, "", dir_);
  EXPECT_EQ(check.exit_code, 2);
  EXPECT_THAT(check.err, HasSubstr("values are nested more than 16 levels deep"));
  r = Ledger({"checkpoint", "--key", "key", "--out", "log"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Ledger({"prove", "--consistency", "4", "5"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Write("consistency.json", r.out);
  check = RunStargate(
      {"ledger", "check-proof", "consistency.json", "--pubkey", "key.pub", "--checkpoints", "log"},
      "", dir_);
  EXPECT_EQ(check.exit_code, 0) << check.err;

  // Emptying the ledger passes the chain check but not the checkpoints.
  db_->DropAppendOnlyGuards();
  db_->Exec("DELETE FROM ledger_entries; DELETE FROM ledger_counters");
  db_->Exec(absl::StrCat("UPDATE ledger_head SET seq = 0, hash = ",
                         db_->HashLiteral(std::string(64, '0'))));
  EXPECT_EQ(Ledger({"verify"}).exit_code, 0);
  r = Ledger({"verify", "--checkpoints", "log", "--pubkey", "key.pub"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(
      r.err,
      HasSubstr("does not match its signed checkpoints: the ledger has 0 entries but a checkpoint "
                "signed at "));
  EXPECT_THAT(r.err, HasSubstr("covers 5 (the ledger was emptied)"));
  // And a checkpoint is never signed over it.
  r = Ledger({"checkpoint", "--key", "key", "--out", "log"});
  EXPECT_EQ(r.exit_code, 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, LedgerCliTest,
                         ::testing::Values(BackendKind::kSqlite, BackendKind::kPostgres),
                         ledger::testing::BackendParamName);

TEST(LedgerCliUsageTest, DefaultLedgerIsStargateDbInTheWorkingDirectory) {
  const std::string dir = MakeTempDir();
  auto r = RunStargate({"ledger", "list"}, "", dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "error: no ledger at sqlite:./stargate.db (no such file); expected `stargate "
            "ledger init --ledger sqlite:./stargate.db` to create one first\n");
  ASSERT_EQ(RunStargate({"ledger", "init"}, "", dir).exit_code, 0);
  EXPECT_TRUE(std::ifstream(dir + "/stargate.db").good());
  r = RunStargate({"ledger", "add", "-", "--json"},
                  R"({"kind":"screening","entry":{"name":"n","result":"clear"}})", dir);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["head"]["seq"], 1);
}

TEST(LedgerCliUsageTest, ReadingCommandsNeverCreateOrChangeAFile) {
  const std::string dir = MakeTempDir();
  WriteFile(dir + "/empty.db", "");
  WriteFile(dir + "/text.db", "not a ledger\n");
  for (const std::string file : {"empty.db", "text.db", "missing.db"}) {
    for (std::vector<std::string> command :
         std::vector<std::vector<std::string>>{{"ledger", "verify"},
                                               {"ledger", "list"},
                                               {"ledger", "export"},
                                               {"ledger", "totals"},
                                               {"ledger", "prove", "1"}}) {
      command.push_back("--ledger=sqlite:" + file);
      auto r = RunStargate(command, "", dir);
      EXPECT_EQ(r.exit_code, 2) << command[1] << " " << file;
      EXPECT_THAT(r.err, HasSubstr("error: no ledger at sqlite:" + file + " ("));
      EXPECT_THAT(r.err,
                  HasSubstr("; expected `stargate ledger init --ledger sqlite:" + file + "`"));
    }
  }
  std::ifstream empty(dir + "/empty.db", std::ios::ate);
  EXPECT_EQ(empty.tellg(), 0);
  std::ifstream text(dir + "/text.db");
  std::string line;
  std::getline(text, line);
  EXPECT_EQ(line, "not a ledger");
  EXPECT_FALSE(std::ifstream(dir + "/missing.db").good());
  EXPECT_FALSE(std::ifstream(dir + "/empty.db-wal").good());
  // A writing command makes a missing ledger, and says so.
  auto r = RunStargate({"ledger", "add", "-", "--ledger=sqlite:missing.db"},
                       R"({"kind":"screening","entry":{"name":"n","result":"clear"}})", dir);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(
      r.err,
      HasSubstr("note: created ledger sqlite:missing.db (schema version 3), as there was none"));
}

TEST(LedgerCliUsageTest, UsageErrorsExitWithTwo) {
  auto r = RunStargate({"ledger", "verfy"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(
      r.err,
      HasSubstr("error: unknown ledger subcommand 'verfy' (did you mean 'verify'?); "
                "expected one of init, add, list, verify, export, totals, keygen, checkpoint, "
                "prove, check-proof"));
  r = RunStargate({"ledger"});
  EXPECT_EQ(r.exit_code, 2);
  r = RunStargate({"ledger", "add"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("'stargate ledger add' takes 1 argument but got 0; expected "
                               "stargate ledger add FILE|-"));
  r = RunStargate({"ledger", "list", "--out", "x"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("option '--out' does not apply to 'stargate ledger list'"));
  r = RunStargate({"ledger", "list", "--ledger", "ledger.db"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("error: ledger URI 'ledger.db' has no scheme; expected "
                               "sqlite:ledger.db for a SQLite file"));
  r = RunStargate({"ledger", "list", "--ledger", "mysql://h/db"});
  EXPECT_THAT(r.err, HasSubstr("ledger URI scheme 'mysql' is not supported"));
  r = RunStargate({"ledger", "list", "--kind", "shipment"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("--kind 'shipment' is not a kind of entry"));
  r = RunStargate({"ledger", "list", "--from", "0"});
  EXPECT_THAT(r.err, HasSubstr("--from '0' is not a sequence number; expected an integer >= 1"));
  r = RunStargate({"ledger", "verify", "--anchor", "12"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("--anchor '12' is not SEQ:HASH"));
  r = RunStargate({"ledger", "--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_THAT(r.out, HasSubstr("usage: stargate ledger init|add|list|verify|export|totals|keygen"));
  EXPECT_THAT(RunStargate({"--help"}).out, HasSubstr("ledger"));
}

TEST(LedgerCliUsageTest, AnUnreachablePostgresIsBadInput) {
  auto r = RunStargate(
      {"ledger", "list", "--ledger", "postgresql://nobody:secret@127.0.0.1:1/x?connect_timeout=2"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("error: cannot connect to postgresql://nobody:***@127.0.0.1:1/x"));
  EXPECT_THAT(r.err, Not(HasSubstr("secret")));
}

}  // namespace
}  // namespace stargate::testing
