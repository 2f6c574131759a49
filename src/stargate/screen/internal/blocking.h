// Blocking: the few list names worth scoring for a query, out of tens of
// thousands, without comparing against each.
//
// Each distinct query token is looked up once in the index's deletion and
// fold keys (list_index.h) for both readings of the query (person and
// organisation); the dictionary tokens similar enough to matter are kept.
// Per reading, the rarest query tokens are chosen that a name must share at
// least one of to reach the threshold; only their posting lists are walked,
// and the other tokens are checked on the names found. A name then passes
// if an upper bound on its score, from which query tokens found it and how
// many distinctive tokens it has, reaches the threshold.
#ifndef STARGATE_SCREEN_INTERNAL_BLOCKING_H_
#define STARGATE_SCREEN_INTERNAL_BLOCKING_H_

#include <cstdint>
#include <vector>

#include "stargate/screen/list_index.h"
#include "stargate/screen/name_match.h"

namespace stargate::screen {

// The names (ids in `index`) that may score at least `threshold` against the
// query, whose person reading is `query[0]` and organisation reading
// `query[1]` (both may point to the same object).
std::vector<uint32_t> FindCandidates(const ListIndex& index, const PreparedName* const (&query)[2],
                                     float threshold, const MatchParams& params);

}  // namespace stargate::screen

#endif  // STARGATE_SCREEN_INTERNAL_BLOCKING_H_
