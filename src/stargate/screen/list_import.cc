#include "stargate/screen/list_import.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "stargate/core/csv_reader.h"
#include "stargate/core/diagnostic.h"
#include "stargate/core/file_reader.h"
#include "stargate/screen/internal/text_util.h"
#include "stargate/screen/internal/transliterate.h"

namespace stargate::screen {
namespace {

namespace fs = std::filesystem;

// OFAC writes "-0- " for an empty field.
bool IsNull(std::string_view s) {
  s = Trim(s);
  return s.empty() || s == "-0-";
}

bool IsInteger(std::string_view s) {
  s = Trim(s);
  if (s.empty() || s.size() > 12) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

absl::Status FieldError(const std::string& file, const CsvField& field, const std::string& what,
                        const std::string& expected) {
  return InputError({file, field.line, field.column}, what, expected);
}

// Every name must be text a person could type: valid UTF-8 with a letter or
// digit in it.
absl::Status CheckName(const std::string& file, const CsvField& field, std::string_view name) {
  size_t bad = 0;
  if (!IsCleanUtf8(name, &bad)) {
    return FieldError(file, field,
                      absl::StrCat("name is not clean UTF-8 text (bad byte at offset ", bad, ")"),
                      "UTF-8 text without control characters");
  }
  const bool has_alnum = std::any_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80;
  });
  if (!has_alnum) {
    return FieldError(file, field, absl::StrCat("name '", std::string(name), "' has no letters"),
                      "a name with letters or digits");
  }
  return absl::OkStatus();
}

// "watchman-bench-alt.csv" -> "watchman-bench"; "sdn.csv" -> "".
std::string Stem(const std::string& file_name) {
  std::string stem = fs::path(file_name).stem().string();
  const std::string lower = Lower(stem);
  for (const char* role : {"sdn_comments", "comments", "sdn", "prim", "alt", "add"}) {
    const std::string_view r(role);
    if (lower.size() >= r.size() && lower.compare(lower.size() - r.size(), r.size(), r) == 0) {
      const size_t cut = lower.size() - r.size();
      if (cut == 0) return "";
      const char sep = lower[cut - 1];
      if (sep == '-' || sep == '_' || sep == '.' || sep == ' ') return stem.substr(0, cut - 1);
    }
  }
  return stem;
}

std::vector<std::string> SplitPrograms(std::string_view field) {
  std::vector<std::string> programs;
  if (IsNull(field)) return programs;
  for (std::string_view p : SplitAny(field, "[];")) {
    p = Trim(p);
    if (!p.empty()) programs.emplace_back(p);
  }
  return programs;
}

void AddCountry(std::string_view country, ImportedEntry* entry) {
  country = Trim(country);
  if (country.empty() || IsNull(country) || Lower(country) == "undetermined") return;
  std::string text(country);
  if (std::find(entry->countries.begin(), entry->countries.end(), text) == entry->countries.end())
    entry->countries.push_back(std::move(text));
}

// The IMO number, years of birth, nationality and citizenship OFAC writes in
// the remarks ("nationality Iran; Citizen Iran;").
void IdentifiersInRemarks(std::string_view remarks, ImportedEntry* entry) {
  for (const char* marker : {"nationality ", "Nationality ", "citizen ", "Citizen "}) {
    const size_t length = std::string_view(marker).size();
    for (size_t at = remarks.find(marker); at != std::string_view::npos;
         at = remarks.find(marker, at + length)) {
      if (at > 0 && remarks[at - 1] != ' ' && remarks[at - 1] != ';') continue;
      const size_t end = std::min(remarks.find(';', at), remarks.size());
      std::string_view country = remarks.substr(at + length, end - at - length);
      // "nationality Iran." at the end of the remarks.
      while (!country.empty() && (country.back() == '.' || country.back() == ' '))
        country.remove_suffix(1);
      if (country.size() <= 40) AddCountry(country, entry);
    }
  }
  auto digits_at = [&](size_t at, size_t count) {
    if (at + count > remarks.size()) return false;
    for (size_t k = 0; k < count; ++k) {
      if (remarks[at + k] < '0' || remarks[at + k] > '9') return false;
    }
    return at + count == remarks.size() || remarks[at + count] < '0' || remarks[at + count] > '9';
  };
  if (entry->imo.empty()) {
    for (size_t at = remarks.find("IMO "); at != std::string_view::npos;
         at = remarks.find("IMO ", at + 4)) {
      if (digits_at(at + 4, 7)) {
        entry->imo = std::string(remarks.substr(at + 4, 7));
        break;
      }
    }
  }
  for (size_t at = remarks.find("DOB "); at != std::string_view::npos;
       at = remarks.find("DOB ", at + 4)) {
    const size_t end = std::min(remarks.find(';', at), remarks.size());
    // The year of "DOB 07 Oct 1952", "DOB 1952", "DOB circa 1952", "DOB 1950 to 1952".
    for (size_t k = at + 4; k + 4 <= end; ++k) {
      if ((k == 0 || remarks[k - 1] == ' ') && digits_at(k, 4)) {
        const int year = std::stoi(std::string(remarks.substr(k, 4)));
        if (std::find(entry->birth_years.begin(), entry->birth_years.end(), year) ==
            entry->birth_years.end()) {
          entry->birth_years.push_back(year);
        }
      }
    }
  }
}

// Aliases OFAC writes inside the remarks: "a.k.a. 'ABU-'UMAR'."; the closing
// quote is the one followed by ';', '.', ',' or the end.
std::vector<ImportedName> AliasesInRemarks(std::string_view remarks) {
  std::vector<ImportedName> names;
  static constexpr std::pair<const char*, NameRole> kMarkers[] = {{"a.k.a. '", NameRole::kWeakAka},
                                                                  {"f.k.a. '", NameRole::kWeakAka},
                                                                  {"n.k.a. '", NameRole::kWeakAka}};
  for (const auto& [marker, role] : kMarkers) {
    size_t at = 0;
    while ((at = remarks.find(marker, at)) != std::string_view::npos) {
      const size_t begin = at + std::strlen(marker);
      size_t end = begin;
      bool closed = false;
      while ((end = remarks.find('\'', end)) != std::string_view::npos) {
        const char next = end + 1 < remarks.size() ? remarks[end + 1] : '\0';
        if (next == ';' || next == '.' || next == ',' || next == '\0' || next == ' ') {
          closed = true;
          break;
        }
        ++end;
      }
      if (!closed) break;
      const std::string_view alias = Trim(remarks.substr(begin, end - begin));
      if (!alias.empty() && IsCleanUtf8(alias)) names.push_back({std::string(alias), role});
      at = end;
    }
  }
  return names;
}

struct Primary {
  std::string stem;
  size_t first_entry = 0, end_entry = 0;  // range in ImportedList::entries
  absl::flat_hash_map<std::string, size_t> by_id;
};

struct AltRow {
  std::string id;
  ImportedName name;
};

struct Companion {
  std::string file, stem;
  FileFormat format;
  std::vector<AltRow> alts;
  std::vector<std::pair<std::string, std::string>> comments;   // ent_num, text
  std::vector<std::pair<std::string, std::string>> countries;  // ent_num, address country
};

class Importer {
 public:
  absl::Status Add(const ListText& file);
  absl::StatusOr<ImportedList> Finish();

