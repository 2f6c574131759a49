// The searchable form of a screening list: every name normalized once, a
// token dictionary with postings (token -> names), and a blocking index so a
// query only compares against names that share a similar token:
//   - symmetric deletions (SymSpell): each dictionary token under up to 1
//     (3-7 letters) or 2 (8+ letters) deleted characters, so a query token
//     finds every token within that edit distance with a few lookups;
//   - phonetic folds ("usama" and "osama" fold alike), and their one-letter
//     deletions;
//   - consonant skeletons (normalize.h ConsonantSkeleton), which a query
//     from Hebrew, Arabic, Thai or Burmese script is looked up by;
//   - adjacent tokens joined ("van der bilt" -> "vanderbilt") and the
//     acronyms of an organisation's name and of its first words ("PLA").
// Everything lives in one buffer of flat arrays, the same bytes in memory and
// in the cache file: a cached index is mapped into memory, checked (checksum
// and every reference) and used in place, with no parsing or re-normalization.
#ifndef STARGATE_SCREEN_LIST_INDEX_H_
#define STARGATE_SCREEN_LIST_INDEX_H_

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "stargate/screen/list_import.h"
#include "stargate/screen/name_match.h"

namespace stargate::screen {

class ListIndex {
 public:
  struct Entry {
    uint32_t list, id, name, programs, source;  // string ids; programs joined with '\n'
    uint32_t type;                              // EntryType
    // String id of license requirement, policy and notice joined with 0x1F
    // (empty when the list gives none).
    uint32_t terms;
    // String id of the identifiers the list gives: IMO number, years of
    // birth separated by spaces, and countries (CountryKey) separated by
    // '\n', joined with 0x1F (empty when none).
    uint32_t facts;
  };
  struct Name {
    uint32_t entry, text;  // text: the name as the list writes it
    uint32_t first_token, token_count;
    uint32_t legal_families;
    uint32_t script_begin, script_size;  // NormalizedName::script_key
    uint32_t role;                       // NameRole
    uint32_t kind;                       // NameKind it was normalized as
  };
  // A dictionary token. Its text and phonetic fold sit side by side in the
  // string blob (not in the string table) so that checking a blocking
  // candidate costs two memory reads, not five.
  struct Token {
    uint32_t text_offset, text_size, folded_size;  // folded follows text
    uint32_t postings_begin, postings_end;         // names containing the token
  };
  // A blocking key: 32-bit hash of a deletion variant or fold of a token, or
  // of a joined pair / acronym of a name; `target` is a token id (tokens_) or
  // a name id (joins_).
  struct Key {
    uint32_t hash, target;
  };
  struct File {
    uint32_t name;  // file name (string id)
    uint32_t format, records;
  };

  // Bump when the layout, the normalization or the blocking keys change: a
  // cache written by another version is then rebuilt, never misread.
  static constexpr uint32_t kFormatVersion = 13;

  ListIndex() = default;
  static ListIndex Build(const ImportedList& list);

  // The binary form (what the cache file holds).
  std::string_view bytes() const;
  // Opens a binary form, checking every reference, so a damaged file is an
  // error, never a crash.
  static absl::StatusOr<ListIndex> FromBytes(std::string bytes);
  static absl::StatusOr<ListIndex> FromFile(const std::filesystem::path& path);

