#include "stargate/screen/query_facts.h"

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "stargate/core/diagnostic.h"
#include "stargate/core/text.h"

namespace stargate::screen {
namespace {

// Debian's Abseil has its own string_view, so trim through std::string.
std::string Trimmed(std::string_view text) {
  const std::string copy(text);
  return std::string(absl::StripAsciiWhitespace(copy));
}

}  // namespace

absl::StatusOr<EntryType> ParseQueryType(std::string_view text) {
  const std::string word = absl::AsciiStrToLower(Trimmed(text));
  if (word == "person" || word == "individual") return EntryType::kIndividual;
  if (word == "organization" || word == "organisation" || word == "entity" || word == "company")
    return EntryType::kEntity;
  if (word == "vessel") return EntryType::kVessel;
  if (word == "aircraft") return EntryType::kAircraft;
  return Problem(absl::StatusCode::kInvalidArgument,
                 absl::StrCat("type '", Excerpt(text), "' is not known"),
                 "person, organization, vessel or aircraft");
}

absl::StatusOr<std::string> ParseImoNumber(std::string_view text) {
  std::string digits = Trimmed(text);
  if (digits.size() > 3 && absl::AsciiStrToUpper(digits.substr(0, 3)) == "IMO") {
    digits = Trimmed(std::string_view(digits).substr(3));
  }
  bool ok = digits.size() == 7;
  for (char c : digits) ok = ok && absl::ascii_isdigit(static_cast<unsigned char>(c));
  if (!ok) {
    return Problem(absl::StatusCode::kInvalidArgument,
                   absl::StrCat("IMO number '", Excerpt(text), "' is not seven digits"),
                   "a vessel's IMO number such as 9123456 or 'IMO 9123456'");
  }
  return digits;
}

absl::StatusOr<int> ParseBirthYear(std::string_view text) {
  int year = 0;
  if (!absl::SimpleAtoi(Trimmed(text), &year) || year < 1900 || year > 2100) {
    return Problem(absl::StatusCode::kInvalidArgument,
                   absl::StrCat("year of birth '", Excerpt(text), "' is not a year"),
                   "a year from 1900 to 2100");
  }
  return year;
}

QueryCountry MakeQueryCountry(std::string_view code, std::string_view name,
                              const std::vector<std::string>& aliases) {
  QueryCountry country{std::string(code), std::string(name), {}};
  auto add = [&](std::string_view text) {
    std::string key = CountryKey(text);
    if (key.empty()) return;
    for (const auto& k : country.keys) {
      if (k == key) return;
    }
    country.keys.push_back(std::move(key));
  };
  add(code);
  add(name);
  for (const auto& alias : aliases) add(alias);
  // "Myanmar (Burma)": each name of a name with another in brackets.
  if (const size_t open = country.name.find(" ("); open != std::string::npos) {
    add(std::string_view(country.name).substr(0, open));
    const size_t close = country.name.find(')', open);
    if (close != std::string::npos) add(country.name.substr(open + 2, close - open - 2));
  }
  return country;
}

}  // namespace stargate::screen
