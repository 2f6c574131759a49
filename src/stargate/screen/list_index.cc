#include "stargate/screen/list_index.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <type_traits>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "stargate/screen/normalize.h"

namespace stargate::screen {
namespace {

constexpr char kMagic[8] = {'S', 'G', 'S', 'C', 'R', 'I', 'D', 'X'};

class StringTable {
 public:
  uint32_t Add(std::string_view s, std::string* blob, std::vector<uint32_t>* ends) {
    auto it = ids_.find(std::string(s));
    if (it != ids_.end()) return it->second;
    const uint32_t id = static_cast<uint32_t>(ends->size());
    blob->append(s);
    ends->push_back(static_cast<uint32_t>(blob->size()));
    ids_.emplace(std::string(s), id);
    return id;
  }

 private:
  absl::flat_hash_map<std::string, uint32_t> ids_;
};

uint64_t Mix(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

// A fast 64-bit checksum of the cache payload: it catches torn writes and
// flipped bytes, which is all a local cache file needs. Four independent
// lanes keep the multiplier busy.
uint64_t Checksum(std::string_view bytes) {
  constexpr uint64_t kPrime = 0x9E3779B97F4A7C15ULL;
  uint64_t lane[4] = {kPrime ^ bytes.size(), 0x243F6A8885A308D3ULL, 0x13198A2E03707344ULL,
                      0xA4093822299F31D0ULL};
  size_t i = 0;
  for (; i + 32 <= bytes.size(); i += 32) {
    for (int k = 0; k < 4; ++k) {
      uint64_t w;
      std::memcpy(&w, bytes.data() + i + 8 * k, 8);
      lane[k] = ((lane[k] ^ w) * kPrime);
      lane[k] ^= lane[k] >> 31;
    }
  }
  uint64_t h = Mix(lane[0]) ^ Mix(lane[1] + 1) ^ Mix(lane[2] + 2) ^ Mix(lane[3] + 3);
  for (; i < bytes.size(); ++i) h = (h ^ static_cast<unsigned char>(bytes[i])) * kPrime;
  return Mix(h);
}

template <typename T>
void Put(std::string* out, const std::vector<T>& v) {
  static_assert(std::is_trivially_copyable_v<T>);
  const uint64_t size = v.size() * sizeof(T);
  out->append(reinterpret_cast<const char*>(&size), sizeof(size));
  out->append(reinterpret_cast<const char*>(v.data()), size);
  out->append((8 - size % 8) % 8, '\0');
}

// Views the sections of a payload in place. Every section starts 8-byte
// aligned in the buffer (the header is 32 bytes, sections are padded), which
// covers the alignment of every element type.
class Sections {
 public:
  explicit Sections(std::string_view bytes) : bytes_(bytes) {}
  template <typename T>
  bool Get(std::span<const T>* v) {
    static_assert(std::is_trivially_copyable_v<T> && alignof(T) <= 8);
    uint64_t size = 0;
    if (bytes_.size() - pos_ < sizeof(size)) return false;
    std::memcpy(&size, bytes_.data() + pos_, sizeof(size));
    pos_ += sizeof(size);
    if (size > bytes_.size()) return false;
    const uint64_t padded = size + (8 - size % 8) % 8;
    if (size % sizeof(T) != 0 || padded > bytes_.size() - pos_) return false;
    const char* at = bytes_.data() + pos_;
    if (reinterpret_cast<uintptr_t>(at) % alignof(T) != 0) return false;
    *v = std::span<const T>(reinterpret_cast<const T*>(at), size / sizeof(T));
    pos_ += padded;
    return true;
  }
  bool done() const { return pos_ == bytes_.size(); }

 private:
  std::string_view bytes_;
  size_t pos_ = 0;
};

std::vector<uint32_t> Buckets(const std::vector<ListIndex::Key>& keys) {
  std::vector<uint32_t> buckets(65537);
  size_t k = 0;
  for (uint32_t b = 0; b <= 65536; ++b) {
    while (k < keys.size() && (keys[k].hash >> 16) < b) ++k;
    buckets[b] = static_cast<uint32_t>(k);
  }
  return buckets;
}

void SortUnique(std::vector<ListIndex::Key>* keys) {
  std::sort(keys->begin(), keys->end(), [](const auto& a, const auto& b) {
    return a.hash != b.hash ? a.hash < b.hash : a.target < b.target;
  });
  keys->erase(std::unique(keys->begin(), keys->end(),
                          [](const auto& a, const auto& b) {
                            return a.hash == b.hash && a.target == b.target;
                          }),
              keys->end());
}

constexpr uint64_t kFnvPrime = 0x100000001b3ULL;

uint64_t FnvStart(char kind) { return 0xcbf29ce484222325ULL ^ static_cast<unsigned char>(kind); }

uint64_t FnvAdd(uint64_t h, std::string_view text) {
  for (unsigned char c : text) h = (h ^ c) * kFnvPrime;
  return h;
}

uint32_t FnvFinish(uint64_t h) { return static_cast<uint32_t>(Mix(h) >> 32); }

}  // namespace

uint32_t ListIndex::KeyHash(char kind, std::string_view text) {
  return FnvFinish(FnvAdd(FnvStart(kind), text));
}

int ListIndex::MaxEdits(size_t length) {
  if (length <= 2) return 0;
  if (length <= 7) return 1;
  return 2;
}

void ListIndex::Deletions(std::string_view text, int edits, std::vector<std::string>* out) {
  out->clear();
  out->emplace_back(text);
  size_t level_begin = 0;
  for (int e = 0; e < edits; ++e) {
    const size_t level_end = out->size();
    for (size_t k = level_begin; k < level_end; ++k) {
      const std::string base = (*out)[k];
      for (size_t i = 0; i < base.size(); ++i) {
        if (i > 0 && base[i] == base[i - 1]) continue;  // same result as deleting i-1
        std::string variant = base.substr(0, i) + base.substr(i + 1);
        if (!variant.empty()) out->push_back(std::move(variant));
      }
    }
    level_begin = level_end;
  }
  std::sort(out->begin(), out->end());
  out->erase(std::unique(out->begin(), out->end()), out->end());
}

namespace {

// An entry's export-control terms as one string: empty when the list gave
// none, so lists without them (OFAC) add nothing to the index.
std::string TermsText(const ImportedEntry& e) {
  if (e.license_requirement.empty() && e.license_policy.empty() &&
      e.federal_register_notice.empty()) {
    return "";
  }
  return absl::StrCat(e.license_requirement, "\x1f", e.license_policy, "\x1f",
                      e.federal_register_notice);
}

// An entry's identifiers as one string: empty when the list gave none.
std::string FactsText(const ImportedEntry& e) {
  if (e.imo.empty() && e.birth_years.empty() && e.countries.empty()) return "";
  std::vector<std::string> countries;
  for (const auto& country : e.countries) {
    std::string key = CountryKey(country);
    if (!key.empty() && std::find(countries.begin(), countries.end(), key) == countries.end())
      countries.push_back(std::move(key));
  }
  return absl::StrCat(e.imo, "\x1f", absl::StrJoin(e.birth_years, " "), "\x1f",
                      absl::StrJoin(countries, "\n"));
}

// The arrays of an index while it is being built.
struct Arrays {
  std::string strings_;
  std::vector<uint32_t> string_ends_;
  std::vector<ListIndex::Entry> entries_;
  std::vector<ListIndex::Name> names_;
  std::vector<uint32_t> name_tokens_, name_roles_;
  std::vector<char32_t> script_points_;
  std::vector<ListIndex::Token> tokens_;
  std::vector<uint32_t> postings_;
  std::vector<uint8_t> name_info_;
  std::vector<ListIndex::Key> token_keys_, join_keys_;
  std::vector<ListIndex::File> files_;
  std::vector<uint32_t> notes_;
  std::string_view String(uint32_t id) const {
    const uint32_t begin = id == 0 ? 0 : string_ends_[id - 1];
    return std::string_view(strings_).substr(begin, string_ends_[id] - begin);
  }
  std::string_view TokenText(const ListIndex::Token& t) const {
    return std::string_view(strings_).substr(t.text_offset, t.text_size);
  }
  std::string_view TokenFolded(const ListIndex::Token& t) const {
    return std::string_view(strings_).substr(t.text_offset + t.text_size, t.folded_size);
  }
};

}  // namespace

// The hash of a variant is FNV over its bytes in order, so the state after
// the bytes before the first deletion (and between the two) is carried
// along instead of rehashing the whole variant: the same hashes as KeyHash
// of each variant, in about half the work.
void ListIndex::DeletionHashes(char kind, std::string_view text, int edits,
                               std::vector<uint32_t>* out) {
  const size_t n = text.size();
  out->push_back(KeyHash(kind, text));
  if (edits < 1 || n < 2 || n > 64) return;
  uint64_t before_i = FnvStart(kind);  // text[0, i)
  for (size_t i = 0; i < n; before_i = FnvAdd(before_i, text.substr(i, 1)), ++i) {
    if (i > 0 && text[i] == text[i - 1]) continue;  // same variant as deleting i-1
    out->push_back(FnvFinish(FnvAdd(before_i, text.substr(i + 1))));
    if (edits < 2 || n < 3) continue;
    uint64_t before_j = before_i;  // text[0, i) + text(i, j)
    for (size_t j = i + 1; j < n; before_j = FnvAdd(before_j, text.substr(j, 1)), ++j) {
      out->push_back(FnvFinish(FnvAdd(before_j, text.substr(j + 1))));
    }
  }
}

void ListIndex::PrefetchTokens(std::span<const uint32_t> token_ids) const {
  for (uint32_t t : token_ids) __builtin_prefetch(&tokens_[t]);
  for (uint32_t t : token_ids) __builtin_prefetch(strings_.data() + tokens_[t].text_offset);
}

void ListIndex::TokenKeysMany(std::span<const uint32_t> hashes,
                              std::vector<std::span<const Key>>* out) const {
  // A query looks up hundreds of keys, each a cache miss in a table of
  // megabytes: fetch every bucket, then every cache line of every bucket's
  // keys, and only then search them, so that the misses overlap.
  out->assign(hashes.size(), {});
  for (uint32_t h : hashes) __builtin_prefetch(&token_buckets_[h >> 16]);
  constexpr size_t kKeysPerLine = 64 / sizeof(Key);
  for (uint32_t h : hashes) {
    const uint32_t first = token_buckets_[h >> 16], last = token_buckets_[(h >> 16) + 1];
    for (uint32_t k = first; k < last; k += kKeysPerLine) __builtin_prefetch(&token_keys_[k]);
    if (last > first) __builtin_prefetch(&token_keys_[last - 1]);
  }
  for (size_t k = 0; k < hashes.size(); ++k) (*out)[k] = TokenKeys(hashes[k]);
}

ListIndex ListIndex::Build(const ImportedList& list) {
  Arrays index;
  StringTable strings;
  auto add = [&](std::string_view s) {
    return strings.Add(s, &index.strings_, &index.string_ends_);
  };
  absl::flat_hash_map<std::string, uint32_t> token_ids;
  std::vector<std::vector<uint32_t>> postings;
  std::string token_text;  // appended to the string blob at the end

  for (const ImportedEntry& e : list.entries) {
    const uint32_t entry_id = static_cast<uint32_t>(index.entries_.size());
    index.entries_.push_back(
        Entry{add(e.list), add(e.id), add(e.names.empty() ? "" : e.names[0].text),
              add(absl::StrJoin(e.programs, "\n")), add(e.source), static_cast<uint32_t>(e.type),
              add(TermsText(e)), add(FactsText(e))});
    std::vector<NameKind> kinds;
    if (e.type == EntryType::kIndividual) {
      kinds = {NameKind::kPerson};
    } else if (e.type == EntryType::kUnknown) {
      kinds = {NameKind::kPerson, NameKind::kOrganization};  // CSL rows without a type
    } else {
      kinds = {NameKind::kOrganization};
    }
    for (const ImportedName& n : e.names) {
      std::vector<std::string> previous;
      for (NameKind kind : kinds) {
        NormalizedName norm = NormalizeName(n.text, kind);
        if (norm.tokens.empty()) continue;
        std::vector<std::string> texts;
        for (const auto& t : norm.tokens) texts.push_back(t.text);
        if (texts == previous) continue;  // both readings agree: one record
        previous = texts;
        const uint32_t name_id = static_cast<uint32_t>(index.names_.size());
        Name rec{};
        rec.entry = entry_id;
        rec.text = add(n.text);
        rec.first_token = static_cast<uint32_t>(index.name_tokens_.size());
        rec.token_count = static_cast<uint32_t>(norm.tokens.size());
        rec.legal_families = norm.legal_families;
        rec.script_begin = static_cast<uint32_t>(index.script_points_.size());
        rec.script_size = static_cast<uint32_t>(norm.script_key.size());
        rec.role = static_cast<uint32_t>(n.role);
        rec.kind = static_cast<uint32_t>(kind);
        index.script_points_.insert(index.script_points_.end(), norm.script_key.begin(),
                                    norm.script_key.end());
        for (const auto& t : norm.tokens) {
          auto [it, inserted] =
              token_ids.try_emplace(t.text, static_cast<uint32_t>(token_ids.size()));
          if (inserted) {
            const std::string folded = PhoneticFold(t.text);
            index.tokens_.push_back({static_cast<uint32_t>(token_text.size()),
                                     static_cast<uint32_t>(t.text.size()),
                                     static_cast<uint32_t>(folded.size()), 0, 0});
            token_text += t.text;
            token_text += folded;
            postings.emplace_back();
          }
          auto& list_of = postings[it->second];
          if (list_of.empty() || list_of.back() != name_id) list_of.push_back(name_id);
          index.name_tokens_.push_back(it->second);
          index.name_roles_.push_back(static_cast<uint32_t>(t.role));
        }
        // Adjacent tokens joined, for a query that writes them as one word.
        for (size_t j = 0; j + 1 < texts.size(); ++j) {
          std::string joined = texts[j] + texts[j + 1];
          index.join_keys_.push_back({KeyHash('J', joined), name_id});
          if (j + 2 < texts.size()) {
            joined += texts[j + 2];
            index.join_keys_.push_back({KeyHash('J', joined), name_id});
          }
        }
        // An organisation's acronym, and those of its first words:
        // "People's Liberation Army" -> "pla", "Tosee Melli Group
        // Investment" -> "tmg", "tmgi".
        if (kind == NameKind::kOrganization) {
          std::string acronym;
          for (const auto& t : norm.tokens) {
            if (t.role == TokenRole::kStop) continue;
            acronym.push_back(t.text[0]);
            if (acronym.size() >= 3 && acronym.size() <= 6) {
              index.join_keys_.push_back({KeyHash('J', acronym), name_id});
            }
          }
        }
        index.names_.push_back(rec);
        uint32_t strong = 0;
        for (const auto& t : norm.tokens) {
          strong += t.role == TokenRole::kWord || t.role == TokenRole::kGeneric ||
                    t.role == TokenRole::kNumber || t.role == TokenRole::kInitial;
        }
        index.name_info_.push_back(
            static_cast<uint8_t>(static_cast<uint32_t>(kind) | (strong << 1)));
      }
    }
  }
  for (size_t t = 0; t < index.tokens_.size(); ++t) {
    index.tokens_[t].postings_begin = static_cast<uint32_t>(index.postings_.size());
    index.postings_.insert(index.postings_.end(), postings[t].begin(), postings[t].end());
    index.tokens_[t].postings_end = static_cast<uint32_t>(index.postings_.size());
  }
  for (const ListFile& f : list.files) {
    index.files_.push_back({add(std::filesystem::path(f.path).filename().string()),
                            static_cast<uint32_t>(f.format), static_cast<uint32_t>(f.records)});
  }
  for (const std::string& note : list.notes) index.notes_.push_back(add(note));
  // Token texts go after every table string (nothing is added to the table
  // after this); their offsets move by that much.
  const uint32_t token_base = static_cast<uint32_t>(index.strings_.size());
  index.strings_ += token_text;
  for (auto& t : index.tokens_) t.text_offset += token_base;

  std::vector<std::string> variants;
  for (size_t t = 0; t < index.tokens_.size(); ++t) {
    const std::string_view text = index.TokenText(index.tokens_[t]);
    Deletions(text, MaxEdits(text.size()), &variants);
    for (const auto& v : variants)
      index.token_keys_.push_back({KeyHash('D', v), static_cast<uint32_t>(t)});
    const std::string_view folded = index.TokenFolded(index.tokens_[t]);
    index.token_keys_.push_back({KeyHash('F', folded), static_cast<uint32_t>(t)});
    // The consonant skeleton, for queries from scripts that write few vowels.
    if (const std::string skeleton = ConsonantSkeleton(text); !skeleton.empty()) {
      index.token_keys_.push_back({KeyHash('S', skeleton), static_cast<uint32_t>(t)});
    }
    if (MaxFoldEdits(folded.size()) > 0) {
      Deletions(folded, MaxFoldEdits(folded.size()), &variants);
      for (const auto& v : variants) {
        index.token_keys_.push_back({KeyHash('G', v), static_cast<uint32_t>(t)});
      }
    }
  }
  SortUnique(&index.token_keys_);
  SortUnique(&index.join_keys_);

  std::string payload;
  Put(&payload, std::vector<char>(index.strings_.begin(), index.strings_.end()));
  Put(&payload, index.string_ends_);
  Put(&payload, index.entries_);
  Put(&payload, index.names_);
  Put(&payload, index.name_tokens_);
  Put(&payload, index.name_roles_);
  Put(&payload, index.script_points_);
  Put(&payload, index.tokens_);
  Put(&payload, index.postings_);
  Put(&payload, index.name_info_);
  Put(&payload, index.token_keys_);
  Put(&payload, index.join_keys_);
  Put(&payload, Buckets(index.token_keys_));
  Put(&payload, Buckets(index.join_keys_));
  Put(&payload, index.files_);
  Put(&payload, index.notes_);
  std::string bytes(kMagic, sizeof(kMagic));
  const uint32_t version = kFormatVersion, endian = 0x01020304;
  const uint64_t checksum = Checksum(payload), size = payload.size();
  bytes.append(reinterpret_cast<const char*>(&version), 4);
  bytes.append(reinterpret_cast<const char*>(&endian), 4);
  bytes.append(reinterpret_cast<const char*>(&size), 8);
  bytes.append(reinterpret_cast<const char*>(&checksum), 8);
  bytes += payload;
  auto opened = FromBytes(std::move(bytes));
  // What was just built passes its own checks; anything else is a bug here.
  if (!opened.ok()) std::abort();
  return std::move(*opened);
}

std::string_view ListIndex::String(uint32_t id) const {
  const uint32_t begin = id == 0 ? 0 : string_ends_[id - 1];
  return std::string_view(strings_.data() + begin, string_ends_[id] - begin);
}

NameView ListIndex::view(size_t name_id) const {
  const Name& n = names_[name_id];
  NameView v;
  v.tokens = std::span<const MatchToken>(match_tokens_).subspan(n.first_token, n.token_count);
  v.legal_families = n.legal_families;
  v.kind = static_cast<NameKind>(n.kind);
  v.script_key = std::u32string_view(script_points_.data() + n.script_begin, n.script_size);
  return v;
}

std::span<const ListIndex::Key> ListIndex::Find(std::span<const Key> keys,
                                                std::span<const uint32_t> buckets, uint32_t hash) {
  const uint32_t b = hash >> 16;
  auto first = keys.begin() + buckets[b], last = keys.begin() + buckets[b + 1];
  auto lo =
      std::lower_bound(first, last, hash, [](const Key& k, uint32_t h) { return k.hash < h; });
  auto hi = lo;
  while (hi != last && hi->hash == hash) ++hi;
  return keys.subspan(static_cast<size_t>(lo - keys.begin()), static_cast<size_t>(hi - lo));
}

struct ListIndex::Storage {
  std::string owned;
  const char* data = nullptr;
  size_t size = 0;
  void* mapped = nullptr;
  ~Storage() {
    if (mapped) ::munmap(mapped, size);
  }
};

std::string_view ListIndex::bytes() const {
  return storage_ ? std::string_view(storage_->data, storage_->size) : std::string_view();
}

absl::StatusOr<ListIndex> ListIndex::FromBytes(std::string bytes) {
  auto storage = std::make_shared<Storage>();
  storage->owned = std::move(bytes);
  storage->data = storage->owned.data();
  storage->size = storage->owned.size();
  return Open(std::move(storage));
}

absl::StatusOr<ListIndex> ListIndex::FromFile(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return absl::NotFoundError(absl::StrCat("cannot open ", path.string()));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0) {
    ::close(fd);
    return absl::DataLossError("screening index cache is damaged: not a regular, non-empty file");
  }
  void* mapped = ::mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ,
                        MAP_PRIVATE | MAP_POPULATE, fd, 0);
  ::close(fd);
  if (mapped == MAP_FAILED) return absl::DataLossError(absl::StrCat("cannot map ", path.string()));
  auto storage = std::make_shared<Storage>();
  storage->mapped = mapped;
  storage->data = static_cast<const char*>(mapped);
  storage->size = static_cast<size_t>(st.st_size);
  return Open(std::move(storage));
}

