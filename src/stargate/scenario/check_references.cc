#include <map>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "stargate/core/text.h"
#include "stargate/scenario/internal/load_context.h"

namespace stargate {
namespace {

const char* KindName(EntityKind kind) {
  switch (kind) {
    case EntityKind::kAccelerator:
      return "accelerator";
    case EntityKind::kCountry:
      return "country";
    case EntityKind::kSite:
      return "site";
    case EntityKind::kFinancier:
      return "financier";
  }
  return "entity";
}

}  // namespace

void CheckReferences(LoadContext* ctx) {
  std::map<std::pair<EntityKind, std::string>, TextLocation> first;
  std::map<EntityKind, std::vector<std::string>> ids;
  for (const auto& def : ctx->definitions) {
    auto [it, inserted] = first.emplace(std::make_pair(def.kind, def.id), def.location);
    if (!inserted) {
      ctx->diagnostics.Add(def.location,
                           absl::StrCat("duplicate ", KindName(def.kind), " id '", def.id,
                                        "' (first defined at ", it->second.ToString(), ")"),
                           absl::StrCat("a unique ", KindName(def.kind), " id"));
      continue;
    }
    ids[def.kind].push_back(def.id);
  }
  for (const auto& ref : ctx->references) {
    if (first.count({ref.kind, ref.id})) continue;
    std::string what =
        absl::StrCat(ref.field, " '", ref.id, "' is not a known ", KindName(ref.kind));
    if (auto near = ClosestMatch(ref.id, ids[ref.kind])) {
      absl::StrAppend(&what, " (did you mean '", *near, "'?)");
    }
    ctx->diagnostics.Add(
        ref.location, what,
        absl::StrCat("the id of a ", KindName(ref.kind), " defined in the scenario's files"));
  }
}

}  // namespace stargate
