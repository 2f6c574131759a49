// Classification of an accelerator under ECCN 3A090 from its Total Processing
// Performance (TPP) and performance density (TPP per mm^2 of applicable die
// area), with the tests that decided it.
#ifndef STARGATE_RULES_ECCN_H_
#define STARGATE_RULES_ECCN_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stargate/core/date.h"
#include "stargate/core/enum_spelling.h"
#include "stargate/rules/versioned.h"

namespace stargate::rules {
enum class Eccn { kNotControlled, k3A090b, k3A090a };
}  // namespace stargate::rules

namespace stargate {
// "3A090.a", "3A090.b", "not_controlled" (eccn.cc).
template <>
const std::vector<EnumSpelling<rules::Eccn>>& Spellings();
}  // namespace stargate

namespace stargate::rules {

// Forms of the one table (Spellings<Eccn>) for the module's callers.
const char* EccnName(Eccn eccn);
std::optional<Eccn> ParseEccn(std::string_view name);
std::vector<std::string> EccnNames();

// The thresholds of 15 CFR 774 Supp. 1, ECCN 3A090 (88 FR 73458), by date.
struct ClassificationRule {
  Versioned<double> a_tpp_min;               // .a.1: TPP >= 4800
  Versioned<double> a_density_tpp_min;       // .a.2: TPP >= 1600 and
  Versioned<double> a_density_min;           //        PD >= 5.92
  Versioned<double> b_tpp_min;               // .b.1: 2400 <= TPP < .a.1 and
  Versioned<double> b_density_min;           //        1.6 <= PD < .a.2's PD
  Versioned<double> b_wide_tpp_min;          // .b.2: TPP >= 1600 and
  Versioned<double> b_wide_density_min;      //        3.2 <= PD < .a.2's PD
  Versioned<double> non_datacenter_tpp_min;  // ICs not designed for datacenters: only TPP >= 4800
  std::string cite;
  std::string unconfirmed;
  bool constant() const;
  bool DefinedOn(Date date) const;  // every threshold has a value on `date`
};

// What the rules look at in a chip.
struct ChipMetrics {
  double tpp = 0;
  double die_area_mm2 = 0;  // 0: unknown, density tests cannot apply
  std::optional<double> memory_bandwidth_gbps;
  bool datacenter = true;
  bool density_known() const { return die_area_mm2 > 0; }
  double performance_density() const { return die_area_mm2 > 0 ? tpp / die_area_mm2 : 0; }
};

struct ThresholdTest {
  std::string id;         // "3A090.a.1"
  std::string condition;  // "TPP >= 4800"
  bool met = false;
};

struct Classification {
  Eccn eccn = Eccn::kNotControlled;
  std::string decided_by;            // id of the first test met, or "none"
  std::vector<ThresholdTest> tests;  // filled when asked for
  // A datacenter chip below 3A090.a.1 whose die area is unknown, with a TPP
  // a density test could reach: the class cannot be decided (eccn stays
  // kNotControlled; the engine holds such a shipment as `indeterminate`).
  bool indeterminate = false;
};

// Thresholds are compared "at or above, within input rounding": a value within
// one part in 10^9 below a threshold counts as meeting it, so a density typed
// as 1600 / 270.27027027 is 5.92.
bool AtLeast(double value, double threshold);

// Classifies `chip` on `date`. A rule without a value on that date classifies
// nothing as controlled. With `explain`, every test is listed with its outcome.
Classification Classify(const ClassificationRule& rule, Date date, const ChipMetrics& chip,
                        bool explain);

}  // namespace stargate::rules

#endif  // STARGATE_RULES_ECCN_H_
