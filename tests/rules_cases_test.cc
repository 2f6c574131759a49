// Rule cases: every tests/rules_cases/*.yaml file holds cases of the form
// "these shipments (and this prior usage) -> these decisions", run against the
// shipped regimes and the default scenario. Each case is its own test.
//
//   cases:
//     - name: LPP at exactly 26,900,000 TPP
//       regime: ai-diffusion-2025          # optional; default by_date
//       usage: {caps: {ID: TPP}, lpp: [{consignee: C, year: Y, tpp: T}],
//               fleet: [{consignee: C, country: CC, tpp: T}]}          # optional
//       compliance: {AE: {datacenter_security_standard: true}}       # optional overrides
//       shipments: [ ...as for `stargate check`... ]
//       expect:
//         - id: s1                     # every other key is optional
//           regime: ..., classification: ..., tier: ..., outcome: ..., exception: LPP|null,
//           review_policy: ...|null, tpp_total: N, permits: true|false,
//           caps: [{id: ..., limit_tpp: N, used_tpp_before: N, used_tpp_after: N,
//                   remaining_tpp: N}]        # listed caps must be present with these values
//           caps_count: N, trace: [rule, ...] (exact), results: [substring, ...],
//           cites: [substring, ...], input_error: substring
//       usage_after: {caps: {ID: TPP}}   # optional
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "stargate/model/bibliography.h"
#include "stargate/rules/rules.h"
#include "stargate/scenario/scenario.h"

namespace stargate::rules {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct Case {
  std::string file;
  std::string name;
  YAML::Node node;
};

// How gtest shows a case (in ctest's test list too): its file and name, not its bytes.
void PrintTo(const Case& c, std::ostream* os) { *os << c.file << ": " << c.name; }

std::string SourceDir() {
  const char* env = std::getenv("STARGATE_SOURCE_DIR");
  return env && *env ? env : STARGATE_SOURCE_DIR;
}

// YAML -> JSON, keeping quoted scalars as text and plain ones typed.
json ToJson(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      json j = json::object();
      for (auto it = node.begin(); it != node.end(); ++it)
        j[it->first.Scalar()] = ToJson(it->second);
      return j;
    }
    case YAML::NodeType::Sequence: {
      json j = json::array();
      for (const auto& item : node) j.push_back(ToJson(item));
      return j;
    }
    case YAML::NodeType::Scalar: {
      const std::string& s = node.Scalar();
      if (node.Tag() == "!") return s;
      if (s == "true") return true;
      if (s == "false") return false;
      if (s == "null" || s == "~") return nullptr;
      char* end = nullptr;
      const long long i = std::strtoll(s.c_str(), &end, 10);
      if (!s.empty() && end == s.c_str() + s.size()) return i;
      const double d = std::strtod(s.c_str(), &end);
      if (!s.empty() && end == s.c_str() + s.size()) return d;
      return s;
    }
    default:
      return nullptr;
  }
}

std::vector<Case> LoadCases() {
  std::vector<Case> cases;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(SourceDir() + "/tests/rules_cases")) {
    if (entry.path().extension() == ".yaml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    const YAML::Node root = YAML::LoadFile(path.string());
    for (const auto& c : root["cases"]) {
      cases.push_back({path.filename().string(), c["name"].as<std::string>(), c});
    }
  }
  return cases;
}

const Scenario& DefaultScenario() {
  static const Scenario scenario = [] {
    auto s = LoadScenario(SourceDir() + "/data/scenarios/stargate-global.yaml");
    if (!s.ok()) std::abort();
    return *s;
  }();
  return scenario;
}

const RegimeCatalog& Regimes() {
  static const RegimeCatalog catalog = [] {
    auto c = LoadRegimeCatalog(SourceDir() + "/data/regimes");
    if (!c.ok()) std::abort();
    return *c;
  }();
  return catalog;
}

bool Near(double a, double b) { return std::fabs(a - b) <= 1e-6 * std::max(1.0, std::fabs(b)); }

class RulesCaseTest : public ::testing::TestWithParam<Case> {};

