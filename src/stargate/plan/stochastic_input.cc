// The stochastic plan's inputs: data/plan-uncertainty.yaml (what is sampled)
// and a --scenario-set file (an explicit list with probabilities), read with
// the scenario module's RecordReader so every problem has file:line:col.
// core/yaml_file.h reads and parses both; yaml-cpp's exceptions stop there.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "stargate/core/enum_spelling.h"
#include "stargate/core/record_reader.h"
#include "stargate/core/yaml_file.h"
#include "stargate/plan/stochastic.h"

namespace stargate::plan {
namespace {

constexpr double kProbabilityTolerance = 1e-6;

std::optional<YAML::Node> ParseFile(const std::filesystem::path& path,
                                    DiagnosticList* diagnostics) {
  auto text = ReadSettingsFile(path, diagnostics);
  if (!text) return std::nullopt;
  return ParseSettings(*text, path.string(), diagnostics);
}

// Every block of data/ carries a source or an assumption with its reason.
// (ReadProvenance reports a block with neither.)
void RequireProvenance(RecordReader& r, const YAML::Node&) {
  Provenance provenance;
  r.ReadProvenance(&provenance);
}

void ReadTriangular(RecordReader& root, const char* key, DiagnosticList* diagnostics,
                    Triangular* out) {
  YAML::Node node = root.Child(key);
  if (!node) return;  // absent: no uncertainty in this parameter
  RecordReader r(node, root.file(), key, diagnostics);
  if (!r.is_map()) return;
  Triangular t;
  const NumberRange multiplier{0, 100};
  // Every key is read (and reported) before any is judged.
  const bool has_min = r.Number("min", &t.min, multiplier);
  const bool has_mode = r.Number("mode", &t.mode, multiplier);
  const bool has_max = r.Number("max", &t.max, multiplier);
  const bool ok = has_min && has_mode && has_max;
  if (ok && !(t.min <= t.mode && t.mode <= t.max)) {
    r.Report(node,
             absl::StrCat("min ", t.min, ", mode ", t.mode, ", max ", t.max, " are out of order"),
             "min <= mode <= max");
  }
  RequireProvenance(r, node);
  r.Finish();
  *out = t;
}

void ReadDelay(RecordReader& root, const char* key, DiagnosticList* diagnostics,
               DiscreteDelay* out) {
  YAML::Node node = root.Child(key);
  if (!node) return;
  RecordReader r(node, root.file(), key, diagnostics);
  if (!r.is_map()) return;
  DiscreteDelay d;
  d.quarters.clear();
  d.probabilities.clear();
  YAML::Node quarters, probabilities;
  if (r.Sequence("quarters", &quarters)) {
    for (const auto& item : quarters) {
      double q = 0;
      if (r.ScalarNumber(item, "delay", {0, 40}, &q)) {
        if (q != std::floor(q))
          r.Report(item, absl::StrCat("delay ", q, " is not whole quarters"), "an integer");
        d.quarters.push_back(static_cast<int>(q));
      }
    }
  }
  if (r.Sequence("probabilities", &probabilities)) {
    double sum = 0;
    for (const auto& item : probabilities) {
      double p = 0;
      if (r.ScalarNumber(item, "probability", kFraction, &p)) d.probabilities.push_back(p);
      sum += p;
    }
    if (std::fabs(sum - 1) > kProbabilityTolerance) {
      r.Report(probabilities, absl::StrCat("probabilities add up to ", sum),
               "probabilities that add up to 1");
    }
    if (quarters && quarters.size() != probabilities.size()) {
      r.Report(
          probabilities,
          absl::StrCat(probabilities.size(), " probabilities for ", quarters.size(), " delays"),
          "one probability per delay");
    }
  }
  RequireProvenance(r, node);
  r.Finish();
  if (!d.quarters.empty() && d.quarters.size() == d.probabilities.size()) *out = d;
}

void CheckRegime(RecordReader& r, const YAML::Node& at, const std::string& id,
                 const std::vector<std::string>& known) {
  if (std::find(known.begin(), known.end(), id) == known.end()) {
    r.Report(at, absl::StrCat("regime '", id, "' is not known"),
             absl::StrCat("one of ", absl::StrJoin(known, ", ")));
  }
}

// Uniform in [0, 1) from the top 53 bits: the same on every platform.
double Uniform(std::mt19937_64& g) { return static_cast<double>(g() >> 11) * 0x1.0p-53; }

double Draw(const Triangular& t, double u) {
  if (t.max <= t.min) return t.mode;
  const double split = (t.mode - t.min) / (t.max - t.min);
  if (u < split) return t.min + std::sqrt(u * (t.max - t.min) * (t.mode - t.min));
  return t.max - std::sqrt((1 - u) * (t.max - t.min) * (t.max - t.mode));
}

int Draw(const DiscreteDelay& d, double u) {
  double cumulative = 0;
  for (size_t i = 0; i < d.quarters.size(); ++i) {
    cumulative += d.probabilities[i];
    if (u < cumulative) return d.quarters[i];
  }
  return d.quarters.empty() ? 0 : d.quarters.back();
}

}  // namespace

absl::StatusOr<PlanUncertainty> LoadPlanUncertainty(const std::filesystem::path& path,
                                                    const std::vector<std::string>& known_regimes,
                                                    std::vector<Diagnostic>* out) {
  DiagnosticList diagnostics;
  auto root = ParseFile(path, &diagnostics);
  PlanUncertainty u;
  if (root) {
    RecordReader r(*root, path.string(), "plan uncertainty", &diagnostics);
    if (YAML::Node node = r.Child("regime_change")) {
      RecordReader change(node, path.string(), "regime_change", &diagnostics);
      if (change.is_map()) {
        change.Number("probability", &u.regime_change_probability, kFraction);
        YAML::Node regimes;
        if (change.Sequence("regimes", &regimes)) {
          for (const auto& item : regimes) {
            std::string id;
            if (change.ScalarText(item, "regime", &id)) {
              CheckRegime(change, item, id, known_regimes);
              u.regime_change_regimes.push_back(id);
            }
          }
          if (regimes.size() == 0) change.Report(regimes, "no regimes", "at least one regime id");
        }
        const bool has_from = change.QuarterValue("from", &u.regime_change_from);
        const bool has_to = change.QuarterValue("to", &u.regime_change_to);
        if (has_from && has_to && u.regime_change_to < u.regime_change_from) {
          change.Report(node, "the window ends before it starts", "from <= to");
        }
        RequireProvenance(change, node);
        change.Finish();
      }
    }
    ReadTriangular(r, "demand_multiplier", &diagnostics, &u.demand);
    ReadTriangular(r, "supply_multiplier", &diagnostics, &u.supply);
    ReadTriangular(r, "chip_price_multiplier", &diagnostics, &u.chip_price);
    ReadDelay(r, "grid_delay_quarters", &diagnostics, &u.grid_delay);
    ReadDelay(r, "construction_delay_quarters", &diagnostics, &u.construction_delay);
    r.Finish();
  }
  if (auto status = FinishDiagnostics(&diagnostics, out); !status.ok()) return status;
  return u;
}

std::vector<StochasticScenario> SampleScenarios(const PlanUncertainty& u, int count,
                                                unsigned long long seed) {
  std::mt19937_64 g(seed);
  std::vector<StochasticScenario> out;
  for (int i = 0; i < count; ++i) {
    StochasticScenario s;
    s.name = absl::StrCat("sample-", i + 1);
    s.probability = 1.0 / count;
    // Every draw is taken whether used or not, so that scenario i's other
    // parameters do not depend on whether its regime changed.
    const double change = Uniform(g), which = Uniform(g), when = Uniform(g);
    if (change < u.regime_change_probability && !u.regime_change_regimes.empty()) {
      const size_t n = u.regime_change_regimes.size();
      s.regime_change_to = u.regime_change_regimes[std::min(n - 1, static_cast<size_t>(which * n))];
      const int window = u.regime_change_to - u.regime_change_from + 1;
      s.regime_change_at =
          u.regime_change_from + std::min(window - 1, static_cast<int>(when * window));
    }
    s.demand_multiplier = Draw(u.demand, Uniform(g));
    s.supply_multiplier = Draw(u.supply, Uniform(g));
    s.chip_price_multiplier = Draw(u.chip_price, Uniform(g));
    s.grid_delay_quarters = Draw(u.grid_delay, Uniform(g));
    s.construction_delay_quarters = Draw(u.construction_delay, Uniform(g));
    out.push_back(s);
  }
  return out;
}

absl::StatusOr<std::vector<StochasticScenario>> LoadScenarioSet(
    const std::filesystem::path& path, const Scenario& base,
    const std::vector<std::string>& known_regimes, std::vector<Diagnostic>* out) {
  DiagnosticList diagnostics;
  std::vector<StochasticScenario> futures;
  auto root = ParseFile(path, &diagnostics);
  if (root) {
    const std::string file = path.string();
    RecordReader r(*root, file, "scenario set", &diagnostics);
    YAML::Node list;
    if (r.Sequence("scenarios", &list)) {
      if (list.size() == 0) r.Report(list, "no scenarios", "at least one scenario");
      double total = 0;
      bool all_read = true;
      std::set<std::string> names;
      for (const auto& item : list) {
        RecordReader s(item, file, "scenario", &diagnostics);
        if (!s.is_map()) {
          all_read = false;
          continue;
        }
        StochasticScenario f;
        all_read &= s.Text("name", &f.name);
        if (!f.name.empty()) {
          s.set_kind(absl::StrCat("scenario '", f.name, "'"));
          if (!names.insert(f.name).second) {
            s.Report(item, absl::StrCat("scenario '", f.name, "' is listed twice"), "unique names");
          }
        }
        if (s.Number("probability", &f.probability, kFraction)) {
          total += f.probability;
        } else {
          all_read = false;
        }
        if (YAML::Node change = s.Child("regime_change")) {
          RecordReader c(change, file, "regime_change", &diagnostics);
          if (c.is_map()) {
            if (c.Text("to", &f.regime_change_to))
              CheckRegime(c, change["to"], f.regime_change_to, known_regimes);
            if (c.QuarterValue("at", &f.regime_change_at) &&
                (f.regime_change_at < base.start || f.regime_change_at > base.end)) {
              c.Report(
                  change["at"],
                  absl::StrCat("quarter ", f.regime_change_at.ToString(),
                               " is outside the horizon"),
                  absl::StrCat("a quarter in ", base.start.ToString(), "..", base.end.ToString()));
            }
            c.Finish();
          }
        }
        const NumberRange multiplier{0, 100};
        s.Number("demand_multiplier", &f.demand_multiplier, multiplier, false);
        s.Number("supply_multiplier", &f.supply_multiplier, multiplier, false);
        s.Number("chip_price_multiplier", &f.chip_price_multiplier, multiplier, false);
        long long grid = 0, construction = 0;
        if (s.Integer("grid_delay_quarters", &grid, 0, 40, false))
          f.grid_delay_quarters = static_cast<int>(grid);
        if (s.Integer("construction_delay_quarters", &construction, 0, 40, false)) {
          f.construction_delay_quarters = static_cast<int>(construction);
        }
        // Why this future and this probability: optional in a user's file.
        std::string ignored;
        s.Text("description", &ignored, false);
        s.Child("source");
        s.Child("assumption");
        s.Finish();
        futures.push_back(f);
      }
      if (all_read && list.size() > 0 && std::fabs(total - 1) > kProbabilityTolerance) {
        r.Report(list, absl::StrCat("probabilities add up to ", total),
                 "probabilities that add up to 1");
      }
    }
    r.Finish();
  }
  if (auto status = FinishDiagnostics(&diagnostics, out); !status.ok()) return status;
  return futures;
}

}  // namespace stargate::plan

namespace stargate {

// --method's spellings and plan.json's "method.name".
template <>
const std::vector<EnumSpelling<plan::StochasticMethod>>& Spellings() {
  static const std::vector<EnumSpelling<plan::StochasticMethod>> k = {
      {plan::StochasticMethod::kExtensiveForm, "ef"},
      {plan::StochasticMethod::kDecomposition, "decomposition"}};
  return k;
}

}  // namespace stargate

namespace stargate::plan {

std::optional<StochasticMethod> ParseStochasticMethod(const std::string& text) {
  return ParseEnum<StochasticMethod>(text);
}

std::string StochasticMethodName(StochasticMethod method) { return SpellingOf(method); }

}  // namespace stargate::plan
