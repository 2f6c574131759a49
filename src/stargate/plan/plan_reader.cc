// plan.json is parsed with nlohmann/json (its exceptions stop here); a field
// of the wrong type is reported at the first place its key appears in the
// text, which is exact for plan_writer.cc's output where keys are unique.
#include "stargate/plan/plan_reader.h"

#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "stargate/plan/csv_table.h"

namespace stargate::plan {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Plans of generated benchmark scenarios reach tens of megabytes.
constexpr std::uintmax_t kMaxPlanFileBytes = 1ull << 30;

TextLocation LocationOf(const std::string& text, size_t offset, const std::string& file) {
  TextLocation where{file, 1, 1};
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++where.line;
      where.column = 1;
    } else {
      ++where.column;
    }
  }
  return where;
}

TextLocation KeyLocation(const std::string& text, const std::string& key, const std::string& file) {
  const size_t at = text.find(absl::StrCat("\"", key, "\""));
  return LocationOf(text, at == std::string::npos ? 0 : at, file);
}

// Reads plan.json's summary, KPIs, binding constraints and diagnosis.
class PlanJsonReader {
 public:
  PlanJsonReader(const std::string& text, std::string file, DiagnosticList* diagnostics)
      : text_(text), file_(std::move(file)), diagnostics_(diagnostics) {}

  void Read(plan::Plan* plan) {
    json root;
    try {
      root = json::parse(text_);
    } catch (const json::parse_error& e) {
      diagnostics_->Add(LocationOf(text_, e.byte > 0 ? e.byte - 1 : 0, file_),
                        "plan.json is not valid JSON", "the plan.json 'stargate plan --out' writes");
      return;
    }
    if (!root.is_object()) {
      diagnostics_->Add({file_, 1, 1}, "plan.json is not a JSON object", "an object with status and kpis");
      return;
    }
    plan->scenario_id = String(root, "scenario");
    plan->regime = String(root, "regime");
    plan->objective_kind = String(root, "objective_kind");
    plan->solver = String(root, "solver");
    plan->objective = Number(root, "objective");
    plan->relative_gap = Number(root, "relative_gap", /*required=*/false);
    ReadStatus(root, plan);
    ReadKpis(root, plan);
    ReadBinding(root, plan);
    if (auto it = root.find("diagnosis"); it != root.end()) {
      if (!it->is_array()) return Wrong("diagnosis", "a list of sentences");
      for (const auto& sentence : *it) {
        if (sentence.is_string()) plan->diagnosis.push_back(sentence.get<std::string>());
      }
    }
  }

 private:
  void Wrong(const std::string& key, const std::string& expected) {
    diagnostics_->Add(KeyLocation(text_, key, file_), absl::StrCat("'", key, "' has the wrong type"), expected);
  }
  void Missing(const std::string& key, const std::string& expected) {
    diagnostics_->Add({file_, 1, 1}, absl::StrCat("plan.json has no '", key, "'"), expected);
  }

  std::string String(const json& object, const std::string& key) {
    auto it = object.find(key);
    if (it == object.end()) return "";
    if (!it->is_string()) {
      Wrong(key, "a string");
      return "";
    }
    return it->get<std::string>();
  }

  double Number(const json& object, const std::string& key, bool required = true) {
    auto it = object.find(key);
    if (it == object.end()) {
      if (required) Missing(key, "a number");
      return 0;
    }
    if (!it->is_number()) {
      Wrong(key, "a number");
      return 0;
    }
    return it->get<double>();
  }

  void ReadStatus(const json& root, plan::Plan* plan) {
    const std::string status = String(root, "status");
    for (auto s : {plan::SolveStatus::kOptimal, plan::SolveStatus::kInfeasible, plan::SolveStatus::kUnbounded,
                   plan::SolveStatus::kTimeLimit, plan::SolveStatus::kFeasible, plan::SolveStatus::kError}) {
      if (plan::SolveStatusName(s) == status) {
        plan->status = s;
        return;
      }
    }
    diagnostics_->Add(root.contains("status") ? KeyLocation(text_, "status", file_) : TextLocation{file_, 1, 1},
                      absl::StrCat("status '", status, "' is not a solve status"),
                      "one of optimal, feasible, time_limit, infeasible, unbounded, error");
  }