absl::StatusOr<ListIndex> ListIndex::Open(std::shared_ptr<const Storage> storage) {
  constexpr size_t kHeader = sizeof(kMagic) + 4 + 4 + 8 + 8;
  auto corrupt = [](const std::string& what) {
    return absl::DataLossError(absl::StrCat("screening index cache is damaged: ", what));
  };
  const std::string_view bytes(storage->data, storage->size);
  if (bytes.size() < kHeader || std::memcmp(bytes.data(), kMagic, sizeof(kMagic)) != 0) {
    return corrupt("not a stargate screening index");
  }
  uint32_t version = 0, endian = 0;
  uint64_t size = 0, checksum = 0;
  std::memcpy(&version, bytes.data() + 8, 4);
  std::memcpy(&endian, bytes.data() + 12, 4);
  std::memcpy(&size, bytes.data() + 16, 8);
  std::memcpy(&checksum, bytes.data() + 24, 8);
  if (version != kFormatVersion || endian != 0x01020304)
    return corrupt("written by another version");
  const std::string_view payload = bytes.substr(kHeader);
  if (payload.size() != size) return corrupt("truncated");
  if (Checksum(payload) != checksum) return corrupt("checksum mismatch");
  ListIndex index;
  Sections r(payload);
  const bool ok = r.Get(&index.strings_) && r.Get(&index.string_ends_) && r.Get(&index.entries_) &&
                  r.Get(&index.names_) && r.Get(&index.name_tokens_) && r.Get(&index.name_roles_) &&
                  r.Get(&index.script_points_) && r.Get(&index.tokens_) &&
                  r.Get(&index.postings_) && r.Get(&index.name_info_) &&
                  r.Get(&index.token_keys_) && r.Get(&index.join_keys_) &&
                  r.Get(&index.token_buckets_) && r.Get(&index.join_buckets_) &&
                  r.Get(&index.files_) && r.Get(&index.notes_) && r.done();
  if (!ok) return corrupt("sections do not fit");
  if (auto status = index.Validate(); !status.ok()) return corrupt(std::string(status.message()));
  index.storage_ = std::move(storage);
  // Entries per token: its postings are name ids in order, so an entry's
  // names (aliases, both readings of an untyped entry) are adjacent.
  index.token_entries_.resize(index.tokens_.size());
  for (size_t t = 0; t < index.tokens_.size(); ++t) {
    uint32_t count = 0, previous = UINT32_MAX;
    for (uint32_t name_id : index.postings(index.tokens_[t])) {
      const uint32_t entry = index.names_[name_id].entry;
      if (entry != previous) ++count;
      previous = entry;
    }
    index.token_entries_[t] = count;
  }
  index.match_tokens_.resize(index.name_tokens_.size());
  for (size_t k = 0; k < index.name_tokens_.size(); ++k) {
    const Token& t = index.tokens_[index.name_tokens_[k]];
    const auto role = static_cast<TokenRole>(index.name_roles_[k]);
    float weight = TokenWeight(index.TokenText(t), role);
    if (RarityApplies(role))
      weight = std::min(weight, RarityWeight(index.token_entries_[index.name_tokens_[k]]));
    index.match_tokens_[k] = {index.TokenText(t), index.TokenFolded(t), role, weight};
  }
  return index;
}

