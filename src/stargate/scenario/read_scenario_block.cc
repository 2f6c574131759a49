#include "absl/strings/str_cat.h"
#include "stargate/core/record_reader.h"
#include "stargate/scenario/internal/load_context.h"

namespace stargate {
namespace {

bool ReadHorizon(RecordReader& record, const YAML::Node& block, Scenario* s) {
  YAML::Node node = record.Child("horizon");
  if (!node) {
    record.Report(block, "scenario has no 'horizon'", "horizon: {start: 2025Q1, end: 2030Q4}");
    return false;
  }
  RecordReader horizon(node, record.file(), "horizon", record.diagnostics());
  bool ok = horizon.QuarterValue("start", &s->start);
  ok &= horizon.QuarterValue("end", &s->end);
  horizon.Finish();
  if (ok && s->end < s->start) {
    horizon.Report(node["end"],
                   absl::StrCat("horizon ends (", s->end.ToString(), ") before it starts (",
                                s->start.ToString(), ")"),
                   "end >= start");
    return false;
  }
  if (ok && s->num_quarters() > 200) {
    horizon.Report(node["end"],
                   absl::StrCat("horizon of ", s->num_quarters(), " quarters is too long"),
                   "at most 200 quarters (50 years)");
    return false;
  }
  return ok;
}

bool ReadOptions(RecordReader& record, Scenario* s) {
  YAML::Node node = record.Child("options");
  if (!node) return true;
  RecordReader options(node, record.file(), "options", record.diagnostics());
  ScenarioOptions& o = s->options;
  options.Enum("objective", &o.objective, false);
  options.Number("discount_rate", &o.discount_rate, kFraction, false);
  options.Number("unmet_penalty_usd_per_h100e", &o.unmet_penalty_usd_per_h100e, kNonNegative,
                 false);
  options.Number("budget_usd", &o.budget_usd, kNonNegative, false);
  options.Number("gpu_hour_price_usd", &o.gpu_hour_price_usd, kNonNegative, false);
  options.Number("utilization", &o.utilization, kFraction, false);
  options.Number("accelerator_life_quarters", &o.accelerator_life_quarters, {1, 80}, false);
  options.Number("min_freedom_score", &o.min_freedom_score, {0, 100}, false);
  // Below 1 an installed chip would cost less than the chip; above 5 the
  // "system" would be mostly something other than accelerators.
  options.Number("system_cost_factor", &o.system_cost_factor, {1, 5}, false);
  const size_t before = record.diagnostics()->size();
  options.Finish();
  return record.diagnostics()->size() == before;
}

}  // namespace

void ReadScenarioBlock(const YAML::Node& block, const std::string& file, LoadContext* ctx) {
  if (ctx->has_scenario_block) {
    ctx->diagnostics.Add(LocationOf(file, block),
                         absl::StrCat("a second scenario block (the first is at ",
                                      ctx->scenario_block_location.ToString(), ")"),
                         "exactly one scenario block across the included files");
    return;
  }
  ctx->has_scenario_block = true;
  ctx->scenario_block_location = LocationOf(file, block);
  RecordReader record(block, file, "scenario", &ctx->diagnostics);
  if (!record.is_map()) return;
  Scenario& s = ctx->scenario;
  record.Id("id", &s.id);
  record.Text("name", &s.name);
  record.Text("description", &s.description, false);
  ReadHorizon(record, block, &s);
  if (YAML::Node regime = record.Child("regime")) {
    if (!record.ScalarText(regime, "regime", &s.regime)) s.regime = kRegimeByDate;
  }
  ReadOptions(record, &s);
  Provenance provenance;
  record.ReadProvenance(&provenance);
  record.Finish();
}

}  // namespace stargate
