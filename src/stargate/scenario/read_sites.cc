#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "stargate/core/record_reader.h"
#include "stargate/scenario/internal/load_context.h"

namespace stargate {
namespace {

bool ReadGridSchedule(RecordReader& record, Site* s) {
  YAML::Node list;
  if (!record.Sequence("grid_schedule", &list, false)) return true;
  bool ok = true;
  for (const auto& item : list) {
    RecordReader step(item, record.file(), absl::StrCat("grid_schedule step of site '", s->id, "'"),
                      record.diagnostics());
    if (!step.is_map()) {
      ok = false;
      continue;
    }
    GridStep g;
    bool step_ok = step.QuarterValue("from", &g.from);
    step_ok &= step.Number("mw", &g.mw, kNonNegative);
    step.Finish();
    if (!step_ok) {
      ok = false;
      continue;
    }
    if (!s->grid_schedule.empty() && g.from <= s->grid_schedule.back().from) {
      step.Report(item["from"],
                  absl::StrCat("grid_schedule step ", g.from.ToString(), " does not come after ",
                               s->grid_schedule.back().from.ToString()),
                  "steps in increasing quarter order");
      ok = false;
    }
    if (s->grid_mw_max > 0 && g.mw > s->grid_mw_max) {
      step.Report(
          item["mw"],
          absl::StrFormat("grid_schedule mw %g exceeds grid_mw_max %g", g.mw, s->grid_mw_max),
          absl::StrFormat("at most %g", s->grid_mw_max));
      ok = false;
    }
    s->grid_schedule.push_back(g);
  }
  return ok;
}

void ReadExistingAccelerators(RecordReader& record, Site* s, LoadContext* ctx) {
  YAML::Node list;
  if (!record.Sequence("existing_accelerators", &list, false)) return;
  for (const auto& item : list) {
    RecordReader entry(item, record.file(),
                       absl::StrCat("existing_accelerators entry of site '", s->id, "'"),
                       record.diagnostics());
    if (!entry.is_map()) continue;
    InstalledAccelerators installed;
    bool ok = entry.Id("accelerator", &installed.accelerator);
    ok &= entry.Integer("count", &installed.count, 0, 100000000);
    entry.Finish();
    if (!ok) continue;
    ctx->Refer(EntityKind::kAccelerator, installed.accelerator,
               LocationOf(record.file(), item["accelerator"]),
               absl::StrCat("existing accelerator of site '", s->id, "'"));
    s->existing_accelerators.push_back(installed);
  }
}

}  // namespace

void ReadSites(const YAML::Node& list, const std::string& file, LoadContext* ctx) {
  for (const auto& item : list) {
    RecordReader record(item, file, "site", &ctx->diagnostics);
    if (!record.is_map()) continue;
    Site s;
    bool ok = record.Id("id", &s.id);
    if (ok) record.set_kind(absl::StrCat("site '", s.id, "'"));
    ok &= record.Text("name", &s.name);
    if (record.CountryCode("country", &s.country)) {
      ctx->Refer(EntityKind::kCountry, s.country, LocationOf(file, item["country"]),
                 absl::StrCat("country of site '", s.id, "'"));
    } else {
      ok = false;
    }
    ok &= record.Number("lat", &s.lat, {-90, 90});
    ok &= record.Number("lon", &s.lon, {-180, 180});
    ok &= record.Text("operator", &s.operator_name);
    if (record.CountryCode("operator_hq", &s.operator_hq)) {
      ctx->Refer(EntityKind::kCountry, s.operator_hq, LocationOf(file, item["operator_hq"]),
                 absl::StrCat("operator_hq of site '", s.id, "'"));
    } else {
      ok = false;
    }
    record.Bool("uveu", &s.uveu);
    ok &= record.Enum("status", &s.status);
    ok &= record.Number("grid_mw_max", &s.grid_mw_max, kPositive);
    ok &= ReadGridSchedule(record, &s);
    ok &= record.Number("pue", &s.pue, {1.0, 3.0});
    ok &= record.Number("shell_capex_usd_per_mw", &s.shell_capex_usd_per_mw, kPositive);
    long long lead = 0;
    if (record.Integer("lead_quarters", &lead, 0, 20)) {
      s.lead_quarters = static_cast<int>(lead);
    } else {
      ok = false;
    }
    if (record.Number("existing_mw", &s.existing_mw, kNonNegative, false) && s.grid_mw_max > 0 &&
        s.existing_mw > s.grid_mw_max) {
      record.Report(
          item["existing_mw"],
          absl::StrFormat("existing_mw %g exceeds grid_mw_max %g", s.existing_mw, s.grid_mw_max),
          absl::StrFormat("at most %g", s.grid_mw_max));
      ok = false;
    }
    ReadExistingAccelerators(record, &s, ctx);
    record.Number("fixed_cost_usd", &s.fixed_cost_usd, kNonNegative, false);
    record.Number("min_build_mw", &s.min_build_mw, kNonNegative, false);
    record.ReadProvenance(&s.provenance);
    record.Finish();
    if (!s.id.empty()) ctx->Define(EntityKind::kSite, s.id, record.location());
    if (ok) ctx->scenario.sites.push_back(std::move(s));
  }
}

}  // namespace stargate
