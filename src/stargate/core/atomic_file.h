// Writing files so that readers never see half of one: write a temporary file
// beside the target, flush it to disk, then rename it over the target.
#ifndef STARGATE_CORE_ATOMIC_FILE_H_
#define STARGATE_CORE_ATOMIC_FILE_H_

#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/status.h"

namespace stargate {

absl::Status WriteFileAtomically(const std::filesystem::path& path, std::string_view content);

// A command's output files: `dir` is created if missing, then each (name,
// content) is written atomically in turn; the first failure stops the rest.
using NamedFile = std::pair<const char*, std::string>;
absl::Status WriteFilesAtomically(const std::filesystem::path& dir,
                                  std::span<const NamedFile> files);

}  // namespace stargate

#endif  // STARGATE_CORE_ATOMIC_FILE_H_
