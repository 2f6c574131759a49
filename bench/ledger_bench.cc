// Ledger benchmark: durable appends per second (one entry per transaction,
// and batched), verification speed, and the latency of a cap query on a large
// ledger. Prints figures; asserts nothing.
//
//   ledger_bench [--uri URI] [--entries N] [--batch B] [--single S] [--keys K] [--queries Q]
//                [--threads T]
//   ledger_bench --uri URI --verify-only [--threads T]   verify an existing ledger again
//   ledger_bench --concurrent [--uri URI] [--prefill N] [--per-thread P] [--keys K]
//       recorded checks (read 2 totals, decide, append 1 entry, durable) from 1
//       and 16 threads, each on its own connection, with group commit on and
//       off, beside unrecorded checks (the 2 totals only): appends/s and
//       p50/p99/max latency. The goal (issue 15): >= 5,000 recorded checks/s
//       and p99 < 50 ms at 16 connections on SQLite.
//
// Defaults: a fresh SQLite file in a temporary directory (removed afterwards),
// 1,000,000 entries in batches of 1,000, 2,000 single appends, 10,000 counter
// keys. The goals (issue 5): 50,000 durable appends/s batched on SQLite,
// verification at 1,000,000 entries/s, a cap query under 1 ms at 10,000,000
// entries (`--entries 10000000`). For PostgreSQL pass an empty database or
// schema, e.g. postgresql://postgres@127.0.0.1:55432/postgres?options=-csearch_path%3Dbench.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "stargate/ledger/ledger.h"

namespace {

using stargate::ledger::Batch;
using stargate::ledger::EntryKind;
using stargate::ledger::Ledger;
using stargate::ledger::NewEntry;
using Clock = std::chrono::steady_clock;

struct Options {
  std::string uri;
  int64_t entries = 1'000'000;
  int64_t batch = 1'000;
  int64_t single = 2'000;
  int64_t keys = 10'000;
  int64_t queries = 10'000;
  int64_t threads = 0;       // verify: 0 = one per core
  bool verify_only = false;  // verify an existing ledger and stop
  bool concurrent = false;   // only the concurrent recorded-check table
  int64_t prefill = 100'000;
  int64_t per_thread = 400;
};

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

// A shipment decision much like the ones `stargate check --record` writes:
// about 420 bytes of canonical JSON and two running totals.
NewEntry Shipment(int64_t n, int64_t keys) {
  static const char* kCountries[] = {"AE", "SA", "IN", "BR", "MY", "ID", "VN", "MX", "TH", "PL"};
  const std::string country = kCountries[n % 10];
  const std::string consignee = absl::StrCat("consignee-", n % keys);
  const int quantity = static_cast<int>(1 + n % 997);
  const double tpp = 15832.0 * quantity;
  nlohmann::json body = {{"shipment",
                          {{"id", absl::StrCat("s-", n)},
                           {"date", "2025-06-01"},
                           {"accelerator", "H100-SXM"},
                           {"quantity", quantity},
                           {"destination", country},
                           {"consignee", consignee},
                           {"consignee_hq", country}}},
                         {"decision",
                          {{"outcome", "license_exception"},
                           {"exception", "LPP"},
                           {"regime", "ai-diffusion-2025"},
                           {"classification", "3A090.a"},
                           {"tier", "tier2"},
                           {"tpp_total", tpp}}}};
  return {EntryKind::kShipmentDecision,
          std::move(body),
          {{absl::StrCat("cap:ai-diffusion-2025/tier2-country-cap/", country), tpp},
           {absl::StrCat("lpp:", consignee, ":2025"), tpp}}};
}

bool ParseFlags(int argc, char** argv, Options* options) {
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--verify-only" || flag == "--concurrent") {
      (flag == "--concurrent" ? options->concurrent : options->verify_only) = true;
      continue;
    }
    if (i + 1 >= argc) return false;
    const std::string value = argv[++i];
    int64_t* target = flag == "--entries"      ? &options->entries
                      : flag == "--batch"      ? &options->batch
                      : flag == "--single"     ? &options->single
                      : flag == "--keys"       ? &options->keys
                      : flag == "--queries"    ? &options->queries
                      : flag == "--threads"    ? &options->threads
                      : flag == "--prefill"    ? &options->prefill
                      : flag == "--per-thread" ? &options->per_thread
                                               : nullptr;
    if (flag == "--uri") {
      options->uri = value;
    } else if (target == nullptr || !absl::SimpleAtoi(value, target) || *target < 0) {
      return false;
    }
  }
  return options->batch > 0 && options->keys > 0;
}

