#include "stargate/rules/cap_usage.h"

#include <cctype>

namespace stargate::rules {

std::string NormalizeConsignee(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  bool space = false;
  for (char c : name) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

double CapUsage::CapUsed(const std::string& cap_id) const {
  auto it = cap_used_tpp.find(cap_id);
  return it == cap_used_tpp.end() ? 0 : it->second;
}

double CapUsage::LppUsed(const std::string& consignee, int year) const {
  auto it = lpp_used_tpp.find({NormalizeConsignee(consignee), year});
  return it == lpp_used_tpp.end() ? 0 : it->second;
}

void CapUsage::AddLpp(const std::string& consignee, int year, double tpp) {
  lpp_used_tpp[{NormalizeConsignee(consignee), year}] += tpp;
}

void CapUsage::AddFleet(const std::string& consignee, const std::string& country, double tpp) {
  fleet_tpp[{NormalizeConsignee(consignee), country}] += tpp;
}

}  // namespace stargate::rules
