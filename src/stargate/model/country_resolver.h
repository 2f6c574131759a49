// One answer to "which country does the user mean?" for every door: CLI
// arguments, shipment files and the API. A country is found by its ISO 3166
// alpha-2 code, its name or an alias from data/countries.yaml, in any case,
// with accents and punctuation ignored ("de", "Germany", "türkiye", "UAE",
// "south korea"). An unknown name gets a "did you mean"; a word several
// names share ("Korea") is ambiguous and lists them, never picks one.
#ifndef STARGATE_MODEL_COUNTRY_RESOLVER_H_
#define STARGATE_MODEL_COUNTRY_RESOLVER_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "stargate/model/country.h"

namespace stargate {

struct CountryResolution {
  const Country* country = nullptr;  // null when not found or ambiguous
  std::string what;  // the problem, e.g. "destination 'Germny' is not a known country (...)"
  std::string expected;
  bool ok() const { return country != nullptr; }
};

class CountryResolver {
 public:
  // Keeps a pointer to `countries`, which must outlive the resolver.
  explicit CountryResolver(const std::vector<Country>& countries);

  // `label` names the input in messages ("country", "destination").
  CountryResolution Resolve(std::string_view text, std::string_view label = "country") const;

  // Lower case ASCII, accents dropped, dots and apostrophes dropped, other
  // punctuation as single spaces, a leading "the " dropped:
  // "  The Côte-d'Ivoire " -> "cote divoire", "U.A.E." -> "uae".
  static std::string Normalize(std::string_view text);

 private:
  const std::vector<Country>* countries_;
  std::vector<std::pair<std::string, int>> names_;  // normalized name or alias -> country index
};

}  // namespace stargate

#endif  // STARGATE_MODEL_COUNTRY_RESOLVER_H_
