// The compliance check's throughput: a batch of shipments whose consignees
// are 5,000 distinct parties (some of them listed, most not), decided with
// screening on against the lists that ship in data/screening, side by side
// with the same batch decided with screening off. Each distinct party is
// screened once per batch, so screening adds a cost per party, not per
// shipment. One thread; figures per CPU-second.
//
//   compliance_bench [--shipments N] [--parties N] [--repeat R]
//
// Goal (issue 13): at least 200,000 decisions/s/core with screening on.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <random>
#include <string>
#include <vector>

#include "stargate/compliance/compliance.h"
#include "stargate/rules/rules.h"
#include "stargate/scenario/scenario.h"

namespace {

using namespace stargate;

double CpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

// Company-like names: two or three words from a vocabulary, a legal form.
std::vector<std::string> MakeParties(int n, std::mt19937_64& rng) {
  const char* words[] = {"Global", "Data",   "Centers",  "Compute", "Pacific", "Northern",
                         "Atlas",  "Cloud",  "Systems",  "Digital", "Horizon", "Summit",
                         "Delta",  "Nova",   "Vertex",   "Quantum", "Silver",  "Harbor",
                         "Orion",  "Falcon", "Meridian", "Apex",    "Blue",    "River"};
  const char* forms[] = {"Ltd", "GmbH", "LLC", "SA", "Inc", "Pte Ltd", "AG", "BV"};
  // A few listed parties, spelt as a user would.
  std::vector<std::string> parties = {"Rosoboronexport", "Huawei Technologies Co., Ltd.",
                                      "Banco Nacional de Cuba", "Sophgo Technologies Ltd."};
  while (static_cast<int>(parties.size()) < n) {
    std::string name = words[rng() % 24];
    name += " ";
    name += words[rng() % 24];
    if (rng() % 2) name += std::string(" ") + words[rng() % 24];
    name += " " + std::to_string(parties.size()) + " ";
    name += forms[rng() % 8];
    parties.push_back(std::move(name));
  }
  return parties;
}

}  // namespace

int main(int argc, char** argv) {
  long n_shipments = 1000000;
  int n_parties = 5000, repeat = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--shipments") n_shipments = std::atol(argv[i + 1]);
    if (flag == "--parties") n_parties = std::atoi(argv[i + 1]);
    if (flag == "--repeat") repeat = std::atoi(argv[i + 1]);
  }
  const std::string source = STARGATE_SOURCE_DIR;
  auto scenario = LoadScenario(source + "/data/scenarios/stargate-global.yaml");
  auto catalog = rules::LoadRegimeCatalog(source + "/data/regimes");
  auto manifest = compliance::ReadListsManifest(source + "/data/screening");
  if (!scenario.ok() || !catalog.ok() || !manifest.ok()) {
    std::fprintf(stderr, "error: cannot load the default scenario, regimes or lists\n");
    return 1;
  }
  screen::LoadOptions load;
  load.use_cache = false;
  const auto load_start = std::chrono::steady_clock::now();
  auto list = screen::LoadScreeningList(compliance::ListFolders(*manifest), load);
  if (!list.ok()) {
    std::fprintf(stderr, "error: %s\n", std::string(list.status().message()).c_str());
    return 1;
  }
  const double load_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - load_start).count();
  const rules::Engine engine(*catalog, *scenario);

  std::mt19937_64 rng(7);
  const auto parties = MakeParties(n_parties, rng);
  std::vector<rules::Shipment> shipments;
  shipments.reserve(n_shipments);
  for (long i = 0; i < n_shipments; ++i) {
    rules::Shipment s;
    s.id = "s" + std::to_string(i);
    s.date = *Date::FromYmd(2025 + static_cast<int>(rng() % 2), 1 + static_cast<int>(rng() % 12),
                            1 + static_cast<int>(rng() % 28));
    s.accelerator = scenario->accelerators[rng() % scenario->accelerators.size()].id;
    s.quantity = 1 + static_cast<long long>(rng() % 4000);
    s.destination = scenario->countries[rng() % scenario->countries.size()].iso2;
    s.consignee = parties[rng() % parties.size()];
    shipments.push_back(std::move(s));
  }
  std::printf(
      "compliance_bench: %ld shipments, %d distinct parties, lists of %zu entries (index built in "
      "%.2f s), "
      "1 thread, no traces, no ledger\n",
      n_shipments, n_parties, list->info().entries, load_s);
  compliance::Screening on;
  on.list = std::make_shared<const screen::ScreeningList>(std::move(*list));
  for (const bool screening : {false, true}) {
    double best = 1e300;
    size_t matched = 0, refused = 0;
    for (int r = 0; r < repeat; ++r) {
      compliance::CheckRequest request;
      request.shipments = shipments;
      request.with_trace = false;
      if (screening) request.screening = on;
      const double start = CpuSeconds();
      auto result = compliance::Check(engine, std::move(request), nullptr);
      best = std::min(best, CpuSeconds() - start);
      if (!result.ok() || !result->problems.empty()) {
        std::fprintf(stderr, "error: the batch was not decided\n");
        return 1;
      }
      matched = 0;
      for (const auto& p : result->screening.parties)
        matched += p.status != compliance::PartyStatus::kClear;
      refused = 0;
      for (const auto& d : result->decisions) refused += !rules::Permits(d);
    }
    std::printf(
        "screening %-3s best of %d: CPU %.3f s = %9.0f decisions/s/core; %zu parties not clear, "
        "%zu refused\n",
        screening ? "on" : "off", repeat, best, n_shipments / best, matched, refused);
  }
  return 0;
}
