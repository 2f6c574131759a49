// The one whole-file reader: a read error is an error, never an empty file
// (reading a directory, /proc/self/mem or a file that vanished says so), and
// a size limit keeps a huge or endless input (/dev/zero) from exhausting memory.
#ifndef STARGATE_CORE_FILE_READER_H_
#define STARGATE_CORE_FILE_READER_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "stargate/core/diagnostic.h"

namespace stargate {

struct FileReadOptions {
  size_t max_bytes = size_t{1} << 30;
  // What the caller wanted, for the "expected" half of a problem.
  std::string expected = "an existing, readable file";
  // The file as problems name it, when not its path (a path as the user
  // wrote it, relative to an including file).
  std::string name;
};

// The whole content of `path` (regular files, pipes and devices; not
// directories). nullopt, with the problem in `problems` at `path`:0:0, when
// it cannot be opened or read or is larger than the limit.
std::optional<std::string> ReadFileText(const std::string& path, DiagnosticList* problems,
                                        const FileReadOptions& options = {});

// The same for standard input, named `name` in problems.
std::optional<std::string> ReadStandardInput(const std::string& name, DiagnosticList* problems,
                                             const FileReadOptions& options = {});

}  // namespace stargate

#endif  // STARGATE_CORE_FILE_READER_H_