  // {"key": number} -> map.
  std::map<std::string, double> NumberMap(const json& object, const std::string& key) {
    std::map<std::string, double> out;
    auto it = object.find(key);
    if (it == object.end()) return out;
    if (!it->is_object()) {
      Wrong(key, "an object of numbers");
      return out;
    }
    for (const auto& [k, v] : it->items()) {
      if (!v.is_number()) {
        Wrong(key, "an object of numbers");
        return {};
      }
      out[k] = v.get<double>();
    }
    return out;
  }

  // {"country": {"year": number}} -> map.
  std::map<std::string, std::map<int, double>> YearMap(const json& object, const std::string& key) {
    std::map<std::string, std::map<int, double>> out;
    auto it = object.find(key);
    if (it == object.end()) return out;
    if (!it->is_object()) {
      Wrong(key, "an object of countries to years to numbers");
      return out;
    }
    for (const auto& [country, years] : it->items()) {
      if (!years.is_object()) {
        Wrong(key, "an object of countries to years to numbers");
        return {};
      }
      for (const auto& [year, v] : years.items()) {
        if (!v.is_number() || year.empty() || year.find_first_not_of("0123456789") != std::string::npos) {
          Wrong(key, "an object of countries to years to numbers");
          return {};
        }
        out[country][std::stoi(year)] = v.get<double>();
      }
    }
    return out;
  }

  // Key figures a plan.json lacks read as 0: the report still draws the rest.
  void ReadKpis(const json& root, plan::Plan* plan) {
    auto it = root.find("kpis");
    if (it == root.end()) return Missing("kpis", "the plan's key figures");
    if (!it->is_object()) return Wrong("kpis", "an object");
    const json& k = *it;
    plan::Kpis& out = plan->kpis;
    out.gw_online_by_quarter = NumberMap(k, "gw_online_by_quarter");
    out.accelerators_by_country_year = YearMap(k, "accelerators_by_country_year");
    out.h100e_by_country_year = YearMap(k, "h100e_by_country_year");
    out.compute_share_by_country = NumberMap(k, "compute_share_by_country");
    out.unmet_h100e_quarters_by_country = NumberMap(k, "unmet_h100e_quarters_by_country");
    out.tier1_compute_share = Number(k, "tier1_compute_share", false);
    out.capex_usd = Number(k, "capex_usd", false);
    out.shell_capex_usd = Number(k, "shell_capex_usd", false);
    out.chip_capex_usd = Number(k, "chip_capex_usd", false);
    out.opex_energy_usd = Number(k, "opex_energy_usd", false);
    out.energy_mwh = Number(k, "energy_mwh", false);
    out.co2_tonnes = Number(k, "co2_tonnes", false);
    out.demand_h100e_quarters = Number(k, "demand_h100e_quarters", false);
    out.served_h100e_quarters = Number(k, "served_h100e_quarters", false);
    out.utilization = Number(k, "utilization", false);
    out.unfunded_usd = Number(k, "unfunded_usd", false);
    out.unmet_h100e_quarters = Number(k, "unmet_h100e_quarters", false);
    out.served_share = Number(k, "served_share", false);
    out.unfunded_usd_by_country = NumberMap(k, "unfunded_usd_by_country");
    out.objective_usd_by_term = NumberMap(k, "objective_usd_by_term");
    out.unmet_value_usd_per_h100e_quarter = Number(k, "unmet_value_usd_per_h100e_quarter", false);
  }

  void ReadBinding(const json& root, plan::Plan* plan) {
    auto it = root.find("binding");
    if (it == root.end()) return;
    if (!it->is_array()) return Wrong("binding", "a list of binding constraints");
    for (const auto& b : *it) {
      if (!b.is_object()) return Wrong("binding", "a list of objects");
      plan::Binding binding;
      binding.family = String(b, "family");
      binding.name = String(b, "constraint");
      binding.unit = String(b, "unit");
      binding.sentence = String(b, "sentence");
      binding.value_per_unit = Number(b, "value_per_unit");
      plan->binding.push_back(std::move(binding));
    }
  }

  const std::string& text_;
  std::string file_;
  DiagnosticList* diagnostics_;
};

