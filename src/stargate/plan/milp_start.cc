// A feasible starting point for the MILP: keep what exists, build and ship
// nothing, leave all demand unmet. Unmet demand and unfunded capex are
// elastic, so this point satisfies every row; handing it to CBC means a
// search stopped at its time limit always has a solution to report (a
// default MILP used to end with none).
#include <cmath>

#include "stargate/plan/internal/plan_internal.h"

namespace stargate::plan {

std::vector<double> TrivialStart(const Scenario& scenario, const BuiltModel& built) {
  const PlanIndex& ix = built.index;
  std::vector<double> x(built.lp.num_columns(), 0.0);
  for (int s = 0; s < ix.num_sites; ++s) {
    const Site& site = scenario.sites[ix.site[s]];
    for (int t = 0; t < ix.num_quarters; ++t) {
      if (int c = ix.mw[ix.SiteQuarter(s, t)]; c >= 0) x[c] = site.existing_mw;
      for (int k = 0; k < ix.num_types; ++k) {
        const int c = ix.base[ix.SiteTypeQuarter(s, k, t)];
        if (c < 0) continue;
        for (const auto& e : site.existing_accelerators) {
          if (e.accelerator == scenario.accelerators[k].id) x[c] += static_cast<double>(e.count);
        }
      }
    }
  }
  const int T = ix.num_quarters;
  for (size_t d = 0; d < scenario.demand.size(); ++d) {
    for (int t = 0; t < T; ++t) {
      if (int c = ix.unmet[d * T + t]; c >= 0)
        x[c] = scenario.demand[d].H100eAt(scenario.start + t);
    }
  }
  return x;
}

std::vector<double> RoundedStart(const Scenario& scenario, const BuiltModel& built,
                                 const BuildOptions& build, const SolveOptions& options) {
  const PlanIndex& ix = built.index;
  const LpModel& lp = built.lp;
  // The LP relaxation, then its integers rounded: blocks down (fewer MW
  // never break a grid row) and a site open only when its rounded builds
  // reach its minimum; the rest re-solved with the integers fixed. Unmet
  // demand and unfunded capex are elastic, so the fixed LP is feasible.
  LpModel relaxed = lp;
  relaxed.RelaxIntegers();
  SolveOptions lp_options;
  lp_options.time_limit_seconds = options.time_limit_seconds;
  auto relaxation = Solve(relaxed, lp_options);
  if (!relaxation.ok() || relaxation->status != SolveStatus::kOptimal) return {};
  const auto& x = relaxation->x;
  std::vector<double> fixed(lp.num_columns(), -1.0);
  for (int s = 0; s < ix.num_sites; ++s) {
    const Site& site = scenario.sites[ix.site[s]];
    double blocks = 0;
    bool has_blocks = false;
    for (int t = 0; t < ix.num_quarters; ++t) {
      const int b = ix.blocks.empty() ? -1 : ix.blocks[ix.SiteQuarter(s, t)];
      if (b < 0) continue;
      has_blocks = true;
      fixed[b] = std::floor(x[b] + 1e-6);
      blocks += fixed[b];
    }
    const int open = ix.open.empty() ? -1 : ix.open[s];
    if (open < 0) continue;
    // Open only where the rounded builds reach the site's minimum; a closed
    // site builds nothing.
    const bool opens = has_blocks
                           ? blocks > 0 && blocks * build.build_block_mw >= site.min_build_mw - 1e-9
                           : x[open] > 1e-6;
    fixed[open] = opens ? 1.0 : 0.0;
    if (!opens) {
      for (int t = 0; t < ix.num_quarters && has_blocks; ++t) {
        if (int b = ix.blocks[ix.SiteQuarter(s, t)]; b >= 0) fixed[b] = 0;
      }
    }
  }
  for (int c = 0; c < lp.num_columns(); ++c) {
    if (fixed[c] >= 0) {
      relaxed.SetColumnUpper(c, fixed[c]);
      relaxed.SetColumnLower(c, fixed[c]);
    }
  }
  auto solved = Solve(relaxed, lp_options);
  if (!solved.ok() || solved->status != SolveStatus::kOptimal) return {};
  std::vector<double> start = solved->x;
  for (int c = 0; c < lp.num_columns(); ++c) {
    if (lp.columns()[c].integer) start[c] = std::round(start[c]);
  }
  return start;
}

}  // namespace stargate::plan
