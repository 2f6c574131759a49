// plan.json is read by core's JSON reader: a field of the wrong type is
// reported at its member's name, a missing one at its object.
#include "stargate/plan/plan_reader.h"

#include <map>
#include <memory>
#include <optional>

#include "absl/strings/str_cat.h"
#include "stargate/core/enum_spelling.h"
#include "stargate/core/file_reader.h"
#include "stargate/core/json_reader.h"
#include "stargate/core/text.h"
#include "stargate/plan/internal/csv_table.h"

namespace stargate::plan {
namespace {

namespace fs = std::filesystem;

// Plans of generated benchmark scenarios reach tens of megabytes.
constexpr std::uintmax_t kMaxPlanFileBytes = 1ull << 30;

// Reads plan.json's summary, KPIs, binding constraints and diagnosis.
class PlanJsonReader {
 public:
  PlanJsonReader(const std::string& text, std::string file, DiagnosticList* diagnostics)
      : text_(text), file_(std::move(file)), diagnostics_(diagnostics) {}

  void Read(plan::Plan* plan) {
    DiagnosticList syntax;
    auto document = ReadJson(text_, file_, &syntax);
    if (!document) {
      // The first problem says where; the expectation is the file's, not JSON's.
      const Diagnostic& first = syntax.items().front();
      diagnostics_->Add(first.location, absl::StrCat("plan.json is not valid JSON: ", first.what),
                        "the plan.json 'stargate plan --out' writes");
      return;
    }
    document_ = std::make_unique<JsonDocument>(*std::move(document));
    const JsonValue root = document_->root();
    if (!root.is_object()) {
      diagnostics_->Add({file_, 1, 1}, "plan.json is not a JSON object",
                        "an object with status and kpis");
      return;
    }
    plan->scenario_id = String(root, "scenario");
    plan->regime = String(root, "regime");
    ReadObjective(root, plan);
    plan->solver = String(root, "solver");
    plan->objective = Number(root, "objective");
    plan->relative_gap = Number(root, "relative_gap", /*required=*/false);
    ReadStatus(root, plan);
    ReadKpis(root, plan);
    ReadBinding(root, plan);
    if (auto it = root.Find("diagnosis")) {
      if (!it->is_array()) return Wrong(root, "diagnosis", "a list of sentences");
      for (size_t i = 0; i < it->size(); ++i) {
        if (it->item(i).is_string()) plan->diagnosis.emplace_back(it->item(i).string());
      }
    }
  }

  // Where plan.json's "scenario" is, for a mismatch found later.
  TextLocation ScenarioLocation() const {
    if (document_) {
      if (auto v = document_->root().FindKey("scenario")) return v->location();
    }
    return {file_, 1, 1};
  }

 private:
  // Member `key` of `object` has the wrong type: placed at its name.
  void Wrong(const JsonValue& object, const std::string& key, const std::string& expected) {
    const auto name = object.FindKey(key);
    WrongAt(name ? *name : object, key, expected);
  }
  // Something inside member `key` is wrong, at `where`.
  void WrongAt(const JsonValue& where, const std::string& key, const std::string& expected) {
    diagnostics_->Add(where.location(), absl::StrCat("'", key, "' has the wrong type"), expected);
  }
  void Missing(const JsonValue& object, const std::string& key, const std::string& expected) {
    diagnostics_->Add(object.location(), absl::StrCat("plan.json has no '", key, "'"), expected);
  }

  std::string String(const JsonValue& object, const std::string& key) {
    auto it = object.Find(key);
    if (!it) return "";
    if (!it->is_string()) {
      Wrong(object, key, "a string");
      return "";
    }
    return std::string(it->string());
  }

  double Number(const JsonValue& object, const std::string& key, bool required = true) {
    auto it = object.Find(key);
    if (!it) {
      if (required) Missing(object, key, "a number");
      return 0;
    }
    if (!it->is_number()) {
      Wrong(object, key, "a number");
      return 0;
    }
    return it->number();
  }