const Site* KnownSite(const CsvTable& table, const CsvTable::Row& row, const CsvTable::Field& field,
                      const Scenario& scenario) {
  const Site* site = scenario.FindSite(field.text);
  if (!site) {
    table.Report(row, field, absl::StrCat("site '", field.text, "' is not in scenario '", scenario.id, "'"),
                 "the id of a site of the scenario the plan was made for");
  }
  return site;
}

void ReadSiteQuarters(CsvTable& table, const Scenario& scenario, plan::Plan* plan) {
  std::vector<int> cols;
  if (!table.Columns({"site", "quarter", "build_mw", "mw_online", "grid_mw", "power_mw"}, &cols)) return;
  std::vector<const CsvTable::Field*> f;
  for (const auto& row : table.rows()) {
    if (!table.Get(row, cols, &f)) continue;
    plan::SiteQuarterRow r;
    const Site* site = KnownSite(table, row, *f[0], scenario);
    bool ok = site != nullptr;
    ok &= table.QuarterIn(row, *f[1], scenario, &r.quarter);
    ok &= table.Number(row, *f[2], "build_mw", &r.build_mw);
    ok &= table.Number(row, *f[3], "mw_online", &r.mw_online);
    ok &= table.Number(row, *f[4], "grid_mw", &r.grid_mw);
    ok &= table.Number(row, *f[5], "power_mw", &r.power_mw);
    if (!ok) continue;
    r.site = site->id;
    r.country = site->country;
    plan->site_quarters.push_back(r);
  }
}

void ReadInstalls(CsvTable& table, const Scenario& scenario, plan::Plan* plan) {
  std::vector<int> cols;
  if (!table.Columns({"site", "accelerator", "quarter", "install_units", "installed_base_units"}, &cols)) return;
  std::vector<const CsvTable::Field*> f;
  for (const auto& row : table.rows()) {
    if (!table.Get(row, cols, &f)) continue;
    plan::InstallRow r;
    const Site* site = KnownSite(table, row, *f[0], scenario);
    bool ok = site != nullptr;
    if (!scenario.FindAccelerator(f[1]->text)) {
      table.Report(row, *f[1], absl::StrCat("accelerator '", f[1]->text, "' is not in the scenario"),
                   "the id of an accelerator of the scenario");
      ok = false;
    }
    ok &= table.QuarterIn(row, *f[2], scenario, &r.quarter);
    ok &= table.Number(row, *f[3], "install_units", &r.install);
    ok &= table.Number(row, *f[4], "installed_base_units", &r.base);
    if (!ok) continue;
    r.site = site->id;
    r.country = site->country;
    r.accelerator = f[1]->text;
    plan->installs.push_back(r);
  }
}

void ReadFinancing(CsvTable& table, const Scenario& scenario, plan::Plan* plan) {
  std::vector<int> cols;
  if (!table.Columns({"financier", "country", "quarter", "usd"}, &cols)) return;
  std::vector<const CsvTable::Field*> f;
  for (const auto& row : table.rows()) {
    if (!table.Get(row, cols, &f)) continue;
    plan::FundingRow r;
    bool ok = true;
    if (!scenario.FindFinancier(f[0]->text)) {
      table.Report(row, *f[0], absl::StrCat("financier '", f[0]->text, "' is not in the scenario"),
                   "the id of a financier of the scenario");
      ok = false;
    }
    if (!scenario.FindCountry(f[1]->text)) {
      table.Report(row, *f[1], absl::StrCat("country '", f[1]->text, "' is not in the scenario"),
                   "the code of a country of the scenario");
      ok = false;
    }
    ok &= table.QuarterIn(row, *f[2], scenario, &r.quarter);
    ok &= table.Number(row, *f[3], "usd", &r.usd);
    if (!ok) continue;
    r.financier = f[0]->text;
    r.country = f[1]->text;
    plan->funding.push_back(r);
  }
}

