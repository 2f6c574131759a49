#include "stargate/plan/internal/model_builder.h"

#include <chrono>
#include <cmath>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace stargate::plan {

double DiscountFactor(double annual_rate, int t) { return std::pow(1.0 + annual_rate, -t / 4.0); }

double UnmetValueUsdPerH100eQuarter(const ScenarioOptions& options) {
  if (options.unmet_penalty_usd_per_h100e > 0) return options.unmet_penalty_usd_per_h100e;
  return options.gpu_hour_price_usd * kHoursPerQuarter * options.utilization;
}

int ModelBuilder::Priced(int column, double usd_m) {
  if (index_.money_usd_m.size() <= static_cast<size_t>(column))
    index_.money_usd_m.resize(column + 1, 0.0);
  index_.money_usd_m[column] = usd_m;
  return column;
}

ModelBuilder::ModelBuilder(const Scenario& scenario, const ExportLimits& limits,
                           const BuildOptions& options)
    : scenario_(scenario), limits_(limits), options_(options) {
  compute_objective_ = options_.objective == Objective::kCompute;
  index_.num_types = static_cast<int>(scenario_.accelerators.size());
  index_.num_quarters = scenario_.num_quarters();
  for (int i = 0; i < static_cast<int>(scenario_.sites.size()); ++i) {
    if (scenario_.sites[i].status != SiteStatus::kCancelled) index_.site.push_back(i);
  }
  index_.num_sites = static_cast<int>(index_.site.size());
  for (int t = 0; t < index_.num_quarters; ++t) {
    discount_.push_back(DiscountFactor(scenario_.options.discount_rate, t));
  }
}

std::string ModelBuilder::Name(const std::string& family,
                               const std::vector<std::string>& parts) const {
  // MPS names may not contain spaces; ids never do.
  return absl::StrCat(family, "[", absl::StrJoin(parts, ","), "]");
}

void ModelBuilder::DefineFamilies() {
  for (const char* name : {"build",
                           "mw",
                           "stranded",
                           "install",
                           "base",
                           "open",
                           "blocks",
                           "serve",
                           "unmet",
                           "fund",
                           "unfunded",
                           "mw_balance",
                           "grid",
                           "base_balance",
                           "power",
                           "supply",
                           "open_link",
                           "min_build",
                           "block_link",
                           "capacity",
                           "demand",
                           "freedom",
                           "financing",
                           "commitment",
                           "budget",
                           "cap",
                           "uveu_tier1_share",
                           "uveu_tier2_country_share",
                           "uveu_us_share"}) {
    family_[name] = lp_.AddFamily(name);
  }
}

