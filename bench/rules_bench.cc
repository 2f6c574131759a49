// Rules engine throughput: 1,000,000 shipments over 5,000 consignees in 150
// countries, dated 2024-2027 so that all three by-date regimes decide, decided
// on one core with and without traces. Prints shipments per second per core.
//
//   rules_bench [--shipments N] [--consignees N] [--countries N] [--repeat R]
//               [--traces off|on|both]
//
// Goal (issue 3): 1,000,000 decisions per second per core without traces.
// Cedar's published medians are 4-11 us a decision (OOPSLA 2024).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <random>
#include <string>
#include <vector>

#include "stargate/rules/rules.h"
#include "stargate/scenario/scenario.h"

namespace {

using stargate::Date;
using stargate::Scenario;
using namespace stargate::rules;

struct Options {
  long shipments = 1000000;
  int consignees = 5000;
  int countries = 150;
  int repeat = 3;
  std::string traces = "both";  // off | on | both
};

Options Parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--traces") o.traces = argv[i + 1];
    const long value = std::atol(argv[i + 1]);
    if (flag == "--shipments") o.shipments = value;
    if (flag == "--consignees") o.consignees = static_cast<int>(value);
    if (flag == "--countries") o.countries = static_cast<int>(value);
    if (flag == "--repeat") o.repeat = static_cast<int>(value);
  }
  return o;
}

// The default scenario's countries, topped up with synthetic ones (codes not
// used by ISO, memberships drawn so that some are D:1/D:4 or D:5) to `n`.
void AddCountries(Scenario* s, int n, std::mt19937_64& rng) {
  std::vector<std::string> used;
  for (const auto& c : s->countries) used.push_back(c.iso2);
  for (char a = 'Q'; a <= 'Z' && static_cast<int>(s->countries.size()) < n; ++a) {
    for (char b = 'A'; b <= 'Z' && static_cast<int>(s->countries.size()) < n; ++b) {
      const std::string code{a, b};
      if (std::find(used.begin(), used.end(), code) != used.end()) continue;
      stargate::Country c;
      c.iso2 = code;
      c.name = "Synthetic " + code;
      const int r = static_cast<int>(rng() % 20);
      if (r == 0) c.memberships = {"D:1", "D:5", "arms_embargo"};
      if (r == 1 || r == 2) c.memberships = {"D:1", "D:4"};
      c.compliance.g2g_agreement = r == 3;
      s->countries.push_back(std::move(c));
    }
  }
}

std::vector<Shipment> MakeShipments(const Scenario& s, const Options& o, std::mt19937_64& rng) {
  std::vector<std::string> consignees;
  std::vector<std::string> hq;
  for (int i = 0; i < o.consignees; ++i) {
    consignees.push_back("Consignee " + std::to_string(i));
    hq.push_back(s.countries[rng() % s.countries.size()].iso2);
  }
  const long first = Date::FromYmd(2024, 1, 1)->DaysSinceEpoch();
  std::vector<Date> days;
  for (int y = 2024; y <= 2027; ++y) {
    for (int m = 1; m <= 12; ++m) {
      for (int d = 1; d <= stargate::DaysInMonth(y, m); ++d)
        days.push_back(*Date::FromYmd(y, m, d));
    }
  }
  (void)first;
  std::vector<Shipment> out;
  out.reserve(o.shipments);
  for (long i = 0; i < o.shipments; ++i) {
    Shipment sh;
    sh.id = "s" + std::to_string(i);
    sh.date = days[rng() % days.size()];
    sh.accelerator = s.accelerators[rng() % s.accelerators.size()].id;
    sh.quantity = 1 + static_cast<long long>(rng() % 4000);
    sh.destination = s.countries[rng() % s.countries.size()].iso2;
    const size_t c = rng() % consignees.size();
    sh.consignee = consignees[c];
    if (rng() % 4 != 0) sh.consignee_hq = hq[c];
    // Validated end users are few: the first 20 consignees are UVEU holders
    // (US-headquartered hyperscalers), the next 50 NVEU holders; they claim
    // the status on half their shipments.
    if (c < 20) sh.consignee_hq = "US";
    if (c < 70 && rng() % 2 == 0) sh.veu = c < 20 ? VeuKind::kUniversal : VeuKind::kNational;
    out.push_back(std::move(sh));
  }
  return out;
}

double Seconds(std::chrono::steady_clock::time_point from) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - from).count();
}

// CPU time of this thread: on a shared machine, wall time also counts waiting.
double CpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = Parse(argc, argv);
  const std::string source = STARGATE_SOURCE_DIR;
  auto scenario = stargate::LoadScenario(source + "/data/scenarios/stargate-global.yaml");
  auto catalog = LoadRegimeCatalog(source + "/data/regimes");
  if (!scenario.ok() || !catalog.ok()) {
    std::fprintf(stderr, "error: cannot load the default scenario or regimes\n");
    return 1;
  }
  std::mt19937_64 rng(42);
  AddCountries(&*scenario, o.countries, rng);
  const auto shipments = MakeShipments(*scenario, o, rng);
  const Engine engine(*catalog, *scenario);
  std::printf(
      "rules_bench: %ld shipments, %d consignees, %zu countries, %zu accelerators, "
      "dates 2024-2027 (regimes by date), 1 thread\n",
      o.shipments, o.consignees, scenario->countries.size(), scenario->accelerators.size());

  auto sorted = shipments;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const Shipment& a, const Shipment& b) { return a.date < b.date; });
  struct Run {
    const char* label;
    const std::vector<Shipment>* input;
    bool trace;
    const char* regime = "by_date";
  };
  // By date the AI diffusion framework never governs (it was never enforced),
  // so its caps, LPP and VEU paths are timed as the named what-if too.
  const Run runs[] = {
      {"random order, no traces", &shipments, false},
      {"date order,   no traces", &sorted, false},
      {"random order, traces", &shipments, true},
      {"date order,   no traces, --regime ai-diffusion-2025", &sorted, false, "ai-diffusion-2025"}};
  for (const Run& run : runs) {
    const bool trace = run.trace;
    if (o.traces != "both" && (o.traces == "on") != trace) continue;
    double best = 1e300, best_cpu = 1e300;
    size_t refused = 0, licensed = 0, exceptions = 0;
    for (int r = 0; r < o.repeat; ++r) {
      const auto start = std::chrono::steady_clock::now();
      const double cpu_start = CpuSeconds();
      const auto decisions = Evaluate(engine, *run.input, run.regime, CapUsage{}, trace);
      best_cpu = std::min(best_cpu, CpuSeconds() - cpu_start);
      best = std::min(best, Seconds(start));
      refused = licensed = exceptions = 0;
      for (const auto& d : decisions) {
        refused += !Permits(d);
        licensed += d.outcome == Outcome::kLicenseRequired;
        exceptions += d.outcome == Outcome::kLicenseException;
      }
    }
    std::printf(
        "%s, best of %d: CPU %.3f s = %9.0f shipments/s/core (%.3f us/decision); "
        "wall %.3f s; %zu exceptions, %zu licenses, %zu refused\n",
        run.label, o.repeat, best_cpu, o.shipments / best_cpu, best_cpu / o.shipments * 1e6, best,
        exceptions, licensed, refused);
  }
  return 0;
}
