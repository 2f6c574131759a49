// The license exceptions a decision tries when a license is required, in
// order, the first that applies wins: UVEU, NVEU, then LPP.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "stargate/rules/internal/decider.h"

namespace stargate::rules::internal {

bool Decider::TryUveu(int destination_group, int hq_group) {
  if (shipment_.veu != VeuKind::kUniversal) return false;
  const UveuRule& u = *regime_.uveu;
  const std::string rule = "exception/" + u.id;
  if (!Contains(u.destination_tiers, regime_.groups[destination_group].id)) {
    if (trace_) {
      Step(rule, {{"veu", std::string("uveu")}, {"tier", regime_.groups[destination_group].id}},
           absl::StrCat("not available: UVEU covers ", absl::StrJoin(u.destination_tiers, ", "),
                        " destinations"),
           u.cite);
    }
    return false;
  }
  if (!Contains(u.hq_tiers, regime_.groups[hq_group].id)) {
    if (trace_) {
      Step(rule, {{"veu", std::string("uveu")}, {"consignee_hq", Code(resolved_.hq)}},
           absl::StrCat("not available: the consignee is headquartered in ", Code(resolved_.hq),
                        " (", regime_.groups[hq_group].id, "); UVEU needs headquarters in ",
                        absl::StrJoin(u.hq_tiers, ", ")),
           u.cite);
    }
    return false;
  }
  if (state_) {
    if (!state_->TracksFleet(resolved_.consignee)) {
      state_->TrackFleet(resolved_.consignee, engine_.country_codes());
      state_->AddFleet(resolved_.consignee, resolved_.destination, decision_.tpp_total);
    }
    const int tier1 = regime_.GroupIndex(u.tier1_group);
    double total = 0, in_tier1 = 0, in_home = 0, here = 0;
    const UsageState::Fleet& fleet = *state_->FleetOf(resolved_.consignee);
    for (size_t country = 0; country < fleet.size(); ++country) {
      const double tpp = fleet[country];
      if (tpp == 0) continue;
      const int c = static_cast<int>(country);
      total += tpp;
      if (engine_.GroupOf(resolved_.regime, c, shipment_.date).group == tier1) in_tier1 += tpp;
      if (Code(c) == regime_.home_country) in_home += tpp;
      if (c == resolved_.destination) here += tpp;
    }
    const double tier1_share = total > 0 ? in_tier1 / total : 0;
    const double here_share = total > 0 ? here / total : 0;
    const double home_share = total > 0 ? in_home / total : 0;
    const bool us_hq = Code(resolved_.hq) == regime_.home_country;
    std::vector<std::string> failures;
    if (!AtLeast(tier1_share, u.min_tier1_share)) {
      failures.push_back(absl::StrCat("share in ", u.tier1_group, " ", Percent(tier1_share), " < ",
                                      Percent(u.min_tier1_share)));
    }
    if (!WithinLimit(here_share, u.max_single_tier2_share)) {
      failures.push_back(absl::StrCat("share in ", Code(resolved_.destination), " ",
                                      Percent(here_share), " > ",
                                      Percent(u.max_single_tier2_share)));
    }
    if (us_hq && !AtLeast(home_share, u.min_us_share_for_us_hq)) {
      failures.push_back(absl::StrCat("share in ", regime_.home_country, " ", Percent(home_share),
                                      " < ", Percent(u.min_us_share_for_us_hq),
                                      " for a consignee headquartered there"));
    }
    if (trace_) {
      std::vector<TraceInput> inputs = {
          {"fleet_tpp", total}, {"tier1_share", tier1_share}, {"destination_share", here_share}};
      if (us_hq) inputs.push_back({"us_share", home_share});
      Step(rule, std::move(inputs),
           failures.empty() ? absl::StrCat("authorized: shares within limits (", u.tier1_group, " ",
                                           Percent(tier1_share), ", ", Code(resolved_.destination),
                                           " ", Percent(here_share), ")")
                            : absl::StrCat("not available: ", absl::StrJoin(failures, "; ")),
           u.cite);
    }
    if (!failures.empty()) return false;
  } else if (trace_) {
    Step(rule, {{"veu", std::string("uveu")}}, "authorized (share rules are checked on fleets)",
         u.cite);
  }
  decision_.outcome = Outcome::kLicenseException;
  decision_.exception = u.id;
  return true;
}

bool Decider::TryNveu(int destination_group) {
  if (shipment_.veu != VeuKind::kNational) return false;
  const NveuRule& n = *regime_.nveu;
  const std::string rule = "exception/" + n.id;
  if (!Contains(n.destination_tiers, regime_.groups[destination_group].id)) {
    if (trace_) {
      Step(rule, {{"veu", std::string("nveu")}, {"tier", regime_.groups[destination_group].id}},
           absl::StrCat("not available: NVEU covers ", absl::StrJoin(n.destination_tiers, ", "),
                        " destinations"),
           n.cite);
    }
    return false;
  }
  const double* limit = n.installed_base_limit_tpp.At(shipment_.date);
  if (!limit) {
    if (trace_) {
      Step(rule, {{"date", shipment_.date.ToString()}}, "not available: no NVEU limit on this date",
           n.cite);
    }
    return false;
  }
  if (state_) {
    const uint64_t key =
        CapKey(resolved_.regime, 0xff, resolved_.destination, 0, resolved_.consignee);
    int slot = state_->FindCap(key);
    if (slot < 0) {
      slot = state_->AddCap(
          key, engine_.NveuInstanceId(regime_, resolved_.destination, ConsigneeKey()), *limit);
    }
    UsageState::CapInstance& cap = state_->cap(slot);
    cap.limit = *limit;  // the installed-base limit grows by date
    if (!WithinLimit(cap.used + decision_.tpp_total, cap.limit)) {
      if (trace_) {
        Step(rule,
             {{"limit_tpp", cap.limit}, {"used_tpp", cap.used}, {"tpp_total", decision_.tpp_total}},
             absl::StrCat("not available: ", FormatTpp(cap.used), " + ",
                          FormatTpp(decision_.tpp_total),
                          " TPP would exceed the installed-base limit of ", FormatTpp(cap.limit)),
             n.cite);
      }
      return false;
    }
    const double before = cap.used;
    cap.used += decision_.tpp_total;
    decision_.caps.push_back({cap.id, cap.limit, before, cap.used});
    if (trace_) {
      Step(rule,
           {{"limit_tpp", cap.limit}, {"used_tpp", before}, {"tpp_total", decision_.tpp_total}},
           absl::StrCat("authorized: ", FormatTpp(cap.used), " of ", FormatTpp(cap.limit),
                        " TPP installed-base limit used"),
           n.cite);
    }
  } else if (trace_) {
    Step(rule, {{"limit_tpp", *limit}}, "authorized", n.cite);
  }
  decision_.outcome = Outcome::kLicenseException;
  decision_.exception = n.id;
  return true;
}

bool Decider::TryLpp(int hq_group) {
  const LppRule& l = *regime_.lpp;
  const std::string rule = "exception/" + l.id;
  if (Contains(l.not_for_hq_tiers, regime_.groups[hq_group].id)) {
    if (trace_) {
      Step(rule, {{"consignee_hq", Code(resolved_.hq)}},
           absl::StrCat("not available to a consignee headquartered in ",
                        regime_.groups[hq_group].id),
           l.cite);
    }
    return false;
  }
  const double* limit = l.tpp_per_consignee_per_year.At(shipment_.date);
  if (!limit) {
    if (trace_) Step(rule, {}, "not available on this date", l.cite);
    return false;
  }
  const int year = shipment_.date.year();
  if (state_) {
    double& used = state_->Lpp(resolved_.consignee, year);
    if (!WithinLimit(used + decision_.tpp_total, *limit)) {
      if (trace_) {
        Step(rule,
             {{"consignee", shipment_.consignee},
              {"year", static_cast<double>(year)},
              {"limit_tpp", *limit},
              {"used_tpp", used},
              {"tpp_total", decision_.tpp_total}},
             absl::StrCat("not available: ", FormatTpp(used), " + ", FormatTpp(decision_.tpp_total),
                          " TPP would exceed ", FormatTpp(*limit), " per consignee in ", year),
             l.cite);
      }
      return false;
    }
    const double before = used;
    used += decision_.tpp_total;
    decision_.caps.push_back({absl::StrCat(l.id, "/", ConsigneeKey(), "/", year), *limit, before,
                              used, ConsigneeKey(), year});
    if (trace_) {
      Step(rule,
           {{"consignee", shipment_.consignee},
            {"year", static_cast<double>(year)},
            {"limit_tpp", *limit},
            {"used_tpp", before},
            {"tpp_total", decision_.tpp_total}},
           absl::StrCat("applies: ", FormatTpp(used), " of ", FormatTpp(*limit), " TPP used in ",
                        year, "; not counted against country caps"),
           l.cite);
    }
  } else {
    if (!WithinLimit(decision_.tpp_total, *limit)) return false;
    if (trace_) Step(rule, {{"limit_tpp", *limit}}, "applies", l.cite);
  }
  decision_.outcome = Outcome::kLicenseException;
  decision_.exception = l.id;
  return true;
}

}  // namespace stargate::rules::internal
