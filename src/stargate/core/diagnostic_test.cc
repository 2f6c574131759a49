#include "stargate/core/diagnostic.h"

#include <gtest/gtest.h>

namespace stargate {
namespace {

TEST(DiagnosticTest, FormatsFileLineColumnAndExpectation) {
  Diagnostic d;  // member by member: GCC 12 warns falsely on the aggregate form here
  d.location = TextLocation{"data/sites.yaml", 12, 5};
  d.what = "unknown key 'pue2'";
  d.expected = "one of pue, lat";
  EXPECT_EQ(d.ToString(), "data/sites.yaml:12:5: unknown key 'pue2'; expected one of pue, lat");
}

TEST(DiagnosticTest, ListSortsAndJoinsIntoOneStatus) {
  DiagnosticList list;
  EXPECT_TRUE(list.ToStatus().ok());
  list.Add({"b.yaml", 1, 1}, "second file", "x");
  list.Add({"a.yaml", 9, 2}, "late line", "y");
  list.Add({"a.yaml", 3, 7}, "early line", "z");
  list.Sort();
  const absl::Status status = list.ToStatus();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(),
            "a.yaml:3:7: early line; expected z\n"
            "a.yaml:9:2: late line; expected y\n"
            "b.yaml:1:1: second file; expected x");
}

}  // namespace
}  // namespace stargate