 private:
  absl::Status AddOfacPrimary(const ListText& file, CsvReader& reader,
                              std::vector<CsvField> record);
  absl::Status AddCompanion(const ListText& file, FileFormat format, CsvReader& reader,
                            std::vector<CsvField> record);
  absl::Status AddCsl(const ListText& file, CsvReader& reader, const std::vector<CsvField>& header);

  ImportedList list_;
  std::vector<Primary> primaries_;
  std::vector<Companion> companions_;
};

absl::Status Importer::Add(const ListText& file) {
  // Names are judged one by one (CheckName), so the text is not refused whole
  // for a byte that is not UTF-8; OFAC ends its files with 0x1A.
  CsvReader reader(file.text, file.name, {.require_utf8 = false, .allow_eof_marker = true});
  std::vector<CsvField> first;
  if (!reader.Next(&first)) {
    if (!reader.status().ok()) return reader.status();
    return InputError({file.name, 1, 1}, "list file is empty",
                      "an OFAC SDN CSV file or a Consolidated Screening List CSV file");
  }
  std::vector<std::string> header;
  for (const auto& f : first) header.push_back(Lower(Trim(f.text)));
  const bool has_name = std::find(header.begin(), header.end(), "name") != header.end();
  const bool has_source = std::find(header.begin(), header.end(), "source") != header.end();
  // The Entity List alone (Supp. 4 to part 744) in the CSL's columns, without
  // the `source` column that would name it.
  const bool has_license =
      std::find(header.begin(), header.end(), "license_requirement") != header.end();
  if (has_name && (has_source || has_license)) return AddCsl(file, reader, first);
  if (IsInteger(first[0].text)) {
    switch (first.size()) {
      case 12:
        return AddOfacPrimary(file, reader, std::move(first));
      case 5:
        return AddCompanion(file, FileFormat::kOfacAlt, reader, std::move(first));
      case 6:
        return AddCompanion(file, FileFormat::kOfacAddress, reader, std::move(first));
      case 2:
        return AddCompanion(file, FileFormat::kOfacComments, reader, std::move(first));
      default:
        break;
    }
    return InputError({file.name, first[0].line, first[0].column},
                      absl::StrCat("record has ", first.size(), " fields"),
                      "12 (OFAC sdn / cons_prim), 5 (alt), 6 (add) or 2 (comments) fields");
  }
  if (file.from_folder) {
    list_.notes.push_back(absl::StrCat("skipped ", file.name, ": not a screening list (header ",
                                       absl::StrJoin(header, ","), ")"));
    return absl::OkStatus();
  }
  return InputError({file.name, first[0].line, first[0].column},
                    "not a screening list (the first record is neither OFAC data nor a "
                    "Consolidated Screening List header)",
                    "an OFAC SDN CSV file (first field an ent_num) or a Consolidated Screening "
                    "List CSV with a header naming 'source' and 'name'");
}

absl::Status Importer::AddOfacPrimary(const ListText& file, CsvReader& reader,
                                      std::vector<CsvField> record) {
  Primary primary;
  primary.stem = Stem(file.name);
  primary.first_entry = list_.entries.size();
  const std::string lower = Lower(fs::path(file.name).filename().string());
  const std::string list_name =
      lower.find("cons") != std::string::npos || lower.find("prim") != std::string::npos
          ? "OFAC Consolidated (non-SDN)"
          : "OFAC SDN";
  size_t records = 0;
  do {
    ++records;
    if (record.size() != 12) {
      return InputError({file.name, reader.record_line(), 1},
                        absl::StrCat("record has ", record.size(), " fields"),
                        "12 fields as in the rest of this OFAC sdn file");
    }
    if (!IsInteger(record[0].text)) {
      return FieldError(
          file.name, record[0],
          absl::StrCat("ent_num '", std::string(Trim(record[0].text)), "' is not a number"),
          "a whole number identifying the entry");
    }
    ImportedEntry entry;
    entry.list = list_name;
    entry.id = std::string(Trim(record[0].text));
    entry.source = absl::StrCat(fs::path(file.name).filename().string(), ":", reader.record_line());
    if (IsNull(record[1].text)) {
      return FieldError(file.name, record[1], absl::StrCat("entry ", entry.id, " has no name"),
                        "SDN_Name in the second field");
    }
    const std::string name(Trim(record[1].text));
    if (auto status = CheckName(file.name, record[1], name); !status.ok()) return status;
    const std::string type = Lower(Trim(record[2].text));
    if (IsNull(type)) {
      entry.type = EntryType::kEntity;
    } else if (type == "individual") {
      entry.type = EntryType::kIndividual;
    } else if (type == "vessel") {
      entry.type = EntryType::kVessel;
    } else if (type == "aircraft") {
      entry.type = EntryType::kAircraft;
    } else {
      return FieldError(file.name, record[2],
                        absl::StrCat("SDN_Type '", std::string(Trim(record[2].text)), "'"),
                        "individual, vessel, aircraft or -0- (an entity)");
    }
    entry.names.push_back({name, NameRole::kPrimary});
    for (auto& alias : AliasesInRemarks(record[11].text)) entry.names.push_back(std::move(alias));
    IdentifiersInRemarks(record[11].text, &entry);
    entry.programs = SplitPrograms(record[3].text);
    if (!primary.by_id.emplace(entry.id, list_.entries.size()).second) {
      return FieldError(file.name, record[0], absl::StrCat("ent_num ", entry.id, " appears twice"),
                        "each ent_num once in an sdn file");
    }
    list_.entries.push_back(std::move(entry));
  } while (reader.Next(&record));
  if (!reader.status().ok()) return reader.status();
  primary.end_entry = list_.entries.size();
  primaries_.push_back(std::move(primary));
  list_.files.push_back({file.name, FileFormat::kOfacPrimary, records});
  return absl::OkStatus();
}

absl::Status Importer::AddCompanion(const ListText& file, FileFormat format, CsvReader& reader,
                                    std::vector<CsvField> record) {
  Companion companion;
  companion.file = file.name;
  companion.stem = Stem(file.name);
  companion.format = format;
  const size_t fields = format == FileFormat::kOfacAlt       ? 5
                        : format == FileFormat::kOfacAddress ? 6
                                                             : 2;
  size_t records = 0;
  do {
    ++records;
    if (record.size() != fields) {
      return InputError({file.name, reader.record_line(), 1},
                        absl::StrCat("record has ", record.size(), " fields"),
                        absl::StrCat(fields, " fields as in the rest of this OFAC ",
                                     FileFormatName(format), " file"));
    }
    if (!IsInteger(record[0].text)) {
      return FieldError(
          file.name, record[0],
          absl::StrCat("ent_num '", std::string(Trim(record[0].text)), "' is not a number"),
          "the whole number of the entry this row belongs to");
    }
    const std::string id(Trim(record[0].text));
    if (format == FileFormat::kOfacAlt) {
      const std::string type = Lower(Trim(record[2].text));
      NameRole role;
      if (type == "aka") {
        role = NameRole::kAka;
      } else if (type == "fka") {
        role = NameRole::kFka;
      } else if (type == "nka") {
        role = NameRole::kNka;
      } else {
        return FieldError(file.name, record[2],
                          absl::StrCat("alt_type '", std::string(Trim(record[2].text)), "'"),
                          "aka, fka or nka");
      }
      if (IsNull(record[3].text)) {
        return FieldError(file.name, record[3], "alternate name is empty",
                          "alt_name in the fourth field");
      }
      const std::string name(Trim(record[3].text));
      if (auto status = CheckName(file.name, record[3], name); !status.ok()) return status;
      companion.alts.push_back({id, {name, role}});
    } else if (format == FileFormat::kOfacComments) {
      companion.comments.emplace_back(id, record[1].text);
    } else if (format == FileFormat::kOfacAddress && !IsNull(record[4].text)) {
      companion.countries.emplace_back(id, std::string(Trim(record[4].text)));
    }
  } while (reader.Next(&record));
  if (!reader.status().ok()) return reader.status();
  companions_.push_back(std::move(companion));
  list_.files.push_back({file.name, format, records});
  return absl::OkStatus();
}

absl::Status Importer::AddCsl(const ListText& file, CsvReader& reader,
                              const std::vector<CsvField>& header) {
  std::map<std::string, size_t> column;
  for (size_t i = 0; i < header.size(); ++i) {
    column[Lower(Trim(header[i].text))] = i;
  }
  auto index = [&](const char* name) -> std::optional<size_t> {
    auto it = column.find(name);
    if (it == column.end()) return std::nullopt;
    return it->second;
  };
  const size_t name_col = *index("name");
  const auto source_col = index("source");
  const auto id_col = index("_id"), number_col = index("entity_number"), type_col = index("type"),
             programs_col = index("programs"), alt_col = index("alt_names"),
             requirement_col = index("license_requirement"), policy_col = index("license_policy"),
             notice_col = index("federal_register_notice");
  // The entry's countries: the Entity List's `country`, the CSL's
  // `citizenships` and `nationalities` (each ';'-separated).
  const std::optional<size_t> country_cols[] = {index("country"), index("citizenships"),
                                                index("nationalities")};
  // The CSL's addresses end in the country's code ("Shijiazhuang, CN; ...").
  const auto address_col = index("addresses");
  const std::string base = fs::path(file.name).filename().string();
  std::vector<CsvField> record;
  size_t records = 0;
  while (reader.Next(&record)) {
    ++records;
    if (record.size() != header.size()) {
      return InputError({file.name, reader.record_line(), 1},
                        absl::StrCat("record has ", record.size(), " fields"),
                        absl::StrCat(header.size(), " fields, one per header column"));
    }
    ImportedEntry entry;
    entry.list =
        source_col ? std::string(Trim(record[*source_col].text)) : std::string(kEntityListName);
    if (entry.list.empty()) {
      return FieldError(file.name, record[*source_col], "source is empty",
                        "the list the entry is on, e.g. 'Entity List (EL) - Bureau of Industry and "
                        "Security'");
    }
    entry.source = absl::StrCat(base, ":", reader.record_line());
    if (id_col && !Trim(record[*id_col].text).empty()) {
      entry.id = std::string(Trim(record[*id_col].text));
    } else if (number_col && !Trim(record[*number_col].text).empty()) {
      entry.id = std::string(Trim(record[*number_col].text));
    } else {
      entry.id = entry.source;
    }
    if (type_col) {
      const std::string type = Lower(Trim(record[*type_col].text));
      if (type.empty()) {
        entry.type = EntryType::kUnknown;
      } else if (type == "individual") {
        entry.type = EntryType::kIndividual;
      } else if (type == "entity") {
        entry.type = EntryType::kEntity;
      } else if (type == "vessel") {
        entry.type = EntryType::kVessel;
      } else if (type == "aircraft") {
        entry.type = EntryType::kAircraft;
      } else {
        return FieldError(file.name, record[*type_col],
                          absl::StrCat("type '", std::string(Trim(record[*type_col].text)), "'"),
                          "Individual, Entity, Vessel, Aircraft or empty");
      }
    }
    // "X; and any successor, sub-unit, or subsidiary thereof" names X.
    std::string name(Trim(record[name_col].text));
    const std::string lower = Lower(name);
    for (const char* tail : {"; and any successor", ", and any successor"}) {
      if (size_t at = lower.find(tail); at != std::string::npos)
        name = std::string(Trim(name.substr(0, at)));
    }
    if (name.empty()) {
      return FieldError(file.name, record[name_col], "name is empty", "the entry's name");
    }
    if (auto status = CheckName(file.name, record[name_col], name); !status.ok()) return status;
    entry.names.push_back({name, NameRole::kPrimary});
    if (alt_col) {
      for (std::string_view alias : SplitAny(record[*alt_col].text, ";")) {
        alias = Trim(alias);
        if (StartsWithIgnoreCase(alias, "and ")) alias = Trim(alias.substr(4));
        if (alias.empty()) continue;
        // A piece of pure punctuation is what is left of a name split at a
        // ';' inside it (the eCFR-parsed Entity List has one): not a name.
        if (std::none_of(alias.begin(), alias.end(), [](char c) {
              return std::isalnum(static_cast<unsigned char>(c)) ||
                     static_cast<unsigned char>(c) >= 0x80;
            })) {
          list_.notes.push_back(absl::StrCat(base, ":", reader.record_line(),
                                             ": skipped the alternate name '", std::string(alias),
                                             "', which has no letters"));
          continue;
        }
        if (auto status = CheckName(file.name, record[*alt_col], alias); !status.ok())
          return status;
        entry.names.push_back({std::string(alias), NameRole::kAka});
      }
    }
    if (programs_col) entry.programs = SplitPrograms(record[*programs_col].text);
    if (requirement_col) entry.license_requirement = Trim(record[*requirement_col].text);
    if (policy_col) entry.license_policy = Trim(record[*policy_col].text);
    if (notice_col) entry.federal_register_notice = Trim(record[*notice_col].text);
    for (const auto& col : country_cols) {
      if (!col) continue;
      for (std::string_view country : SplitAny(record[*col].text, ";")) AddCountry(country, &entry);
    }
    if (address_col) {
      for (std::string_view address : SplitAny(record[*address_col].text, ";")) {
        const size_t comma = address.rfind(',');
        const std::string_view code =
            Trim(comma == std::string_view::npos ? address : address.substr(comma + 1));
        if (code.size() == 2 && std::isupper(static_cast<unsigned char>(code[0])) &&
            std::isupper(static_cast<unsigned char>(code[1]))) {
          AddCountry(code, &entry);
        }
      }
    }
    list_.entries.push_back(std::move(entry));
  }
  if (!reader.status().ok()) return reader.status();
  list_.files.push_back({file.name, FileFormat::kCsl, records});
  return absl::OkStatus();
}

absl::StatusOr<ImportedList> Importer::Finish() {
  for (const Companion& companion : companions_) {
    std::vector<const Primary*> targets;
    for (const Primary& p : primaries_) {
      if (p.stem == companion.stem) targets.push_back(&p);
    }
    // OFAC's ent_num is one numbering across its lists, so a companion file
    // without a same-named primary joins every OFAC file given.
    if (targets.empty()) {
      for (const Primary& p : primaries_) targets.push_back(&p);
    }
    if (targets.empty()) {
      return Problem(absl::StatusCode::kInvalidArgument,
                     absl::StrCat(companion.file, ": an OFAC ", FileFormatName(companion.format),
                                  " file without the list it belongs to"),
                     "the matching sdn.csv (or cons_prim.csv) in the same --list");
    }
    size_t orphans = 0;
    auto for_entry = [&](const std::string& id, auto&& apply) {
      bool found = false;
      for (const Primary* p : targets) {
        if (auto it = p->by_id.find(id); it != p->by_id.end()) {
          apply(list_.entries[it->second]);
          found = true;
        }
      }
      if (!found) ++orphans;
    };
    for (const AltRow& alt : companion.alts) {
      for_entry(alt.id, [&](ImportedEntry& e) { e.names.push_back(alt.name); });
    }
    for (const auto& comment : companion.comments) {
      // Not a structured binding: clang 14 cannot capture one in a lambda.
      const std::string& text = comment.second;
      for_entry(comment.first, [&](ImportedEntry& e) {
        for (auto& alias : AliasesInRemarks(text)) e.names.push_back(std::move(alias));
        IdentifiersInRemarks(text, &e);
      });
    }
    for (const auto& country : companion.countries) {
      const std::string& text = country.second;
      for_entry(country.first, [&](ImportedEntry& e) { AddCountry(text, &e); });
    }
    if (orphans > 0) {
      list_.notes.push_back(absl::StrCat(companion.file, ": ", orphans,
                                         " rows refer to entries that are not in the list"));
    }
  }
  // One entry, one spelling of each name (remarks repeat the alt file).
  for (ImportedEntry& entry : list_.entries) {
    absl::flat_hash_set<std::string> seen;
    std::vector<ImportedName> unique;
    for (auto& name : entry.names) {
      if (seen.insert(Lower(name.text)).second) unique.push_back(std::move(name));
    }
    entry.names = std::move(unique);
  }
  if (list_.entries.empty()) {
    return Problem(
        absl::StatusCode::kInvalidArgument,
        "the screening list has no entries, so every name would screen as clear",
        "at least one OFAC sdn / cons_prim file or Consolidated Screening List file with entries");
  }
  return std::move(list_);
}

}  // namespace

