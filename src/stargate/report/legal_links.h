// Links to the legal text a rule cites: the regime files cite as lawyers do
// ("15 CFR 740.29 (License Exception LPP ...)", "90 FR 4544 (Jan 15, 2025),
// FR Doc. 2025-00636"); a reader wants to click. Sections and supplements of
// the EAR link to eCFR, Federal Register citations and document numbers to
// federalregister.gov, and a bibliography entry (docs/sources.md) whose title
// names the same citation adds its URL.
#ifndef STARGATE_REPORT_LEGAL_LINKS_H_
#define STARGATE_REPORT_LEGAL_LINKS_H_

#include <string>
#include <string_view>
#include <vector>

#include "stargate/model/bibliography.h"

namespace stargate::report {

struct Link {
  std::string label;  // "15 CFR 740.29"
  std::string url;
};

// In the order cited, each URL once; empty when the text cites nothing
// linkable (e.g. "BIS press release of May 13, 2025" without a bibliography entry).
std::vector<Link> CitationLinks(std::string_view cite, const Bibliography* bibliography = nullptr);

}  // namespace stargate::report

#endif  // STARGATE_REPORT_LEGAL_LINKS_H_
