// An AI accelerator type and the export-control metrics derived from its
// datasheet: Total Processing Performance (TPP) and performance density.
#ifndef STARGATE_MODEL_ACCELERATOR_H_
#define STARGATE_MODEL_ACCELERATOR_H_

#include <map>
#include <optional>
#include <string>

#include "stargate/core/quarter.h"
#include "stargate/model/enums.h"
#include "stargate/model/provenance.h"

namespace stargate {

// H100 SXM's TPP (1,979 dense FP8 TFLOPS x 8): the unit of "H100-equivalents".
inline constexpr double kH100Tpp = 15832.0;

struct Accelerator {
  std::string id;
  std::string name;
  std::string vendor;
  bool datacenter = true;                    // "designed or marketed for use in datacenters"
  std::map<Precision, double> dense_tflops;  // dense (non-sparse) TFLOPS/TOPS per precision
  std::optional<double> stated_tpp;          // the TPP a datasheet or source states, if any
  double die_area_mm2 = 0;                   // applicable (logic) die area
  double power_kw = 0;   // IT power with its share of host and network; PUE is the site's
  double price_usd = 0;  // 0 when unknown
  double memory_gb = 0;
  double memory_bandwidth_gbps = 0;
  Quarter available_from;
  Provenance provenance;

  // TPP = dense TOPS x bit length, the highest over precisions (15 CFR 774, 3A090 note).
  double tpp() const;
  // TPP per mm^2 of applicable die area; 0 when the area is unknown.
  double performance_density() const;
  // Compute in H100-equivalents (by TPP).
  double h100e() const { return tpp() / kH100Tpp; }
};

// TPP from dense TFLOPS by precision, without an Accelerator.
double ComputeTpp(const std::map<Precision, double>& dense_tflops);

// Whether a stated TPP agrees with the computed one (relative tolerance 0.5%,
// which absorbs datasheet rounding such as 1,670.5 TFLOPS).
bool StatedTppAgrees(double stated, double computed);

}  // namespace stargate

#endif  // STARGATE_MODEL_ACCELERATOR_H_