const char* EntryTypeName(EntryType type) {
  switch (type) {
    case EntryType::kIndividual:
      return "individual";
    case EntryType::kEntity:
      return "entity";
    case EntryType::kVessel:
      return "vessel";
    case EntryType::kAircraft:
      return "aircraft";
    case EntryType::kUnknown:
      return "unknown";
  }
  return "unknown";
}

const char* NameRoleName(NameRole role) {
  switch (role) {
    case NameRole::kPrimary:
      return "primary";
    case NameRole::kAka:
      return "aka";
    case NameRole::kFka:
      return "fka";
    case NameRole::kNka:
      return "nka";
    case NameRole::kWeakAka:
      return "weak_aka";
  }
  return "aka";
}

const char* FileFormatName(FileFormat format) {
  switch (format) {
    case FileFormat::kOfacPrimary:
      return "sdn";
    case FileFormat::kOfacAlt:
      return "alt";
    case FileFormat::kOfacAddress:
      return "add";
    case FileFormat::kOfacComments:
      return "comments";
    case FileFormat::kCsl:
      return "csl";
  }
  return "sdn";
}

absl::StatusOr<ImportedList> ImportListTexts(const std::vector<ListText>& files) {
  Importer importer;
  for (const ListText& file : files) {
    if (auto status = importer.Add(file); !status.ok()) return status;
  }
  return importer.Finish();
}