void ReadUnmet(CsvTable& table, const Scenario& scenario, plan::Plan* plan) {
  std::vector<int> cols;
  if (!table.Columns({"country", "quarter", "h100e"}, &cols)) return;
  std::vector<const CsvTable::Field*> f;
  for (const auto& row : table.rows()) {
    if (!table.Get(row, cols, &f)) continue;
    plan::UnmetRow r;
    bool ok = true;
    if (!scenario.FindCountry(f[0]->text)) {
      table.Report(row, *f[0], absl::StrCat("country '", f[0]->text, "' is not in the scenario"),
                   "the code of a country of the scenario");
      ok = false;
    }
    ok &= table.QuarterIn(row, *f[1], scenario, &r.quarter);
    ok &= table.Number(row, *f[2], "h100e", &r.h100e);
    if (!ok) continue;
    r.country = f[0]->text;
    plan->unmet.push_back(r);
  }
}

std::optional<std::string> ReadText(const fs::path& path, DiagnosticList* diagnostics) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (ec) {
    diagnostics->Add({path.string(), 0, 0}, absl::StrCat("cannot read '", path.string(), "': ", ec.message()),
                     "the file 'stargate plan --out DIR' writes");
    return std::nullopt;
  }
  if (size > kMaxPlanFileBytes) {
    diagnostics->Add({path.string(), 0, 0}, absl::StrCat("'", path.string(), "' is ", size, " bytes"),
                     absl::StrCat("at most ", kMaxPlanFileBytes, " bytes"));
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in.good() && !in.eof()) {
    diagnostics->Add({path.string(), 0, 0}, absl::StrCat("cannot read '", path.string(), "'"),
                     "a readable file");
    return std::nullopt;
  }
  return text.str();
}

absl::Status Finish(DiagnosticList* list, std::vector<Diagnostic>* out) {
  list->Sort();
  if (out) *out = list->items();
  return list->ToStatus();
}

}  // namespace

absl::StatusOr<plan::Plan> ReadPlanTexts(const PlanTexts& texts, const std::string& dir_name,
                                         const Scenario& scenario, std::vector<Diagnostic>* diagnostics) {
  DiagnosticList list;
  plan::Plan plan;
  auto name = [&](const char* file) { return (fs::path(dir_name) / file).string(); };
  PlanJsonReader(texts.plan_json, name("plan.json"), &list).Read(&plan);
  CsvTable site_quarters(texts.site_quarters_csv, name("site_quarters.csv"), &list);
  ReadSiteQuarters(site_quarters, scenario, &plan);
  CsvTable installs(texts.installs_csv, name("installs.csv"), &list);
  ReadInstalls(installs, scenario, &plan);
  CsvTable financing(texts.financing_csv, name("financing.csv"), &list);
  ReadFinancing(financing, scenario, &plan);
  CsvTable unmet(texts.unmet_csv, name("unmet.csv"), &list);
  ReadUnmet(unmet, scenario, &plan);
  if (!plan.scenario_id.empty() && plan.scenario_id != scenario.id && list.empty()) {
    list.Add(KeyLocation(texts.plan_json, "scenario", name("plan.json")),
             absl::StrCat("the plan was made for scenario '", plan.scenario_id, "', not '", scenario.id, "'"),
             "the scenario the plan was made for (give it as SCENARIO)");
  }
  if (auto status = Finish(&list, diagnostics); !status.ok()) return status;
  return plan;
}

absl::StatusOr<plan::Plan> ReadPlanDirectory(const fs::path& dir, const Scenario& scenario,
                                             std::vector<Diagnostic>* diagnostics) {
  DiagnosticList list;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    list.Add({dir.string(), 0, 0}, absl::StrCat("'", dir.string(), "' is not a directory"),
             "a directory written by 'stargate plan --out DIR'");
    return Finish(&list, diagnostics);
  }
  PlanTexts texts;
  const std::pair<const char*, std::string*> files[] = {{"plan.json", &texts.plan_json},
                                                        {"site_quarters.csv", &texts.site_quarters_csv},
                                                        {"installs.csv", &texts.installs_csv},
                                                        {"financing.csv", &texts.financing_csv},
                                                        {"unmet.csv", &texts.unmet_csv}};
  for (const auto& [file, text] : files) {
    if (auto read = ReadText(dir / file, &list)) *text = std::move(*read);
  }
  if (!list.empty()) return Finish(&list, diagnostics);
  return ReadPlanTexts(texts, dir.string(), scenario, diagnostics);
}

}  // namespace stargate::plan
