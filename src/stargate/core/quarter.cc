#include "stargate/core/quarter.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "stargate/core/diagnostic.h"

namespace stargate {
namespace {
constexpr int kMinYear = 1900;
constexpr int kMaxYear = 2200;
}  // namespace

absl::StatusOr<Quarter> Quarter::Parse(std::string_view text) {
  auto bad = [&] {
    return Problem(absl::StatusCode::kInvalidArgument,
                   absl::StrCat("'", std::string(text), "' is not a quarter"),
                   "YYYYQn such as 2025Q1");
  };
  if (text.size() != 6 || (text[4] != 'Q' && text[4] != 'q')) return bad();
  int year = 0;
  for (int i = 0; i < 4; ++i) {
    if (text[i] < '0' || text[i] > '9') return bad();
    year = year * 10 + (text[i] - '0');
  }
  const char n = text[5];
  if (n < '1' || n > '4') return bad();
  if (year < kMinYear || year > kMaxYear) return bad();
  return FromYearAndNumber(year, n - '0');
}

std::string Quarter::ToString() const { return absl::StrCat(year(), "Q", number()); }

}  // namespace stargate