void ModelBuilder::AddCapacity() {
  const int S = index_.num_sites, K = index_.num_types, T = index_.num_quarters;
  const double life = scenario_.options.accelerator_life_quarters;
  const int life_quarters = static_cast<int>(std::lround(life));
  index_.build.assign(S * T, -1);
  index_.mw.assign(S * T, -1);
  index_.grid_row.assign(S * T, -1);
  index_.power_row.assign(S * T, -1);
  if (options_.strandable) index_.stranded.assign(S * T, -1);
  index_.install.assign(S * K * T, -1);
  index_.base.assign(S * K * T, -1);

  for (int s = 0; s < S; ++s) {
    const Site& site = SiteOf(s);
    for (int t = 0; t < T; ++t) {
      const std::string q = QuarterOf(t).ToString();
      const double build_cost = Df(t) * site.shell_capex_usd_per_mw / kUsdScale;
      index_.build[index_.SiteQuarter(s, t)] =
          Priced(lp_.AddColumn({0, kInfinity, Cost(build_cost), false, family_["build"]},
                               Name("build", {site.id, q})),
                 build_cost);
      index_.mw[index_.SiteQuarter(s, t)] =
          lp_.AddColumn({0, kInfinity, 0, false, family_["mw"]}, Name("mw", {site.id, q}));
    }
    // mw[t] - mw[t-1] - build[t-lead] = existing (t = 0) or 0.
    for (int t = 0; t < T; ++t) {
      const double rhs = t == 0 ? site.existing_mw : 0;
      const int row = lp_.AddRow({rhs, rhs, family_["mw_balance"]},
                                 Name("mw_balance", {site.id, QuarterOf(t).ToString()}));
      lp_.AddCoefficient(row, index_.mw[index_.SiteQuarter(s, t)], 1);
      if (t > 0) lp_.AddCoefficient(row, index_.mw[index_.SiteQuarter(s, t - 1)], -1);
      if (t - site.lead_quarters >= 0) {
        lp_.AddCoefficient(row, index_.build[index_.SiteQuarter(s, t - site.lead_quarters)], -1);
      }
      // The grid limit as a row so that its dual prices one more MW.
      const int grid = lp_.AddRow({-kInfinity, site.GridMwAt(QuarterOf(t)), family_["grid"]},
                                  Name("grid", {site.id, QuarterOf(t).ToString()}));
      lp_.AddCoefficient(grid, index_.mw[index_.SiteQuarter(s, t)], 1);
      index_.grid_row[index_.SiteQuarter(s, t)] = grid;
      if (options_.strandable) {
        // mw - stranded <= grid: idle MW need no grid connection. No cost,
        // not even a tie-break: one made the extensive form of 16 futures
        // 30% slower (12.4-12.8 s against 16.7-17.7 s).
        const int stranded = lp_.AddColumn({0, kInfinity, 0, false, family_["stranded"]},
                                           Name("stranded", {site.id, QuarterOf(t).ToString()}));
        index_.stranded[index_.SiteQuarter(s, t)] = stranded;
        lp_.AddCoefficient(grid, stranded, -1);
      }
    }

    for (int k = 0; k < K; ++k) {
      const Accelerator& a = scenario_.accelerators[k];
      long long existing = 0;
      for (const auto& e : site.existing_accelerators) {
        if (e.accelerator == a.id) existing += e.count;
      }
      bool any = existing > 0;
      for (int t = 0; t < T && !any; ++t) {
        any = a.available_from <= QuarterOf(t) &&
              (!limits_.allowed || limits_.allowed(site, a.id, QuarterOf(t)));
      }
      if (!any) continue;  // this type never reaches this site
      const double energy_usd_per_unit_quarter =
          a.power_kw * site.pue * kHoursPerQuarter / 1000.0 *
          scenario_.FindCountry(site.country)->electricity_usd_per_mwh;
      for (int t = 0; t < T; ++t) {
        const Quarter q = QuarterOf(t);
        const int i = index_.SiteTypeQuarter(s, k, t);
        const bool may_install =
            a.available_from <= q && (!limits_.allowed || limits_.allowed(site, a.id, q));
        if (may_install) {
          const double chip_cost = Df(t) * a.InstalledCostUsd() / kUsdScale;
          index_.install[i] =
              Priced(lp_.AddColumn({0, kInfinity, Cost(chip_cost), false, family_["install"]},
                                   Name("install", {site.id, a.id, q.ToString()})),
                     chip_cost);
        }
        const double opex = Df(t) * energy_usd_per_unit_quarter / kUsdScale;
        index_.base[i] = Priced(lp_.AddColumn({0, kInfinity, Cost(opex), false, family_["base"]},
                                              Name("base", {site.id, a.id, q.ToString()})),
                                opex);
      }
      // base[t] - base[t-1] - install[t] + install[t-life] = existing (t = 0) or 0.
      for (int t = 0; t < T; ++t) {
        const double rhs = t == 0 ? static_cast<double>(existing) : 0;
        const int row = lp_.AddRow({rhs, rhs, family_["base_balance"]},
                                   Name("base_balance", {site.id, a.id, QuarterOf(t).ToString()}));
        lp_.AddCoefficient(row, index_.base[index_.SiteTypeQuarter(s, k, t)], 1);
        if (t > 0) lp_.AddCoefficient(row, index_.base[index_.SiteTypeQuarter(s, k, t - 1)], -1);
        if (int c = index_.install[index_.SiteTypeQuarter(s, k, t)]; c >= 0)
          lp_.AddCoefficient(row, c, -1);
        if (t - life_quarters >= 0) {
          if (int c = index_.install[index_.SiteTypeQuarter(s, k, t - life_quarters)]; c >= 0) {
            lp_.AddCoefficient(row, c, 1);
          }
        }
      }
    }
    // Power: sum_k base * kW * PUE / 1000 <= mw (- stranded: idle MW power nothing).
    for (int t = 0; t < T; ++t) {
      const int row = lp_.AddRow({-kInfinity, 0, family_["power"]},
                                 Name("power", {site.id, QuarterOf(t).ToString()}));
      index_.power_row[index_.SiteQuarter(s, t)] = row;
      lp_.AddCoefficient(row, index_.mw[index_.SiteQuarter(s, t)], -1);
      if (options_.strandable)
        lp_.AddCoefficient(row, index_.stranded[index_.SiteQuarter(s, t)], 1);
      for (int k = 0; k < K; ++k) {
        if (int c = index_.base[index_.SiteTypeQuarter(s, k, t)]; c >= 0) {
          lp_.AddCoefficient(row, c, scenario_.accelerators[k].power_kw * site.pue / 1000.0);
        }
      }
    }
  }
}