// User plus system time of the whole process (all threads).
double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

int Fail(const absl::Status& status) {
  std::fprintf(stderr, "error: %s\n", std::string(status.message()).c_str());
  return 1;
}

// The Merkle tree head over every entry (what `stargate ledger checkpoint`
// signs): one streaming pass, a stack of subtree roots.
void TreeHeadAndReport(Ledger& ledger) {
  const auto start = Clock::now();
  auto head = stargate::ledger::ComputeTreeHead(ledger);
  const double seconds = Seconds(start);
  if (!head.ok()) {
    std::fprintf(stderr, "error: %s\n", std::string(head.status().message()).c_str());
    return;
  }
  std::printf("merkle tree head: %10lld entries in %7.2f s = %10.0f entries/s (root %s)\n",
              static_cast<long long>(head->size), seconds, head->size / std::max(seconds, 1e-9),
              stargate::ledger::ToHex(head->root).substr(0, 16).c_str());
}

// Verification of the whole chain and every running total; 0 when it passed.
int VerifyAndReport(Ledger& ledger, int threads) {
  const auto start = Clock::now();
  const double cpu_start = CpuSeconds();
  auto report = ledger.Verify(std::nullopt, threads);
  const double seconds = Seconds(start);
  const double cpu = CpuSeconds() - cpu_start;
  if (!report.ok()) return Fail(report.status());
  if (!report->ok()) {
    std::fprintf(stderr, "error: verify failed: %s\n", report->message.c_str());
    return 1;
  }
  std::printf(
      "verify:           %10lld entries in %7.2f s = %10.0f entries/s (%lld running "
      "totals; %.2f CPU-seconds, %.2f us of CPU per entry)\n",
      static_cast<long long>(report->entries_checked), seconds,
      report->entries_checked / std::max(seconds, 1e-9),
      static_cast<long long>(report->counters_checked), cpu,
      1e6 * cpu / std::max<double>(1, report->entries_checked));
  return 0;
}

}  // namespace

struct ConcurrentFigures {
  double per_second = 0;
  double p50_ms = 0, p99_ms = 0, max_ms = 0;
  int64_t errors = 0;
};

// `threads` callers, each with a Ledger of its own, each making `per_thread`
// checks: recorded (AppendWithCheck: read the entry's 2 totals, append it) or
// not (the 2 totals only, as an unrecorded `check --ledger` reads them).
ConcurrentFigures RunConcurrent(const std::string& uri, int threads, int64_t per_thread,
                                bool group_commit, bool recorded, int64_t keys,
                                std::atomic<int64_t>* next) {
  stargate::ledger::LedgerOptions ledger_options;
  ledger_options.group_commit = group_commit;
  std::vector<std::vector<double>> latencies(threads);
  std::atomic<int64_t> errors{0};
  std::vector<std::thread> workers;
  const auto start = Clock::now();
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      auto ledger = Ledger::Open(uri, ledger_options);
      if (!ledger.ok()) {
        errors += per_thread;
        return;
      }
      for (int64_t i = 0; i < per_thread; ++i) {
        NewEntry entry = Shipment(++*next, keys);
        std::vector<std::string> keys_read;
        for (const auto& [key, amount] : entry.increments) keys_read.push_back(key);
        const auto begin = Clock::now();
        bool ok = true;
        if (recorded) {
          auto r = (*ledger)->AppendWithCheck(
              [&](const stargate::ledger::TotalsReader& totals) -> absl::StatusOr<Batch> {
                if (auto used = totals.Totals(keys_read); !used.ok()) return used.status();
                return Batch{{entry}};
              });
          ok = r.ok() && r->count() == 1;
        } else {
          ok = (*ledger)->Totals(keys_read).ok();
        }
        latencies[t].push_back(
            std::chrono::duration<double, std::milli>(Clock::now() - begin).count());
        if (!ok) ++errors;
      }
    });
  }
  for (auto& w : workers) w.join();
  const double seconds = Seconds(start);
  std::vector<double> all;
  for (const auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  ConcurrentFigures f;
  const auto pct = [&](double p) {
    return all.empty() ? 0.0 : all[static_cast<size_t>(p * (all.size() - 1))];
  };
  f.per_second = static_cast<double>(all.size()) / std::max(seconds, 1e-9);
  f.p50_ms = pct(0.5);
  f.p99_ms = pct(0.99);
  f.max_ms = pct(1.0);
  f.errors = errors;
  return f;
}