uint32_t ListIndex::EntriesWithToken(std::string_view text) const {
  // Every token is stored under its deletion variants, the first of which
  // is the token itself.
  for (const Key& key : TokenKeys(KeyHash('D', text))) {
    const Token& t = tokens_[key.target];
    if (TokenText(t) == text) return token_entries_[key.target];
  }
  return 0;
}

absl::Status ListIndex::Validate() const {
  auto bad = [](const char* what) { return absl::DataLossError(what); };
  // An index without entries would screen every name as clear.
  if (entries_.empty() || names_.empty()) return bad("no entries");
  uint32_t previous = 0;
  for (uint32_t end : string_ends_) {
    if (end < previous || end > strings_.size()) return bad("string table");
    previous = end;
  }
  // After the table's strings come the token texts (Token::text_offset).
  const size_t n_strings = string_ends_.size();
  for (const Entry& e : entries_) {
    if (e.list >= n_strings || e.id >= n_strings || e.name >= n_strings ||
        e.programs >= n_strings || e.source >= n_strings || e.terms >= n_strings ||
        e.facts >= n_strings || e.type > static_cast<uint32_t>(EntryType::kUnknown)) {
      return bad("entry");
    }
  }
  if (name_tokens_.size() != name_roles_.size()) return bad("name tokens");
  if (name_info_.size() != names_.size()) return bad("name info");
  for (size_t k = 0; k < names_.size(); ++k) {
    if ((name_info_[k] & 1) != names_[k].kind) return bad("name info");
  }
  for (const Name& n : names_) {
    if (n.entry >= entries_.size() || n.text >= n_strings || n.first_token > name_tokens_.size() ||
        n.token_count > name_tokens_.size() - n.first_token ||
        n.script_begin > script_points_.size() ||
        n.script_size > script_points_.size() - n.script_begin ||
        n.role > static_cast<uint32_t>(NameRole::kWeakAka) ||
        n.kind > static_cast<uint32_t>(NameKind::kOrganization)) {
      return bad("name");
    }
  }
  for (size_t k = 0; k < name_tokens_.size(); ++k) {
    if (name_tokens_[k] >= tokens_.size() ||
        name_roles_[k] > static_cast<uint32_t>(TokenRole::kStop)) {
      return bad("name token");
    }
  }
  for (const Token& t : tokens_) {
    if (t.text_offset > strings_.size() || t.text_size > strings_.size() - t.text_offset ||
        t.folded_size > strings_.size() - t.text_offset - t.text_size ||
        t.postings_begin > t.postings_end || t.postings_end > postings_.size()) {
      return bad("token");
    }
  }
  for (uint32_t p : postings_) {
    if (p >= names_.size()) return bad("postings");
  }
  for (size_t k = 0; k < token_keys_.size(); ++k) {
    if (token_keys_[k].target >= tokens_.size() ||
        (k && token_keys_[k].hash < token_keys_[k - 1].hash)) {
      return bad("token keys");
    }
  }
  for (const auto& [keys, buckets] :
       {std::pair{token_keys_, token_buckets_}, std::pair{join_keys_, join_buckets_}}) {
    if (buckets.size() != 65537 || buckets.front() != 0 || buckets.back() != keys.size() ||
        !std::is_sorted(buckets.begin(), buckets.end())) {
      return bad("key buckets");
    }
  }
  for (const File& f : files_) {
    if (f.name >= n_strings || f.format > static_cast<uint32_t>(FileFormat::kCsl))
      return bad("files");
  }
  for (uint32_t note : notes_) {
    if (note >= n_strings) return bad("notes");
  }
  for (size_t k = 0; k < join_keys_.size(); ++k) {
    if (join_keys_[k].target >= names_.size() ||
        (k && join_keys_[k].hash < join_keys_[k - 1].hash)) {
      return bad("join keys");
    }
  }
  return absl::OkStatus();
}

}  // namespace stargate::screen
