#include "stargate/plan/solver.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

namespace stargate::plan {
namespace {

// max 3x + 2y  s.t.  x + y <= 4,  x + 3y <= 7,  x <= 3   (optimum x=3, y=1, value 11;
// only the first row binds)
LpModel SmallLp(bool integer_y = false) {
  LpModel lp;
  const int f = lp.AddFamily("v");
  const int x = lp.AddColumn({0, 3, -3, false, f}, "x");
  const int y = lp.AddColumn({0, kInfinity, -2, integer_y, f}, "y");
  const int r1 = lp.AddRow({-kInfinity, 4, f}, "r1");
  const int r2 = lp.AddRow({-kInfinity, 7, f}, "r2");
  lp.AddCoefficient(r1, x, 1);
  lp.AddCoefficient(r1, y, 1);
  lp.AddCoefficient(r2, x, 1);
  lp.AddCoefficient(r2, y, 3);
  return lp;
}

TEST(SolverTest, ClpFindsTheHandComputedOptimumAndDuals) {
  auto s = Solve(SmallLp(), {});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->status, SolveStatus::kOptimal);
  EXPECT_NEAR(s->objective, -11, 1e-9);
  EXPECT_NEAR(s->x[0], 3, 1e-9);
  EXPECT_NEAR(s->x[1], 1, 1e-9);
  // r1 binds: one more unit of it buys one more y, worth 2.
  EXPECT_NEAR(s->duals[0], -2, 1e-9);
  EXPECT_NEAR(s->duals[1], 0, 1e-9);
}

TEST(SolverTest, DualSharesPriceAPartOfTheCostsAtTheOptimalBasis) {
  // y is basic and r1 binds: r1's dual comes from y's cost alone.
  SolveOptions only_y;
  only_y.dual_share_costs = {0, -2};
  auto s = Solve(SmallLp(), only_y);
  ASSERT_TRUE(s.ok());
  ASSERT_EQ(s->dual_shares.size(), 2u);
  EXPECT_NEAR(s->dual_shares[0], -2, 1e-9);
  EXPECT_NEAR(s->duals[0], -2, 1e-9);  // the duals themselves are unchanged
  EXPECT_NEAR(s->x[0], 3, 1e-9);
  SolveOptions only_x;
  only_x.dual_share_costs = {-3, 0};
  auto t = Solve(SmallLp(), only_x);
  ASSERT_TRUE(t.ok());
  ASSERT_EQ(t->dual_shares.size(), 2u);
  EXPECT_NEAR(t->dual_shares[0], 0, 1e-9);
}

TEST(SolverTest, CbcAgreesWithClp) {
  SolveOptions options;
  options.solver = SolverKind::kCbc;
  auto s = Solve(SmallLp(true), options);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->status, SolveStatus::kOptimal);
  EXPECT_NEAR(s->objective, -11, 1e-9);
}

TEST(SolverTest, InfeasibleIsAStatusNotAnError) {
  LpModel lp = SmallLp();
  const int r = lp.AddRow({5, kInfinity, 0}, "impossible");
  lp.AddCoefficient(r, 0, 1);  // x >= 5 but x <= 3
  auto s = Solve(lp, {});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->status, SolveStatus::kInfeasible);
}

TEST(SolverTest, ExportedMpsSolvedByTheCbcProgramGivesTheSameObjective) {
  const auto path = std::filesystem::temp_directory_path() / "stargate_solver_test.mps";
  ASSERT_TRUE(WriteMps(SmallLp(), path.string()).ok());
  const std::string command = "cbc " + path.string() + " solve 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char buffer[4096];
  while (size_t n = fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
  pclose(pipe);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(
      output, m, std::regex("objective value:?\\s+(-?[0-9][0-9.eE+-]*)", std::regex::icase)))
      << output;
  EXPECT_NEAR(std::stod(m[1]), -11, 1e-6);
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace stargate::plan
