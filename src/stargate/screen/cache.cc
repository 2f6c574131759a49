#include "stargate/screen/internal/cache.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <random>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace stargate::screen {
namespace {

namespace fs = std::filesystem;

std::string Sha256(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
    // OpenSSL without SHA-256 is not a configuration this program runs in;
    // an empty digest would make every list share one cache key.
    std::abort();
  }
  return std::string(reinterpret_cast<const char*>(digest), length);
}

}  // namespace

fs::path DefaultCacheDir() {
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg)
    return fs::path(xdg) / "stargate";
  if (const char* home = std::getenv("HOME"); home && *home) {
    return fs::path(home) / ".cache" / "stargate";
  }
  return {};
}

std::string ContentKey(const std::vector<ListText>& files, uint32_t format_version) {
  std::string material = absl::StrCat("stargate-screen-index/", format_version, "\n");
  for (const ListText& f : files) {
    absl::StrAppend(&material, fs::path(f.name).filename().string(), "\n", f.from_folder ? 1 : 0,
                    "\n", absl::BytesToHexString(Sha256(f.text)), "\n");
  }
  return absl::BytesToHexString(Sha256(material));
}

absl::Status WriteFileAtomically(const fs::path& path, std::string_view bytes) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec) {
    return absl::PermissionDeniedError(
        absl::StrCat("cannot create ", path.parent_path().string(), ": ", ec.message()));
  }
  std::random_device random;
  const fs::path temp = path.parent_path() / absl::StrCat(".", path.filename().string(), ".",
                                                          getpid(), ".", random(), ".tmp");
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) {
    return absl::PermissionDeniedError(
        absl::StrCat("cannot write ", temp.string(), ": ", std::strerror(errno)));
  }
  size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const std::string error = std::strerror(errno);
      ::close(fd);
      ::unlink(temp.c_str());
      return absl::DataLossError(absl::StrCat("cannot write ", temp.string(), ": ", error));
    }
    written += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    ::unlink(temp.c_str());
    return absl::DataLossError(absl::StrCat("cannot flush ", temp.string()));
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    const std::string error = std::strerror(errno);
    ::unlink(temp.c_str());
    return absl::DataLossError(absl::StrCat("cannot rename into ", path.string(), ": ", error));
  }
  return absl::OkStatus();
}

}  // namespace stargate::screen
