// The decision for one shipment, rule by rule: regime, classification, tier,
// headquarters, license requirement, then the exceptions the requirement
// allows (tried in order, Catala-style: the first that applies wins), then
// the caps a licensed shipment counts against. Trace text is only built when
// a trace is asked for, so the common path allocates almost nothing.
// The steps are split by file (see internal/decider.h).
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "stargate/rules/internal/decider.h"

namespace stargate::rules::internal {
namespace {

constexpr const char* kExportCite = "15 CFR 734.13 (export: shipment out of the United States)";

}  // namespace

void Decider::Run() {
  RunRules();
  if (!unverified_) return;
  // 15 CFR 744.15: no license exception for a UVL party; a shipment that needs
  // no license needs the party's UVL statement first.
  if (decision_.outcome == Outcome::kLicenseException) {
    decision_.outcome = Outcome::kLicenseRequired;
    decision_.exception.clear();
    decision_.conditions.push_back(
        "no license exception for an Unverified List party (15 CFR 744.15)");
  } else if (decision_.outcome == Outcome::kNoLicenseRequired) {
    decision_.conditions.push_back(
        "a UVL statement from the listed party before shipping (15 CFR 744.15(b))");
  }
}

void Decider::RunRules() {
  const Date date = shipment_.date;
  decision_.id = shipment_.id;
  decision_.regime = regime_.id;
  decision_.tpp_total = resolved_.tpp_total;
  if (trace_) {
    const bool by_date = options_.regime_choice == kRegimeByDate;
    Step("regime", {{"date", date.ToString()}, {"choice", std::string(options_.regime_choice)}},
         absl::StrCat(regime_.id, by_date ? " is in force on " + date.ToString() : " (named)",
                      "; in force ", regime_.EffectiveRange()),
         regime_.cite);
  }

  const Classification c = engine_.ClassifyChip(resolved_.regime, resolved_, trace_);
  decision_.classification = c.eccn;
  if (trace_) TraceClassification(c);

  const GroupAssignment ga = engine_.GroupOf(resolved_.regime, resolved_.destination, date);
  decision_.tier = regime_.groups[ga.group].id;
  if (trace_) TraceTier(ga);

  if ((shipment_.restricted_party || !shipment_.restricted_parties.empty()) &&
      DecideRestrictedParties()) {
    return;
  }

  if (Code(resolved_.destination) == regime_.home_country) {
    if (trace_) {
      Step("domestic", {{"destination", Code(resolved_.destination)}},
           absl::StrCat("a shipment within ", regime_.home_country,
                        " is not an export: no license required"),
           kExportCite);
    }
    return;
  }

  int effective = ga.group;
  const GroupAssignment hq = resolved_.hq == resolved_.destination
                                 ? ga
                                 : engine_.GroupOf(resolved_.regime, resolved_.hq, date);
  if (resolved_.hq_given && resolved_.hq != resolved_.destination) {
    const CountryGroup& hq_group = regime_.groups[hq.group];
    if (hq_group.headquarters_rule && hq.group != ga.group) {
      effective = hq.group;
      if (trace_) {
        Step("headquarters", {{"consignee_hq", Code(resolved_.hq)}, {"hq_tier", hq_group.id}},
             absl::StrCat("consignee headquartered in ", Code(resolved_.hq), " (", hq_group.name,
                          "): the shipment is treated as going to ", hq_group.id),
             hq_group.cite);
      }
    }
  }

  // A rule on named products (an is-informed letter) applies whatever the
  // chip's class, so it is tried before the classification decides.
  const LicenseRow* row = engine_.FindNamedRow(resolved_.regime, resolved_.accelerator, effective,
                                               hq.group, resolved_.destination, date);
  if (!row) {
    if (c.indeterminate) {
      decision_.outcome = Outcome::kIndeterminate;
      if (trace_) {
        Step(
            "license-requirement",
            {{"tpp", resolved_.chip.tpp}, {"die_area_mm2", std::string("unknown")}},
            absl::StrCat("indeterminate: TPP ", FormatTpp(resolved_.chip.tpp),
                         " is below 3A090.a.1 but a performance-density test (3A090.a.2, .b) could "
                         "make the chip controlled, and its die area is unknown; the shipment is "
                         "held until the die area is known (fail closed)"),
            regime_.classification.cite);
      }
      return;
    }
    if (c.eccn == Eccn::kNotControlled) {
      if (trace_) {
        Step("license-requirement", {{"classification", std::string(EccnName(c.eccn))}},
             "not controlled under 3A090: no license required", regime_.classification.cite);
      }
      return;
    }

    row = FindRow(c.eccn, effective, hq.group);
    if (!row) {
      if (trace_) {
        Step("license-requirement",
             {{"classification", std::string(EccnName(c.eccn))},
              {"tier", regime_.groups[effective].id}},
             absl::StrCat("no license requirement for ", EccnName(c.eccn), " to ",
                          regime_.groups[effective].id, ": no license required"),
             regime_.cite);
      }
      return;
    }
  }
  if (trace_) {
    std::string result = std::string(OutcomeName(row->outcome));
    if (!row->exception.empty()) absl::StrAppend(&result, " (", row->exception, ")");
    if (row->review_policy) absl::StrAppend(&result, ", ", ReviewPolicyName(*row->review_policy));
    if (!row->try_first.empty()) {
      absl::StrAppend(&result, "; first try ", absl::StrJoin(row->try_first, ", "));
    }
    if (!row->description.empty()) absl::StrAppend(&result, ": ", row->description);
    Step(
        "license-requirement/" + row->id,
        {{"classification", std::string(EccnName(c.eccn))}, {"tier", regime_.groups[effective].id}},
        std::move(result), row->cite);
  }

  switch (row->outcome) {
    case Outcome::kNoLicenseRequired:
      return;
    case Outcome::kLicenseException:
      decision_.outcome = Outcome::kLicenseException;
      decision_.exception = row->exception;
      return;
    case Outcome::kProhibited:
    case Outcome::kIndeterminate:
    case Outcome::kNeedsReview:
      decision_.outcome = row->outcome;
      return;
    case Outcome::kLicenseRequired:
      break;
  }
  for (const auto& name : row->try_first) {
    if (regime_.uveu && name == regime_.uveu->id && TryUveu(ga.group, hq.group)) return;
    if (regime_.nveu && name == regime_.nveu->id && TryNveu(ga.group)) return;
    if (regime_.lpp && name == regime_.lpp->id && TryLpp(hq.group)) return;
  }
  decision_.outcome = Outcome::kLicenseRequired;
  decision_.review_policy = row->review_policy;
  decision_.conditions = row->conditions;
  if (trace_ && !row->conditions.empty()) {
    Step("license-conditions/" + row->id, {},
         absl::StrCat("a license carries: ", absl::StrJoin(row->conditions, "; ")), row->cite);
  }
  if (row->review_policy == ReviewPolicy::kPresumptionOfDenial) return;
  ApplyCaps(ga.group);
}

void Decider::TraceClassification(const Classification& c) {
  std::vector<TraceInput> inputs = {{"tpp", resolved_.chip.tpp}};
  if (resolved_.chip.density_known()) {
    inputs.push_back({"die_area_mm2", resolved_.chip.die_area_mm2});
    inputs.push_back({"performance_density", resolved_.chip.performance_density()});
  } else {
    inputs.push_back({"die_area_mm2", std::string("unknown")});
  }
  if (!resolved_.chip.datacenter) inputs.push_back({"datacenter", false});
  inputs.push_back({"quantity", static_cast<double>(shipment_.quantity)});
  inputs.push_back({"tpp_total", decision_.tpp_total});
  std::string result;
  if (c.indeterminate) {
    result =
        "indeterminate: TPP is below 3A090.a.1 and the die area is unknown, so the "
        "performance-density tests (3A090.a.2, .b.1, .b.2) cannot be decided";
  } else if (c.eccn == Eccn::kNotControlled) {
    result = "not_controlled: no 3A090 test is met";
    std::vector<std::string> failed;
    for (const auto& t : c.tests) failed.push_back(absl::StrCat(t.id, " (", t.condition, ")"));
    if (!failed.empty()) absl::StrAppend(&result, " — ", absl::StrJoin(failed, "; "));
  } else {
    std::string condition;
    for (const auto& t : c.tests) {
      if (t.id == c.decided_by) condition = t.condition;
    }
    result = absl::StrCat(EccnName(c.eccn), ": ", c.decided_by, " is met (", condition, ")");
  }
  Step("classification", std::move(inputs), std::move(result), regime_.classification.cite);
}

void Decider::TraceTier(const GroupAssignment& ga) {
  const CountryGroup& g = regime_.groups[ga.group];
  const Country& country = engine_.scenario().countries[resolved_.destination];
  std::string why;
  const CountryGroup& base = regime_.groups[ga.base_group];
  if (ga.via == GroupVia::kListed) why = absl::StrCat("listed in ", base.id);
  if (ga.via == GroupVia::kMembership) {
    std::vector<std::string> hits;
    for (const auto& m : base.member_of) {
      if (country.IsMemberOf(m)) hits.push_back(m);
    }
    why = absl::StrCat("member of ", absl::StrJoin(hits, ", "));
  }
  if (ga.via == GroupVia::kDefault)
    why = absl::StrCat("not listed elsewhere: ", base.id, " by default");
  std::string cite = g.cite;
  if (ga.upgrade >= 0) {
    const TierUpgrade& up = regime_.upgrades[ga.upgrade];
    absl::StrAppend(&why, "; promoted from ", base.id, " by ", up.id, " (criteria met: ");
    std::vector<std::string> names;
    for (Criterion c : up.criteria) names.emplace_back(CriterionName(c));
    absl::StrAppend(&why, absl::StrJoin(names, ", "), ")");
    cite = up.cite;
  }
  Step("tier",
       {{"country", country.iso2}, {"memberships", absl::StrJoin(country.memberships, " ")}},
       absl::StrCat(g.id, " (", g.name, "): ", why), cite);
}

const LicenseRow* Decider::FindRow(Eccn eccn, int effective_group, int hq_group) const {
  return engine_.FindRow(resolved_.regime, eccn, effective_group, hq_group, resolved_.destination,
                         shipment_.date, resolved_.chip);
}

}  // namespace stargate::rules::internal

namespace stargate::rules {

Decision Engine::Decide(const ResolvedShipment& shipment, UsageState* state,
                        const DecideOptions& options) const {
  Decision d;
  internal::Decider(*this, shipment, state, options, &d).Run();
  return d;
}

void Engine::DecideInto(const ResolvedShipment& shipment, UsageState* state,
                        const DecideOptions& options, Decision* out) const {
  internal::Decider(*this, shipment, state, options, out).Run();
}

}  // namespace stargate::rules
