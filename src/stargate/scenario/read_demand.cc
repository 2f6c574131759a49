#include "absl/strings/str_cat.h"
#include "stargate/core/record_reader.h"
#include "stargate/scenario/internal/load_context.h"

namespace stargate {
namespace {

constexpr NumberRange kGrowth{-0.9, 10};

// from <= to, reported at `to`.
bool CheckWindow(RecordReader& record, const YAML::Node& item, Quarter from, Quarter to) {
  if (from <= to) return true;
  record.Report(
      item["to"],
      absl::StrCat("window ends (", to.ToString(), ") before it starts (", from.ToString(), ")"),
      "to >= from");
  return false;
}

}  // namespace

void ReadDemand(const YAML::Node& list, const std::string& file, LoadContext* ctx) {
  for (const auto& item : list) {
    RecordReader record(item, file, "demand", &ctx->diagnostics);
    if (!record.is_map()) continue;
    Demand d;
    bool ok = true;
    if (record.CountryCode("country", &d.country)) {
      record.set_kind(absl::StrCat("demand of '", d.country, "'"));
      ctx->Refer(EntityKind::kCountry, d.country, LocationOf(file, item["country"]),
                 "country of demand");
    } else {
      ok = false;
    }
    bool window = record.QuarterValue("from", &d.from);
    window &= record.QuarterValue("to", &d.to);
    ok &= window && CheckWindow(record, item, d.from, d.to);
    ok &= record.Number("start_h100e", &d.start_h100e, kNonNegative);
    ok &= record.Number("annual_growth", &d.annual_growth, kGrowth);
    record.Enum("residency", &d.residency, false);
    record.Number("min_freedom_score", &d.min_freedom_score, {0, 100}, false);
    record.ReadProvenance(&d.provenance);
    record.Finish();
    if (ok) ctx->scenario.demand.push_back(std::move(d));
  }
}

void ReadSupply(const YAML::Node& list, const std::string& file, LoadContext* ctx) {
  for (const auto& item : list) {
    RecordReader record(item, file, "supply", &ctx->diagnostics);
    if (!record.is_map()) continue;
    Supply s;
    bool ok = true;
    if (record.Id("accelerator", &s.accelerator)) {
      record.set_kind(absl::StrCat("supply of '", s.accelerator, "'"));
      ctx->Refer(EntityKind::kAccelerator, s.accelerator, LocationOf(file, item["accelerator"]),
                 "accelerator of supply");
    } else {
      ok = false;
    }
    bool window = record.QuarterValue("from", &s.from);
    window &= record.QuarterValue("to", &s.to);
    ok &= window && CheckWindow(record, item, s.from, s.to);
    ok &= record.Number("units_per_quarter", &s.units_per_quarter, kNonNegative);
    ok &=
        record.Number("annual_growth", &s.annual_growth, kGrowth, false) || !item["annual_growth"];
    record.ReadProvenance(&s.provenance);
    record.Finish();
    if (ok) ctx->scenario.supply.push_back(std::move(s));
  }
}

}  // namespace stargate
