// The caps a licensed shipment counts against: every applicable cap of its
// regime, checked and, when a usage state is kept, drawn down.
#include "absl/container/inlined_vector.h"
#include "absl/strings/str_cat.h"
#include "stargate/rules/internal/decider.h"

namespace stargate::rules::internal {

void Decider::ApplyCaps(int destination_group) {
  if (!state_) return;  // without usage, caps are left to whoever asked (the planner's constraints)
  const std::string& key = ConsigneeKey();
  const Date date = shipment_.date;
  CapQuery query;
  query.regime = resolved_.regime;
  query.country = resolved_.destination;
  query.date = date;
  query.group = destination_group;
  query.classification = decision_.classification;
  query.consignee = ConsigneeFilter::kMatch;
  query.consignee_key = key;
  absl::InlinedVector<int, 8> applicable;  // no fixed limit: more spill to the heap
  engine_.ApplicableCaps(query, &applicable);
  struct Hit {
    const CapRule* rule;
    int slot;
  };
  absl::InlinedVector<Hit, 8> hits;
  for (int i : applicable) {
    const CapRule& cap = regime_.caps[i];
    const int window = cap.period == CapPeriod::kCalendarYear ? date.year() - 1900 : 0;
    const uint64_t cap_key = CapKey(resolved_.regime, i, resolved_.destination, window, 0);
    int slot = state_->FindCap(cap_key);
    if (slot < 0) {
      slot = state_->AddCap(cap_key,
                            engine_.CapInstanceId(regime_, cap, resolved_.destination, date.year()),
                            engine_.CapLimit(regime_, cap, resolved_.destination, date));
    } else if (!regime_.upgrades.empty()) {
      // Upgrades that multiply a limit hold from their (dated) criteria.
      state_->cap(slot).limit = engine_.CapLimit(regime_, cap, resolved_.destination, date);
    }
    hits.push_back({&cap, slot});
  }
  const int count = static_cast<int>(hits.size());
  const CapRule* refused_by = nullptr;
  for (int i = 0; i < count; ++i) {
    const auto& inst = state_->cap(hits[i].slot);
    if (!WithinLimit(inst.used + decision_.tpp_total, inst.limit)) {
      refused_by = hits[i].rule;
      break;
    }
  }
  for (int i = 0; i < count; ++i) {
    auto& inst = state_->cap(hits[i].slot);
    const double before = inst.used;
    if (!refused_by) inst.used += decision_.tpp_total;
    decision_.caps.push_back({inst.id, inst.limit, before, inst.used});
    if (!refused_by && hits[i].rule->review_within)
      decision_.review_policy = hits[i].rule->review_within;
    if (trace_) {
      const bool over = !WithinLimit(before + decision_.tpp_total, inst.limit);
      std::string result =
          refused_by ? (over ? absl::StrCat("exceeded: ", FormatTpp(before), " + ",
                                            FormatTpp(decision_.tpp_total), " TPP > ",
                                            FormatTpp(inst.limit), "; ",
                                            OutcomeName(hits[i].rule->on_exceed))
                             : absl::StrCat("within (", FormatTpp(inst.limit - before),
                                            " TPP left) but not used: another cap refused"))
                     : absl::StrCat("within: ", FormatTpp(inst.used), " of ", FormatTpp(inst.limit),
                                    " TPP used, ", FormatTpp(std::max(0.0, inst.limit - inst.used)),
                                    " left");
      Step("cap/" + hits[i].rule->id,
           {{"cap", inst.id},
            {"limit_tpp", inst.limit},
            {"used_tpp", before},
            {"tpp_total", decision_.tpp_total}},
           std::move(result), hits[i].rule->cite);
    }
  }
  if (refused_by) {
    decision_.outcome = refused_by->on_exceed;
    decision_.review_policy = refused_by->on_exceed == Outcome::kLicenseRequired
                                  ? refused_by->on_exceed_review
                                  : std::nullopt;
  }
}

}  // namespace stargate::rules::internal
