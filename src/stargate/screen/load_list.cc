// LoadScreeningList: list files -> (cache hit) index, or import + build +
// cache write.
#include <chrono>

#include "absl/strings/str_cat.h"
#include "stargate/core/diagnostic.h"
#include "stargate/screen/internal/cache.h"
#include "stargate/screen/list_index.h"
#include "stargate/screen/screen.h"

namespace stargate::screen {

namespace fs = std::filesystem;

ScreeningList::ScreeningList() = default;
ScreeningList::~ScreeningList() = default;
ScreeningList::ScreeningList(ScreeningList&&) noexcept = default;
ScreeningList& ScreeningList::operator=(ScreeningList&&) noexcept = default;

absl::StatusOr<ScreeningList> LoadScreeningList(const std::vector<fs::path>& paths,
                                                const LoadOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  if (paths.empty()) {
    return Problem(absl::StatusCode::kInvalidArgument, "no screening list given",
                   "a list CSV file or a folder of them");
  }
  std::vector<ListText> texts;
  for (const fs::path& path : paths) {
    auto files = ListFilesIn(path);
    if (!files.ok()) return files.status();
    std::error_code ec;
    const bool folder = fs::is_directory(path, ec);
    for (const fs::path& file : *files) {
      auto text = ReadListFile(file);
      if (!text.ok()) return text.status();
      texts.push_back({file.string(), std::move(*text), folder});
    }
  }

  ScreeningList list;
  ScreeningList::Info& info = list.info_;
  info.content_key = ContentKey(texts, ListIndex::kFormatVersion);
  std::vector<std::string> cache_notes;
  const fs::path cache_dir = options.cache_dir.empty() ? DefaultCacheDir() : options.cache_dir;
  fs::path cache_path;
  if (options.use_cache && !cache_dir.empty()) {
    cache_path = cache_dir / (info.content_key + ".sgidx");
    std::error_code ec;
    if (fs::exists(cache_path, ec)) {
      auto index = ListIndex::FromFile(cache_path);
      if (index.ok()) {
        list.index_ = std::make_shared<const ListIndex>(std::move(*index));
        info.from_cache = true;
      } else {
        cache_notes.push_back(absl::StrCat("ignored damaged cache file ", cache_path.string(), " (",
                                           index.status().message(), "); rebuilt it"));
      }
    }
  }
  if (!list.index_) {
    auto imported = ImportListTexts(texts);
    if (!imported.ok()) return imported.status();
    auto index = std::make_shared<const ListIndex>(ListIndex::Build(*imported));
    if (!cache_path.empty()) {
      if (auto status = WriteFileAtomically(cache_path, index->bytes()); !status.ok()) {
        cache_notes.push_back(absl::StrCat("the index was not cached: ", status.message()));
        cache_path.clear();
      }
    }
    list.index_ = std::move(index);
  }
  const ListIndex& index = *list.index_;
  for (const auto& f : index.files()) {
    info.files.push_back(
        {std::string(index.String(f.name)), static_cast<FileFormat>(f.format), f.records});
  }
  for (uint32_t note : index.notes()) info.notes.emplace_back(index.String(note));
  info.notes.insert(info.notes.end(), cache_notes.begin(), cache_notes.end());
  info.entries = index.entry_count();
  info.names = index.name_count();
  info.tokens = index.token_count();
  info.cache_path = cache_path.string();
  info.load_milliseconds =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return list;
}

}  // namespace stargate::screen
