#include "stargate/core/yaml_file.h"

#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "stargate/core/file_reader.h"
#include "stargate/core/record_reader.h"
#include "stargate/core/text.h"

namespace stargate {

namespace fs = std::filesystem;

std::optional<std::string> ReadSettingsFile(const fs::path& path, DiagnosticList* diagnostics,
                                            std::uintmax_t max_bytes) {
  FileReadOptions options;
  options.max_bytes = static_cast<size_t>(max_bytes);
  return ReadFileText(path.string(), diagnostics, options);
}

std::optional<YAML::Node> ParseYaml(const std::string& text, const std::string& name,
                                    DiagnosticList* diagnostics) {
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    diagnostics->Add(LocationOf(name, e.mark), absl::StrCat("YAML syntax error: ", e.msg),
                     "well-formed YAML");
    return std::nullopt;
  }
}

std::optional<YAML::Node> ParseSettings(const std::string& text, const std::string& name,
                                        DiagnosticList* diagnostics) {
  std::optional<YAML::Node> parsed = ParseYaml(text, name, diagnostics);
  if (!parsed) return std::nullopt;
  YAML::Node root = *parsed;
  if (!root || root.IsNull()) return YAML::Node(YAML::NodeType::Map);
  if (!root.IsMap()) {
    diagnostics->Add(LocationOf(name, root), "the file is not a map of top-level keys",
                     "a map of top-level keys");
    return std::nullopt;
  }
  return root;
}

void CheckTopLevelKeys(const YAML::Node& root, const std::string& name,
                       const std::vector<std::string>& known, DiagnosticList* diagnostics) {
  std::map<std::string, int> seen;
  for (auto it = root.begin(); it != root.end(); ++it) {
    const YAML::Node key = it->first;
    if (!key.IsScalar()) {
      diagnostics->Add(LocationOf(name, key), "a top-level key is not text", OneOf(known));
      continue;
    }
    const std::string& text = key.Scalar();
    if (++seen[text] == 2) {
      diagnostics->Add(LocationOf(name, key),
                       absl::StrCat("top-level key '", text, "' is given twice"),
                       "each top-level key once");
      continue;
    }
    if (std::find(known.begin(), known.end(), text) != known.end()) continue;
    std::string what = absl::StrCat("unknown top-level key '", text, "'");
    if (auto near = ClosestMatch(text, known))
      absl::StrAppend(&what, " (did you mean '", *near, "'?)");
    diagnostics->Add(LocationOf(name, key), what, OneOf(known));
  }
}

absl::Status FinishDiagnostics(DiagnosticList* list, std::vector<Diagnostic>* out) {
  list->Sort();
  if (out) *out = list->items();
  return list->ToStatus();
}

}  // namespace stargate
