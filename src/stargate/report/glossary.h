// The glossary (docs/glossary.md): each term an answer uses, in plain words,
// with links to the legal text. The partner view names things by the
// glossary's terms and lists the entries it used, so that the CLI, the API
// and the dashboard's tooltips explain a term the same way.
#ifndef STARGATE_REPORT_GLOSSARY_H_
#define STARGATE_REPORT_GLOSSARY_H_

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace stargate::report {

struct GlossaryEntry {
  std::string key;      // what the data calls it: "LPP", "tier2", "presumption_of_denial"
  std::string term;     // what answers show: "License Exception LPP (Low Processing Performance)"
  std::string meaning;  // one or two plain sentences
  std::vector<std::string> urls;
};

class Glossary {
 public:
  // Reads the rows `| key | term | meaning | <url> ... |` of docs/glossary.md.
  static absl::StatusOr<Glossary> Load(const std::filesystem::path& path);
  static Glossary Parse(std::string_view markdown);

  const GlossaryEntry* Find(std::string_view key) const;
  // The entry's term, or `fallback` (the key when empty) without one.
  std::string Term(std::string_view key, std::string_view fallback = "") const;
  size_t size() const { return entries_.size(); }

 private:
  std::map<std::string, GlossaryEntry, std::less<>> entries_;
};

// Where the glossary lies beside the data directory: DATA_DIR/../docs/glossary.md.
std::filesystem::path DefaultGlossaryPath(const std::filesystem::path& data_dir);

}  // namespace stargate::report

#endif  // STARGATE_REPORT_GLOSSARY_H_
