// Sensitivity and diagnosis in words: what one more unit of a binding
// constraint is worth (from the LP duals), and why demand goes unmet.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "stargate/plan/internal/plan_internal.h"

namespace stargate::plan {
namespace {

constexpr double kTinyDual = 1e-7;
constexpr size_t kMaxBinding = 25;

std::string Money(double usd) {
  const double a = std::fabs(usd);
  if (a >= 1e9) return absl::StrFormat("$%.2fB", usd / 1e9);
  if (a >= 1e6) return absl::StrFormat("$%.2fM", usd / 1e6);
  if (a >= 1e3) return absl::StrFormat("$%.1fk", usd / 1e3);
  return absl::StrFormat("$%.2f", usd);
}

// 1234567.8 -> "1,234,568"
std::string Grouped(double v) {
  std::string digits = absl::StrFormat("%.0f", v);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0 && digits[i - 1] != '-') out += ',';
    out += digits[i];
  }
  return out;
}

// "grid[narvik,2027Q2]" -> {"narvik", "2027Q2"}
std::vector<std::string> Parts(const std::string& name) {
  const size_t open = name.find('[');
  if (open == std::string::npos || name.back() != ']') return {};
  return absl::StrSplit(name.substr(open + 1, name.size() - open - 2), ',');
}

}  // namespace

