#include "absl/strings/str_cat.h"
#include "stargate/core/record_reader.h"
#include "stargate/scenario/internal/load_context.h"

namespace stargate {
namespace {

bool ReadCommitments(RecordReader& record, Financier* f) {
  YAML::Node list;
  if (!record.Sequence("commitments", &list)) return false;
  bool ok = true;
  for (const auto& item : list) {
    RecordReader entry(item, record.file(), absl::StrCat("commitment of financier '", f->id, "'"),
                       record.diagnostics());
    if (!entry.is_map()) {
      ok = false;
      continue;
    }
    Commitment c;
    bool entry_ok = entry.QuarterValue("from", &c.from);
    entry_ok &= entry.QuarterValue("to", &c.to);
    entry_ok &= entry.Number("usd", &c.usd, kPositive);
    entry.Finish();
    if (entry_ok && c.to < c.from) {
      entry.Report(item["to"],
                   absl::StrCat("commitment ends (", c.to.ToString(), ") before it starts (",
                                c.from.ToString(), ")"),
                   "to >= from");
      entry_ok = false;
    }
    if (entry_ok) f->commitments.push_back(c);
    ok &= entry_ok;
  }
  return ok;
}

bool ReadEligibility(RecordReader& record, const YAML::Node& item, Financier* f, LoadContext* ctx) {
  YAML::Node node = record.Child("eligible_countries");
  constexpr const char* kExpected = "'all' or a list of ISO alpha-2 country codes";
  if (!node) {
    record.Report(item, absl::StrCat("financier '", f->id, "' has no 'eligible_countries'"),
                  kExpected);
    return false;
  }
  if (node.IsScalar() && node.Scalar() == "all") {
    f->eligible_everywhere = true;
    return true;
  }
  if (!node.IsSequence()) {
    record.Report(node, "eligible_countries is neither 'all' nor a list", kExpected);
    return false;
  }
  bool ok = true;
  for (const auto& code_node : node) {
    std::string code;
    if (!record.ScalarCountryCode(code_node, "eligible country", &code)) {
      ok = false;
      continue;
    }
    ctx->Refer(EntityKind::kCountry, code, LocationOf(record.file(), code_node),
               absl::StrCat("eligible country of financier '", f->id, "'"));
    f->eligible_countries.push_back(code);
  }
  return ok;
}

}  // namespace

void ReadFinanciers(const YAML::Node& list, const std::string& file, LoadContext* ctx) {
  for (const auto& item : list) {
    RecordReader record(item, file, "financier", &ctx->diagnostics);
    if (!record.is_map()) continue;
    Financier f;
    bool ok = record.Id("id", &f.id);
    if (ok) record.set_kind(absl::StrCat("financier '", f.id, "'"));
    ok &= record.Text("name", &f.name);
    ok &= record.Enum("kind", &f.kind);
    if (record.CountryCode("hq", &f.hq)) {
      ctx->Refer(EntityKind::kCountry, f.hq, LocationOf(file, item["hq"]),
                 absl::StrCat("hq of financier '", f.id, "'"));
    } else {
      ok = false;
    }
    ok &= ReadCommitments(record, &f);
    ok &= ReadEligibility(record, item, &f, ctx);
    ok &= record.Number("cost_of_capital", &f.cost_of_capital, kFraction);
    ok &= record.Enum("screening_status", &f.screening_status);
    record.ReadProvenance(&f.provenance);
    record.Finish();
    if (!f.id.empty()) ctx->Define(EntityKind::kFinancier, f.id, record.location());
    if (ok) ctx->scenario.financiers.push_back(std::move(f));
  }
}

}  // namespace stargate
