// The module graph as built, as documented and as included, must agree:
// docs/architecture.md's table equals the stargate_* DEPS each module's
// CMakeLists.txt declares, the graph has no cycle, and no library file
// includes a module it does not (transitively) depend on, nor another
// module's internal/ headers.
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "gtest/gtest.h"

namespace {

namespace fs = std::filesystem;
using Graph = std::map<std::string, std::set<std::string>>;

std::string SourceDir() {
  const char* dir = std::getenv("STARGATE_SOURCE_DIR");
  return dir ? dir : STARGATE_SOURCE_DIR;
}

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Direct module dependencies from each src/stargate/<m>/CMakeLists.txt's
// stargate_library(stargate_<m> ... DEPS ...) call.
Graph GraphFromCMake() {
  Graph graph;
  const std::regex library(R"(stargate_library\(stargate_(\w+)([^)]*)\))");
  const std::regex dep(R"(\bstargate_(\w+))");
  for (const auto& entry : fs::directory_iterator(fs::path(SourceDir()) / "src/stargate")) {
    if (!entry.is_directory()) continue;
    const std::string text = ReadAll(entry.path() / "CMakeLists.txt");
    for (std::sregex_iterator it(text.begin(), text.end(), library), end; it != end; ++it) {
      const std::string module = (*it)[1];
      auto& deps = graph[module];
      const std::string args = (*it)[2];
      const auto deps_at = args.find("DEPS");
      if (deps_at == std::string::npos) continue;
      const std::string listed = args.substr(deps_at);
      for (std::sregex_iterator d(listed.begin(), listed.end(), dep); d != end; ++d) {
        const std::string name = (*d)[1];
        if (name.find("testing") == std::string::npos) deps.insert(name);
      }
    }
  }
  return graph;
}

// The table of docs/architecture.md: | `module` | `dep`, `dep` | why |.
Graph GraphFromDocs() {
  Graph graph;
  std::istringstream lines(ReadAll(fs::path(SourceDir()) / "docs/architecture.md"));
  const std::regex row(R"(^\| `(\w+)` \| ([^|]*)\|)");
  const std::regex name("`(\\w+)`");
  std::string line;
  while (std::getline(lines, line)) {
    std::smatch m;
    if (!std::regex_search(line, m, row)) continue;
    auto& deps = graph[m[1]];
    const std::string listed = m[2];
    for (std::sregex_iterator d(listed.begin(), listed.end(), name), end; d != end; ++d) deps.insert((*d)[1]);
  }
  return graph;
}

std::set<std::string> Closure(const Graph& graph, const std::string& module) {
  std::set<std::string> seen;
  std::vector<std::string> todo(graph.at(module).begin(), graph.at(module).end());
  while (!todo.empty()) {
    const std::string next = todo.back();
    todo.pop_back();
    if (!seen.insert(next).second || !graph.count(next)) continue;
    todo.insert(todo.end(), graph.at(next).begin(), graph.at(next).end());
  }
  return seen;
}

TEST(ArchitectureTest, TheDocumentedGraphIsTheBuiltGraph) {
  const Graph built = GraphFromCMake();
  const Graph documented = GraphFromDocs();
  ASSERT_GE(built.size(), 12u) << "expected every module under src/stargate";
  EXPECT_EQ(documented, built) << "docs/architecture.md's table differs from the CMake DEPS";
}

TEST(ArchitectureTest, ModulesDependDownwardOnly) {
  const Graph built = GraphFromCMake();
  for (const auto& [module, deps] : built) {
    EXPECT_FALSE(Closure(built, module).count(module)) << module << " depends on itself through a cycle";
    for (const auto& dep : deps) EXPECT_TRUE(built.count(dep)) << module << " depends on unknown module " << dep;
  }
}

// Library files (tests aside) include only their own module and what it
// depends on, and never another module's internal/ headers.
TEST(ArchitectureTest, NoFileIncludesAModuleItDoesNotDependOn) {
  const Graph built = GraphFromCMake();
  const std::regex include(R"re(#include "stargate/(\w+)/([^"]+)")re");
  int files = 0;
  for (const auto& [module, deps] : built) {
    const std::set<std::string> allowed = Closure(built, module);
    for (const auto& entry : fs::recursive_directory_iterator(fs::path(SourceDir()) / "src/stargate" / module)) {
      const std::string name = entry.path().filename().string();
      const bool source = name.ends_with(".cc") || name.ends_with(".h");
      if (!source || name.find("_test") != std::string::npos || name.find("testing") != std::string::npos) continue;
      ++files;
      const std::string text = ReadAll(entry.path());
      for (std::sregex_iterator it(text.begin(), text.end(), include), end; it != end; ++it) {
        const std::string target = (*it)[1];
        const std::string header = (*it)[2];
        if (target == module) continue;
        EXPECT_TRUE(allowed.count(target))
            << entry.path() << " includes stargate/" << target << "/" << header << " but " << module
            << " does not depend on " << target;
        EXPECT_EQ(header.find("internal/"), std::string::npos)
            << entry.path() << " includes another module's internal header stargate/" << target << "/" << header;
      }
    }
  }
  EXPECT_GT(files, 100);
}

}  // namespace