std::string CountryKey(std::string_view country) {
  country = Trim(country);
  if (StartsWithIgnoreCase(country, "region:")) country = Trim(country.substr(7));
  // "Korea, North" -> "North Korea"; "Congo, Democratic Republic of the" ->
  // "the Democratic Republic of Congo" is left as it is (one comma, a tail of
  // several words is not an inversion of a name).
  std::string text(country);
  if (const size_t comma = text.find(','); comma != std::string::npos &&
                                           text.find(',', comma + 1) == std::string::npos &&
                                           text.find(' ', comma + 2) == std::string::npos) {
    text = std::string(Trim(std::string_view(text).substr(comma + 1))) + " " +
           std::string(Trim(std::string_view(text).substr(0, comma)));
  }
  std::string key;
  bool space = true;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u)) {
      key += static_cast<char>(std::tolower(u));
      space = false;
    } else if (c == '.' || c == '\'' || u >= 0x80) {
      // "U.A.E." is "uae"; a non-ASCII byte (an accent) is dropped.
    } else if (!space) {
      key += ' ';
      space = true;
    }
  }
  while (!key.empty() && key.back() == ' ') key.pop_back();
  if (key.rfind("the ", 0) == 0) key.erase(0, 4);
  return key;
}

absl::StatusOr<std::vector<fs::path>> ListFilesIn(const fs::path& path) {
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (ec || !fs::exists(status)) {
    return Problem(absl::StatusCode::kNotFound,
                   absl::StrCat("no such list file or folder: ", path.string()),
                   "a list CSV file or a folder of them");
  }
  if (fs::is_regular_file(status)) return std::vector<fs::path>{path};
  if (!fs::is_directory(status)) {
    return Problem(absl::StatusCode::kInvalidArgument,
                   absl::StrCat(path.string(), " is neither a file nor a folder"),
                   "a list CSV file or a folder");
  }
  std::vector<fs::path> files;
  for (fs::directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string ext = Lower(it->path().extension().string());
    if (ext == ".csv" && fs::is_regular_file(it->path(), ec)) files.push_back(it->path());
  }
  if (ec) {
    return Problem(absl::StatusCode::kPermissionDenied,
                   absl::StrCat("cannot list folder ", path.string(), ": ", ec.message()),
                   "a readable folder");
  }
  if (files.empty()) {
    return Problem(absl::StatusCode::kInvalidArgument,
                   absl::StrCat("folder ", path.string(), " has no .csv files"),
                   "OFAC or Consolidated Screening List CSV files in it");
  }
  std::sort(files.begin(), files.end());
  return files;
}

absl::StatusOr<std::string> ReadListFile(const fs::path& path) {
  DiagnosticList problems;
  std::optional<std::string> text =
      ::stargate::ReadFileText(path.string(), &problems, {.expected = "a readable list file"});
  if (!text) return ProblemStatus(absl::StatusCode::kNotFound, problems.items());
  return std::move(*text);
}

}  // namespace stargate::screen
