// The sums verification adds up while it reads the entries: one lookup per
// increment of every entry, over thousands of keys. Each key lives in its
// table slot, next to its sums, so a lookup is one cache line (a general
// hash map keeps the key's bytes elsewhere, another cache miss); keys too
// long for a slot go to an ordinary map.
#ifndef STARGATE_LEDGER_INTERNAL_RUNNING_SUMS_H_
#define STARGATE_LEDGER_INTERNAL_RUNNING_SUMS_H_

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/hash/hash.h"

namespace stargate::ledger {

// Per key: the sum of the increments and the sum of their magnitudes (which
// bounds the rounding error of adding them up).
struct Sum {
  double total = 0, magnitude = 0;
};

class RunningSums {
 public:
  RunningSums() : slots_(kInitialSlots) {}

  // A lookup in two steps, so that the cache miss of finding a key's slot
  // can overlap other work: Prefetch(key) first, At(key, hash) later.
  size_t Prefetch(std::string_view key) const {
    const size_t hash = absl::Hash<std::string_view>{}(key);
    __builtin_prefetch(&slots_[hash & (slots_.size() - 1)]);
    return hash;
  }

  Sum& At(std::string_view key, size_t hash) {
    if (key.size() > kInlineKey) return long_keys_[std::string(key)];
    Slot& slot = slots_[Probe(key, hash)];
    if (slot.length != kEmpty) return slot.sum;
    if (2 * (used_ + 1) > slots_.size()) {
      Grow();
      return At(key, hash);
    }
    ++used_;
    slot.hash = static_cast<uint32_t>(hash);
    slot.length = static_cast<uint8_t>(key.size());
    std::memcpy(slot.key, key.data(), key.size());
    return slot.sum;
  }

  Sum& operator[](std::string_view key) { return At(key, absl::Hash<std::string_view>{}(key)); }

  // Calls visit(key, sum) for every key, in no particular order.
  template <typename Visit>
  void ForEach(Visit&& visit) const {
    for (const Slot& slot : slots_) {
      if (slot.length != kEmpty) visit(std::string_view(slot.key, slot.length), slot.sum);
    }
    for (const auto& [key, sum] : long_keys_) visit(std::string_view(key), sum);
  }

  // The sum for `key`, or nullptr when no increment named it.
  const Sum* Find(std::string_view key) const {
    if (key.size() > kInlineKey) {
      auto it = long_keys_.find(std::string(key));
      return it == long_keys_.end() ? nullptr : &it->second;
    }
    const Slot& slot = slots_[Probe(key, absl::Hash<std::string_view>{}(key))];
    return slot.length == kEmpty ? nullptr : &slot.sum;
  }

 private:
  static constexpr size_t kInlineKey = 43;
  static constexpr uint8_t kEmpty = 0xFF;
  static constexpr size_t kInitialSlots = 1024;

  struct alignas(64) Slot {  // one cache line
    uint32_t hash = 0;
    uint8_t length = kEmpty;
    char key[kInlineKey];
    Sum sum;
  };

  // The slot holding `key` (an inline one), or the empty slot where it
  // would go: linear probing from its hash.
  size_t Probe(std::string_view key, size_t hash) const {
    const size_t mask = slots_.size() - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
      const Slot& slot = slots_[i];
      if (slot.length == kEmpty) return i;
      if (slot.hash == static_cast<uint32_t>(hash) && slot.length == key.size() &&
          std::memcmp(slot.key, key.data(), key.size()) == 0) {
        return i;
      }
    }
  }

  void Grow() {
    std::vector<Slot> old(slots_.size() * 2);
    old.swap(slots_);
    used_ = 0;
    for (const Slot& slot : old) {
      if (slot.length != kEmpty) (*this)[std::string_view(slot.key, slot.length)] = slot.sum;
    }
  }

  std::vector<Slot> slots_;
  size_t used_ = 0;
  absl::flat_hash_map<std::string, Sum> long_keys_;
};

}  // namespace stargate::ledger

#endif  // STARGATE_LEDGER_INTERNAL_RUNNING_SUMS_H_
