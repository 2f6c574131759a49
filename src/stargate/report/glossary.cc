#include "stargate/report/glossary.h"

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "stargate/core/diagnostic.h"
#include "stargate/core/file_reader.h"

namespace stargate::report {

Glossary Glossary::Parse(std::string_view markdown) {
  Glossary g;
  for (absl::string_view line :
       absl::StrSplit(absl::string_view(markdown.data(), markdown.size()), '\n')) {
    if (!absl::StartsWith(line, "| ")) continue;
    const std::vector<absl::string_view> cells = absl::StrSplit(line, '|');
    // "", key, term, meaning, urls, ""
    if (cells.size() < 6) continue;
    GlossaryEntry e;
    e.key = std::string(absl::StripAsciiWhitespace(cells[1]));
    if (e.key.empty() || e.key == "key" || absl::StartsWith(e.key, "---")) continue;
    e.term = std::string(absl::StripAsciiWhitespace(cells[2]));
    e.meaning = std::string(absl::StripAsciiWhitespace(cells[3]));
    for (absl::string_view token : absl::StrSplit(cells[4], ' ', absl::SkipWhitespace())) {
      if (absl::ConsumePrefix(&token, "<")) absl::ConsumeSuffix(&token, ">");
      if (absl::StartsWith(token, "https://")) e.urls.emplace_back(token);
    }
    if (e.term.empty()) continue;
    g.entries_[e.key] = std::move(e);
  }
  return g;
}

absl::StatusOr<Glossary> Glossary::Load(const std::filesystem::path& path) {
  DiagnosticList problems;
  FileReadOptions options;
  options.expected = "the glossary docs/glossary.md";
  const std::optional<std::string> text = ReadFileText(path.string(), &problems, options);
  if (!text) return ProblemStatus(absl::StatusCode::kNotFound, problems.items());
  return Parse(*text);
}

const GlossaryEntry* Glossary::Find(std::string_view key) const {
  auto it = entries_.find(key);
  return it == entries_.end() ? nullptr : &it->second;
}

std::string Glossary::Term(std::string_view key, std::string_view fallback) const {
  if (const GlossaryEntry* e = Find(key)) return e->term;
  return std::string(fallback.empty() ? key : fallback);
}

std::filesystem::path DefaultGlossaryPath(const std::filesystem::path& data_dir) {
  return data_dir / ".." / "docs" / "glossary.md";
}

}  // namespace stargate::report
