// A calendar quarter such as 2025Q1: the planning time step.
#ifndef STARGATE_CORE_QUARTER_H_
#define STARGATE_CORE_QUARTER_H_

#include <compare>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace stargate {

class Quarter {
 public:
  // Quarters are stored as a single ordinal (year * 4 + quarter - 1) so that
  // arithmetic and comparison are plain integer operations.
  constexpr Quarter() = default;
  static constexpr Quarter FromYearAndNumber(int year, int number) {
    return Quarter(year * 4 + (number - 1));
  }
  static constexpr Quarter FromOrdinal(int ordinal) { return Quarter(ordinal); }

  // Accepts "2025Q1" (also lower-case q). Years 1900..2200.
  static absl::StatusOr<Quarter> Parse(std::string_view text);

  constexpr int year() const { return ordinal_ / 4; }
  constexpr int number() const { return ordinal_ % 4 + 1; }
  constexpr int ordinal() const { return ordinal_; }

  constexpr Quarter operator+(int quarters) const { return Quarter(ordinal_ + quarters); }
  constexpr Quarter operator-(int quarters) const { return Quarter(ordinal_ - quarters); }
  constexpr int operator-(Quarter other) const { return ordinal_ - other.ordinal_; }
  // clang-tidy 14 misreads a defaulted <=> as comparing a pointer with 0.
  // NOLINTNEXTLINE(modernize-use-nullptr)
  constexpr auto operator<=>(const Quarter&) const = default;

  std::string ToString() const;

 private:
  constexpr explicit Quarter(int ordinal) : ordinal_(ordinal) {}
  int ordinal_ = 0;
};

}  // namespace stargate

#endif  // STARGATE_CORE_QUARTER_H_
