// `mpirun -np R stargate plan --stochastic` against one process: the output
// directory byte for byte (every file, the per-scenario shipments included),
// on the default scenario with 2 ranks and on the small one with 3 (items
// dealt unevenly); and that only rank 0 speaks.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli_runner.h"
#include "mpi_runner.h"

namespace stargate::testing {
namespace {

namespace fs = std::filesystem;

// Every file under `dir` by its relative path, with its bytes.
std::map<std::string, std::string> Files(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file())
      out[fs::relative(entry.path(), dir).string()] = ReadFile(entry.path());
  }
  return out;
}

void ExpectSameOnRanks(const std::string& scenario, int ranks, const std::string& count,
                       const std::string& method = "ef") {
  const std::string dir = MakeTempDir();
  const std::vector<std::string> args = {
      "plan",   scenario, "--stochastic", "--scenarios", count,
      "--seed", "5",      "--method",     method,        "--out"};
  auto with_out = [&](const std::string& out) {
    auto a = args;
    a.push_back(out);
    return a;
  };
  auto alone = RunStargate(with_out(dir + "/one"));
  ASSERT_EQ(alone.exit_code, 0) << alone.err;
  auto spread = RunUnderMpirun(ranks, with_out(dir + "/many"), dir);
  ASSERT_EQ(spread.exit_code, 0) << spread.err << spread.out;
  EXPECT_THAT(spread.out, ::testing::HasSubstr(std::to_string(ranks) + " MPI ranks"));
  // Rank 0 alone prints its summary: one status line, not one per rank.
  EXPECT_EQ(spread.out.find("status "), spread.out.rfind("status ")) << spread.out;

  const auto one = Files(dir + "/one"), many = Files(dir + "/many");
  ASSERT_GE(one.size(), 10u);
  EXPECT_TRUE(one.count("first_stage.csv") && one.count("scenarios/s1-shipments.json"));
  ASSERT_EQ(one.size(), many.size());
  for (const auto& [name, bytes] : one) {
    auto it = many.find(name);
    ASSERT_NE(it, many.end()) << name << " missing with " << ranks << " ranks";
    EXPECT_TRUE(it->second == bytes) << name << " differs with " << ranks << " ranks";
  }
  // The figures gathered from the other ranks are there, not zeros.
  const auto block = nlohmann::json::parse(one.at("plan.json"))["stochastic"];
  EXPECT_GT(block["wait_and_see_cost_usd"].get<double>(), 0);
  EXPECT_FALSE(block["mean_value_first_stage_expected_cost_usd"].is_null());
  EXPECT_GE(block["evpi_usd"].get<double>(), -1e-6 * block["expected_cost_usd"].get<double>());
  fs::remove_all(dir);
}

TEST(PlanStochasticMpiTest, TwoRanksWriteTheSameFilesAsOneProcess) {
  ExpectSameOnRanks(SourceDir() + "/data/scenarios/stargate-global.yaml", 2, "3");
}

TEST(PlanStochasticMpiTest, ThreeRanksDealTheSolvesUnevenlyAndStillAgree) {
  ExpectSameOnRanks(SourceDir() + "/data/scenarios/small.yaml", 3, "4");
}

// The decomposition's subproblems dealt over 2 and 3 ranks (the master on
// rank 0, first-stage points broadcast each iteration): the same files.
TEST(PlanStochasticMpiTest, DecompositionOnTwoAndThreeRanksWritesTheSameFiles) {
  ExpectSameOnRanks(SourceDir() + "/data/scenarios/small.yaml", 2, "4", "decomposition");
  ExpectSameOnRanks(SourceDir() + "/data/scenarios/small.yaml", 3, "4", "decomposition");
}

// An input error is reported once (by rank 0) and every rank exits 2.
TEST(PlanStochasticMpiTest, BadInputUnderMpirunIsOneLocatedErrorWithExit2) {
  const std::string dir = MakeTempDir();
  auto run = RunUnderMpirun(2,
                            {"plan", SourceDir() + "/data/scenarios/small.yaml", "--stochastic",
                             "--scenarios", "0", "--out", dir + "/x"},
                            dir);
  EXPECT_EQ(run.exit_code, 2) << run.err;
  const std::string line = "scenario count '0'";
  ASSERT_NE(run.err.find(line), std::string::npos) << run.err;
  EXPECT_EQ(run.err.find(line), run.err.rfind(line)) << run.err;
  EXPECT_FALSE(fs::exists(dir + "/x"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace stargate::testing
