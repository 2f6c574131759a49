// Export controls: each cap of the regime limits the TPP shipped to its
// country over its window; UVEU operators keep the regime's shares of their
// installed TPP in Tier 1, per Tier 2 country and in the US.
#include <algorithm>
#include <map>

#include "stargate/plan/internal/model_builder.h"

namespace stargate::plan {

void ModelBuilder::AddCaps() {
  const int S = index_.num_sites, K = index_.num_types, T = index_.num_quarters;
  for (const CapLimit& cap : limits_.caps) {
    const int row = lp_.AddRow({-kInfinity, cap.remaining_tpp / kTppScale, family_["cap"]},
                               Name("cap", {cap.id}));
    index_.cap_row.push_back(row);
    for (int s = 0; s < S; ++s) {
      const Site& site = SiteOf(s);
      if (site.country != cap.country || (site.uveu && !cap.counts_uveu_sites)) continue;
      if (!cap.consignees.empty() && std::find(cap.consignees.begin(), cap.consignees.end(),
                                               site.operator_name) == cap.consignees.end()) {
        continue;
      }
      for (int k = 0; k < K; ++k) {
        const Accelerator& a = scenario_.accelerators[k];
        if (std::find(cap.accelerators.begin(), cap.accelerators.end(), a.id) ==
            cap.accelerators.end())
          continue;
        for (int t = 0; t < T; ++t) {
          if (QuarterOf(t) < cap.from || QuarterOf(t) > cap.to) continue;
          if (int c = index_.install[index_.SiteTypeQuarter(s, k, t)]; c >= 0) {
            lp_.AddCoefficient(row, c, a.tpp() / kTppScale);
          }
        }
      }
    }
  }
}

void ModelBuilder::AddUveuShares() {
  if (!limits_.uveu_shares || !limits_.tier) return;
  const int S = index_.num_sites, K = index_.num_types, T = index_.num_quarters;
  std::map<std::string, std::vector<int>> by_operator;
  for (int s = 0; s < S; ++s) {
    if (SiteOf(s).uveu) by_operator[SiteOf(s).operator_name].push_back(s);
  }
  for (const auto& [op, sites] : by_operator) {
    const bool us_hq = SiteOf(sites.front()).operator_hq == "US";
    for (int t = 0; t < T; ++t) {
      const auto shares = limits_.uveu_shares(QuarterOf(t));
      if (!shares) continue;
      const std::string q = QuarterOf(t).ToString();
      // Installed TPP (in millions) of site s: sum_k tpp_k * base[s,k,t].
      auto add_site = [&](int row, int s, double weight) {
        for (int k = 0; k < K; ++k) {
          if (int c = index_.base[index_.SiteTypeQuarter(s, k, t)]; c >= 0) {
            lp_.AddCoefficient(row, c, weight * scenario_.accelerators[k].tpp() / kTppScale);
          }
        }
      };
      // outside Tier 1 <= (1 - min_tier1) * total
      const int tier1 = lp_.AddRow({-kInfinity, 0, family_["uveu_tier1_share"]},
                                   Name("uveu_tier1_share", {op, q}));
      std::map<std::string, int> per_country;
      for (int s : sites) {
        const bool in_tier1 = limits_.tier(SiteOf(s).country, QuarterOf(t)) == "tier1";
        add_site(tier1, s, (in_tier1 ? 0.0 : 1.0) - (1.0 - shares->min_tier1_share));
      }
      // each Tier 2 country <= max_single_tier2 * total
      for (int s : sites) {
        const std::string& c = SiteOf(s).country;
        if (limits_.tier(c, QuarterOf(t)) != "tier2" || per_country.count(c)) continue;
        const int row = lp_.AddRow({-kInfinity, 0, family_["uveu_tier2_country_share"]},
                                   Name("uveu_tier2_country_share", {op, c, q}));
        per_country[c] = row;
        for (int s2 : sites) {
          add_site(row, s2, (SiteOf(s2).country == c ? 1.0 : 0.0) - shares->max_single_tier2_share);
        }
      }
      if (us_hq) {
        // in the US >= min_us * total
        const int row =
            lp_.AddRow({0, kInfinity, family_["uveu_us_share"]}, Name("uveu_us_share", {op, q}));
        for (int s : sites) {
          add_site(row, s,
                   (SiteOf(s).country == "US" ? 1.0 : 0.0) - shares->min_us_share_for_us_hq);
        }
      }
    }
  }
}

}  // namespace stargate::plan
