#include <algorithm>

#include "absl/strings/str_cat.h"
#include "stargate/core/record_reader.h"
#include "stargate/core/text.h"
#include "stargate/scenario/internal/load_context.h"

namespace stargate {
namespace {

const std::vector<std::string>& KnownRegions() {
  static const std::vector<std::string> k = {
      "north_america", "latin_america", "europe",         "middle_east",  "africa",
      "south_asia",    "east_asia",     "southeast_asia", "central_asia", "oceania"};
  return k;
}

const std::vector<std::string>& KnownMemberships() {
  static const std::vector<std::string> k = {"EU",  "NATO", "OECD",        "GCC", "A:1",
                                             "A:5", "A:6",  "D:1",         "D:2", "D:3",
                                             "D:4", "D:5",  "arms_embargo"};
  return k;
}

void ReadMemberships(RecordReader& record, Country* c) {
  YAML::Node list;
  if (!record.Sequence("memberships", &list, false)) return;
  for (const auto& item : list) {
    std::string group;
    if (!record.ScalarText(item, "membership", &group)) continue;
    const auto& known = KnownMemberships();
    if (std::find(known.begin(), known.end(), group) == known.end()) {
      std::string what = absl::StrCat("membership '", group, "' is not known");
      if (auto near = ClosestMatch(group, known))
        absl::StrAppend(&what, " (did you mean '", *near, "'?)");
      record.Report(item, what, OneOf(known));
      continue;
    }
    c->memberships.push_back(group);
  }
}

void ReadAliases(RecordReader& record, Country* c) {
  YAML::Node list;
  if (!record.Sequence("aliases", &list, false)) return;
  for (const auto& item : list) {
    std::string alias;
    if (record.ScalarText(item, "alias", &alias)) c->aliases.push_back(std::move(alias));
  }
}

void ReadCompliance(RecordReader& record, Country* c) {
  YAML::Node node = record.Child("compliance");
  if (!node) return;
  RecordReader reader(node, record.file(), absl::StrCat("compliance of country '", c->iso2, "'"),
                      record.diagnostics());
  if (!reader.is_map()) return;  // the reader has reported what the block is instead
  ComplianceProfile& p = c->compliance;
  // A flag is true/false, or the date from which it holds (an agreement's date).
  const std::pair<const char*, bool*> flags[] = {
      {"g2g_agreement", &p.g2g_agreement},
      {"security_agreement_signed", &p.security_agreement_signed},
      {"datacenter_security_standard", &p.datacenter_security_standard},
      {"export_control_alignment", &p.export_control_alignment}};
  for (const auto& [name, out] : flags) {
    const YAML::Node value = node[name];
    if (value && value.IsScalar()) {
      if (auto date = Date::Parse(value.Scalar()); date.ok()) {
        reader.Child(name);  // known key
        *out = true;
        p.since[name] = *date;
        continue;
      }
    }
    reader.Bool(name, out);
  }
  long long incidents = 0;
  if (reader.Integer("diversion_incidents", &incidents, 0, 1000000, false)) {
    p.diversion_incidents = static_cast<int>(incidents);
  }
  reader.Finish();
}

}  // namespace

void ReadCountries(const YAML::Node& list, const std::string& file, LoadContext* ctx) {
  for (const auto& item : list) {
    RecordReader record(item, file, "country", &ctx->diagnostics);
    if (!record.is_map()) continue;
    Country c;
    bool ok = record.CountryCode("iso2", &c.iso2);
    if (ok) record.set_kind(absl::StrCat("country '", c.iso2, "'"));
    ok &= record.Text("name", &c.name);
    ReadAliases(record, &c);
    YAML::Node region = record.Child("region");
    if (!region) {
      record.Report(item, absl::StrCat("country '", c.iso2, "' has no 'region'"),
                    OneOf(KnownRegions()));
      ok = false;
    } else if (record.ScalarText(region, "region", &c.region)) {
      const auto& known = KnownRegions();
      if (std::find(known.begin(), known.end(), c.region) == known.end()) {
        std::string what = absl::StrCat("region '", c.region, "' is not known");
        if (auto near = ClosestMatch(c.region, known))
          absl::StrAppend(&what, " (did you mean '", *near, "'?)");
        record.Report(region, what, OneOf(known));
        ok = false;
      }
    } else {
      ok = false;
    }
    ReadMemberships(record, &c);
    ok &= record.Number("electricity_usd_per_mwh", &c.electricity_usd_per_mwh, {0, 2000, true});
    ok &= record.Number("grid_gco2_per_kwh", &c.grid_gco2_per_kwh, {0, 2000});
    ok &= record.Number("freedom_score", &c.freedom_score, {0, 100});
    ok &= record.Id("data_protection_zone", &c.data_protection_zone);
    ok &= record.Enum("partner_status", &c.partner_status);
    ReadCompliance(record, &c);
    record.ReadProvenance(&c.provenance);
    record.Finish();
    if (!c.iso2.empty()) ctx->Define(EntityKind::kCountry, c.iso2, record.location());
    if (ok) ctx->scenario.countries.push_back(std::move(c));
  }
}

}  // namespace stargate
