#include "stargate/rules/eccn.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_format.h"

namespace stargate {

template <>
const std::vector<EnumSpelling<rules::Eccn>>& Spellings() {
  static const std::vector<EnumSpelling<rules::Eccn>> k = {
      {rules::Eccn::k3A090a, "3A090.a"},
      {rules::Eccn::k3A090b, "3A090.b"},
      {rules::Eccn::kNotControlled, "not_controlled"}};
  return k;
}

}  // namespace stargate

namespace stargate::rules {

const char* EccnName(Eccn eccn) { return SpellingOf(eccn); }
std::optional<Eccn> ParseEccn(std::string_view name) { return ParseEnum<Eccn>(name); }
std::vector<std::string> EccnNames() { return EnumNames<Eccn>(); }

bool ClassificationRule::constant() const {
  return a_tpp_min.constant() && a_density_tpp_min.constant() && a_density_min.constant() &&
         b_tpp_min.constant() && b_density_min.constant() && b_wide_tpp_min.constant() &&
         b_wide_density_min.constant() && non_datacenter_tpp_min.constant();
}

bool ClassificationRule::DefinedOn(Date date) const {
  return a_tpp_min.At(date) && a_density_tpp_min.At(date) && a_density_min.At(date) &&
         b_tpp_min.At(date) && b_density_min.At(date) && b_wide_tpp_min.At(date) &&
         b_wide_density_min.At(date) && non_datacenter_tpp_min.At(date);
}

bool AtLeast(double value, double threshold) {
  return value >= threshold - 1e-9 * std::max(1.0, std::fabs(threshold));
}

namespace {

std::string Num(double v) { return absl::StrFormat("%g", v); }

struct Thresholds {
  double a_tpp, a_dens_tpp, a_dens, b_tpp, b_dens, bw_tpp, bw_dens, ndc_tpp;
};

std::optional<Thresholds> ThresholdsAt(const ClassificationRule& r, Date date) {
  const double* v[] = {r.a_tpp_min.At(date),          r.a_density_tpp_min.At(date),
                       r.a_density_min.At(date),      r.b_tpp_min.At(date),
                       r.b_density_min.At(date),      r.b_wide_tpp_min.At(date),
                       r.b_wide_density_min.At(date), r.non_datacenter_tpp_min.At(date)};
  for (const double* p : v) {
    if (!p) return std::nullopt;
  }
  return Thresholds{*v[0], *v[1], *v[2], *v[3], *v[4], *v[5], *v[6], *v[7]};
}

}  // namespace

Classification Classify(const ClassificationRule& rule, Date date, const ChipMetrics& chip,
                        bool explain) {
  Classification result;
  result.decided_by = "none";
  const auto t = ThresholdsAt(rule, date);
  if (!t) return result;
  const double tpp = chip.tpp;
  const bool has_pd = chip.density_known();
  const double pd = chip.performance_density();
  auto decide = [&](bool met, const char* id, Eccn eccn) {
    if (met && result.decided_by == "none") {
      result.decided_by = id;
      result.eccn = eccn;
    }
  };
  if (!chip.datacenter) {
    // Not designed or marketed for datacenters: only the TPP test applies.
    const bool a1 = AtLeast(tpp, t->ndc_tpp);
    decide(a1, "3A090.a.1", Eccn::k3A090a);
    if (explain) {
      result.tests.push_back(
          {"3A090.a.1", "TPP >= " + Num(t->ndc_tpp) + " (not a datacenter IC)", a1});
    }
    return result;
  }
  const bool a1 = AtLeast(tpp, t->a_tpp);
  const bool a2 = has_pd && AtLeast(tpp, t->a_dens_tpp) && AtLeast(pd, t->a_dens);
  const bool b1 =
      has_pd && AtLeast(tpp, t->b_tpp) && !a1 && AtLeast(pd, t->b_dens) && !AtLeast(pd, t->a_dens);
  const bool b2 =
      has_pd && AtLeast(tpp, t->bw_tpp) && AtLeast(pd, t->bw_dens) && !AtLeast(pd, t->a_dens);
  decide(a1, "3A090.a.1", Eccn::k3A090a);
  decide(a2, "3A090.a.2", Eccn::k3A090a);
  decide(b1, "3A090.b.1", Eccn::k3A090b);
  decide(b2, "3A090.b.2", Eccn::k3A090b);
  if (explain) {
    const std::string na = has_pd ? "" : " (die area unknown: not applicable)";
    result.tests = {
        {"3A090.a.1", "TPP >= " + Num(t->a_tpp), a1},
        {"3A090.a.2",
         "TPP >= " + Num(t->a_dens_tpp) + " and performance density >= " + Num(t->a_dens) + na, a2},
        {"3A090.b.1",
         Num(t->b_tpp) + " <= TPP < " + Num(t->a_tpp) + " and " + Num(t->b_dens) +
             " <= performance density < " + Num(t->a_dens) + na,
         b1},
        {"3A090.b.2",
         "TPP >= " + Num(t->bw_tpp) + " and " + Num(t->bw_dens) + " <= performance density < " +
             Num(t->a_dens) + na,
         b2}};
  }
  // Fail closed: without a die area the density tests cannot be run, and a
  // TPP at or above the lowest density-test floor could be 3A090.a or .b.
  if (!has_pd && !a1 &&
      (AtLeast(tpp, t->a_dens_tpp) || AtLeast(tpp, t->bw_tpp) || AtLeast(tpp, t->b_tpp))) {
    result.indeterminate = true;
  }
  return result;
}

}  // namespace stargate::rules
