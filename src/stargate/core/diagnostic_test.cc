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

TEST(DiagnosticTest, AnUnknownLineOrNoLocationIsLeftOutOfTheText) {
  Diagnostic d;
  d.location.file = "nope.yaml";
  d.what = "cannot open 'nope.yaml'";
  d.expected = "an existing, readable file";
  EXPECT_EQ(d.ToString(),
            "nope.yaml: cannot open 'nope.yaml'; expected an existing, readable file");
  d.location.file.clear();
  EXPECT_EQ(d.ToString(), "cannot open 'nope.yaml'; expected an existing, readable file");
  EXPECT_EQ(d.LocatedWhat(), "cannot open 'nope.yaml'");
}

TEST(DiagnosticTest, AStatusCarriesItsProblemsApart) {
  DiagnosticList list;
  list.Add({"a.yaml", 3, 7}, "value '1; expected 2' is odd", "an even number");
  list.Add({"a.yaml", 9, 2}, "late line", "");
  const std::vector<Diagnostic> problems = ProblemsOf(list.ToStatus());
  ASSERT_EQ(problems.size(), 2u);
  // The what keeps its own "; expected": nothing is split at that text.
  EXPECT_EQ(problems[0].what, "value '1; expected 2' is odd");
  EXPECT_EQ(problems[0].expected, "an even number");
  EXPECT_EQ(problems[0].location.ToString(), "a.yaml:3:7");
  EXPECT_EQ(problems[1].what, "late line");
  EXPECT_EQ(problems[1].expected, "");

  const absl::Status missing =
      Problem(absl::StatusCode::kNotFound, "no entry 7", "an entry it holds");
  EXPECT_EQ(missing.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(missing.message(), "no entry 7; expected an entry it holds");
  ASSERT_EQ(ProblemsOf(missing).size(), 1u);
  EXPECT_EQ(ProblemsOf(missing)[0].expected, "an entry it holds");
}

TEST(DiagnosticTest, AForeignStatusIsOneProblemWithItsWholeMessage) {
  const absl::Status foreign = absl::InternalError("disk on fire; expected nothing");
  const std::vector<Diagnostic> problems = ProblemsOf(foreign);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].what, "disk on fire; expected nothing");
  EXPECT_EQ(problems[0].expected, "");
  EXPECT_TRUE(ProblemsOf(absl::OkStatus()).empty());
}

}  // namespace
}  // namespace stargate
