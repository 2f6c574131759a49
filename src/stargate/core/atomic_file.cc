#include "stargate/core/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "absl/strings/str_cat.h"

namespace stargate {

absl::Status WriteFileAtomically(const std::filesystem::path& path, std::string_view content) {
  const std::string temp = path.string() + ".tmp." + std::to_string(getpid());
  const int fd = open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    return absl::InternalError(
        absl::StrCat("cannot write '", path.string(), "': ", std::strerror(errno)));
  }
  size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = write(fd, content.data() + written, content.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      const std::string error = std::strerror(errno);
      close(fd);
      unlink(temp.c_str());
      return absl::InternalError(absl::StrCat("cannot write '", path.string(), "': ", error));
    }
    written += static_cast<size_t>(n);
  }
  if (fsync(fd) != 0 || close(fd) != 0) {
    unlink(temp.c_str());
    return absl::InternalError(absl::StrCat("cannot flush '", path.string(), "'"));
  }
  if (rename(temp.c_str(), path.c_str()) != 0) {
    const std::string error = std::strerror(errno);
    unlink(temp.c_str());
    return absl::InternalError(absl::StrCat("cannot rename onto '", path.string(), "': ", error));
  }
  return absl::OkStatus();
}

absl::Status WriteFilesAtomically(const std::filesystem::path& dir,
                                  std::span<const NamedFile> files) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec)
    return absl::InvalidArgumentError(
        absl::StrCat("cannot create '", dir.string(), "': ", ec.message()));
  for (const auto& [name, content] : files) {
    if (auto status = WriteFileAtomically(dir / name, content); !status.ok()) return status;
  }
  return absl::OkStatus();
}

}  // namespace stargate
