#include "stargate/compliance/lists.h"

#include <yaml-cpp/yaml.h>

#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "stargate/core/atomic_file.h"
#include "stargate/core/diagnostic.h"
#include "stargate/core/file_reader.h"
#include "stargate/core/yaml_file.h"

namespace stargate::compliance {
namespace fs = std::filesystem;
namespace {

constexpr char kManifest[] = "lists.yaml";

absl::Status ManifestProblem(const fs::path& file, const YAML::Mark& mark, const std::string& what,
                             const std::string& expected) {
  return InputError({file.string(), mark.line + 1, mark.column + 1}, what, expected);
}

absl::StatusOr<std::string> Text(const fs::path& file, const YAML::Node& map, const char* key,
                                 bool required = true) {
  const YAML::Node node = map[key];
  if (!node) {
    if (!required) return std::string();
    return ManifestProblem(file, map.Mark(), absl::StrCat("list has no '", key, "'"),
                           absl::StrCat("a '", key, "' field"));
  }
  if (!node.IsScalar())
    return ManifestProblem(file, node.Mark(), absl::StrCat("'", key, "' is not text"),
                           "a text value");
  return node.as<std::string>();
}

absl::StatusOr<Date> DateField(const fs::path& file, const YAML::Node& map, const char* key) {
  auto text = Text(file, map, key);
  if (!text.ok()) return text.status();
  auto date = Date::Parse(*text);
  if (!date.ok())
    return ManifestProblem(file, map[key].Mark(), absl::StrCat("'", key, "' is '", *text, "'"),
                           "a date YYYY-MM-DD");
  return *date;
}

absl::StatusOr<ListSource> ReadList(const fs::path& file, const YAML::Node& node) {
  if (!node.IsMap())
    return ManifestProblem(file, node.Mark(), "a list is not a mapping",
                           "id, name, files, ... of one list");
  ListSource list;
  for (auto [field, key] : {std::pair{&list.id, "id"},
                            {&list.name, "name"},
                            {&list.authority, "authority"},
                            {&list.snapshot, "snapshot"}}) {
    auto text = Text(file, node, key);
    if (!text.ok()) return text.status();
    *field = *text;
  }
  auto page = Text(file, node, "page", false);
  if (!page.ok()) return page.status();
  list.page = *page;
  if (list.id.empty() || list.id.find_first_of("/\\.") != std::string::npos) {
    return ManifestProblem(file, node["id"].Mark(), absl::StrCat("list id '", list.id, "'"),
                           "a folder name without '/', '\\' or '.'");
  }
  for (auto [field, key] :
       {std::pair{&list.data_date, "data_date"}, {&list.retrieved, "retrieved"}}) {
    auto date = DateField(file, node, key);
    if (!date.ok()) return date.status();
    *field = *date;
  }
  const YAML::Node files = node["files"];
  if (!files || !files.IsSequence() || files.size() == 0) {
    return ManifestProblem(file, files ? files.Mark() : node.Mark(), "list has no files",
                           "files: [{name, url}, ...]");
  }
  for (const auto& f : files) {
    if (!f.IsMap())
      return ManifestProblem(file, f.Mark(), "a file is not a mapping", "{name: FILE, url: URL}");
    auto name = Text(file, f, "name");
    if (!name.ok()) return name.status();
    auto url = Text(file, f, "url");
    if (!url.ok()) return url.status();
    if (name->empty() || name->find('/') != std::string::npos || (*name)[0] == '.') {
      return ManifestProblem(file, f["name"].Mark(), absl::StrCat("file name '", *name, "'"),
                             "a plain file name");
    }
    if (url->rfind("https://", 0) != 0 && url->rfind("http://", 0) != 0) {
      return ManifestProblem(file, f["url"].Mark(), absl::StrCat("url '", *url, "'"),
                             "an http(s) URL");
    }
    list.files.push_back({*name, *url});
  }
  if (const YAML::Node gaps = node["gaps"]) {
    if (!gaps.IsSequence())
      return ManifestProblem(file, gaps.Mark(), "'gaps' is not a list", "a list of sentences");
    for (const auto& g : gaps) list.gaps.push_back(g.as<std::string>());
  }
  return list;
}

}  // namespace

fs::path DefaultListsDir(const fs::path& data_dir) {
  if (const char* env = std::getenv("STARGATE_LISTS_DIR"); env && *env) return env;
  return data_dir / "screening";
}

absl::StatusOr<ListsManifest> ReadListsManifest(const fs::path& dir) {
  const fs::path file = dir / kManifest;
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) {
    return Problem(
        absl::StatusCode::kNotFound,
        absl::StrCat("no screening lists at ", dir.string(), " (", kManifest, " not found)"),
        "the lists folder that ships in data/screening, $STARGATE_LISTS_DIR, or lists named with "
        "--list");
  }
  DiagnosticList read_problems;
  const std::optional<std::string> text = ReadFileText(file.string(), &read_problems);
  if (!text) return read_problems.ToStatus();
  std::optional<YAML::Node> parsed = ParseYaml(*text, file.string(), &read_problems);
  if (!parsed) return read_problems.ToStatus();
  const YAML::Node root = *parsed;
  // Only a map may be indexed: yaml-cpp throws on a scalar root.
  const YAML::Node lists = root.IsMap() ? root["lists"] : YAML::Node();
  if (!lists || !lists.IsSequence() || lists.size() == 0) {
    return ManifestProblem(file, root.Mark(), "no 'lists'",
                           "lists: [...] naming at least one list");
  }
  ListsManifest manifest;
  manifest.dir = dir;
  try {
    for (const auto& node : lists) {
      auto list = ReadList(file, node);
      if (!list.ok()) return list.status();
      manifest.lists.push_back(std::move(*list));
    }
  } catch (const YAML::Exception& e) {
    return ManifestProblem(file, e.mark, e.msg, "text values");
  }
  return manifest;
}

