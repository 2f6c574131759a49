// What the JSON and CSV shipment readers share: the accepted fields, their
// bounds and their "expected" texts, and the checks of values that both
// formats carry (veu, the owners' shares), so that both refuse the same
// input with the same words.
#ifndef STARGATE_RULES_INTERNAL_SHIPMENT_INPUT_FIELDS_H_
#define STARGATE_RULES_INTERNAL_SHIPMENT_INPUT_FIELDS_H_

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stargate/rules/shipment.h"

namespace stargate::rules::shipment_input {

inline constexpr const char* kCountryExpected =
    "a country name or ISO 3166 alpha-2 code such as Germany or DE";
inline constexpr const char* kQuantityExpected = "a positive integer such as 8";
inline constexpr const char* kDateExpected = "a date YYYY-MM-DD";
inline constexpr const char* kVeuExpected = "one of uveu, nveu (or nothing)";
inline constexpr const char* kOwnersExpected =
    "a list of owners such as [{\"name\": \"Holding A\", \"share\": 0.3}]";

// Bounds that keep every product the engine forms (quantity x TPP, summed over
// a year's ledger) finite and exact enough to record: far above any real
// shipment or chip (an H100 has a TPP of about 16,000 and a die of 814 mm2).
inline constexpr long long kMaxQuantity = 1'000'000'000;
inline constexpr double kMaxTpp = 1e9;
inline constexpr double kMaxDieAreaMm2 = 1e6;
inline constexpr double kMaxBandwidthGbps = 1e9;
// Shares are decimals that need not add up exactly.
inline constexpr double kShareSlack = 1e-9;

// The members of a shipment object and the columns of a CSV file.
const std::vector<std::string>& JsonFields();
const std::vector<std::string>& ChipFields();
const std::vector<std::string>& OwnerFields();
const std::vector<std::string>& CsvColumns();

std::optional<VeuKind> ParseVeu(std::string_view text);

// Whether `text` can name a country (a code or a name, 1..80 bytes); which
// country it names is the scenario's to say (shipment_countries.h).
bool IsCountryText(std::string_view text);

// `what` with " (did you mean 'x'?)" when `word` is a plausible typo of a candidate.
std::string Suggest(std::string what, const std::string& word,
                    const std::vector<std::string>& candidates);

// A problem with a field of the record being read ("owners.1.share" for a
// nested one; see ShipmentReader::Locate).
using FieldProblem =
    std::function<void(const std::string& field, std::string what, std::string expected)>;

// Checks a hypothetical chip's metric against its bounds; reports and returns
// false when it is out of them. `positive`: 0 is not allowed.
bool CheckChipNumber(const std::string& field, const std::string& key, double value, bool positive,
                     double max, const FieldProblem& problem);

// Checks read owners' shares: each within 0..1, and together at most 1.
// `field_of(k, member)` says where owner k's member is (k past the end and
// "" for the whole list).
void CheckOwners(const std::vector<Owner>& owners,
                 const std::function<std::string(size_t k, const std::string& member)>& field_of,
                 const FieldProblem& problem);

// The CSV form of owners, "Name A:0.3;Name B:0.25" (a name ends at its last
// ':'); problems go to the owners cell.
std::vector<Owner> ParseOwnersCell(std::string_view cell, const FieldProblem& problem);

}  // namespace stargate::rules::shipment_input

#endif  // STARGATE_RULES_INTERNAL_SHIPMENT_INPUT_FIELDS_H_
