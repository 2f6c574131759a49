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

// The libraries each src/stargate/<dir>/CMakeLists.txt declares with
// stargate_library(stargate_<name> SOURCES ... DEPS ...): their direct
// stargate_* dependencies, and which library each listed source belongs to.
struct Build {
  Graph graph;                                           // library -> direct deps
  std::map<std::string, std::set<std::string>> in_dir;   // directory -> its libraries
  std::map<std::string, std::string> library_of_source;  // "dir/file.cc" -> library
};

Build ReadBuild() {
  Build build;
  const std::regex library(R"(stargate_library\(stargate_(\w+)([^)]*)\))");
  const std::regex word(R"([\w.]+)");
  for (const auto& entry : fs::directory_iterator(fs::path(SourceDir()) / "src/stargate")) {
    if (!entry.is_directory()) continue;
    const std::string dir = entry.path().filename().string();
    const std::string text = ReadAll(entry.path() / "CMakeLists.txt");
    for (std::sregex_iterator it(text.begin(), text.end(), library), end; it != end; ++it) {
      const std::string name = (*it)[1];
      build.in_dir[dir].insert(name);
      auto& deps = build.graph[name];
      const std::string args = (*it)[2];
      bool in_deps = false;
      for (std::sregex_iterator w(args.begin(), args.end(), word); w != end; ++w) {
        const std::string token = (*w)[0];
        if (token == "SOURCES" || token == "DEPS") {
          in_deps = token == "DEPS";
        } else if (!in_deps) {
          build.library_of_source[dir + "/" + token] = name;
        } else if (token.starts_with("stargate_") && token.find("testing") == std::string::npos) {
          deps.insert(token.substr(std::string("stargate_").size()));
        }
      }
    }
  }
  return build;
}

Graph GraphFromCMake() { return ReadBuild().graph; }

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
    for (std::sregex_iterator d(listed.begin(), listed.end(), name), end; d != end; ++d)
      deps.insert((*d)[1]);
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
    EXPECT_FALSE(Closure(built, module).count(module))
        << module << " depends on itself through a cycle";
    for (const auto& dep : deps)
      EXPECT_TRUE(built.count(dep)) << module << " depends on unknown module " << dep;
  }
}