absl::Status WriteListsManifest(const ListsManifest& manifest) {
  YAML::Emitter out;
  out << YAML::Comment(
      "Restricted-party lists screened by default (docs/screening.md). `stargate lists update` "
      "rewrites this file.");
  out << YAML::BeginMap << YAML::Key << "lists" << YAML::Value << YAML::BeginSeq;
  for (const auto& list : manifest.lists) {
    out << YAML::BeginMap;
    out << YAML::Key << "id" << YAML::Value << list.id;
    out << YAML::Key << "name" << YAML::Value << list.name;
    out << YAML::Key << "authority" << YAML::Value << list.authority;
    if (!list.page.empty()) out << YAML::Key << "page" << YAML::Value << list.page;
    out << YAML::Key << "data_date" << YAML::Value << list.data_date.ToString();
    out << YAML::Key << "retrieved" << YAML::Value << list.retrieved.ToString();
    out << YAML::Key << "snapshot" << YAML::Value << list.snapshot;
    out << YAML::Key << "files" << YAML::Value << YAML::BeginSeq;
    for (const auto& f : list.files) {
      out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << f.name << YAML::Key << "url"
          << YAML::Value << f.url << YAML::EndMap;
    }
    out << YAML::EndSeq;
    if (!list.gaps.empty()) {
      out << YAML::Key << "gaps" << YAML::Value << YAML::BeginSeq;
      for (const auto& g : list.gaps) out << g;
      out << YAML::EndSeq;
    }
    out << YAML::EndMap;
  }
  out << YAML::EndSeq << YAML::EndMap;
  return WriteFileAtomically(manifest.dir / kManifest, std::string(out.c_str()) + "\n");
}

std::vector<fs::path> ListFolders(const ListsManifest& manifest) {
  std::vector<fs::path> folders;
  for (const auto& list : manifest.lists) folders.push_back(manifest.dir / list.id);
  return folders;
}

int ListDate::AgeDays(Date today) const {
  return static_cast<int>(today.DaysSinceEpoch() - data_date.DaysSinceEpoch());
}

std::vector<ListDate> ListDates(const ListsManifest& manifest) {
  std::vector<ListDate> dates;
  for (const auto& list : manifest.lists) dates.push_back({list.id, list.name, list.data_date});
  return dates;
}

std::string StaleListsWarning(const std::vector<ListDate>& lists, Date today) {
  std::vector<std::string> stale;
  for (const ListDate& list : lists) {
    if (!list.Stale(today)) continue;
    stale.push_back(absl::StrCat(list.id, " (data of ", list.data_date.ToString(), ", ",
                                 list.AgeDays(today), " days old)"));
  }
  if (stale.empty()) return "";
  return absl::StrCat("screened against lists older than ", kStaleAfterDays,
                      " days: ", absl::StrJoin(stale, ", "),
                      "; a party listed since is not found. Run `stargate lists update`");
}

nlohmann::json ListDatesJson(const std::vector<ListDate>& lists, Date today) {
  nlohmann::json out = nlohmann::json::array();
  for (const ListDate& list : lists) {
    out.push_back({{"id", list.id},
                   {"name", list.name},
                   {"data_of", list.data_date.ToString()},
                   {"age_days", list.AgeDays(today)},
                   {"stale", list.Stale(today)}});
  }
  return out;
}

}  // namespace stargate::compliance
