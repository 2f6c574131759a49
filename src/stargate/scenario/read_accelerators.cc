#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "stargate/core/record_reader.h"
#include "stargate/scenario/internal/load_context.h"

namespace stargate {
namespace {

// dense_tflops: a map from precision to dense (non-sparse) TFLOPS.
bool ReadDenseTflops(RecordReader& record, const YAML::Node& item, Accelerator* a) {
  YAML::Node rates = record.Child("dense_tflops");
  if (!rates) {
    record.Report(item, absl::StrCat("accelerator '", a->id, "' has no 'dense_tflops'"),
                  "a map from precision (fp8, bf16, fp4, ...) to dense TFLOPS");
    return false;
  }
  RecordReader reader(rates, record.file(),
                      absl::StrCat("dense_tflops of accelerator '", a->id, "'"),
                      record.diagnostics());
  for (const auto& name : EnumNames<Precision>()) {
    double value = 0;
    if (reader.Number(name.c_str(), &value, kPositive, false)) {
      a->dense_tflops[*ParseEnum<Precision>(name)] = value;
    }
  }
  reader.Finish();
  if (rates.IsMap() && a->dense_tflops.empty()) {
    record.Report(rates, "dense_tflops lists no precision", "at least one of fp4, fp8, bf16, ...");
  }
  return !a->dense_tflops.empty();
}

bool CheckStatedTpp(RecordReader& record, const YAML::Node& node, const Accelerator& a) {
  const double computed = a.tpp();
  if (StatedTppAgrees(*a.stated_tpp, computed)) return true;
  record.Report(
      node,
      absl::StrFormat("stated tpp %g disagrees with the tpp computed from dense_tflops, %g",
                      *a.stated_tpp, computed),
      absl::StrFormat("a value within 0.5%% of %g (dense TOPS x bit length, highest over "
                      "precisions), or no tpp",
                      computed));
  return false;
}

}  // namespace

void ReadAccelerators(const YAML::Node& list, const std::string& file, LoadContext* ctx) {
  for (const auto& item : list) {
    RecordReader record(item, file, "accelerator", &ctx->diagnostics);
    if (!record.is_map()) continue;
    Accelerator a;
    bool ok = record.Id("id", &a.id);
    if (ok) record.set_kind(absl::StrCat("accelerator '", a.id, "'"));
    ok &= record.Text("name", &a.name);
    ok &= record.Text("vendor", &a.vendor);
    record.Bool("datacenter", &a.datacenter);
    ok &= ReadDenseTflops(record, item, &a);
    double stated = 0;
    if (record.Number("tpp", &stated, kPositive, false)) a.stated_tpp = stated;
    ok &= record.Number("die_area_mm2", &a.die_area_mm2, kNonNegative);
    ok &= record.Number("power_kw", &a.power_kw, {0, 100, true});
    record.Number("price_usd", &a.price_usd, kNonNegative, false);
    record.Number("memory_gb", &a.memory_gb, kNonNegative, false);
    record.Number("memory_bandwidth_gbps", &a.memory_bandwidth_gbps, kNonNegative, false);
    ok &= record.QuarterValue("available_from", &a.available_from);
    record.ReadProvenance(&a.provenance);
    if (a.stated_tpp && !a.dense_tflops.empty())
      ok &= CheckStatedTpp(record, record.Child("tpp"), a);
    record.Finish();
    if (!a.id.empty()) ctx->Define(EntityKind::kAccelerator, a.id, record.location());
    if (ok) ctx->scenario.accelerators.push_back(std::move(a));
  }
}

}  // namespace stargate
