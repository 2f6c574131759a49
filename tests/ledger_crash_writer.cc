// A ledger writer for the crash and concurrency tests, run as its own process
// so that it can be killed with SIGKILL at any moment.
//   ledger_crash_writer URI append BATCH    appends batches of BATCH screening
//       entries forever; entry n is named "entry n" and adds 1 to cap:crash;
//       prints the last sequence number of each batch once it is committed.
//   ledger_crash_writer URI tagged BATCH NAME    appends batches of 1..BATCH
//       screening entries named "NAME <seq of the batch's last entry's
//       position>" alongside other writers, until an append fails; prints
//       "<last seq> <name of that entry>" once each batch is committed.
//   ledger_crash_writer URI cap LIMIT WANT ATTEMPTS NAME    tries ATTEMPTS
//       times to use WANT of cap:synthetic (limit LIMIT) with AppendWithCheck;
//       prints "granted" or "refused" for each.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/strings/str_cat.h"
#include "stargate/ledger/ledger.h"

namespace {

using stargate::ledger::Batch;
using stargate::ledger::EntryKind;
using stargate::ledger::Ledger;
using stargate::ledger::NewEntry;
using stargate::ledger::TotalsReader;

int Fail(const absl::Status& status) {
  std::fprintf(stderr, "error: %s\n", std::string(status.message()).c_str());
  return 1;
}

int Append(Ledger& ledger, int batch_size) {
  auto head = ledger.GetHead();
  if (!head.ok()) return Fail(head.status());
  int64_t next = head->seq + 1;
  while (true) {
    Batch batch;
    for (int i = 0; i < batch_size; ++i, ++next) {
      batch.entries.push_back(
          NewEntry{EntryKind::kScreening,
                   {{"name", absl::StrCat("entry ", next)}, {"result", "clear"}},
                   {{"cap:crash", 1}}});
    }
    auto result = ledger.Append(batch);
    if (!result.ok()) return Fail(result.status());
    if (result->last_seq != next - 1) {
      std::fprintf(stderr, "error: expected to end at %lld, ended at %lld\n",
                   static_cast<long long>(next - 1), static_cast<long long>(result->last_seq));
      return 1;
    }
    std::printf("%lld\n", static_cast<long long>(result->last_seq));
    std::fflush(stdout);
  }
}

// Alongside other writers: the sequence numbers are not known in advance, so
// each batch's last entry carries a name the test can look up afterwards.
int Tagged(Ledger& ledger, int max_batch, const std::string& name) {
  for (int64_t batch_no = 1;; ++batch_no) {
    const int size = 1 + static_cast<int>(batch_no * 7919 % max_batch);
    Batch batch;
    const std::string last = absl::StrCat(name, " batch ", batch_no);
    for (int i = 0; i < size; ++i) {
      batch.entries.push_back(NewEntry{
          EntryKind::kScreening,
          {{"name", i + 1 == size ? last : absl::StrCat(last, " item ", i)}, {"result", "clear"}},
          {{"cap:crash", 1}}});
    }
    auto result = ledger.Append(batch);
    if (!result.ok()) return Fail(result.status());
    std::printf("%lld %s\n", static_cast<long long>(result->last_seq), last.c_str());
    std::fflush(stdout);
  }
}

int Cap(Ledger& ledger, double limit, double want, int attempts, const std::string& name) {
  for (int i = 0; i < attempts; ++i) {
    bool granted = false;
    auto result = ledger.AppendWithCheck([&](const TotalsReader& totals) -> absl::StatusOr<Batch> {
      auto used = totals.Totals({"cap:synthetic"});
      if (!used.ok()) return used.status();
      granted = used->at("cap:synthetic") + want <= limit;
      NewEntry entry{EntryKind::kScreening,
                     {{"name", absl::StrCat(name, " attempt ", i)},
                      {"result", granted ? "granted" : "refused"}},
                     {}};
      if (granted) entry.increments["cap:synthetic"] = want;
      return Batch{{entry}};
    });
    if (!result.ok()) return Fail(result.status());
    std::printf("%s\n", granted ? "granted" : "refused");
    std::fflush(stdout);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(
        stderr, "usage: ledger_crash_writer URI append BATCH | URI cap LIMIT WANT ATTEMPTS NAME\n");
    return 2;
  }
  auto ledger = Ledger::Open(argv[1]);
  if (!ledger.ok()) return Fail(ledger.status());
  const std::string mode = argv[2];
  if (mode == "append") return Append(**ledger, std::atoi(argv[3]));
  if (mode == "tagged" && argc == 5)
    return Tagged(**ledger, std::max(1, std::atoi(argv[3])), argv[4]);
  if (mode == "cap" && argc == 7) {
    return Cap(**ledger, std::atof(argv[3]), std::atof(argv[4]), std::atoi(argv[5]), argv[6]);
  }
  std::fprintf(stderr, "error: unknown mode '%s'; expected append or cap\n", mode.c_str());
  return 2;
}
