// Numbers distinct byte strings 0, 1, 2, ... in the order they are first
// added, keeping one copy of each. Ids never depend on the hash function,
// so output built from them is the same with every standard library.
//
// A view, a hash and at most two slots of an open-addressing table (kept at
// most half full) per entry beyond its bytes, a few times less than a
// std::string per entry in an unordered_map: with a million distinct CVEs,
// rules or assessment classes that difference is most of an analysis'
// memory.
#ifndef CORE_BASE_TEXT_INDEX_H_
#define CORE_BASE_TEXT_INDEX_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <utility>
#include <vector>

#include "core/base/text_pool.h"

namespace exposure {

class TextIndex {
 public:
  static constexpr uint32_t kNone = 0xFFFFFFFF;

  TextIndex() = default;
  TextIndex(TextIndex&&) = default;
  TextIndex& operator=(TextIndex&&) = default;
  TextIndex(const TextIndex&) = delete;
  TextIndex& operator=(const TextIndex&) = delete;

  // The id of `s`, adding a copy of it when new (`*added` says which).
  uint32_t Add(std::string_view s, bool* added = nullptr) {
    if ((texts_.size() + 1) * 2 > slots_.size())
      Grow();
    const uint32_t hash = Hash(s);
    const size_t mask = slots_.size() - 1;
    for (size_t at = hash & mask;; at = (at + 1) & mask) {
      const uint32_t id = slots_[at];
      if (id == kNone) {
        const auto fresh = static_cast<uint32_t>(texts_.size());
        texts_.push_back(pool_.Add(s));
        hashes_.push_back(hash);
        text_bytes_ += s.size();
        slots_[at] = fresh;
        if (added != nullptr)
          *added = true;
        return fresh;
      }
      if (hashes_[id] == hash && texts_[id] == s) {
        if (added != nullptr)
          *added = false;
        return id;
      }
    }
  }

  // The id of `s`, or kNone.
  uint32_t Find(std::string_view s) const {
    if (slots_.empty())
      return kNone;
    const uint32_t hash = Hash(s);
    const size_t mask = slots_.size() - 1;
    for (size_t at = hash & mask;; at = (at + 1) & mask) {
      const uint32_t id = slots_[at];
      if (id == kNone || (hashes_[id] == hash && texts_[id] == s))
        return id;
    }
  }

  // Valid as long as the index (moving it included).
  std::string_view operator[](uint32_t id) const { return texts_[id]; }
  size_t size() const { return texts_.size(); }
  bool empty() const { return texts_.empty(); }

  // Bytes of the texts, and bytes held beyond them.
  size_t text_bytes() const { return text_bytes_; }
  size_t overhead_bytes() const {
    return texts_.capacity() * sizeof(std::string_view) +
           hashes_.capacity() * sizeof(uint32_t) +
           slots_.capacity() * sizeof(uint32_t);
  }

 private:
  // For the table only (ids never depend on it): eight bytes a step, where
  // std::hash takes one at a time in effect, as interning a plugin
  // description of a few hundred bytes per finding calls for.
  static uint32_t Hash(std::string_view s) {
    const char* p = s.data();
    size_t n = s.size();
    uint64_t h = 0x9E3779B97F4A7C15ULL * (n + 1);
    for (; n >= 8; p += 8, n -= 8) {
      uint64_t w;
      std::memcpy(&w, p, 8);
      h = (h ^ w) * 0xBF58476D1CE4E5B9ULL;
      h ^= h >> 31;
    }
    uint64_t tail = 0;
    if (n > 0)
      std::memcpy(&tail, p, n);
    h = (h ^ tail) * 0x94D049BB133111EBULL;
    h ^= h >> 29;
    return static_cast<uint32_t>(h ^ (h >> 32));
  }
  void Grow() {
    std::vector<uint32_t> slots(std::max<size_t>(64, slots_.size() * 2), kNone);
    const size_t mask = slots.size() - 1;
    for (uint32_t id = 0; id < texts_.size(); ++id) {
      size_t at = hashes_[id] & mask;
      while (slots[at] != kNone)
        at = (at + 1) & mask;
      slots[at] = id;
    }
    slots_ = std::move(slots);
  }

  std::vector<std::string_view> texts_;  // by id, into pool_
  std::vector<uint32_t> hashes_;         // by id
  std::vector<uint32_t> slots_;          // kNone or an id; a power of two
  TextPool pool_;
  size_t text_bytes_ = 0;
};

}  // namespace exposure

#endif  // CORE_BASE_TEXT_INDEX_H_