  // A plan.json without "objective_kind" is read as a cost plan, as the
  // dashboard and the report show it.
  void ReadObjective(const JsonValue& root, plan::Plan* plan) {
    const auto it = root.Find("objective_kind");
    if (!it || !it->is_string()) {
      if (it) Wrong(root, "objective_kind", "a string");
      return;
    }
    if (auto objective = ParseEnum<Objective>(it->string())) {
      plan->objective_kind = *objective;
      return;
    }
    const auto where = root.FindKey("objective_kind");
    diagnostics_->Add(where ? where->location() : TextLocation{file_, 1, 1},
                      absl::StrCat("objective_kind '", std::string(it->string()), "' is not known"),
                      OneOf(EnumNames<Objective>()));
  }

  void ReadStatus(const JsonValue& root, plan::Plan* plan) {
    const std::string status = String(root, "status");
    if (auto parsed = ParseEnum<SolveStatus>(status)) {
      plan->status = *parsed;
      return;
    }
    const auto where = root.FindKey("status");
    diagnostics_->Add(where ? where->location() : TextLocation{file_, 1, 1},
                      absl::StrCat("status '", status, "' is not a solve status"),
                      "one of optimal, feasible, time_limit, infeasible, unbounded, error");
  }

  // {"key": number} -> map.
  std::map<std::string, double> NumberMap(const JsonValue& object, const std::string& key) {
    std::map<std::string, double> out;
    auto it = object.Find(key);
    if (!it) return out;
    if (!it->is_object()) {
      Wrong(object, key, "an object of numbers");
      return out;
    }
    for (size_t m = 0; m < it->size(); ++m) {
      const JsonValue v = it->value(m);
      if (!v.is_number()) {
        WrongAt(it->key(m), key, "an object of numbers");
        return {};
      }
      out[std::string(it->key(m).string())] = v.number();
    }
    return out;
  }

  // {"year": number} -> map.
  std::map<int, double> YearNumbers(const JsonValue& object, const std::string& key) {
    std::map<int, double> out;
    for (const auto& [year, v] : NumberMap(object, key)) {
      if (year.empty() || year.size() > 6 ||
          year.find_first_not_of("0123456789") != std::string::npos) {
        Wrong(object, key, "an object of years to numbers");
        return {};
      }
      out[std::stoi(year)] = v;
    }
    return out;
  }

  // {"country": {"year": number}} -> map.
  std::map<std::string, std::map<int, double>> YearMap(const JsonValue& object,
                                                       const std::string& key) {
    std::map<std::string, std::map<int, double>> out;
    auto it = object.Find(key);
    if (!it) return out;
    const std::string expected = "an object of countries to years to numbers";
    if (!it->is_object()) {
      Wrong(object, key, expected);
      return out;
    }
    for (size_t c = 0; c < it->size(); ++c) {
      const JsonValue years = it->value(c);
      if (!years.is_object()) {
        WrongAt(it->key(c), key, expected);
        return {};
      }
      for (size_t y = 0; y < years.size(); ++y) {
        const std::string_view year = years.key(y).string();
        const JsonValue v = years.value(y);
        if (!v.is_number() || year.empty() || year.size() > 6 ||
            year.find_first_not_of("0123456789") != std::string_view::npos) {
          WrongAt(years.key(y), key, expected);
          return {};
        }
        out[std::string(it->key(c).string())][std::stoi(std::string(year))] = v.number();
      }
    }
    return out;
  }

