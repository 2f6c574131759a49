// Restricted-party screening: is this financier, consignee or end user on a
// sanctions or export-control list? The front door of the `screen` module.
//
//   auto list = LoadScreeningList({"lists/sdn"});        // files or folders, cached
//   auto hits = Screen(*list, "Rosoboronexport OAO");    // best first
//   if (!hits->empty()) ... (*hits)[0].entry_id, .programs, .parts (why)
//
// A list is OFAC's SDN / non-SDN CSV files (with alternate names) and/or the
// trade.gov Consolidated Screening List CSV. It is indexed once and cached on
// disk in a binary form keyed by the files' content, so later loads take
// milliseconds. Names are normalized (ICU transliteration, legal forms, word
// order, ...; normalize.h), compared token by token with the best alignment
// (name_match.h), and only against names that share a similar token
// (list_index.h). Every hit explains itself: which tokens matched, how well,
// the list, the entry id and its programs.
//
// Depends on core only. Thread-safe: a ScreeningList is immutable and Screen()
// keeps its scratch space per thread.
//
// The front door of the module: code outside screen includes this header,
// and hit_json.h for the JSON view of a hit (kept apart so that screening
// does not compile nlohmann). The headers it gathers are the public surface:
// list import, name matching (with the normalized names and token similarity
// its types hold), query facts and the names file. The binary index
// (list_index.h) is public only for its fuzzer; blocking, the cache, name
// forms and transliteration live in screen/internal/.
#ifndef STARGATE_SCREEN_SCREEN_H_
#define STARGATE_SCREEN_SCREEN_H_

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "stargate/screen/list_import.h"
#include "stargate/screen/name_match.h"
#include "stargate/screen/names_file.h"
#include "stargate/screen/query_facts.h"

namespace stargate::screen {

// The score at or above which a name is a hit. Chosen on the public
// name_bench pairs (bench/screen_eval.cc prints precision, recall and F1 at
// this value); docs/screening.md explains the trade-off.
inline constexpr float kDefaultThreshold = 0.7f;

class ListIndex;

struct LoadOptions {
  // Where cached indexes live; empty: DefaultCacheDir() (XDG_CACHE_HOME or
  // ~/.cache, then "stargate").
  std::filesystem::path cache_dir;
  bool use_cache = true;
};

class ScreeningList {
 public:
  struct File {
    std::string name;
    FileFormat format;
    size_t records;
  };
  struct Info {
    std::vector<File> files;
    std::vector<std::string> notes;  // e.g. skipped files, alternate names without an entry
    size_t entries = 0, names = 0, tokens = 0;
    std::string content_key;  // hex SHA-256 of the list files (names the cache file)
    std::string cache_path;   // empty when nothing was cached
    bool from_cache = false;  // loaded from the cache rather than built
    double load_milliseconds = 0;
  };

  ScreeningList();
  ~ScreeningList();
  ScreeningList(ScreeningList&&) noexcept;
  ScreeningList& operator=(ScreeningList&&) noexcept;

  const Info& info() const { return info_; }
  size_t size() const { return info_.entries; }
  // How many entries have a name with this normalized token (its rarity in
  // the list; name_match.h RarityWeight).
  uint32_t EntriesWithToken(std::string_view token) const;

 private:
  friend absl::StatusOr<ScreeningList> LoadScreeningList(const std::vector<std::filesystem::path>&,
                                                         const LoadOptions&);
  friend struct ScreenAccess;
  std::shared_ptr<const ListIndex> index_;
  Info info_;
};

// Loads the lists named by `paths` (files, or folders whose *.csv files are
// taken). Malformed files are errors with file:line:column; an empty list is
// an error too (it would screen every name as clear). A damaged cache file is
// ignored and rebuilt.
absl::StatusOr<ScreeningList> LoadScreeningList(const std::vector<std::filesystem::path>& paths,
                                                const LoadOptions& options = {});

struct ScreenOptions {
  float threshold = kDefaultThreshold;
  size_t max_hits = 10;  // 0: all hits
  bool explain = true;   // fill Hit::parts
  // Score every name instead of only those the blocking index proposes:
  // slow, for checking that blocking loses no hit.
  bool exhaustive = false;
  MatchParams params;
  // The query's type when the caller knows it (a vessel, a company, a
  // person): a list entry of another known type scores times
  // params.type_mismatch, so a ship is not its owner.
  EntryType query_type = EntryType::kUnknown;
  // Identifiers the query gives, compared with those the list gives (OFAC
  // remarks): an entry with another IMO number scores times
  // params.identifier_mismatch, one whose every year of birth differs from
  // birth_year times params.birth_year_mismatch. Empty / 0: not given.
  std::string imo;
  int birth_year = 0;
  // The party's country (MakeQueryCountry): an entry the list ties only to
  // other countries scores times params.country_mismatch, one tied to this
  // country times params.country_match (capped at 1).
  QueryCountry country;
};

// One step of a hit's explanation: query tokens against list tokens.
struct HitPart {
  PartKind kind = PartKind::kMatch;
  std::string query;   // normalized query token(s), empty for list_only
  std::string listed;  // normalized list token(s), empty for query_only
  float similarity = 0;
  float quality = 1;
  float weight = 0;
};

struct Hit {
  float score = 0;
  std::string list;        // "OFAC SDN", "Entity List (EL) - Bureau of Industry and Security"
  std::string entry_id;    // OFAC ent_num, CSL id
  std::string entry_name;  // the entry's primary name
  EntryType type = EntryType::kUnknown;
  std::vector<std::string> programs;
  std::string matched_name;  // the name (primary or alias) that matched
  NameRole name_role = NameRole::kPrimary;
  std::string source;  // file:line of the entry
  // Export-control terms where the list gives them (Entity List rows of the
  // Consolidated Screening List): empty otherwise.
  std::string license_requirement, license_policy, federal_register_notice;
  // Why: the parts and the factors of the score (name_match.h).
  std::vector<HitPart> parts;
  float coverage = 1, quality = 1, order_factor = 1, legal_factor = 1, script_factor = 1,
        initials_factor = 1;
  float number_factor = 1, type_factor = 1, identifier_factor = 1, country_factor = 1;
  // The entry's identifiers from the list (empty / none when it gives none),
  // and its countries (CountryKey: "russia", "north korea").
  std::string imo;
  std::vector<int> birth_years;
  std::vector<std::string> countries;
  // The same in words: the query tokens that matched, and what counted
  // against the match ("ark!=arc", "numbers differ", "type vessel vs entity",
  // "listed in iran, not RU"), and what counted for it besides the tokens
  // ("listed in russia").
  std::vector<std::string> matched, against, supporting;
};

// A query name must be non-empty UTF-8 text with a letter or digit, at most
// kMaxQueryBytes long.
inline constexpr size_t kMaxQueryBytes = 1024;
absl::Status CheckQueryName(std::string_view name);

// The entries whose names score at least options.threshold against `name`,
// best first, one hit per entry (its best-matching name). Errors only for a
// malformed name (CheckQueryName).
absl::StatusOr<std::vector<Hit>> Screen(const ScreeningList& list, std::string_view name,
                                        const ScreenOptions& options = {});

}  // namespace stargate::screen

#endif  // STARGATE_SCREEN_SCREEN_H_
