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

// What a scenario multiplies price_usd by when its options do not say: the
// shipped prices are the chip or its share of an NVL72 rack, and the public
// all-in figures (~$35B of NVIDIA hardware per GW for ~417k GPUs, ~$84k a GPU,
// against a ~$50k rack share) put the installed system at about 1.7 times
// that. Derivation and sources: docs/finance.md, "Calibration".
inline constexpr double kDefaultSystemCostFactor = 1.7;

struct Accelerator {
  std::string id;
  std::string name;
  std::string vendor;
  bool datacenter = true;                    // "designed or marketed for use in datacenters"
  std::map<Precision, double> dense_tflops;  // dense (non-sparse) TFLOPS/TOPS per precision
  std::optional<double> stated_tpp;          // the TPP a datasheet or source states, if any
  double die_area_mm2 = 0;                   // applicable (logic) die area
  double power_kw = 0;   // IT power with its share of host and network; PUE is the site's
  double price_usd = 0;  // the chip (or its rack share) alone; 0 when unknown
  // Installed cost / price_usd: scale-out network, storage and installation.
  // The loader copies the scenario's option here; an Accelerator built in code
  // costs its price_usd.
  double system_cost_factor = 1.0;
  double memory_gb = 0;
  double memory_bandwidth_gbps = 0;
  Quarter available_from;
  Provenance provenance;

  // TPP = dense TOPS x bit length, the highest over precisions (15 CFR 774, 3A090 note).
  double tpp() const;
  // TPP per mm^2 of applicable die area; 0 when the area is unknown.
  double performance_density() const;
  // What a chip costs the program installed: every capex, cost and unit cost
  // that turns chips into money reads this, never price_usd.
  double InstalledCostUsd() const { return price_usd * system_cost_factor; }
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
