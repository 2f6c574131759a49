// The bibliography (docs/sources.md): what a `source:` key in data/ stands
// for. A source is a URL or a key of this table; the CLI and API show the
// key's title and URLs instead of the bare key.
#ifndef STARGATE_MODEL_BIBLIOGRAPHY_H_
#define STARGATE_MODEL_BIBLIOGRAPHY_H_

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace stargate {

struct SourceEntry {
  std::string key;
  std::string title;
  std::string date;  // YYYY-MM-DD, YYYY-MM or n.d.
  std::vector<std::string> urls;
};

class Bibliography {
 public:
  // Reads the table rows `| key | title | date | <url> <url> |` of docs/sources.md.
  static absl::StatusOr<Bibliography> Load(const std::filesystem::path& path);
  static Bibliography Parse(std::string_view markdown);

  const SourceEntry* Find(std::string_view key) const;
  // A source as written in data/: a URL, or a key found here. False for a
  // key that is unknown or points outside the repository ("notes.md#S1").
  bool Resolves(std::string_view source) const;
  // "Title (date) <url>" for a key, the URL itself for a URL, or the text
  // unchanged when it resolves to nothing.
  std::string Describe(std::string_view source) const;
  const std::map<std::string, SourceEntry, std::less<>>& entries() const { return entries_; }

 private:
  std::map<std::string, SourceEntry, std::less<>> entries_;
};

bool IsUrl(std::string_view source);

// For each record of a JSON list whose provenance has `source` keys, adds
// provenance.references = [{key, title, date, urls}], so that a reader (CLI
// `show --json`, the API's entity lists) never gets a bare key.
void AddReferences(nlohmann::json* records, const Bibliography& bibliography);

}  // namespace stargate

#endif  // STARGATE_MODEL_BIBLIOGRAPHY_H_