void ModelBuilder::AddSupply() {
  const int S = index_.num_sites, K = index_.num_types, T = index_.num_quarters;
  index_.supply_row.assign(K * T, -1);
  for (int k = 0; k < K; ++k) {
    const Accelerator& a = scenario_.accelerators[k];
    for (int t = 0; t < T; ++t) {
      double units = 0;
      for (const auto& s : scenario_.supply) {
        if (s.accelerator == a.id) units += s.UnitsAt(QuarterOf(t));
      }
      std::vector<int> columns;
      for (int s = 0; s < S; ++s) {
        if (int c = index_.install[index_.SiteTypeQuarter(s, k, t)]; c >= 0) columns.push_back(c);
      }
      if (columns.empty()) continue;
      const int row = lp_.AddRow({-kInfinity, units, family_["supply"]},
                                 Name("supply", {a.id, QuarterOf(t).ToString()}));
      index_.supply_row[k * T + t] = row;
      for (int c : columns) lp_.AddCoefficient(row, c, 1);
    }
  }
}

void ModelBuilder::AddSiteOpening() {
  if (!options_.milp) return;
  const int S = index_.num_sites, T = index_.num_quarters;
  index_.open.assign(S, -1);
  index_.blocks.assign(S * T, -1);
  for (int s = 0; s < S; ++s) {
    const Site& site = SiteOf(s);
    // Modular builds: construction comes in whole blocks.
    if (options_.build_block_mw > 0) {
      for (int t = 0; t < T; ++t) {
        const std::string q = QuarterOf(t).ToString();
        const int blocks =
            lp_.AddColumn({0, kInfinity, 0, true, family_["blocks"]}, Name("blocks", {site.id, q}));
        index_.blocks[index_.SiteQuarter(s, t)] = blocks;
        const int row = lp_.AddRow({0, 0, family_["block_link"]}, Name("block_link", {site.id, q}));
        lp_.AddCoefficient(row, index_.build[index_.SiteQuarter(s, t)], 1);
        lp_.AddCoefficient(row, blocks, -options_.build_block_mw);
      }
    }
    if (site.fixed_cost_usd <= 0 && site.min_build_mw <= 0) continue;
    const double fixed = site.fixed_cost_usd / kUsdScale;
    const int open = Priced(
        lp_.AddColumn({0, 1, Cost(fixed), true, family_["open"]}, Name("open", {site.id})), fixed);
    index_.open[s] = open;
    // Nothing is built at a site that is not opened; once open, at least min_build_mw.
    const int link =
        lp_.AddRow({-kInfinity, 0, family_["open_link"]}, Name("open_link", {site.id}));
    const int minimum =
        lp_.AddRow({0, kInfinity, family_["min_build"]}, Name("min_build", {site.id}));
    for (int t = 0; t < T; ++t) {
      lp_.AddCoefficient(link, index_.build[index_.SiteQuarter(s, t)], 1);
      lp_.AddCoefficient(minimum, index_.build[index_.SiteQuarter(s, t)], 1);
    }
    lp_.AddCoefficient(link, open, -site.grid_mw_max);
    lp_.AddCoefficient(minimum, open, -site.min_build_mw);
  }
}

std::vector<std::pair<int, double>> ModelBuilder::CapexTerms(int s, int t) const {
  std::vector<std::pair<int, double>> terms;
  const Site& site = SiteOf(s);
  terms.emplace_back(index_.build[index_.SiteQuarter(s, t)],
                     site.shell_capex_usd_per_mw / kUsdScale);
  for (int k = 0; k < index_.num_types; ++k) {
    if (int c = index_.install[index_.SiteTypeQuarter(s, k, t)]; c >= 0) {
      terms.emplace_back(c, scenario_.accelerators[k].InstalledCostUsd() / kUsdScale);
    }
  }
  return terms;
}

BuiltModel ModelBuilder::Build() {
  const auto start = std::chrono::steady_clock::now();
  DefineFamilies();
  AddCapacity();
  AddSupply();
  AddSiteOpening();
  AddDemand();
  AddFinancing();
  AddBudget();
  AddCaps();
  AddUveuShares();
  index_.money_usd_m.resize(lp_.num_columns(), 0.0);
  BuiltModel built{std::move(lp_), std::move(index_), 0};
  built.build_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return built;
}

absl::StatusOr<BuiltModel> BuildPlanModel(const Scenario& scenario, const ExportLimits& limits,
                                          const BuildOptions& options) {
  if (scenario.num_quarters() <= 0) return absl::InvalidArgumentError("the horizon is empty");
  for (const auto& site : scenario.sites) {
    if (!scenario.FindCountry(site.country)) {
      return absl::InvalidArgumentError(
          absl::StrCat("site '", site.id, "' is in an unknown country"));
    }
  }
  ModelBuilder builder(scenario, limits, options);
  return builder.Build();
}

}  // namespace stargate::plan
