#include "stargate/model/accelerator.h"

#include <algorithm>
#include <cmath>

namespace stargate {

double ComputeTpp(const std::map<Precision, double>& dense_tflops) {
  double best = 0;
  for (const auto& [precision, tflops] : dense_tflops) {
    best = std::max(best, tflops * BitLength(precision));
  }
  return best;
}

double Accelerator::tpp() const { return ComputeTpp(dense_tflops); }

double Accelerator::performance_density() const {
  return die_area_mm2 > 0 ? tpp() / die_area_mm2 : 0;
}

bool StatedTppAgrees(double stated, double computed) {
  return std::fabs(stated - computed) <= 0.005 * std::max(std::fabs(stated), std::fabs(computed));
}

}  // namespace stargate
