// The restricted-party lists a check screens against by default: a folder
// (data/screening/ in the repository, or $STARGATE_LISTS_DIR) with one
// sub-folder per list and a manifest, lists.yaml, that says for each list
// what it is, where its official files are published, the date of the data
// and where the snapshot came from. `stargate lists status` reads it;
// `stargate lists update` downloads the official files, validates them with
// the same importer, and swaps each list in atomically.
#ifndef STARGATE_COMPLIANCE_LISTS_H_
#define STARGATE_COMPLIANCE_LISTS_H_

#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "stargate/core/date.h"

namespace stargate::compliance {

// A list older than this is stale: status warns, and so does every check.
inline constexpr int kStaleAfterDays = 30;

// A list by its date: the data it holds are as of `data_date`.
struct ListDate {
  std::string id;
  std::string name;
  Date data_date;
  int AgeDays(Date today) const;
  bool Stale(Date today) const { return AgeDays(today) > kStaleAfterDays; }
};

struct ListFile {
  std::string name;  // the file's name in the list's folder
  std::string url;   // where the authority publishes it
};

struct ListSource {
  std::string id;         // "ofac-sdn": also its folder's name
  std::string name;       // "OFAC Specially Designated Nationals (SDN) List"
  std::string authority;  // "U.S. Department of the Treasury, OFAC"
  std::string page;       // the authority's page about the list
  std::vector<ListFile> files;
  Date data_date;                 // the date of the data the files hold
  Date retrieved;                 // when the files were fetched
  std::string snapshot;           // where this copy came from, in words
  std::vector<std::string> gaps;  // what this copy lacks, in words
};

struct ListsManifest {
  std::filesystem::path dir;  // the folder holding lists.yaml
  std::vector<ListSource> lists;
};

// The lists folder: $STARGATE_LISTS_DIR, else `data_dir`/screening.
std::filesystem::path DefaultListsDir(const std::filesystem::path& data_dir);

// Reads dir/lists.yaml. Problems name the file, line and column.
absl::StatusOr<ListsManifest> ReadListsManifest(const std::filesystem::path& dir);
// Writes it back (to a temporary file, then renamed over the old one).
absl::Status WriteListsManifest(const ListsManifest& manifest);

// The folders of every list, for screen::LoadScreeningList.
std::vector<std::filesystem::path> ListFolders(const ListsManifest& manifest);

// The lists of a manifest by id, name and data date: what a check screened
// against, so that its answer can say how old those lists are.
std::vector<ListDate> ListDates(const ListsManifest& manifest);

// "screened against lists older than 30 days: ofac-sdn (data of 2024-05-03,
// 948 days old); ... Run `stargate lists update`", or empty when every list
// is recent (or none has a known date).
std::string StaleListsWarning(const std::vector<ListDate>& lists, Date today);
// [{"id", "name", "data_of", "age_days", "stale"}], as check and screen answer.
nlohmann::json ListDatesJson(const std::vector<ListDate>& lists, Date today);

// Fetches a URL's body; an HTTP error, a timeout or a truncated body is an
// error, never a short file.
using Fetch = std::function<absl::StatusOr<std::string>(const std::string& url)>;
Fetch HttpFetch();  // libcurl

struct UpdateOptions {
  // Instead of each file's official URL, fetch MIRROR/<list id>/<file name>
  // (an internal mirror, or the tests' local server).
  std::string mirror;
  Date today;
};

struct ListUpdate {
  std::string id;
  bool updated = false;
  std::string error;   // why the list was kept as it was
  size_t entries = 0;  // entries of the new list
};

// Downloads every list, imports it with the validating importer, and swaps
// it in atomically; a list whose download or import fails keeps its previous
// files. The manifest's dates are updated for the lists that were swapped.
std::vector<ListUpdate> UpdateLists(ListsManifest* manifest, const Fetch& fetch,
                                    const UpdateOptions& options);

}  // namespace stargate::compliance

#endif  // STARGATE_COMPLIANCE_LISTS_H_
