// Where a record's numbers come from: every data record carries sources
// (URLs or keys into shared/research) or an assumption with its reason. In
// core because the record reader (core/record_reader.h) reads it from every
// data file; model/provenance.h names it for the domain.
#ifndef STARGATE_CORE_PROVENANCE_H_
#define STARGATE_CORE_PROVENANCE_H_

#include <map>
#include <string>
#include <vector>

namespace stargate {

struct Provenance {
  std::vector<std::string> sources;
  std::string assumption;                          // record-wide assumption, if any
  std::map<std::string, std::string> assumptions;  // field name -> why this value was assumed
  bool empty() const { return sources.empty() && assumption.empty(); }
};

}  // namespace stargate

#endif  // STARGATE_CORE_PROVENANCE_H_
