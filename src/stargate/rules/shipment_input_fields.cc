#include "stargate/rules/internal/shipment_input_fields.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "stargate/core/text.h"

namespace stargate::rules::shipment_input {

const std::vector<std::string>& JsonFields() {
  static const std::vector<std::string> k = {"id",          "date",      "accelerator",  "quantity",
                                             "destination", "consignee", "consignee_hq", "end_use",
                                             "veu",         "end_user",  "owners"};
  return k;
}

const std::vector<std::string>& ChipFields() {
  static const std::vector<std::string> k = {"tpp", "die_area_mm2", "memory_bandwidth_gbps"};
  return k;
}

const std::vector<std::string>& OwnerFields() {
  static const std::vector<std::string> k = {"name", "share"};
  return k;
}

const std::vector<std::string>& CsvColumns() {
  static const std::vector<std::string> k = {
      "id",           "date",    "accelerator", "quantity", "destination",  "consignee",
      "consignee_hq", "end_use", "veu",         "tpp",      "die_area_mm2", "memory_bandwidth_gbps",
      "end_user",     "owners"};
  return k;
}

bool IsCountryText(std::string_view text) { return !text.empty() && text.size() <= 80; }

std::optional<VeuKind> ParseVeu(std::string_view text) {
  if (text.empty()) return VeuKind::kNone;
  return ParseEnum<VeuKind>(text);
}

std::string Suggest(std::string what, const std::string& word,
                    const std::vector<std::string>& candidates) {
  if (auto near = ClosestMatch(word, candidates))
    absl::StrAppend(&what, " (did you mean '", *near, "'?)");
  return what;
}

bool CheckChipNumber(const std::string& field, const std::string& key, double value, bool positive,
                     double max, const FieldProblem& problem) {
  if (!std::isfinite(value) || (positive ? value <= 0 : value < 0)) {
    problem(field, absl::StrCat("accelerator ", key, " is ", absl::StrFormat("%g", value)),
            positive ? "a number > 0" : "a number >= 0");
    return false;
  }
  if (value > max) {
    problem(field, absl::StrFormat("accelerator %s %g is more than %g", key, value, max),
            absl::StrFormat("at most %g (no accelerator comes near)", max));
    return false;
  }
  return true;
}

void CheckOwners(const std::vector<Owner>& owners,
                 const std::function<std::string(size_t, const std::string&)>& field_of,
                 const FieldProblem& problem) {
  double total = 0;
  bool shares_ok = true;
  for (size_t k = 0; k < owners.size(); ++k) {
    const Owner& owner = owners[k];
    if (!std::isfinite(owner.share) || owner.share < 0 || owner.share > 1) {
      problem(field_of(k, "share"),
              absl::StrFormat("owner '%s' has the share %g, outside 0..1", Excerpt(owner.name),
                              owner.share),
              "a share from 0 to 1 (0.25 for 25%)");
      shares_ok = false;
      continue;
    }
    total += owner.share;
  }
  // Shares only add: past 1 is wrong even when some owners could not be read.
  if (shares_ok && total > 1 + kShareSlack) {
    problem(field_of(owners.size(), ""),
            absl::StrFormat("the owners' shares add up to %.10g", total),
            "shares that add up to at most 1");
  }
}

namespace {

std::string_view Trim(std::string_view text) {
  const size_t first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

}  // namespace

std::vector<Owner> ParseOwnersCell(std::string_view cell, const FieldProblem& problem) {
  std::vector<Owner> owners;
  while (!cell.empty()) {
    const size_t semicolon = cell.find(';');
    const std::string_view part = Trim(cell.substr(0, semicolon));
    cell = semicolon == std::string_view::npos ? std::string_view() : cell.substr(semicolon + 1);
    if (part.empty()) continue;
    const size_t colon = part.rfind(':');
    Owner owner;
    owner.name = std::string(Trim(part.substr(0, colon)));
    if (colon == std::string_view::npos || owner.name.empty()) {
      problem("owners",
              absl::StrCat("owner '", Excerpt(part), "' has no ",
                           owner.name.empty() ? "name" : "share"),
              "Name:share pairs separated by ';', such as Holding A:0.3;Holding B:0.25");
      continue;
    }
    const std::string share(Trim(part.substr(colon + 1)));
    errno = 0;
    char* end = nullptr;
    owner.share = share.empty() ? NAN : std::strtod(share.c_str(), &end);
    if (share.empty() || errno != 0 || end != share.c_str() + share.size()) {
      problem("owners",
              absl::StrCat("owner '", Excerpt(owner.name), "' has the share '", Excerpt(share),
                           "', not a number"),
              "a share from 0 to 1 (0.25 for 25%)");
      continue;
    }
    owners.push_back(std::move(owner));
  }
  return owners;
}

}  // namespace stargate::rules::shipment_input
