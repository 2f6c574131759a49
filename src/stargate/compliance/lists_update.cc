// `stargate lists update`: fetch, validate, swap. A list is replaced only by
// files that were downloaded whole and that the importer reads without a
// problem; the swap is one atomic exchange of two folders (renameat2 with
// RENAME_EXCHANGE), so a reader sees the old list or the new one, never a mix.
#include <curl/curl.h>
#include <fcntl.h>
#include <stdio.h>

#include "absl/strings/str_cat.h"
#include "stargate/compliance/lists.h"
#include "stargate/core/atomic_file.h"
#include "stargate/screen/screen.h"

namespace stargate::compliance {
namespace fs = std::filesystem;
namespace {

// Official list files are a few MB; a body past this is not one.
constexpr size_t kMaxListBytes = size_t{512} << 20;

size_t Collect(char* data, size_t size, size_t count, void* user) {
  auto* body = static_cast<std::string*>(user);
  const size_t n = size * count;
  if (body->size() + n > kMaxListBytes) return 0;  // curl then fails with a write error
  body->append(data, n);
  return n;
}

absl::StatusOr<std::string> CurlFetch(const std::string& url) {
  static const bool initialized = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  if (!initialized) return absl::InternalError("libcurl could not be initialized");
  CURL* curl = curl_easy_init();
  if (!curl) return absl::InternalError("libcurl could not start a transfer");
  std::string body;
  char error[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt(curl, CURLOPT_FAILONERROR, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 30L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 600L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "stargate-lists-update/1");
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, Collect);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
  const CURLcode code = curl_easy_perform(curl);
  curl_easy_cleanup(curl);
  if (code != CURLE_OK) {
    // A body shorter than its Content-Length is CURLE_PARTIAL_FILE: an error.
    return absl::UnavailableError(
        absl::StrCat("cannot download ", url, ": ", error[0] ? error : curl_easy_strerror(code)));
  }
  return body;
}

absl::Status Exchange(const fs::path& a, const fs::path& b) {
  if (::renameat2(AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), RENAME_EXCHANGE) != 0) {
    return absl::InternalError(absl::StrCat("cannot swap ", a.string(), " and ", b.string()));
  }
  return absl::OkStatus();
}

ListUpdate UpdateOne(const ListsManifest& manifest, ListSource* list, const Fetch& fetch,
                     const UpdateOptions& options) {
  ListUpdate update{list->id};
  std::error_code ec;
  const fs::path target = manifest.dir / list->id;
  const fs::path staging = manifest.dir / absl::StrCat(".", list->id, ".new");
  fs::remove_all(staging, ec);
  fs::create_directories(staging, ec);
  if (ec) {
    update.error = absl::StrCat("cannot create ", staging.string(), ": ", ec.message());
    return update;
  }
  for (const ListFile& file : list->files) {
    const std::string url = options.mirror.empty()
                                ? file.url
                                : absl::StrCat(options.mirror, "/", list->id, "/", file.name);
    auto body = fetch(url);
    if (!body.ok()) {
      update.error = std::string(body.status().message());
      fs::remove_all(staging, ec);
      return update;
    }
    if (auto status = WriteFileAtomically(staging / file.name, *body); !status.ok()) {
      update.error = std::string(status.message());
      fs::remove_all(staging, ec);
      return update;
    }
  }
  screen::LoadOptions load;
  load.use_cache = false;
  auto imported = screen::LoadScreeningList({staging}, load);
  if (!imported.ok()) {
    update.error =
        absl::StrCat("the downloaded files do not import: ", imported.status().message());
    fs::remove_all(staging, ec);
    return update;
  }
  update.entries = imported->info().entries;
  if (!fs::exists(target, ec)) fs::create_directories(target, ec);
  if (auto status = Exchange(staging, target); !status.ok()) {
    update.error = std::string(status.message());
    fs::remove_all(staging, ec);
    return update;
  }
  fs::remove_all(staging, ec);  // now the old files
  list->data_date = options.today;
  list->retrieved = options.today;
  list->snapshot = options.mirror.empty()
                       ? "downloaded from the official URLs by `stargate lists update`"
                       : absl::StrCat("downloaded from the mirror ", options.mirror,
                                      " by `stargate lists update`");
  list->gaps.clear();
  update.updated = true;
  return update;
}

}  // namespace

Fetch HttpFetch() { return CurlFetch; }

std::vector<ListUpdate> UpdateLists(ListsManifest* manifest, const Fetch& fetch,
                                    const UpdateOptions& options) {
  std::vector<ListUpdate> updates;
  bool any = false;
  for (ListSource& list : manifest->lists) {
    updates.push_back(UpdateOne(*manifest, &list, fetch, options));
    any = any || updates.back().updated;
  }
  if (any) {
    if (auto status = WriteListsManifest(*manifest); !status.ok()) {
      for (auto& u : updates) {
        if (u.updated)
          u.error = absl::StrCat("files swapped in, but lists.yaml was not rewritten: ",
                                 status.message());
      }
    }
  }
  return updates;
}

}  // namespace stargate::compliance
