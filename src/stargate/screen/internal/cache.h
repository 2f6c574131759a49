// The on-disk cache of built list indexes: where it lives, the content key
// that names a cache file, and atomic writes (temp file + rename) so a reader
// never sees half a file.
#ifndef STARGATE_SCREEN_INTERNAL_CACHE_H_
#define STARGATE_SCREEN_INTERNAL_CACHE_H_

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "stargate/screen/list_import.h"

namespace stargate::screen {

// $XDG_CACHE_HOME/stargate, else $HOME/.cache/stargate; empty when neither
// variable is set (then nothing is cached).
std::filesystem::path DefaultCacheDir();

// Hex SHA-256 over the index format and, for every file, its name (pairing
// and list labels depend on it), whether it came from a folder and the
// SHA-256 of its bytes.
std::string ContentKey(const std::vector<ListText>& files, uint32_t format_version);

// Writes `bytes` to `path` through a temporary file in the same folder and a
// rename, creating the folder if needed.
absl::Status WriteFileAtomically(const std::filesystem::path& path, std::string_view bytes);

}  // namespace stargate::screen

#endif  // STARGATE_SCREEN_INTERNAL_CACHE_H_