int RunConcurrentTable(const Options& options) {
  std::string temp_dir;
  std::string uri = options.uri;
  if (uri.empty()) {
    temp_dir = (std::filesystem::temp_directory_path() / "stargate-ledger-bench-XXXXXX").string();
    if (mkdtemp(temp_dir.data()) == nullptr) return 1;
    uri = absl::StrCat("sqlite:", temp_dir, "/bench.db");
  }
  if (auto init = Ledger::Init(uri); !init.ok()) return Fail(init.status());
  std::atomic<int64_t> next{0};
  {
    auto ledger = Ledger::Open(uri);
    if (!ledger.ok()) return Fail(ledger.status());
    next = (*ledger)->GetHead()->seq;
    for (int64_t done = 0; done < options.prefill;) {
      Batch batch;
      for (int64_t i = 0; i < 1000 && done < options.prefill; ++i, ++done) {
        batch.entries.push_back(Shipment(++next, options.keys));
      }
      if (auto r = (*ledger)->Append(batch); !r.ok()) return Fail(r.status());
    }
    std::printf("ledger %s, %lld entries before the runs, %lld keys, %lld checks per thread\n",
                (*ledger)->uri().ToString().c_str(), static_cast<long long>(next.load()),
                static_cast<long long>(options.keys), static_cast<long long>(options.per_thread));
  }
  std::printf("%-34s %8s %12s %9s %9s %9s\n", "", "threads", "checks/s", "p50 ms", "p99 ms",
              "max ms");
  struct Run {
    const char* name;
    int threads;
    bool group;
    bool recorded;
  };
  for (const Run& run :
       {Run{"recorded, group commit", 1, true, true}, Run{"recorded, group commit", 16, true, true},
        Run{"recorded, group commit off", 1, false, true},
        Run{"recorded, group commit off", 16, false, true},
        Run{"unrecorded (2 totals)", 1, true, false},
        Run{"unrecorded (2 totals)", 16, true, false}}) {
    const int64_t per_thread = run.threads == 1 ? options.per_thread * 4 : options.per_thread;
    const auto f =
        RunConcurrent(uri, run.threads, per_thread, run.group, run.recorded, options.keys, &next);
    std::printf("%-34s %8d %12.0f %9.2f %9.2f %9.2f%s\n", run.name, run.threads, f.per_second,
                f.p50_ms, f.p99_ms, f.max_ms,
                f.errors ? absl::StrCat("  (", f.errors, " errors)").c_str() : "");
  }
  {
    auto ledger = Ledger::Open(uri);
    auto report = (*ledger)->Verify();
    std::printf("verify after the runs: %s, %lld entries\n",
                report.ok() && report->ok() ? "intact" : "NOT INTACT",
                static_cast<long long>(report.ok() ? report->entries_checked : 0));
  }
  if (!temp_dir.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(temp_dir, ec);
  }
  return 0;
}

