#include "stargate/report/legal_links.h"

#include <algorithm>
#include <regex>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace stargate::report {
namespace {

constexpr const char* kEcfr = "https://www.ecfr.gov/current/title-";

void Add(std::vector<Link>* links, std::string label, std::string url) {
  for (const Link& l : *links) {
    if (l.url == url) return;
  }
  links->push_back({std::move(label), std::move(url)});
}

}  // namespace

std::vector<Link> CitationLinks(std::string_view cite_view, const Bibliography* bibliography) {
  const std::string cite(
      cite_view.substr(0, 2000));  // a cite is a line; a longer one is not read past that
  std::vector<Link> links;
  std::vector<std::string> labels;  // what a bibliography title may name
  // "15 CFR 740 Supp. 5" / "15 CFR 740 Supp. No. 5": a supplement (eCFR calls them appendices).
  static const std::regex supplement(R"((\d+) CFR (\d+),? Supps?\. (?:No\. )?(\d+))");
  // "15 CFR 740.29", "15 CFR 742.6(a)(6)": a section.
  static const std::regex section(R"((\d+) CFR (\d+)\.(\d+))");
  // "90 FR 4544": a Federal Register page; "FR Doc. 2025-00636": a document.
  static const std::regex fr_page(R"((\d+) FR (\d+))");
  static const std::regex fr_doc(R"(FR Doc\. (\d{4}-\d+))");
  static const std::regex gao(R"(B-\d{6})");
  struct Found {
    size_t at;
    std::string label, url;
  };
  std::vector<Found> found;
  for (auto it = std::sregex_iterator(cite.begin(), cite.end(), supplement);
       it != std::sregex_iterator(); ++it) {
    const auto& m = *it;
    const std::string title = m[1], part = m[2], number = m[3];
    found.push_back(
        {static_cast<size_t>(m.position(0)),
         absl::StrCat(title, " CFR ", part, " Supp. No. ", number),
         absl::StrCat(kEcfr, title, "/subtitle-B/chapter-VII/subchapter-C/part-", part,
                      "/appendix-Supplement%20No.%20", number, "%20to%20Part%20", part)});
  }
  for (auto it = std::sregex_iterator(cite.begin(), cite.end(), section);
       it != std::sregex_iterator(); ++it) {
    const auto& m = *it;
    const std::string id = absl::StrCat(m[2].str(), ".", m[3].str());
    found.push_back({static_cast<size_t>(m.position(0)), absl::StrCat(m[1].str(), " CFR ", id),
                     absl::StrCat(kEcfr, m[1].str(), "/section-", id)});
  }
  for (auto it = std::sregex_iterator(cite.begin(), cite.end(), fr_doc);
       it != std::sregex_iterator(); ++it) {
    const auto& m = *it;
    found.push_back({static_cast<size_t>(m.position(0)), absl::StrCat("FR Doc. ", m[1].str()),
                     absl::StrCat("https://www.federalregister.gov/d/", m[1].str())});
  }
  for (auto it = std::sregex_iterator(cite.begin(), cite.end(), fr_page);
       it != std::sregex_iterator(); ++it) {
    const auto& m = *it;
    // "15 CFR" is matched above; here only "<volume> FR <page>" with FR standing alone.
    found.push_back({static_cast<size_t>(m.position(0)),
                     absl::StrCat(m[1].str(), " FR ", m[2].str()),
                     absl::StrCat("https://www.federalregister.gov/citation/", m[1].str(), "-FR-",
                                  m[2].str())});
  }
  std::stable_sort(found.begin(), found.end(),
                   [](const Found& a, const Found& b) { return a.at < b.at; });
  for (Found& f : found) {
    labels.push_back(f.label);
    Add(&links, std::move(f.label), std::move(f.url));
  }
  for (auto it = std::sregex_iterator(cite.begin(), cite.end(), gao); it != std::sregex_iterator();
       ++it) {
    labels.push_back(it->str());
  }
  if (bibliography) {
    for (const auto& [key, entry] : bibliography->entries()) {
      for (const std::string& label : labels) {
        if (entry.title.find(label) != std::string::npos && !entry.urls.empty()) {
          Add(&links, entry.title, entry.urls.front());
          break;
        }
      }
    }
  }
  return links;
}

}  // namespace stargate::report
