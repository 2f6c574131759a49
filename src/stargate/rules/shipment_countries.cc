#include "stargate/rules/shipment_countries.h"

#include "stargate/model/model.h"

namespace stargate::rules {

std::vector<ShipmentProblem> ResolveShipmentCountries(const Scenario& scenario,
                                                      std::vector<Shipment>* shipments) {
  std::vector<ShipmentProblem> problems;
  const CountryResolver resolver(scenario.countries);
  for (size_t i = 0; i < shipments->size(); ++i) {
    Shipment& s = (*shipments)[i];
    for (auto [field, value] : {std::pair<const char*, std::string*>{"destination", &s.destination},
                                {"consignee_hq", &s.consignee_hq}}) {
      if (value->empty() && std::string_view(field) == "consignee_hq")
        continue;  // optional: the destination's
      const CountryResolution r = resolver.Resolve(*value, field);
      if (r.ok()) {
        *value = r.country->iso2;
      } else {
        problems.push_back({i, field, r.what, r.expected});
      }
    }
  }
  return problems;
}

}  // namespace stargate::rules