  // Key figures a plan.json lacks read as 0: the report still draws the rest.
  void ReadKpis(const JsonValue& root, plan::Plan* plan) {
    auto it = root.Find("kpis");
    if (!it) return Missing(root, "kpis", "the plan's key figures");
    if (!it->is_object()) return Wrong(root, "kpis", "an object");
    const JsonValue& k = *it;
    plan::Kpis& out = plan->kpis;
    out.gw_online_by_quarter = NumberMap(k, "gw_online_by_quarter");
    out.accelerators_by_country_year = YearMap(k, "accelerators_by_country_year");
    out.h100e_by_country_year = YearMap(k, "h100e_by_country_year");
    out.compute_share_by_country = NumberMap(k, "compute_share_by_country");
    out.unmet_h100e_quarters_by_country = NumberMap(k, "unmet_h100e_quarters_by_country");
    out.tier1_compute_share = Number(k, "tier1_compute_share", false);
    if (k.Find("free_min_freedom_score"))
      out.free_min_freedom_score = Number(k, "free_min_freedom_score", false);
    out.free_compute_share_by_year = YearNumbers(k, "free_compute_share_by_year");
    out.compute_share_by_zone_year = YearMap(k, "compute_share_by_zone_year");
    out.min_freedom_score = Number(k, "min_freedom_score", false);
    out.freedom_constraint_cost = Number(k, "freedom_constraint_cost", false);
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

  void ReadBinding(const JsonValue& root, plan::Plan* plan) {
    auto it = root.Find("binding");
    if (!it) return;
    if (!it->is_array()) return Wrong(root, "binding", "a list of binding constraints");
    for (size_t i = 0; i < it->size(); ++i) {
      const JsonValue b = it->item(i);
      if (!b.is_object()) return Wrong(root, "binding", "a list of objects");
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
  std::unique_ptr<JsonDocument> document_;
};

const Site* KnownSite(const CsvTable& table, const CsvTable::Row& row, const CsvTable::Field& field,
                      const Scenario& scenario) {
  const Site* site = scenario.FindSite(field.text);
  if (!site) {
    table.Report(row, field,
                 absl::StrCat("site '", field.text, "' is not in scenario '", scenario.id, "'"),
                 "the id of a site of the scenario the plan was made for");
  }
  return site;
}

void ReadSiteQuarters(CsvTable& table, const Scenario& scenario, plan::Plan* plan) {
  std::vector<int> cols;
  if (!table.Columns({"site", "quarter", "build_mw", "mw_online", "grid_mw", "power_mw"}, &cols))
    return;
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
  if (!table.Columns({"site", "accelerator", "quarter", "install_units", "installed_base_units"},
                     &cols))
    return;
  std::vector<const CsvTable::Field*> f;
  for (const auto& row : table.rows()) {
    if (!table.Get(row, cols, &f)) continue;
    plan::InstallRow r;
    const Site* site = KnownSite(table, row, *f[0], scenario);
    bool ok = site != nullptr;
    if (!scenario.FindAccelerator(f[1]->text)) {
      table.Report(row, *f[1],
                   absl::StrCat("accelerator '", f[1]->text, "' is not in the scenario"),
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
  FileReadOptions options;
  options.max_bytes = kMaxPlanFileBytes;
  options.expected = "the file 'stargate plan --out DIR' writes";
  return ReadFileText(path.string(), diagnostics, options);
}

absl::Status Finish(DiagnosticList* list, std::vector<Diagnostic>* out) {
  list->Sort();
  if (out) *out = list->items();
  return list->ToStatus();
}

}  // namespace

absl::StatusOr<plan::Plan> ReadPlanTexts(const PlanTexts& texts, const std::string& dir_name,
                                         const Scenario& scenario,
                                         std::vector<Diagnostic>* diagnostics) {
  DiagnosticList list;
  plan::Plan plan;
  auto name = [&](const char* file) { return (fs::path(dir_name) / file).string(); };
  PlanJsonReader plan_json(texts.plan_json, name("plan.json"), &list);
  plan_json.Read(&plan);
  CsvTable site_quarters(texts.site_quarters_csv, name("site_quarters.csv"), &list);
  ReadSiteQuarters(site_quarters, scenario, &plan);
  CsvTable installs(texts.installs_csv, name("installs.csv"), &list);
  ReadInstalls(installs, scenario, &plan);
  CsvTable financing(texts.financing_csv, name("financing.csv"), &list);
  ReadFinancing(financing, scenario, &plan);
  CsvTable unmet(texts.unmet_csv, name("unmet.csv"), &list);
  ReadUnmet(unmet, scenario, &plan);
  if (!plan.scenario_id.empty() && plan.scenario_id != scenario.id && list.empty()) {
    list.Add(plan_json.ScenarioLocation(),
             absl::StrCat("the plan was made for scenario '", plan.scenario_id, "', not '",
                          scenario.id, "'"),
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
  const std::pair<const char*, std::string*> files[] = {
      {"plan.json", &texts.plan_json},
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