// Library files (tests aside) include only their own directory and what
// their library depends on (a header: what any library of its directory
// depends on), and never another module's internal/ headers.
TEST(ArchitectureTest, NoFileIncludesAModuleItDoesNotDependOn) {
  const Build build = ReadBuild();
  const std::regex include(R"re(#include "stargate/(\w+)/([^"]+)")re");
  int files = 0;
  for (const auto& [dir, libraries] : build.in_dir) {
    for (const auto& entry :
         fs::recursive_directory_iterator(fs::path(SourceDir()) / "src/stargate" / dir)) {
      const std::string name = entry.path().filename().string();
      const bool source = name.ends_with(".cc") || name.ends_with(".h");
      if (!source || name.find("_test") != std::string::npos ||
          name.find("testing") != std::string::npos)
        continue;
      ++files;
      std::set<std::string> allowed;
      const auto own = build.library_of_source.find(dir + "/" + name);
      for (const auto& library : libraries) {
        if (own != build.library_of_source.end() && own->second != library) continue;
        allowed.insert(library);
        for (const auto& dep : Closure(build.graph, library)) allowed.insert(dep);
      }
      const std::string text = ReadAll(entry.path());
      for (std::sregex_iterator it(text.begin(), text.end(), include), end; it != end; ++it) {
        const std::string target = (*it)[1];
        const std::string header = (*it)[2];
        if (target == dir) continue;
        EXPECT_TRUE(allowed.count(target)) << entry.path() << " includes stargate/" << target << "/"
                                           << header << " but its library does not"
                                           << " depend on " << target;
        EXPECT_EQ(header.find("internal/"), std::string::npos)
            << entry.path() << " includes another module's internal header stargate/" << target
            << "/" << header;
      }
    }
  }
  EXPECT_GT(files, 100);
}

// A module's internal/ headers are its own: the program, the top-level
// tests, the benchmarks and the fuzzers reach a module through its other
// headers only (a module's own unit tests may look inside it).
TEST(ArchitectureTest, NothingOutsideAModuleIncludesItsInternals) {
  const std::regex include(R"re(#include "stargate/(\w+)/internal/([^"]+)")re");
  int files = 0;
  for (const char* top : {"apps", "tests", "bench", "fuzz"}) {
    for (const auto& entry : fs::recursive_directory_iterator(fs::path(SourceDir()) / top)) {
      const std::string name = entry.path().filename().string();
      if (!name.ends_with(".cc") && !name.ends_with(".h")) continue;
      ++files;
      const std::string text = ReadAll(entry.path());
      for (std::sregex_iterator it(text.begin(), text.end(), include), end; it != end; ++it) {
        ADD_FAILURE() << entry.path() << " includes stargate/" << (*it)[1] << "/internal/"
                      << (*it)[2];
      }
    }
  }
  EXPECT_GT(files, 50);
  // And the modules do have internals to keep.
  int internal_headers = 0;
  for (const auto& entry :
       fs::recursive_directory_iterator(fs::path(SourceDir()) / "src/stargate")) {
    if (entry.path().parent_path().filename() == "internal") ++internal_headers;
  }
  EXPECT_GT(internal_headers, 20);
}

// The modules whose surface is a front door: code outside them (other
// modules, their tests, the program, the top-level tests, the benchmarks and
// the fuzzers) includes these headers of theirs and no other. The rest of
// their public headers are what the front doors gather.
TEST(ArchitectureTest, OtherCodeEntersByTheFrontDoor) {
  const std::map<std::string, std::set<std::string>> front_doors = {
      {"rules", {"rules.h"}},
      // The two-stage plan is a library of its own (TBB, yaml-cpp).
      {"plan", {"plan.h", "stochastic.h"}},
      {"report", {"report.h", "partner_view.h"}},
      // The sampler is benchmarked on its own (bench/sim_bench).
      {"sim", {"sim.h", "sampler.h"}},
      // The JSON view of a hit is its own header, keeping nlohmann out of
      // screen.h; the binary index is fuzzed on its own (fuzz/screen_list_fuzz):
      // its bytes come from a cache file.
      {"screen", {"screen.h", "hit_json.h", "list_index.h"}},
      {"compliance", {"compliance.h"}},
      // Tests elsewhere make a fresh ledger on each backend with its fixture.
      {"ledger", {"ledger.h", "test_ledgers.h"}},
      // Other modules' unit tests share finance's hand-sized scenario and plan.
      {"finance", {"finance.h", "test_fixture.h"}},
      // The entities' JSON views and the bibliography bring nlohmann::json,
      // which only output code needs.
      {"model", {"model.h", "model_json.h", "bibliography.h"}},
      // The generator makes scenarios rather than reading them.
      {"scenario", {"scenario.h", "generator.h"}},
      // The API fuzzer dispatches requests to the service without sockets.
      {"server", {"server.h", "dispatch.h", "http_message.h", "service.h"}},
  };
  const std::regex include(R"re(#include "stargate/(\w+)/([^"]+)")re");
  int files = 0;
  for (const char* top : {"src/stargate", "apps", "tests", "bench", "fuzz"}) {
    for (const auto& entry : fs::recursive_directory_iterator(fs::path(SourceDir()) / top)) {
      const std::string name = entry.path().filename().string();
      if (!name.ends_with(".cc") && !name.ends_with(".h")) continue;
      const std::string relative =
          entry.path().lexically_relative(fs::path(SourceDir()) / "src/stargate").generic_string();
      const std::string own_module = relative.substr(0, relative.find('/'));
      ++files;
      const std::string text = ReadAll(entry.path());
      for (std::sregex_iterator it(text.begin(), text.end(), include), end; it != end; ++it) {
        const std::string module = (*it)[1];
        const auto doors = front_doors.find(module);
        if (doors == front_doors.end() || module == own_module) continue;
        EXPECT_TRUE(doors->second.count((*it)[2]))
            << entry.path() << " includes stargate/" << module << "/" << (*it)[2]
            << " instead of the module's front door";
      }
    }
  }
  EXPECT_GT(files, 300);
}

}  // namespace
