// `stargate simulate --plot FILE.svg`: the SVG is well-formed XML (parsed
// with Debian's expat), has the labelled panels, and every number it marks
// (P10/P50/P90 of the NPV and of GW online, the tornado's bars, the cap
// probabilities) equals the simulation's JSON output for the same runs and
// seed. Bad paths are usage errors before any run.
#include <expat.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli_runner.h"

namespace stargate::testing {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using ::testing::HasSubstr;

struct Element {
  std::string name;
  std::map<std::string, std::string> attributes;
  std::string text;
  std::vector<int> ancestors;  // indices of the open elements around it
};

struct Parsed {
  bool ok = false;
  std::string error;
  std::vector<Element> elements;
  std::vector<int> open;
};

void OnStart(void* data, const XML_Char* name, const XML_Char** attributes) {
  auto* p = static_cast<Parsed*>(data);
  Element e;
  e.name = name;
  for (int i = 0; attributes[i]; i += 2) e.attributes[attributes[i]] = attributes[i + 1];
  e.ancestors = p->open;
  p->open.push_back(static_cast<int>(p->elements.size()));
  p->elements.push_back(std::move(e));
}
void OnEnd(void* data, const XML_Char*) { static_cast<Parsed*>(data)->open.pop_back(); }
void OnText(void* data, const XML_Char* text, int length) {
  auto* p = static_cast<Parsed*>(data);
  if (!p->open.empty()) p->elements[p->open.back()].text.append(text, length);
}

Parsed ParseXml(const std::string& text) {
  Parsed p;
  XML_Parser parser = XML_ParserCreate("UTF-8");
  XML_SetUserData(parser, &p);
  XML_SetElementHandler(parser, OnStart, OnEnd);
  XML_SetCharacterDataHandler(parser, OnText);
  p.ok = XML_Parse(parser, text.data(), static_cast<int>(text.size()), 1) == XML_STATUS_OK;
  if (!p.ok) {
    p.error = std::string(XML_ErrorString(XML_GetErrorCode(parser))) + " at line " +
              std::to_string(XML_GetCurrentLineNumber(parser));
  }
  XML_ParserFree(parser);
  return p;
}

// Elements inside the element with id `id` having class `cls`.
std::vector<const Element*> Within(const Parsed& p, const std::string& id, const std::string& cls) {
  int group = -1;
  for (size_t i = 0; i < p.elements.size(); ++i) {
    auto it = p.elements[i].attributes.find("id");
    if (it != p.elements[i].attributes.end() && it->second == id) group = static_cast<int>(i);
  }
  std::vector<const Element*> out;
  if (group < 0) return out;
  for (const auto& e : p.elements) {
    auto it = e.attributes.find("class");
    if (it == e.attributes.end() || it->second != cls) continue;
    if (std::find(e.ancestors.begin(), e.ancestors.end(), group) != e.ancestors.end())
      out.push_back(&e);
  }
  return out;
}

double Attribute(const Element* e, const std::string& name) {
  return std::stod(e->attributes.at(name));
}

TEST(SimulatePlotTest, SvgIsWellFormedAndMarksTheJsonFigures) {
  const std::string dir = MakeTempDir();
  const std::string svg_path = dir + "/risk.svg";
  auto r = RunStargate(
      {"simulate", "--runs", "400", "--seed", "7", "--threads", "2", "--plot", svg_path, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  // Written by rename: only the SVG is left in the directory.
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(dir)) files.push_back(entry.path().filename());
  EXPECT_EQ(files, std::vector<std::string>{"risk.svg"});

  const std::string svg = ReadFile(svg_path);
  const Parsed p = ParseXml(svg);
  ASSERT_TRUE(p.ok) << p.error;
  ASSERT_FALSE(p.elements.empty());
  EXPECT_EQ(p.elements[0].name, "svg");
  EXPECT_EQ(p.elements[0].attributes.at("xmlns"), "http://www.w3.org/2000/svg");

  std::map<std::string, json> metrics;
  for (const auto& m : j["metrics"]) metrics[m["id"].get<std::string>()] = m;
  std::string last_gw;
  for (const auto& [id, m] : metrics) {
    if (id.rfind("gw_online_", 0) == 0) last_gw = id;  // ids sort by year
  }
  ASSERT_FALSE(last_gw.empty());

  // The two histograms: quantile lines at the JSON's P10/P50/P90, labelled,
  // and bars counting every run.
  const std::pair<const char*, std::string> panels[] = {{"npv-histogram", "npv_overall"},
                                                        {"gw-histogram", last_gw}};
  for (const auto& [panel, metric] : panels) {
    SCOPED_TRACE(panel);
    const auto lines = Within(p, panel, "quantile");
    ASSERT_EQ(lines.size(), 3u);
    for (const Element* line : lines) {
      EXPECT_EQ(line->attributes.at("data-metric"), metric);
      const std::string q = line->attributes.at("data-quantile");
      EXPECT_DOUBLE_EQ(Attribute(line, "data-value"), metrics[metric][q].get<double>()) << q;
    }
    const auto labels = Within(p, panel, "quantile-label");
    ASSERT_EQ(labels.size(), 3u);
    EXPECT_THAT(labels[0]->text, HasSubstr("P10"));
    EXPECT_THAT(labels[1]->text, HasSubstr("P50"));
    EXPECT_THAT(labels[2]->text, HasSubstr("P90"));
    int64_t runs = 0;
    for (const Element* bar : Within(p, panel, "bar"))
      runs += std::stoll(bar->attributes.at("data-runs"));
    EXPECT_EQ(runs, metrics[metric]["runs"].get<int64_t>());
  }

  // The tornado: one bar per driver, in the JSON's order, with its numbers.
  const json& bars = j["tornado"]["bars"];
  ASSERT_FALSE(bars.empty());
  EXPECT_EQ(j["tornado"]["metric"], "npv_overall");
  const auto tornado = Within(p, "tornado", "tornado-bar");
  ASSERT_EQ(tornado.size(), bars.size());
  for (size_t i = 0; i < bars.size(); ++i) {
    EXPECT_EQ(tornado[i]->attributes.at("data-driver"), bars[i]["driver"]);
    EXPECT_DOUBLE_EQ(Attribute(tornado[i], "data-low"), bars[i]["low_mean"].get<double>());
    EXPECT_DOUBLE_EQ(Attribute(tornado[i], "data-high"), bars[i]["high_mean"].get<double>());
  }
  // Widest first.
  for (size_t i = 1; i < bars.size(); ++i) {
    EXPECT_GE(
        std::fabs(bars[i - 1]["high_mean"].get<double>() - bars[i - 1]["low_mean"].get<double>()),
        std::fabs(bars[i]["high_mean"].get<double>() - bars[i]["low_mean"].get<double>()));
  }

  // Cap-binding probabilities.
  const auto caps = Within(p, "cap-binding", "cap");
  ASSERT_EQ(caps.size(), j["cap_binding_probability"].size());
  for (const Element* cap : caps) {
    const std::string country = cap->attributes.at("data-country");
    ASSERT_TRUE(j["cap_binding_probability"].contains(country)) << country;
    EXPECT_DOUBLE_EQ(Attribute(cap, "data-probability"),
                     j["cap_binding_probability"][country].get<double>());
  }
}

TEST(SimulatePlotTest, DriversMoveTheNpvTheWayTheyShould) {
  // A larger facility overrun only adds cost, so it cannot raise the mean NPV
  // of the runs: the overrun driver's high tenth is at most its low tenth.
  // (Not the supply driver: with chips at their installed cost and the base
  // case's falling rental price a chip cohort is worth about nothing at 8%,
  // so the sign of "more chips delivered" is the draws' noise.)
  auto r = RunStargate({"simulate", "--runs", "4000", "--seed", "7", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  bool found = false;
  for (const auto& bar : j["tornado"]["bars"]) {
    if (bar["driver"] != "driver:capex_overrun") continue;
    found = true;
    EXPECT_LE(bar["high_mean"].get<double>(), bar["low_mean"].get<double>());
    EXPECT_EQ(bar["runs_per_end"], 400);
  }
  EXPECT_TRUE(found);
}

TEST(SimulatePlotTest, BadPlotPathsAreUsageErrorsBeforeAnyRun) {
  const std::string dir = MakeTempDir();
  auto missing = RunStargate({"simulate", "--runs", "10", "--plot", dir + "/no/such/dir/r.svg"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.err, HasSubstr("does not exist or is not writable"));
  EXPECT_THAT(missing.err, HasSubstr("expected a path in a writable directory"));

  auto png = RunStargate({"simulate", "--runs", "10", "--plot", dir + "/r.png"});
  EXPECT_EQ(png.exit_code, 2);
  EXPECT_THAT(png.err, HasSubstr("does not end in .svg"));

  fs::create_directory(dir + "/d.svg");
  auto directory = RunStargate({"simulate", "--runs", "10", "--plot", dir + "/d.svg"});
  EXPECT_EQ(directory.exit_code, 2);
  EXPECT_THAT(directory.err, HasSubstr("is a directory"));
}

}  // namespace
}  // namespace stargate::testing
