// Reading a small YAML settings file (finance assumptions, uncertainties)
// into a node, with I/O and syntax problems reported as diagnostics; and the
// checks every such file shares (known top-level keys). yaml-cpp's
// exceptions stop here.
#ifndef STARGATE_CORE_YAML_FILE_H_
#define STARGATE_CORE_YAML_FILE_H_

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "stargate/core/diagnostic.h"

namespace stargate {

// The file's text (read by core/file_reader.h), or nullopt with a
// diagnostic when it cannot be read or is larger than `max_bytes`.
inline constexpr std::uintmax_t kMaxSettingsBytes = 4u << 20;
std::optional<std::string> ReadSettingsFile(const std::filesystem::path& path,
                                            DiagnosticList* diagnostics,
                                            std::uintmax_t max_bytes = kMaxSettingsBytes);

// The document in `text`; nullopt, with "YAML syntax error" located at
// yaml-cpp's mark, when it is not well-formed YAML. Every YAML reader
// (scenarios, regimes, the lists manifest, settings) parses through it.
std::optional<YAML::Node> ParseYaml(const std::string& text, const std::string& name,
                                    DiagnosticList* diagnostics);

// The root map of `text`; nullopt (with a diagnostic) on a syntax error or
// when the root is not a map. An empty document is an empty map.
std::optional<YAML::Node> ParseSettings(const std::string& text, const std::string& name,
                                        DiagnosticList* diagnostics);

// Reports top-level keys not in `known` (with a did-you-mean) and keys given twice.
void CheckTopLevelKeys(const YAML::Node& root, const std::string& name,
                       const std::vector<std::string>& known, DiagnosticList* diagnostics);

// Sorts the diagnostics, copies them out and returns the status for them.
absl::Status FinishDiagnostics(DiagnosticList* list, std::vector<Diagnostic>* out);

}  // namespace stargate

#endif  // STARGATE_CORE_YAML_FILE_H_
