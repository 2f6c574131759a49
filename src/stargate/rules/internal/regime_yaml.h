// Reading regime files (internal to the rules module): field readers for the
// value shapes regime files use (dates, date-versioned values, lists of
// groups), on top of the scenario loader's RecordReader so that every problem
// is reported as file:line:col with what was expected.
#ifndef STARGATE_RULES_INTERNAL_REGIME_YAML_H_
#define STARGATE_RULES_INTERNAL_REGIME_YAML_H_

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "stargate/core/record_reader.h"
#include "stargate/rules/regime.h"

namespace stargate::rules::internal {

// The readers below leave `out` alone and return true when the key is
// absent; Required() reports a missing key ("<kind> has no 'key'").
bool Required(RecordReader& r, const std::string& kind, const char* key,
              const std::string& expected);
bool ReadDateNode(RecordReader& r, const YAML::Node& node, const std::string& what, Date* out);
bool ReadDate(RecordReader& r, const char* key, Date* out);
bool ReadOptionalDate(RecordReader& r, const char* key, std::optional<Date>* out);
// A scalar or a list of scalars.
bool ReadTextList(RecordReader& r, const char* key, std::vector<std::string>* out);
// ISO codes or country-group memberships (D:5, EU, ...).
bool ReadPlaces(RecordReader& r, const char* key, std::vector<std::string>* out);
// A number, or a map {YYYY-MM-DD: number or null} of values by date.
bool ReadVersionedNumber(RecordReader& r, const char* key, const NumberRange& range,
                         Versioned<double>* out);
// A list of ISO codes, or a map {YYYY-MM-DD: list} of lists by date.
bool ReadVersionedCodes(RecordReader& r, const char* key, Versioned<std::vector<std::string>>* out);
bool ReadEccns(RecordReader& r, const char* key, std::vector<Eccn>* out);
// Group ids that must name groups of `regime`.
bool ReadGroupRefs(RecordReader& r, const Regime& regime, const char* key,
                   std::vector<std::string>* out);
bool ReadGroupRef(RecordReader& r, const Regime& regime, const char* key, std::string* out);
// Every rule's citation (required) and what in it is unconfirmed (optional).
void ReadCite(RecordReader& r, std::string* cite, std::string* unconfirmed);
bool ReadReviewPolicy(RecordReader& r, const char* key, std::optional<ReviewPolicy>* out);

// Section readers; each appends to `regime` what is valid.
void ReadRegimeBlock(const YAML::Node& node, const std::string& file, DiagnosticList* d,
                     Regime* regime);
void ReadClassification(const YAML::Node& node, const std::string& file, DiagnosticList* d,
                        Regime* regime);
void ReadGroups(const YAML::Node& list, const std::string& file, DiagnosticList* d, Regime* regime);
void ReadLicenseExceptions(const YAML::Node& node, const std::string& file, DiagnosticList* d,
                           Regime* regime);
void ReadValidatedEndUsers(const YAML::Node& node, const std::string& file, DiagnosticList* d,
                           Regime* regime);
void ReadLicenseRows(const YAML::Node& list, const std::string& file, DiagnosticList* d,
                     Regime* regime);
void ReadCaps(const YAML::Node& list, const std::string& file, DiagnosticList* d, Regime* regime);
void ReadAgreements(const YAML::Node& list, const std::string& file, DiagnosticList* d,
                    Regime* regime);
void ReadUpgrades(const YAML::Node& list, const std::string& file, DiagnosticList* d,
                  Regime* regime);
void ReadTimeline(const YAML::Node& list, const std::string& file, DiagnosticList* d,
                  Regime* regime);
void ReadAffiliatesRule(const YAML::Node& node, const std::string& file, DiagnosticList* d,
                        Regime* regime);
void ReadDuties(const YAML::Node& list, const std::string& file, DiagnosticList* d, Regime* regime);

}  // namespace stargate::rules::internal

#endif  // STARGATE_RULES_INTERNAL_REGIME_YAML_H_
