// Writing files so that readers never see half of one: write a temporary file
// beside the target, flush it to disk, then rename it over the target.
#ifndef STARGATE_CORE_ATOMIC_FILE_H_
#define STARGATE_CORE_ATOMIC_FILE_H_

#include <filesystem>
#include <string_view>

#include "absl/status/status.h"

namespace stargate {

absl::Status WriteFileAtomically(const std::filesystem::path& path, std::string_view content);

}  // namespace stargate

#endif  // STARGATE_CORE_ATOMIC_FILE_H_