// A misspelled key would silently check nothing: refuse it.
void ExpectOnlyKeys(const YAML::Node& node, const std::vector<std::string>& allowed,
                    const std::string& where) {
  for (auto it = node.begin(); it != node.end(); ++it) {
    EXPECT_NE(std::find(allowed.begin(), allowed.end(), it->first.Scalar()), allowed.end())
        << "unknown key '" << it->first.Scalar() << "' in " << where;
  }
}

TEST_P(RulesCaseTest, Decides) {
  const Case& c = GetParam();
  const YAML::Node& node = c.node;
  ExpectOnlyKeys(node,
                 {"name", "regime", "source", "usage", "compliance", "shipments",
                  "restricted_parties", "expect", "usage_after"},
                 "case");
  for (const auto& expect : node["expect"]) {
    ExpectOnlyKeys(expect,
                   {"id", "regime", "classification", "tier", "outcome", "exception",
                    "review_policy", "tpp_total", "permits", "caps", "caps_count", "trace",
                    "results", "cites", "input_error", "conditions"},
                   "expect");
  }
  Scenario scenario = DefaultScenario();
  if (node["compliance"]) {
    for (auto it = node["compliance"].begin(); it != node["compliance"].end(); ++it) {
      Country* country = nullptr;
      for (auto& k : scenario.countries) {
        if (k.iso2 == it->first.Scalar()) country = &k;
      }
      ASSERT_NE(country, nullptr) << it->first.Scalar();
      for (auto f = it->second.begin(); f != it->second.end(); ++f) {
        const std::string field = f->first.Scalar();
        ComplianceProfile& p = country->compliance;
        p.since.erase(field);  // an override holds on every date
        if (field == "g2g_agreement")
          p.g2g_agreement = f->second.as<bool>();
        else if (field == "security_agreement_signed")
          p.security_agreement_signed = f->second.as<bool>();
        else if (field == "datacenter_security_standard")
          p.datacenter_security_standard = f->second.as<bool>();
        else if (field == "export_control_alignment")
          p.export_control_alignment = f->second.as<bool>();
        else if (field == "diversion_incidents")
          p.diversion_incidents = f->second.as<int>();
        else
          FAIL() << "unknown compliance field " << field;
      }
    }
  }
  CapUsage usage;
  if (const YAML::Node u = node["usage"]) {
    if (u["caps"]) {
      for (auto it = u["caps"].begin(); it != u["caps"].end(); ++it) {
        usage.AddCap(it->first.Scalar(), it->second.as<double>());
      }
    }
    for (const auto& l : u["lpp"]) {
      usage.AddLpp(l["consignee"].as<std::string>(), l["year"].as<int>(), l["tpp"].as<double>());
    }
    for (const auto& f : u["fleet"]) {
      usage.AddFleet(f["consignee"].as<std::string>(), f["country"].as<std::string>(),
                     f["tpp"].as<double>());
    }
  }
  ShipmentReader reader(ToJson(node["shipments"]).dump(), c.file);
  DiagnosticList problems;
  std::vector<Shipment> shipments;
  ASSERT_TRUE(reader.Read(&shipments, &problems)) << problems.ToStatus();
  // Screening results the compliance module would attach: {shipment id: [match, ...]}.
  if (const YAML::Node rp = node["restricted_parties"]) {
    for (auto it = rp.begin(); it != rp.end(); ++it) {
      Shipment* target = nullptr;
      for (auto& s : shipments) {
        if (s.id == it->first.Scalar()) target = &s;
      }
      ASSERT_NE(target, nullptr) << "restricted_parties names no shipment " << it->first.Scalar();
      const YAML::Node listed =
          it->second;  // named: it->second is a proxy a range-for would outlive
      for (const auto& m : listed) {
        ExpectOnlyKeys(m,
                       {"list", "kind", "party", "entry_id", "entry_name", "matched_name", "score",
                        "threshold", "review_threshold", "license_policy", "federal_register"},
                       "restricted_parties");
        RestrictedPartyMatch match;
        match.list = m["list"].as<std::string>();
        match.party = m["party"] ? m["party"].as<std::string>() : "consignee";
        match.entry_id = m["entry_id"] ? m["entry_id"].as<std::string>() : "";
        match.entry_name = m["entry_name"] ? m["entry_name"].as<std::string>() : "";
        match.matched_name = m["matched_name"] ? m["matched_name"].as<std::string>() : "";
        match.score = m["score"].as<double>();
        match.threshold = m["threshold"].as<double>();
        if (m["review_threshold"]) match.review_threshold = m["review_threshold"].as<double>();
        if (m["license_policy"]) {
          match.license_policy = ParseReviewPolicy(m["license_policy"].as<std::string>());
          ASSERT_TRUE(match.license_policy.has_value()) << m["license_policy"].as<std::string>();
        }
        if (m["federal_register"]) match.federal_register = m["federal_register"].as<std::string>();
        target->restricted_parties.push_back(std::move(match));
      }
    }
  }
  const std::string regime = node["regime"] ? node["regime"].as<std::string>() : "by_date";
  const Engine engine(Regimes(), scenario);
  CapUsage after;
  const auto decisions = Evaluate(engine, shipments, regime, usage, true, &after);
  ASSERT_EQ(decisions.size(), shipments.size());

  for (const auto& expect : node["expect"]) {
    const std::string id = expect["id"].as<std::string>();
    const Decision* found = nullptr;
    for (const auto& d : decisions) {
      if (d.id == id) found = &d;
    }
    ASSERT_NE(found, nullptr) << "no decision for " << id;
    const Decision& d = *found;
    const json j = rules::ToJson(d);
    SCOPED_TRACE("decision " + id + ": " + j.dump(1));
    for (const char* field :
         {"regime", "classification", "tier", "outcome", "exception", "review_policy"}) {
      if (!expect[field]) continue;
      const json want = ToJson(expect[field]);
      EXPECT_EQ(j[field], want) << field;
    }
    if (expect["tpp_total"]) {
      EXPECT_TRUE(Near(d.tpp_total, expect["tpp_total"].as<double>())) << d.tpp_total;
    }
    if (expect["permits"]) {
      EXPECT_EQ(Permits(d), expect["permits"].as<bool>());
    }
    if (expect["caps_count"]) {
      EXPECT_EQ(d.caps.size(), expect["caps_count"].as<size_t>());
    }
    for (const auto& cap : expect["caps"]) {
      const std::string cap_id = cap["id"].as<std::string>();
      const CapState* state = nullptr;
      for (const auto& s : d.caps) {
        if (s.id == cap_id) state = &s;
      }
      ASSERT_NE(state, nullptr) << "cap " << cap_id << " not in the decision";
      const std::pair<const char*, double> values[] = {{"limit_tpp", state->limit_tpp},
                                                       {"used_tpp_before", state->used_tpp_before},
                                                       {"used_tpp_after", state->used_tpp_after},
                                                       {"remaining_tpp", state->remaining_tpp()}};
      for (const auto& [key, value] : values) {
        if (cap[key]) {
          EXPECT_TRUE(Near(value, cap[key].as<double>())) << cap_id << " " << key << " " << value;
        }
      }
    }
    if (expect["trace"]) {
      std::vector<std::string> rules;
      for (const auto& step : d.trace) rules.push_back(step.rule);
      EXPECT_EQ(rules, expect["trace"].as<std::vector<std::string>>());
    }
    for (const auto& want : expect["results"]) {
      bool hit = false;
      for (const auto& step : d.trace)
        hit = hit || step.result.find(want.as<std::string>()) != std::string::npos;
      EXPECT_TRUE(hit) << "no step result contains '" << want.as<std::string>() << "'";
    }
    for (const auto& want : expect["cites"]) {
      bool hit = false;
      for (const auto& step : d.trace)
        hit = hit || step.cite.find(want.as<std::string>()) != std::string::npos;
      EXPECT_TRUE(hit) << "no step cites '" << want.as<std::string>() << "'";
    }
    for (const auto& want : expect["conditions"]) {
      bool hit = false;
      for (const auto& condition : d.conditions)
        hit = hit || condition.find(want.as<std::string>()) != std::string::npos;
      EXPECT_TRUE(hit) << "no condition contains '" << want.as<std::string>() << "'";
    }
    if (expect["input_error"]) {
      EXPECT_THAT(d.input_error, ::testing::HasSubstr(expect["input_error"].as<std::string>()));
    }
  }
  if (const YAML::Node want = node["usage_after"]) {
    for (auto it = want["caps"].begin(); it != want["caps"].end(); ++it) {
      EXPECT_TRUE(Near(after.CapUsed(it->first.Scalar()), it->second.as<double>()))
          << it->first.Scalar() << " " << after.CapUsed(it->first.Scalar());
    }
  }
}

