// What was already shipped, as the rules need it: TPP used per cap, License
// Exception LPP allowance used per consignee and calendar year, and where each
// validated end user's compute already sits (for the UVEU share rules). The
// rules module never stores this itself: the ledger fills it and the engine
// returns it updated.
#ifndef STARGATE_RULES_CAP_USAGE_H_
#define STARGATE_RULES_CAP_USAGE_H_

#include <map>
#include <string>
#include <string_view>
#include <utility>

namespace stargate::rules {

// Consignees are matched by their canonical name (core/party_name.h): case,
// width, invisible characters, runs of spaces and look-alike letters aside.
std::string NormalizeConsignee(std::string_view name);

struct CapUsage {
  std::map<std::string, double> cap_used_tpp;                  // cap id -> TPP
  std::map<std::pair<std::string, int>, double> lpp_used_tpp;  // (normalized consignee, year)
  // (normalized consignee, destination ISO) -> TPP shipped to that consignee there.
  std::map<std::pair<std::string, std::string>, double> fleet_tpp;

  double CapUsed(const std::string& cap_id) const;
  double LppUsed(const std::string& consignee, int year) const;
  void AddCap(const std::string& cap_id, double tpp) { cap_used_tpp[cap_id] += tpp; }
  void AddLpp(const std::string& consignee, int year, double tpp);
  void AddFleet(const std::string& consignee, const std::string& country, double tpp);
  bool empty() const { return cap_used_tpp.empty() && lpp_used_tpp.empty() && fleet_tpp.empty(); }
};

}  // namespace stargate::rules

#endif  // STARGATE_RULES_CAP_USAGE_H_
