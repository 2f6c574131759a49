#include "stargate/rules/cap_usage.h"

#include "stargate/core/party_name.h"

namespace stargate::rules {

std::string NormalizeConsignee(std::string_view name) { return CanonicalPartyName(name); }

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