std::string CaseName(const ::testing::TestParamInfo<Case>& info) {
  std::string name = info.param.file.substr(0, info.param.file.size() - 5) + "_" + info.param.name;
  for (char& ch : name) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Cases, RulesCaseTest, ::testing::ValuesIn(LoadCases()), CaseName);

TEST(RulesCasesTest, ThereAreAtLeastEightyCases) { EXPECT_GE(LoadCases().size(), 80u); }

// Every case cites where its expectation comes from (its own `source:` or its file's).
TEST(RulesCasesTest, EveryCaseCitesItsSource) {
  for (const auto& entry : fs::directory_iterator(SourceDir() + "/tests/rules_cases")) {
    if (entry.path().extension() != ".yaml") continue;
    const YAML::Node root = YAML::LoadFile(entry.path().string());
    for (const auto& c : root["cases"]) {
      EXPECT_TRUE(c["source"] || root["source"])
          << entry.path().filename() << ": case '" << c["name"].as<std::string>()
          << "' has no source (a key of docs/sources.md or a URL)";
    }
  }
}

// Every `source:` value under `node`, with where it sits.
void CollectSources(const YAML::Node& node, const std::string& where,
                    std::vector<std::pair<std::string, std::string>>* out) {
  if (node.IsMap()) {
    for (auto it = node.begin(); it != node.end(); ++it) {
      const std::string key = it->first.IsScalar() ? it->first.Scalar() : "";
      if (key == "source") {
        // Named: yaml-cpp's it->second is a proxy a range-for would outlive.
        const YAML::Node value = it->second;
        if (value.IsScalar()) out->push_back({value.Scalar(), where});
        for (const auto& item : value) {
          if (item.IsScalar()) out->push_back({item.Scalar(), where});
        }
      } else {
        CollectSources(it->second, where, out);
      }
    }
  } else if (node.IsSequence()) {
    for (const auto& item : node) CollectSources(item, where, out);
  }
}

