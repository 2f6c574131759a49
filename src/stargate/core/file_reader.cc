// POSIX reads rather than iostreams: a stream that fails to read looks like
// the end of the file, which is how /proc/self/mem once passed for empty.
#include "stargate/core/file_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace stargate {
namespace {

std::string Reason(int error) {
  std::string text = std::strerror(error);
  if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  return text;
}

std::optional<std::string> Fail(const std::string& name, std::string what,
                                const FileReadOptions& options, DiagnosticList* problems) {
  problems->Add({name, 0, 0}, std::move(what), options.expected);
  return std::nullopt;
}

// Reads `fd` to its end; the size reported by fstat (when a regular file)
// reserves the buffer, but the end is where read() says.
std::optional<std::string> ReadAll(int fd, const std::string& name, const FileReadOptions& options,
                                   DiagnosticList* problems) {
  struct stat info {};
  if (fstat(fd, &info) != 0)
    return Fail(name, absl::StrCat("cannot read '", name, "': ", Reason(errno)), options, problems);
  if (S_ISDIR(info.st_mode))
    return Fail(name, absl::StrCat("'", name, "' is a directory"), options, problems);
  std::string text;
  if (S_ISREG(info.st_mode) && info.st_size > 0) {
    if (static_cast<uint64_t>(info.st_size) > options.max_bytes) {
      return Fail(name,
                  absl::StrCat("'", name, "' is ", info.st_size, " bytes, more than the limit of ",
                               options.max_bytes),
                  options, problems);
    }
    text.reserve(static_cast<size_t>(info.st_size));
  }
  char buffer[1 << 16];
  while (true) {
    const ssize_t n = read(fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Fail(name, absl::StrCat("cannot read '", name, "': ", Reason(errno)), options,
                  problems);
    }
    if (n == 0) break;
    if (text.size() + static_cast<size_t>(n) > options.max_bytes) {
      return Fail(
          name,
          absl::StrCat("'", name, "' is more than the limit of ", options.max_bytes, " bytes"),
          options, problems);
    }
    text.append(buffer, static_cast<size_t>(n));
  }
  return text;
}

}  // namespace

std::optional<std::string> ReadFileText(const std::string& path, DiagnosticList* problems,
                                        const FileReadOptions& options) {
  const std::string& name = options.name.empty() ? path : options.name;
  int fd;
  do {
    fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) {
    // A missing file is the common case and needs no reason spelled out.
    const std::string what = errno == ENOENT
                                 ? absl::StrCat("cannot open '", name, "'")
                                 : absl::StrCat("cannot open '", name, "': ", Reason(errno));
    return Fail(name, what, options, problems);
  }
  auto text = ReadAll(fd, name, options, problems);
  close(fd);
  return text;
}

std::optional<std::string> ReadStandardInput(const std::string& name, DiagnosticList* problems,
                                             const FileReadOptions& options) {
  return ReadAll(STDIN_FILENO, name, options, problems);
}

}  // namespace stargate
