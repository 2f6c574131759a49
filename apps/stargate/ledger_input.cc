#include "ledger_input.h"

#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "ledger_json_locator.h"

namespace stargate::cli {

std::optional<ledger::Batch> ReadEntryDocuments(const std::string& path,
                                                DiagnosticList* problems) {
  const std::string name = path == "-" ? "<stdin>" : path;
  std::string text;
  if (path == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      problems->Add({name, 0, 0}, absl::StrCat("cannot open '", path, "'"),
                    "an existing, readable file");
      return std::nullopt;
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    text = buffer.str();
  }

  const JsonLocator locator = JsonLocator::Scan(text);
  for (const auto& p : locator.problems()) {
    problems->Add({name, p.position.line, p.position.column}, p.what, p.expected);
  }
  if (!problems->empty()) return std::nullopt;
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    // The scan accepts only what this parser accepts; this is a last guard.
    problems->Add({name, 1, 1}, absl::StrCat("the JSON cannot be read: ", e.what()),
                  "valid JSON");
    return std::nullopt;
  }

  ledger::Batch batch;
  std::vector<ledger::EntryProblem> entry_problems;
  const auto read = [&](const nlohmann::json& item, const std::string& prefix) {
    if (auto entry = ledger::EntryFromDocument(item, prefix, &entry_problems)) {
      batch.entries.push_back(*std::move(entry));
    }
  };
  if (document.is_array()) {
    if (document.empty()) {
      problems->Add({name, 1, 1}, "the array holds no entry documents",
                    "at least one {\"kind\": ..., \"entry\": {...}}");
      return std::nullopt;
    }
    for (size_t i = 0; i < document.size(); ++i) read(document[i], absl::StrCat("/", i));
  } else {
    read(document, "");
  }
  for (const auto& p : entry_problems) {
    const JsonPosition at = locator.Find(p.pointer, p.at_key);
    problems->Add({name, at.line, at.column}, p.what, p.expected);
  }
  if (!problems->empty()) {
    problems->Sort();
    return std::nullopt;
  }
  return batch;
}

}  // namespace stargate::cli
