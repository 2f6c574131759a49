// Who funds each site, and in which shares: the capital structure of the
// site's project company. Internal to the finance module.
//
// The plan's financing table says which financier pays how much of each
// country's capex each quarter. Per site (a country's funding is spread over
// its sites by their capex that quarter), the project then borrows
// debt_share_facility of its facility capex and debt_share_chips of its chip
// capex: the plan's lenders lend it in proportion to what they paid (scaled
// down when they paid more); a market syndicate lends what they do not. The
// rest is equity, split among the plan's other financiers by what they paid
// at the site; the part nobody paid (the plan's unfunded gap) is "unnamed
// equity". A site that only lenders paid for takes its equity holders from
// its country's; failing those, from the equity financiers eligible there,
// by their commitments the plan left undrawn.
#ifndef STARGATE_FINANCE_INTERNAL_FUNDING_SHARES_H_
#define STARGATE_FINANCE_INTERNAL_FUNDING_SHARES_H_

#include "absl/status/status.h"
#include "stargate/finance/finance_model.h"

namespace stargate::finance {

// Fills model->funders and each site's lenders and equity. Needs the sites'
// capex arrays.
absl::Status AssignFunding(const Scenario& scenario, const plan::Plan& plan,
                           const FinanceAssumptions& assumptions, FinanceModel* model);

}  // namespace stargate::finance

#endif  // STARGATE_FINANCE_INTERNAL_FUNDING_SHARES_H_
