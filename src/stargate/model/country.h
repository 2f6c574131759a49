// A country: the economics of building there and what export controls and
// partner programs look at (memberships, compliance profile).
#ifndef STARGATE_MODEL_COUNTRY_H_
#define STARGATE_MODEL_COUNTRY_H_

#include <map>
#include <string>
#include <vector>

#include "stargate/core/date.h"
#include "stargate/model/enums.h"
#include "stargate/model/provenance.h"

namespace stargate {

// Freedom House rates a country Free, Partly Free or Not Free from its two
// 1-7 ratings (their average, 1.0-2.5 = Free), not from the 0-100 total that
// countries.yaml holds, so "Free" here is a threshold on the total: 70, the
// total of Colombia, rated Free in Freedom in the World 2025, above India's 66,
// rated Partly Free (docs/sources.md FH-METHOD, FH-2025-CO, S98h). It is a
// proxy: a country near 70 can have either status.
inline constexpr double kFreedomHouseFreeMinScore = 70;

// What a partner country has done that export-control tiers and upgrade
// criteria look at.
struct ComplianceProfile {
  bool g2g_agreement = false;              // government-to-government technology security agreement
  bool security_agreement_signed = false;  // chip and model-weight security agreement with the US
  bool datacenter_security_standard = false;  // adopted a US data-center security standard
  bool export_control_alignment = false;      // aligned its own export controls with the US
  int diversion_incidents = 0;                // recorded diversions of controlled chips
  // Flags given as a date (`g2g_agreement: 2025-05-15`) hold from that day on;
  // rules asking about an earlier day see them unset. Keyed by flag name.
  std::map<std::string, Date> since;
  // Whether flag `name` (set to `value`) holds on `date`.
  bool Holds(const char* name, bool value, Date date) const {
    if (!value) return false;
    auto it = since.find(name);
    return it == since.end() || !(date < it->second);
  }
};

struct Country {
  std::string iso2;
  std::string name;
  // Other names users write ("UAE", "Türkiye", "South Korea"); see country_resolver.h.
  std::vector<std::string> aliases;
  std::string region;
  // Groups the rules refer to: EU, NATO, OECD, GCC and the EAR country groups
  // A:1, A:5, A:6, D:1 ... D:5, plus arms_embargo.
  std::vector<std::string> memberships;
  double electricity_usd_per_mwh = 0;
  double grid_gco2_per_kwh = 0;
  double freedom_score = 0;          // Freedom House, 0..100
  std::string data_protection_zone;  // sites in the same zone may hold a country's data
  PartnerStatus partner_status = PartnerStatus::kNone;
  ComplianceProfile compliance;
  Provenance provenance;

  bool IsMemberOf(const std::string& group) const;
  // Rated Free by Freedom House (see kFreedomHouseFreeMinScore).
  bool RatedFree() const { return freedom_score >= kFreedomHouseFreeMinScore; }
};

}  // namespace stargate

#endif  // STARGATE_MODEL_COUNTRY_H_