std::vector<Binding> FindBinding(const Scenario& scenario, const BuiltModel& built,
                                 const Solution& solution, bool compute_objective) {
  std::vector<Binding> out;
  if (solution.duals.empty()) return out;  // MILP: no duals
  const LpModel& lp = built.lp;
  const auto& families = lp.families();
  // Objective is in $M (cost) or H100e-quarters (compute, negated).
  const double scale = compute_objective ? 1.0 : kUsdScale;
  auto gain = [&](double value) {
    return compute_objective ? absl::StrFormat("serves %.1f more H100e-quarters", value)
                             : absl::StrCat("lowers cost by ", Money(value));
  };
  std::vector<Binding> freedom;
  for (int r = 0; r < lp.num_rows(); ++r) {
    const std::string& family = families[lp.rows()[r].family];
    if (family != "grid" && family != "cap" && family != "supply" && family != "commitment" &&
        family != "budget" && family != "freedom") {
      continue;
    }
    const double dual = solution.duals[r];
    if (std::fabs(dual) < kTinyDual) continue;
    // d objective / d bound; relaxing a binding limit improves the objective by -dual.
    const double per_unit = -dual * scale;
    if (per_unit <= 0) continue;
    // The share of that from unmet demand avoided (the rest is cost saved).
    const double unmet_share =
        solution.dual_shares.empty()
            ? 0.0
            : std::clamp(-solution.dual_shares[r] * scale / per_unit, 0.0, 1.0);
    // "..., of which $X is unmet demand avoided; a MW of facility there costs $Y".
    auto explain = [&](double value, double unit_cost, const std::string& unit_words) {
      std::string s;
      if (!compute_objective && unmet_share > 1e-6) {
        s = absl::StrCat(" (", Money(value * unmet_share), " of it unmet demand avoided at ",
                         Money(UnmetValueUsdPerH100eQuarter(scenario.options)),
                         " per H100e-quarter, ", Money(value * (1 - unmet_share)), " cost saved");
      }
      if (unit_cost > 0) {
        s += absl::StrCat(s.empty() ? " (" : "; ", unit_words, " costs ", Money(unit_cost));
      }
      return s.empty() ? s : s + ")";
    };
    Binding b{family, lp.row_names()[r], 0, "", 0, 0, ""};
    const auto parts = Parts(b.name);
    if (family == "grid" && parts.size() == 2) {
      b.value_per_unit = per_unit;
      b.unit = "MW";
      const Site* site = scenario.FindSite(parts[0]);
      b.unit_cost_usd = site ? site->shell_capex_usd_per_mw : 0;
      b.sentence = absl::StrCat("one more MW of grid at ", site ? site->name : parts[0], " in ",
                                parts[1], " ", gain(per_unit),
                                explain(per_unit, b.unit_cost_usd, "a MW of facility there"));
    } else if (family == "cap" && parts.size() == 1) {
      // Row is in millions of TPP: per H100e = per TPP * 15,832.
      b.value_per_unit = per_unit / kTppScale * kH100Tpp;
      b.unit = "H100e of cap";
      const Accelerator* h100 = scenario.FindAccelerator("H100-SXM");
      b.unit_cost_usd = h100 ? h100->InstalledCostUsd() : 0;
      b.sentence =
          absl::StrCat("one more H100e under export cap ", parts[0], " ", gain(b.value_per_unit),
                       explain(b.value_per_unit, b.unit_cost_usd, "an H100 installed"));
    } else if (family == "supply" && parts.size() == 2) {
      b.value_per_unit = per_unit;
      b.unit = "accelerator";
      const Accelerator* a = scenario.FindAccelerator(parts[0]);
      b.unit_cost_usd = a ? a->InstalledCostUsd() : 0;
      b.sentence =
          absl::StrCat("one more ", parts[0], " delivered in ", parts[1], " ", gain(per_unit),
                       explain(per_unit, b.unit_cost_usd, "the chip installed"));
    } else if (family == "commitment" && parts.size() == 2) {
      b.value_per_unit = per_unit / kUsdScale;
      b.unit = "USD";
      b.sentence = absl::StrCat("one more dollar committed by ", parts[0], " ",
                                compute_objective
                                    ? gain(b.value_per_unit)
                                    : absl::StrFormat("lowers cost by $%.4f", b.value_per_unit));
    } else if (family == "freedom" && parts.size() == 1) {
      // The row counts H100e-quarters served below the minimum score.
      b.value_per_unit = per_unit;
      b.unit = "H100e-quarter below the minimum freedom score";
      const std::string country = parts[0].substr(0, parts[0].find('#'));
      b.sentence = absl::StrCat("letting one more H100e-quarter of ", country, "'s demand (row ",
                                parts[0].substr(parts[0].find('#') + 1),
                                ") be served in a country below the minimum freedom score ",
                                gain(per_unit), explain(per_unit, 0, ""));
      b.from_unmet_value = b.value_per_unit * unmet_share;
      freedom.push_back(std::move(b));
      continue;
    } else if (family == "budget") {
      b.value_per_unit = per_unit / kUsdScale * 1e6;
      b.unit = "USD 1M";
      b.sentence = absl::StrCat("one more $1M of budget ", gain(b.value_per_unit));
    } else {
      continue;
    }
    b.from_unmet_value = b.value_per_unit * unmet_share;
    out.push_back(std::move(b));
  }
  std::sort(out.begin(), out.end(), [](const Binding& a, const Binding& b) {
    return a.value_per_unit * (a.unit == "USD" ? 1e6 : 1) >
           b.value_per_unit * (b.unit == "USD" ? 1e6 : 1);
  });
  if (out.size() > kMaxBinding) out.resize(kMaxBinding);
  // The freedom minimum is a choice of values, not a resource: each of its
  // rows is reported, however small beside a MW of grid.
  for (auto& b : freedom) out.push_back(std::move(b));
  return out;
}