  std::string_view String(uint32_t id) const;
  size_t entry_count() const { return entries_.size(); }
  size_t name_count() const { return names_.size(); }
  size_t token_count() const { return tokens_.size(); }
  const Entry& entry(size_t i) const { return entries_[i]; }
  const Name& name(size_t i) const { return names_[i]; }
  const Token& token(size_t i) const { return tokens_[i]; }
  std::string_view TokenText(const Token& t) const {
    return std::string_view(strings_.data() + t.text_offset, t.text_size);
  }
  std::string_view TokenFolded(const Token& t) const {
    return std::string_view(strings_.data() + t.text_offset + t.text_size, t.folded_size);
  }
  // How many entries have a name with this token (0 when no name has it):
  // the rarity of a word in this list (name_match.h RarityWeight), counted
  // from the postings when the index is opened.
  uint32_t EntriesWithToken(std::string_view text) const;
  uint32_t EntriesWithToken(const Token& t) const {
    return token_entries_[static_cast<size_t>(&t - tokens_.data())];
  }
  // Prefetches what checking these tokens reads.
  void PrefetchTokens(std::span<const uint32_t> token_ids) const;
  std::span<const File> files() const { return files_; }
  std::span<const uint32_t> notes() const { return notes_; }
  std::span<const uint32_t> postings(const Token& t) const {
    return postings_.subspan(t.postings_begin, t.postings_end - t.postings_begin);
  }
  // Per name, packed for the blocking loop: the kind it was normalized as and
  // how many of its tokens are distinctive (word, generic, number, initial).
  NameKind name_kind(size_t name_id) const {
    return static_cast<NameKind>(name_info_[name_id] & 1);
  }
  uint32_t strong_tokens(size_t name_id) const { return name_info_[name_id] >> 1; }
  // The name as the matcher reads it.
  NameView view(size_t name_id) const;
  // Its tokens' dictionary ids.
  std::span<const uint32_t> name_token_ids(size_t name_id) const {
    return name_tokens_.subspan(names_[name_id].first_token, names_[name_id].token_count);
  }

  // Token ids under one blocking key (possibly a hash collision: callers verify).
  std::span<const Key> TokenKeys(uint32_t hash) const {
    return Find(token_keys_, token_buckets_, hash);
  }
  std::span<const Key> JoinKeys(uint32_t hash) const {
    return Find(join_keys_, join_buckets_, hash);
  }
  // TokenKeys for many hashes at once, `out[k]` for `hashes[k]`: the lookups
  // are cache misses in a large table, so their memory reads are issued
  // together (prefetched) rather than one after the other.
  void TokenKeysMany(std::span<const uint32_t> hashes,
                     std::vector<std::span<const Key>>* out) const;

  // Keys of a token: its deletion variants ("D" + variant) and fold ("F" + fold).
  static uint32_t KeyHash(char kind, std::string_view text);
  // Edits the deletion index covers for a token of this length.
  static int MaxEdits(size_t length);
  // Every distinct string made of `text` with up to `edits` characters deleted.
  static void Deletions(std::string_view text, int edits, std::vector<std::string>* out);
  // KeyHash(kind, v) of the same variants, appended to `out` (duplicates
  // possible), without building the strings. `text` at most 64 bytes.
  static void DeletionHashes(char kind, std::string_view text, int edits,
                             std::vector<uint32_t>* out);
  // Edits the fold keys cover: folds of 4+ letters are also stored under
  // each one-letter deletion ('G' keys), for transliterations that differ in
  // a sound ("koryo" / "korea" fold to "kuriu" / "kuria").
  static int MaxFoldEdits(size_t length) { return length >= 5 ? 1 : 0; }

 private:
  struct Storage;
  static std::span<const Key> Find(std::span<const Key> keys, std::span<const uint32_t> buckets,
                                   uint32_t hash);
  static absl::StatusOr<ListIndex> Open(std::shared_ptr<const Storage> storage);
  absl::Status Validate() const;

  std::shared_ptr<const Storage> storage_;  // owns the bytes the spans view
  std::span<const char> strings_;
  std::span<const uint32_t> string_ends_;
  std::span<const Entry> entries_;
  std::span<const Name> names_;
  std::span<const uint32_t> name_tokens_;  // token id per name token
  std::span<const uint32_t> name_roles_;   // TokenRole per name token
  std::span<const char32_t> script_points_;
  std::span<const Token> tokens_;
  std::span<const uint32_t> postings_;
  std::span<const uint8_t> name_info_;                      // kind | strong tokens << 1, per name
  std::span<const Key> token_keys_;                         // sorted by hash
  std::span<const Key> join_keys_;                          // sorted by hash
  std::span<const uint32_t> token_buckets_, join_buckets_;  // first key per top-16-bit prefix
  std::span<const File> files_;
  std::span<const uint32_t> notes_;  // ImportedList::notes (string ids)
  // Built when opened: the name tokens as the matcher reads them (their
  // weights lowered by rarity), and the entries per token.
  std::vector<MatchToken> match_tokens_;
  std::vector<uint32_t> token_entries_;
};

}  // namespace stargate::screen

#endif  // STARGATE_SCREEN_LIST_INDEX_H_
