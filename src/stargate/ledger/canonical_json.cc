#include "stargate/ledger/internal/canonical_json.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "stargate/core/diagnostic.h"

namespace stargate::ledger {
namespace {

bool AllFinite(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::number_float:
      return std::isfinite(value.get<double>());
    case nlohmann::json::value_t::object:
    case nlohmann::json::value_t::array:
      for (const auto& item : value) {
        if (!AllFinite(item)) return false;
      }
      return true;
    default:
      return true;
  }
}

}  // namespace

absl::StatusOr<std::string> CanonicalJson(const nlohmann::json& value) {
  if (!AllFinite(value)) {
    return Problem(absl::StatusCode::kInvalidArgument, "a number is NaN or infinite",
                   "finite numbers (JSON cannot hold others)");
  }
  try {
    return value.dump(-1, ' ', /*ensure_ascii=*/false, nlohmann::json::error_handler_t::strict);
  } catch (const nlohmann::json::exception& e) {
    return Problem(absl::StatusCode::kInvalidArgument,
                   absl::StrCat("text is not valid UTF-8 (", e.what(), ")"), "UTF-8 strings");
  }
}

std::string CanonicalIncrements(const Increments& increments) {
  // Written directly (valid keys need no escaping) rather than through a JSON
  // object: this runs once per appended entry. Numbers use nlohmann's form.
  std::string out = "{";
  for (const auto& [key, amount] : increments) {
    if (out.size() > 1) out += ',';
    absl::StrAppend(&out, "\"", key, "\":", nlohmann::json(amount).dump());
  }
  out += '}';
  return out;
}

}  // namespace stargate::ledger
