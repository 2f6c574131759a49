// A source of capital and the terms on which it funds sites.
#ifndef STARGATE_MODEL_FINANCIER_H_
#define STARGATE_MODEL_FINANCIER_H_

#include <string>
#include <vector>

#include "stargate/core/quarter.h"
#include "stargate/model/enums.h"
#include "stargate/model/provenance.h"

namespace stargate {

// Capital available between two quarters (inclusive).
struct Commitment {
  Quarter from;
  Quarter to;
  double usd = 0;
};

struct Financier {
  std::string id;
  std::string name;
  FinancierKind kind = FinancierKind::kStrategic;
  std::string hq;  // ISO alpha-2
  std::vector<Commitment> commitments;
  bool eligible_everywhere = false;
  std::vector<std::string> eligible_countries;  // when not everywhere
  double cost_of_capital = 0;                   // annual rate, e.g. 0.08
  ScreeningStatus screening_status = ScreeningStatus::kPending;
  Provenance provenance;

  bool EligibleFor(const std::string& country) const;
  double TotalCommittedUsd() const;
};

}  // namespace stargate

#endif  // STARGATE_MODEL_FINANCIER_H_
