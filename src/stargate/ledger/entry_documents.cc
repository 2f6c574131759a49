#include "stargate/ledger/entry_documents.h"

#include "absl/strings/str_cat.h"
#include "stargate/core/file_reader.h"
#include "stargate/core/json_nlohmann.h"
#include "stargate/core/json_reader.h"

namespace stargate::ledger {

std::optional<Batch> ReadEntryDocuments(const std::string& path, DiagnosticList* problems) {
  const std::string name = path == "-" ? "<stdin>" : path;
  auto text = path == "-" ? ReadStandardInput(name, problems) : ReadFileText(path, problems);
  if (!text) return std::nullopt;
  // Syntax, nesting, duplicate keys (the last would silently win) and
  // numbers past a double are refused here, each where it is.
  const auto document = ReadJson(std::move(*text), name, problems);
  if (!document) {
    problems->Sort();
    return std::nullopt;
  }
  const JsonValue root = document->root();

  Batch batch;
  std::vector<EntryProblem> entry_problems;
  const auto read = [&](const JsonValue& item, const std::string& prefix) {
    if (auto entry = EntryFromDocument(ToNlohmann(item), prefix, &entry_problems)) {
      batch.entries.push_back(*std::move(entry));
    }
  };
  if (root.is_array()) {
    if (root.size() == 0) {
      problems->Add(root.location(), "the array holds no entry documents",
                    "at least one {\"kind\": ..., \"entry\": {...}}");
      return std::nullopt;
    }
    for (size_t i = 0; i < root.size(); ++i) read(root.item(i), absl::StrCat("/", i));
  } else {
    read(root, "");
  }
  // Entry problems name a JSON Pointer; the tree knows where each value is
  // (a missing member is placed at its object).
  for (const auto& p : entry_problems) {
    std::optional<JsonValue> key;
    if (p.at_key) key = document->KeyAtPointer(p.pointer);
    const JsonValue at = key ? *key : document->AtPointer(p.pointer);
    problems->Add(at.location(), p.what, p.expected);
  }
  if (!problems->empty()) {
    problems->Sort();
    return std::nullopt;
  }
  return batch;
}

}  // namespace stargate::ledger
