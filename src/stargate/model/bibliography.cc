#include "stargate/model/bibliography.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "stargate/core/diagnostic.h"
#include "stargate/core/file_reader.h"

namespace stargate {

namespace {

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

std::vector<std::string_view> Split(std::string_view text, char by) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == by) {
      out.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

}  // namespace

bool IsUrl(std::string_view source) {
  return StartsWith(source, "https://") || StartsWith(source, "http://");
}

Bibliography Bibliography::Parse(std::string_view markdown) {
  Bibliography b;
  for (std::string_view line : Split(markdown, '\n')) {
    if (!StartsWith(line, "| ")) continue;
    const std::vector<std::string_view> cells = Split(line, '|');
    // "", key, title, date, urls, ""
    if (cells.size() < 6) continue;
    SourceEntry e;
    e.key = std::string(Trim(cells[1]));
    if (e.key.empty() || e.key == "key" || StartsWith(e.key, "---")) continue;
    e.title = std::string(Trim(cells[2]));
    e.date = std::string(Trim(cells[3]));
    for (std::string_view token : Split(cells[4], ' ')) {
      token = Trim(token);
      if (!token.empty() && token.front() == '<') token.remove_prefix(1);
      if (!token.empty() && token.back() == '>') token.remove_suffix(1);
      if (IsUrl(token)) e.urls.emplace_back(token);
    }
    if (e.urls.empty()) continue;  // a key must resolve to at least one URL
    b.entries_[e.key] = std::move(e);
  }
  return b;
}

absl::StatusOr<Bibliography> Bibliography::Load(const std::filesystem::path& path) {
  FileReadOptions options;
  options.expected = "the bibliography docs/sources.md";
  DiagnosticList problems;
  auto text = ReadFileText(path.string(), &problems, options);
  if (!text) {
    const Diagnostic& problem = problems.items().front();
    return Problem(absl::StatusCode::kNotFound, std::string(problem.what),
                   std::string(problem.expected));
  }
  return Parse(*text);
}

const SourceEntry* Bibliography::Find(std::string_view key) const {
  auto it = entries_.find(key);
  return it == entries_.end() ? nullptr : &it->second;
}

bool Bibliography::Resolves(std::string_view source) const {
  if (IsUrl(source)) return true;
  return Find(source) != nullptr;
}

std::string Bibliography::Describe(std::string_view source) const {
  if (IsUrl(source)) return std::string(source);
  const SourceEntry* e = Find(source);
  if (!e) return std::string(source);
  std::string out = e->title + " (" + e->date + ")";
  for (const auto& url : e->urls) out += " <" + url + ">";
  return out;
}

void AddReferences(nlohmann::json* records, const Bibliography& bibliography) {
  for (auto& record : *records) {
    if (!record.contains("provenance") || !record["provenance"].contains("source")) continue;
    nlohmann::json references = nlohmann::json::array();
    for (const auto& source : record["provenance"]["source"]) {
      const std::string key = source.get<std::string>();
      nlohmann::json ref = {{"key", key}};
      if (const SourceEntry* e = bibliography.Find(key)) {
        ref["title"] = e->title;
        ref["date"] = e->date;
        ref["urls"] = e->urls;
      } else if (IsUrl(key)) {
        ref["urls"] = nlohmann::json::array({key});
      }
      references.push_back(std::move(ref));
    }
    record["provenance"]["references"] = std::move(references);
  }
}

}  // namespace stargate
