#include "stargate/core/json_nlohmann.h"

#include <optional>
#include <string>
#include <utility>

namespace stargate {

nlohmann::json ToNlohmann(const JsonValue& value) {
  switch (value.type()) {
    case JsonType::kNull:
      return nullptr;
    case JsonType::kBool:
      return value.boolean();
    case JsonType::kNumber:
      if (auto exact = value.integer()) return *exact;
      return value.number();
    case JsonType::kString:
      return std::string(value.string());
    case JsonType::kArray: {
      nlohmann::json out = nlohmann::json::array();
      for (size_t i = 0; i < value.size(); ++i) out.push_back(ToNlohmann(value.item(i)));
      return out;
    }
    case JsonType::kObject: {
      nlohmann::json out = nlohmann::json::object();
      for (size_t i = 0; i < value.size(); ++i) {
        out.emplace(std::string(value.key(i).string()), ToNlohmann(value.value(i)));
      }
      return out;
    }
  }
  return nullptr;
}

nlohmann::json ReadJsonFile(const std::string& path, DiagnosticList* problems,
                            const FileReadOptions& options) {
  std::optional<std::string> text = ReadFileText(path, problems, options);
  if (!text) return nullptr;
  const std::string& name = options.name.empty() ? path : options.name;
  std::optional<JsonDocument> document = ReadJson(std::move(*text), name, problems);
  return document ? ToNlohmann(document->root()) : nlohmann::json(nullptr);
}

}  // namespace stargate