// Sources resolve inside a clone: every `source:` in data/ and in the rule
// cases is a URL or a key of docs/sources.md (never a note outside the repo).
TEST(SourcesTest, EverySourceResolvesInsideTheRepository) {
  auto bibliography = Bibliography::Load(SourceDir() + "/docs/sources.md");
  ASSERT_TRUE(bibliography.ok()) << bibliography.status();
  EXPECT_GE(bibliography->entries().size(), 100u);
  std::vector<std::pair<std::string, std::string>> sources;
  for (const std::string dir : {"/data", "/tests/rules_cases"}) {
    for (const auto& entry : fs::recursive_directory_iterator(SourceDir() + dir)) {
      if (entry.path().extension() != ".yaml") continue;
      CollectSources(YAML::LoadFile(entry.path().string()),
                     fs::relative(entry.path(), SourceDir()).string(), &sources);
    }
  }
  EXPECT_GE(sources.size(), 300u);
  for (const auto& [source, where] : sources) {
    EXPECT_TRUE(bibliography->Resolves(source))
        << where << ": source '" << source
        << "' is neither a URL nor a key of docs/sources.md (keys such as notes.md#S1 point "
           "outside the repository)";
  }
}

TEST(SourcesTest, AKeyOutsideTheRepositoryDoesNotResolve) {
  const Bibliography b = Bibliography::Parse(
      "| key | title | date | URL(s) |\n|---|---|---|---|\n"
      "| CSIS | The AI Diffusion Framework | 2025-02 | <https://example.org/csis> |\n"
      "| NOURL | A key without a URL | n.d. | |\n");
  EXPECT_TRUE(b.Resolves("CSIS"));
  EXPECT_TRUE(b.Resolves("https://example.org/other"));
  EXPECT_FALSE(b.Resolves("rules.md#CSIS"));
  EXPECT_FALSE(b.Resolves("program.md#S110"));
  EXPECT_FALSE(b.Resolves("NOURL"));
  EXPECT_FALSE(b.Resolves("csis"));
  EXPECT_EQ(b.Describe("CSIS"), "The AI Diffusion Framework (2025-02) <https://example.org/csis>");
}

}  // namespace
}  // namespace stargate::rules
