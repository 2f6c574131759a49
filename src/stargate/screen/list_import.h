// Reading restricted-party lists: OFAC's legacy CSV files (sdn.csv and the
// non-SDN cons_prim.csv, with their alt / add / comments companions) and the
// trade.gov Consolidated Screening List CSV (2019 and current layouts). The
// format of each file is recognised from its content; companion files join
// their entries by OFAC's ent_num.
#ifndef STARGATE_SCREEN_LIST_IMPORT_H_
#define STARGATE_SCREEN_LIST_IMPORT_H_

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace stargate::screen {

enum class EntryType : uint8_t { kIndividual, kEntity, kVessel, kAircraft, kUnknown };
const char* EntryTypeName(EntryType type);

// kWeakAka: an alias OFAC marks as weak (a nickname, a common acronym),
// written in single quotes in the remarks of its CSV files. OFAC does not
// expect screening on a weak alias alone (OFAC FAQs 122-124): a hit on one
// is reported, never decisive (compliance/party_screening.h).
enum class NameRole : uint8_t { kPrimary, kAka, kFka, kNka, kWeakAka };
const char* NameRoleName(NameRole role);

// The Consolidated Screening List's name for the BIS Entity List; also the
// list of a file in the CSL's columns without a `source` column but with
// `license_requirement` (the Entity List alone).
inline constexpr std::string_view kEntityListName =
    "Entity List (EL) - Bureau of Industry and Security";

struct ImportedName {
  std::string text;
  NameRole role = NameRole::kPrimary;
};

struct ImportedEntry {
  std::string list;  // "OFAC SDN", "Entity List (EL) - Bureau of Industry and Security"
  std::string id;    // OFAC ent_num, CSL _id or entity_number
  EntryType type = EntryType::kUnknown;
  std::vector<ImportedName> names;  // names[0] is the primary name
  std::vector<std::string> programs;
  std::string source;  // "sdn.csv:12"
  // Export-control terms, where the list gives them (the Entity List's
  // columns in the Consolidated Screening List): what needs a license, the
  // review policy for applications, and the Federal Register notice(s).
  std::string license_requirement, license_policy, federal_register_notice;
  // Identifiers OFAC writes in the remarks: a vessel's IMO number ("Vessel
  // Registration Identification IMO 9187629") and a person's years of birth
  // ("DOB 07 Oct 1952; alt. DOB 1953"), for queries that give them.
  std::string imo;
  std::vector<int> birth_years;
  // The countries the list ties the entry to, as it writes them: the
  // countries of OFAC's addresses (add.csv) and the "nationality" and
  // "Citizen" of its remarks; the CSL's country, citizenships and
  // nationalities columns. For queries that give the party's country.
  std::vector<std::string> countries;
};

enum class FileFormat : uint8_t {
  kOfacPrimary,   // ent_num, name, type, programs, ... (12 fields)
  kOfacAlt,       // ent_num, alt_num, alt_type, alt_name, remarks (5)
  kOfacAddress,   // ent_num, add_num, address, city, country, remarks (6)
  kOfacComments,  // ent_num, remarks continued (2)
  kCsl,           // header row with source, name, alt_names, ...
};
const char* FileFormatName(FileFormat format);

struct ListFile {
  std::string path;
  FileFormat format = FileFormat::kOfacPrimary;
  size_t records = 0;
};

struct ImportedList {
  std::vector<ImportedEntry> entries;
  std::vector<ListFile> files;
  // Things worth knowing that are not errors, e.g. alternate names whose
  // entity is not in the list (date skew between OFAC files).
  std::vector<std::string> notes;
};

// One file's text, already read. `name` is used in messages and for pairing
// companion files ("watchman-bench-alt.csv" joins "watchman-bench-sdn.csv").
struct ListText {
  std::string name;
  std::string text;
  // Found by listing a folder: a CSV whose header shows it is not a list is
  // skipped (with a note) instead of being an error.
  bool from_folder = false;
};

// Parses and joins list files. Errors name the file, line and column and say
// what was expected; an input with no entries is an error too, because an
// empty list would screen every name as clear.
absl::StatusOr<ImportedList> ImportListTexts(const std::vector<ListText>& files);

// The list files a --list argument names: the file itself, or every *.csv in
// the folder (sorted by name, not recursive).
absl::StatusOr<std::vector<std::filesystem::path>> ListFilesIn(const std::filesystem::path& path);

// Reads a list file whole through core's reader; the error names the path.
absl::StatusOr<std::string> ReadListFile(const std::filesystem::path& path);

// A country as the lists and queries are compared: lower case ASCII letters
// and single spaces, OFAC's inversions undone and prefixes dropped:
// "Korea, North" -> "north korea", "Region: Crimea" -> "crimea",
// "The Gambia" -> "gambia", "U.A.E." -> "uae"; other bytes than ASCII are
// dropped (the lists write country names in ASCII).
std::string CountryKey(std::string_view country);

}  // namespace stargate::screen

#endif  // STARGATE_SCREEN_LIST_IMPORT_H_