std::vector<std::string> ExplainUnmet(const Scenario& scenario, const ExportLimits& limits,
                                      const BuiltModel& built, const Solution& solution) {
  std::vector<std::string> out;
  const PlanIndex& ix = built.index;
  const LpModel& lp = built.lp;
  // An LP row binds when its dual is non-zero: relaxing it would improve the
  // plan. A MILP has no duals; there a row binds when it is at a non-zero bound.
  const bool has_duals = solution.solver == "clp";
  auto binding_row = [&](int row) {
    if (row < 0) return false;
    if (has_duals) return std::fabs(solution.duals[row]) > kTinyDual;
    const double activity = solution.row_activity.empty() ? 0 : solution.row_activity[row];
    const LpRow& r = lp.rows()[row];
    const double bound = r.upper != kInfinity ? r.upper : r.lower;
    return bound != 0 && std::fabs(activity - bound) <= 1e-6 * std::max(1.0, std::fabs(bound));
  };
  for (size_t d = 0; d < scenario.demand.size(); ++d) {
    const Demand& demand = scenario.demand[d];
    double total = 0;
    int first = -1, last = -1;
    std::vector<bool> unmet_at(ix.num_quarters, false);  // quarters with unmet demand
    for (int t = 0; t < ix.num_quarters; ++t) {
      const int c = ix.unmet[d * ix.num_quarters + t];
      if (c < 0 || solution.x[c] <= 1e-6) continue;
      total += solution.x[c];
      unmet_at[t] = true;
      if (first < 0) first = t;
      last = t;
    }
    if (total <= 1e-6) continue;
    std::set<int> sites;
    for (const auto& serve : ix.serve) {
      if (serve.demand != static_cast<int>(d)) continue;
      for (int s : ix.pool_sites[serve.pool]) sites.insert(s);
    }
    std::vector<std::string> reasons;
    // The minimum freedom score first: it is a choice, and it may leave the
    // row no host at all (its other reasons then only describe the rest).
    if (d < ix.freedom_row.size() && binding_row(ix.freedom_row[d])) {
      reasons.push_back(absl::StrFormat(
          "the minimum freedom score for hosting (%g): its residency allows hosts below it",
          std::max(scenario.options.min_freedom_score, demand.min_freedom_score)));
    }
    if (sites.empty()) {
      reasons.push_back(
          absl::StrCat("no site satisfies its residency (", EnumName(demand.residency), ")"));
    } else {
      int earliest = ix.num_quarters;
      std::set<std::string> grid_sites, capped, supplied;
      for (int s : sites) {
        const Site& site = scenario.sites[ix.site[s]];
        earliest = std::min(earliest, site.existing_mw > 0 ? 0 : site.lead_quarters);
        for (int t = first; t <= last; ++t) {
          if (unmet_at[t] && binding_row(ix.grid_row[ix.SiteQuarter(s, t)]))
            grid_sites.insert(site.id);
        }
        for (size_t c = 0; c < limits.caps.size(); ++c) {
          if (limits.caps[c].country == site.country && binding_row(ix.cap_row[c]))
            capped.insert(limits.caps[c].id);
        }
      }
      // Supply binds for this demand only where and when one of its sites
      // may install the type: a binding row elsewhere does not stop it.
      for (int k = 0; k < ix.num_types; ++k) {
        for (int t = first; t <= last; ++t) {
          if (!unmet_at[t] || !binding_row(ix.supply_row[k * ix.num_quarters + t])) continue;
          bool reaches = false;
          for (int s : sites) reaches = reaches || ix.install[ix.SiteTypeQuarter(s, k, t)] >= 0;
          if (reaches) supplied.insert(scenario.accelerators[k].id);
        }
      }
      if (first < earliest) {
        reasons.push_back(absl::StrCat("construction lead time: no capacity can be online before ",
                                       (scenario.start + earliest).ToString()));
      }
      if (!grid_sites.empty())
        reasons.push_back("grid limits at " + absl::StrJoin(grid_sites, ", "));
      if (!capped.empty()) reasons.push_back("export caps " + absl::StrJoin(capped, ", "));
      if (!supplied.empty())
        reasons.push_back("accelerator supply of " + absl::StrJoin(supplied, ", "));
      bool any_allowed = false;
      for (int s : sites) {
        for (int k = 0; k < ix.num_types && !any_allowed; ++k) {
          for (int t = first; t <= last && !any_allowed; ++t) {
            any_allowed = ix.install[ix.SiteTypeQuarter(s, k, t)] >= 0;
          }
        }
      }
      if (!any_allowed)
        reasons.push_back("no accelerator may be shipped to its sites under the regime");
      if (reasons.empty()) reasons.push_back("serving it costs more than the unmet-demand penalty");
    }
    out.push_back(
        absl::StrFormat("%s: %s H100e-quarters unmet (%s..%s), limited by %s", demand.country,
                        Grouped(total), (scenario.start + first).ToString(),
                        (scenario.start + last).ToString(), absl::StrJoin(reasons, "; ")));
  }
  return out;
}

}  // namespace stargate::plan
