#include "stargate/ledger/internal/pipelined_scan.h"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

namespace stargate::ledger {
namespace {

constexpr size_t kChunkRows = 512;
constexpr size_t kChunks = 4;

// Rows are copied into recycled chunks, so their strings keep their capacity
// and the steady state allocates nothing.
struct Chunk {
  std::vector<StoredEntry> rows = std::vector<StoredEntry>(kChunkRows);
  size_t size = 0;
};

class Channel {
 public:
  void Push(Chunk* chunk) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      items_.push_back(chunk);
    }
    ready_.notify_one();
  }
  Chunk* Pop() {
    std::unique_lock<std::mutex> lock(mutex_);
    ready_.wait(lock, [&] { return !items_.empty(); });
    Chunk* chunk = items_.front();
    items_.pop_front();
    return chunk;
  }

 private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Chunk*> items_;
};

}  // namespace

absl::Status PipelinedScan(LedgerBackend& backend,
                           const std::function<bool(const EntryView&)>& visit) {
  std::vector<Chunk> storage(kChunks);
  Channel empty, full;
  for (auto& chunk : storage) empty.Push(&chunk);
  std::atomic<bool> stop{false};
  absl::Status scan_status;
  std::thread reader([&] {
    Chunk* chunk = empty.Pop();
    scan_status = backend.ScanEntries({}, [&](const EntryView& entry) {
      if (stop.load(std::memory_order_relaxed)) return false;
      CopyInto(entry, &chunk->rows[chunk->size++]);
      if (chunk->size == kChunkRows) {
        full.Push(chunk);
        chunk = empty.Pop();
      }
      return true;
    });
    full.Push(chunk);
    full.Push(nullptr);  // the end
  });
  bool stopped = false;
  while (Chunk* chunk = full.Pop()) {
    for (size_t i = 0; i < chunk->size && !stopped; ++i) {
      if (!visit(ViewOf(chunk->rows[i]))) {
        stopped = true;
        stop.store(true, std::memory_order_relaxed);
      }
    }
    chunk->size = 0;
    empty.Push(chunk);  // keeps the reader moving until it sees `stop`
  }
  reader.join();
  return scan_status;
}

}  // namespace stargate::ledger
