// The report's "sources" section: what its records cite, resolved through
// the bibliography (docs/sources.md) to titles, dates and URLs, so a reader
// of the HTML file never meets a bare key such as "S31". A URL source that
// the bibliography also lists takes that entry's title; any other URL is its
// own link. Keys the bibliography lacks are counted with the records citing
// them, not printed (data/ is checked for them by the rules-cases SourcesTest).
#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "absl/strings/ascii.h"
#include "stargate/report/internal/report_internal.h"

namespace stargate::report {
namespace {

using nlohmann::json;

// Source (a key or a URL) -> the records citing it, in the order first met.
class Citations {
 public:
  void Add(const std::vector<std::string>& sources, const std::string& who) {
    for (const std::string& source : sources) {
      std::vector<std::string>& by = cited_by_[source];
      if (std::find(by.begin(), by.end(), who) == by.end()) by.push_back(who);
    }
  }
  const std::map<std::string, std::vector<std::string>>& all() const { return cited_by_; }

 private:
  std::map<std::string, std::vector<std::string>> cited_by_;
};

// The regimes the report's figures come from: those in force in any quarter
// of the horizon (under the user's choice) and the one defining its tiers.
std::vector<const rules::Regime*> RegimesUsed(const ReportInputs& in, const Timeline& time,
                                              const Tiers& tiers) {
  std::set<std::string> ids;
  for (int t = 0; t < time.quarters(); ++t) {
    for (const rules::ExportConstraints* c : {tiers.in_force, tiers.framework}) {
      if (c) ids.insert(c->RegimeAt(time.start + t));
    }
  }
  std::vector<const rules::Regime*> out;
  for (const std::string& id : ids) {
    if (const rules::Regime* r = in.regimes.Find(id)) out.push_back(r);
  }
  return out;
}

void AddRegime(const rules::Regime& r, Citations* citations) {
  const std::string who = "regime: " + r.name;
  citations->Add(r.sources, who);
  for (const auto& event : r.timeline) citations->Add(event.sources, who);
  if (r.affiliates_rule) citations->Add(r.affiliates_rule->sources, who);
  for (const auto& duty : r.duties) citations->Add(duty.sources, who + " (" + duty.name + ")");
}

Citations Collect(const ReportInputs& in, const Timeline& time, const Tiers& tiers) {
  const Scenario& sc = in.scenario;
  Citations citations;
  for (const Site& s : sc.sites) citations.Add(s.provenance.sources, "site: " + s.name);
  for (const Country& c : sc.countries) citations.Add(c.provenance.sources, "country: " + c.name);
  for (const Accelerator& a : sc.accelerators)
    citations.Add(a.provenance.sources, "accelerator: " + a.name);
  for (const Financier& f : sc.financiers)
    citations.Add(f.provenance.sources, "financier: " + f.name);
  for (const Demand& d : sc.demand) {
    const Country* c = sc.FindCountry(d.country);
    citations.Add(d.provenance.sources, "demand: " + (c ? c->name : d.country));
  }
  for (const Supply& s : sc.supply) {
    const Accelerator* a = sc.FindAccelerator(s.accelerator);
    citations.Add(s.provenance.sources, "supply: " + (a ? a->name : s.accelerator));
  }
  for (const rules::Regime* r : RegimesUsed(in, time, tiers)) AddRegime(*r, &citations);
  return citations;
}

// The bibliography the caller gave, else the one beside the regimes' data
// directory (DATA_DIR/regimes/*.yaml -> DATA_DIR/../docs/sources.md).
std::optional<Bibliography> FindBibliography(const ReportInputs& in, std::string* where) {
  if (in.bibliography) return *in.bibliography;
  for (const rules::Regime& r : in.regimes.regimes()) {
    if (r.file.empty()) continue;
    const std::filesystem::path path =
        DefaultBibliographyPath(std::filesystem::path(r.file).parent_path().parent_path());
    *where = path.string();
    auto loaded = Bibliography::Load(path);
    if (loaded.ok()) return std::move(*loaded);
    return std::nullopt;
  }
  return std::nullopt;
}

void Merge(std::vector<std::string>* into, const std::vector<std::string>& from) {
  for (const std::string& who : from) {
    if (std::find(into->begin(), into->end(), who) == into->end()) into->push_back(who);
  }
}

// Titles sort as a reader looks them up: by their first letter or digit,
// ignoring case and leading punctuation.
std::string SortKey(const std::string& title) {
  size_t start = 0;
  while (start < title.size() && !absl::ascii_isalnum(static_cast<unsigned char>(title[start])))
    ++start;
  return absl::AsciiStrToLower(title.substr(start));
}

}  // namespace

json BuildSources(const ReportInputs& in, const Timeline& time, const Tiers& tiers) {
  const Citations citations = Collect(in, time, tiers);
  std::string where = "docs/sources.md";
  const std::optional<Bibliography> bibliography = FindBibliography(in, &where);
  const Bibliography empty;
  const Bibliography& bib = bibliography ? *bibliography : empty;
  std::map<std::string, const SourceEntry*> entry_of_url;
  for (const auto& [key, entry] : bib.entries()) {
    for (const std::string& url : entry.urls) entry_of_url.emplace(url, &entry);
  }

  std::map<const SourceEntry*, std::vector<std::string>> by_entry;
  std::map<std::string, std::vector<std::string>> by_url;  // URLs the bibliography does not list
  std::vector<std::string> unresolved_by;
  int unresolved = 0;
  for (const auto& [source, who] : citations.all()) {
    const SourceEntry* entry = bib.Find(source);
    if (!entry && IsUrl(source)) {
      auto it = entry_of_url.find(source);
      if (it == entry_of_url.end()) {
        Merge(&by_url[source], who);
        continue;
      }
      entry = it->second;
    }
    if (entry) {
      Merge(&by_entry[entry], who);
    } else {
      ++unresolved;
      Merge(&unresolved_by, who);
    }
  }

  struct Row {
    std::string sort_key;
    json value;
  };
  std::vector<Row> rows;
  for (const auto& [entry, who] : by_entry) {
    rows.push_back({SortKey(entry->title),
                    {{"title", entry->title},
                     {"date", entry->date},
                     {"urls", entry->urls},
                     {"cited_by", who}}});
  }
  // URLs without an entry after the titled ones ("~" sorts after letters).
  for (const auto& [url, who] : by_url) {
    rows.push_back(
        {"~" + url,
         {{"title", ""}, {"date", ""}, {"urls", json::array({url})}, {"cited_by", who}}});
  }
  std::sort(rows.begin(), rows.end(),
            [](const Row& a, const Row& b) { return a.sort_key < b.sort_key; });
  json entries = json::array();
  for (Row& row : rows) entries.push_back(std::move(row.value));
  return {{"entries", entries},
          {"bibliography_note",
           bibliography ? ""
                        : "the bibliography (" + where +
                              ") could not be read, so cited keys have no titles or URLs here"},
          {"unresolved", unresolved},
          {"unresolved_cited_by", unresolved_by}};
}

}  // namespace stargate::report