int main(int argc, char** argv) {
  Options options;
  if (!ParseFlags(argc, argv, &options)) {
    std::fprintf(
        stderr,
        "usage: ledger_bench [--uri URI] [--entries N] [--batch B] [--single S] "
        "[--keys K] [--queries Q] [--threads T] [--verify-only] | --concurrent [--uri URI] "
        "[--prefill N] [--per-thread P] [--keys K]\n");
    return 2;
  }
  if (options.concurrent) return RunConcurrentTable(options);
  if (options.verify_only) {
    if (options.uri.empty()) {
      std::fprintf(stderr, "error: --verify-only needs --uri of an existing ledger\n");
      return 2;
    }
    auto existing = Ledger::Open(options.uri);
    if (!existing.ok()) return Fail(existing.status());
    const int failed = VerifyAndReport(**existing, static_cast<int>(options.threads));
    if (failed == 0) TreeHeadAndReport(**existing);
    return failed;
  }
  std::string temp_dir;
  if (options.uri.empty()) {
    temp_dir = (std::filesystem::temp_directory_path() / "stargate-ledger-bench-XXXXXX").string();
    if (mkdtemp(temp_dir.data()) == nullptr) return 1;
    options.uri = absl::StrCat("sqlite:", temp_dir, "/bench.db");
  }
  if (auto init = Ledger::Init(options.uri); !init.ok()) return Fail(init.status());
  auto opened = Ledger::Open(options.uri);
  if (!opened.ok()) return Fail(opened.status());
  Ledger& ledger = **opened;
  if (ledger.GetHead()->seq != 0) {
    std::fprintf(stderr, "error: %s is not empty; expected a fresh ledger for the benchmark\n",
                 ledger.uri().ToString().c_str());
    return 2;
  }
  std::printf("ledger %s (%s)\n", ledger.uri().ToString().c_str(),
              std::string(ledger.backend_name()).c_str());
  int64_t n = 0;

  // 1. One entry per transaction: every append waits for its own fsync.
  auto start = Clock::now();
  for (int64_t i = 0; i < options.single; ++i) {
    if (auto r = ledger.Append({{Shipment(++n, options.keys)}}); !r.ok()) return Fail(r.status());
  }
  const double single_s = Seconds(start);
  std::printf("single appends:   %10lld entries in %7.2f s = %10.0f durable appends/s\n",
              static_cast<long long>(options.single), single_s,
              options.single / std::max(single_s, 1e-9));

  // 2. Batched: one transaction (one fsync) per batch. Only Append is timed:
  // making the entries is the caller's work (the rules engine's decisions).
  double batched_s = 0, batched_cpu = 0;
  auto report_at = Clock::now();
  const int64_t target = std::max(options.entries, n);
  const int64_t before_batches = n;
  while (n < target) {
    Batch batch;
    const int64_t size = std::min(options.batch, target - n);
    for (int64_t i = 0; i < size; ++i) batch.entries.push_back(Shipment(++n, options.keys));
    start = Clock::now();
    const double cpu_start = CpuSeconds();
    if (auto r = ledger.Append(batch); !r.ok()) return Fail(r.status());
    batched_s += Seconds(start);
    batched_cpu += CpuSeconds() - cpu_start;
    if (Seconds(report_at) > 10) {
      report_at = Clock::now();
      std::fprintf(stderr, "  ... %lld entries\n", static_cast<long long>(n));
    }
  }
  const int64_t batched = target - before_batches;
  std::printf(
      "batched appends:  %10lld entries in %7.2f s = %10.0f durable appends/s "
      "(batches of %lld; %.0f per CPU-second)\n",
      static_cast<long long>(batched), batched_s, batched / std::max(batched_s, 1e-9),
      static_cast<long long>(options.batch), batched / std::max(batched_cpu, 1e-9));

  // 3. Verification of the whole chain and every running total.
  if (int failed = VerifyAndReport(ledger, static_cast<int>(options.threads))) return failed;
  TreeHeadAndReport(ledger);

  // 4. Cap queries: one country cap and one LPP allowance, as check needs them.
  std::mt19937_64 rng(7);
  std::vector<double> micros;
  micros.reserve(options.queries);
  for (int64_t q = 0; q < options.queries; ++q) {
    const NewEntry probe = Shipment(static_cast<int64_t>(rng() % 1'000'000'000), options.keys);
    std::vector<std::string> keys;
    for (const auto& [key, amount] : probe.increments) keys.push_back(key);
    start = Clock::now();
    auto totals = ledger.Totals(keys);
    micros.push_back(Seconds(start) * 1e6);
    if (!totals.ok()) return Fail(totals.status());
  }
  std::sort(micros.begin(), micros.end());
  const auto pct = [&](double p) {
    return micros.empty() ? 0.0 : micros[static_cast<size_t>(p * (micros.size() - 1))];
  };
  std::printf("cap query (2 keys) at %lld entries: p50 %.1f us, p99 %.1f us, max %.1f us\n",
              static_cast<long long>(n), pct(0.5), pct(0.99), pct(1.0));

  // 5. The full check-and-record step: read two totals, decide, append one entry.
  start = Clock::now();
  const int64_t steps = std::min<int64_t>(options.single, 1000);
  for (int64_t i = 0; i < steps; ++i) {
    auto r = ledger.AppendWithCheck(
        [&](const stargate::ledger::TotalsReader& totals) -> absl::StatusOr<Batch> {
          NewEntry entry = Shipment(++n, options.keys);
          std::vector<std::string> keys;
          for (const auto& [key, amount] : entry.increments) keys.push_back(key);
          if (auto used = totals.Totals(keys); !used.ok()) return used.status();
          return Batch{{std::move(entry)}};
        });
    if (!r.ok()) return Fail(r.status());
  }
  const double check_s = Seconds(start);
  std::printf(
      "check+record:     %10lld steps   in %7.2f s = %10.0f steps/s (read 2 totals, "
      "decide, append 1, durable)\n",
      static_cast<long long>(steps), check_s, steps / std::max(check_s, 1e-9));

  opened->reset();
  if (!temp_dir.empty()) {
    std::error_code ec;
    std::printf("database size: %.0f MB\n",
                std::filesystem::file_size(temp_dir + "/bench.db", ec) / 1e6);
    std::filesystem::remove_all(temp_dir, ec);
  }
  return 0;
}
