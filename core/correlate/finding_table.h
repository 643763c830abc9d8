// The findings of one analysis, packed.
//
// A Finding as importers build it is two dozen strings and vectors: 840
// bytes before any text, most of them empty. Held as such, a 100 MB SARIF
// export's 336,051 findings took 370 MB. The table keeps each finding as one
// varint-encoded record in large blocks instead, with the values that
// repeat (format, tool, category, status, protocol, scan dates; and what
// belongs to a rule or CVE rather than to the record: title, CVSS vectors,
// references) stored once in a dictionary, and long interned texts
// (description, solution) as references to the Store's copy.
//
// Findings are immutable once added, except for their asset (SetAsset),
// which some formats name only after their findings. Reading decodes a record
// into a Finding: a Reader decodes finding after finding into one Finding of
// its own, and only the parts of it a pass needs; Get() decodes into the
// caller's; operator[] and iteration return fresh copies for convenience
// (tests, one-off lookups).
#ifndef CORE_CORRELATE_FINDING_TABLE_H_
#define CORE_CORRELATE_FINDING_TABLE_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/text_pool.h"
#include "core/model/model.h"

namespace exposure {

class FindingTable {
 public:
  FindingTable() {
    std::fill(std::begin(last_words_), std::end(last_words_), kNoWord);
  }
  FindingTable(const FindingTable&) = delete;
  FindingTable& operator=(const FindingTable&) = delete;

  size_t size() const { return refs_.size(); }
  bool empty() const { return refs_.empty(); }

  // `f.description` and `f.solution` must stay valid as long as the table
  // (they point into the Store's interned texts); everything else is copied.
  void Add(const Finding& f);

  // Decodes finding `i` into `*out`, reusing its storage.
  void Get(size_t i, Finding* out) const { Decode(i, out, nullptr, kAllParts); }

  // Groups of fields, for a Reader that needs only some (input, asset and
  // severity are always read).
  enum Parts : uint32_t {
    // cves, cvss, exploit_available, file_epss, file_epss_percentile: what
    // the assessment reads.
    kScoring = 1,
    // format, category, rule_id, port, protocol, component name, installed
    // and path, location, description, solution, references: what
    // identifies a finding and its rule in the report.
    kIdentity = 2,
    kOther = 4,  // every other field
    kAllParts = 7,
  };

  // Decodes findings one after another into one Finding, skipping the
  // dictionary values that are the same as in the previous one (format,
  // tool, status, dates ... rarely change from one finding to the next).
  class Reader;

  Finding operator[](size_t i) const;
  Finding front() const { return (*this)[0]; }
  Finding back() const { return (*this)[size() - 1]; }

  // Fields read on every pass, without decoding.
  Severity severity(size_t i) const { return refs_[i].severity; }
  size_t asset(size_t i) const {
    return refs_[i].asset == kNoAsset32 ? Finding::kNoAsset : refs_[i].asset;
  }
  void SetAsset(size_t i, size_t asset) {
    refs_[i].asset =
        asset == Finding::kNoAsset ? kNoAsset32 : static_cast<uint32_t>(asset);
  }

  // The distinct first_seen and last_seen values, in no particular order.
  std::vector<std::string_view> SeenDates() const;

  // Bytes held: records, dictionary and index (for benchmarks).
  size_t bytes() const;

  // Iteration yields decoded copies.
  class Iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = Finding;
    using difference_type = std::ptrdiff_t;
    using pointer = const Finding*;
    using reference = Finding;

    Iterator(const FindingTable* table, size_t i) : table_(table), i_(i) {}
    Finding operator*() const { return (*table_)[i_]; }
    Iterator& operator++() {
      ++i_;
      return *this;
    }
    bool operator==(const Iterator& o) const { return i_ == o.i_; }
    bool operator!=(const Iterator& o) const { return i_ != o.i_; }

   private:
    const FindingTable* table_;
    size_t i_;
  };
  Iterator begin() const { return Iterator(this, 0); }
  Iterator end() const { return Iterator(this, size()); }

 private:
  static constexpr uint32_t kNoAsset32 = 0xFFFFFFFF;
  static constexpr uint32_t kNoWord = 0xFFFFFFFF;
  // Dictionary fields outside lists (format, tool, category, title,
  // tool_severity, status, component type, protocol, service, references,
  // first_seen, last_seen, published).
  static constexpr int kWordFields = 13;
  // `words`, when given, holds the dictionary index each word field of
  // `*out` was last set from; fields whose index is unchanged are skipped.
  // Only the fields of `parts` are written.
  void Decode(size_t i, Finding* out, uint32_t* words, uint32_t parts) const;
  struct Ref {
    uint32_t block;
    uint32_t offset;
    uint32_t asset;  // kNoAsset32 for none
    Severity severity;
  };
  // Index of `s` in dict_, adding it when new.
  uint32_t Word(std::string_view s);
  // Word() for word field `field` (0..kWordFields + 2, the last three
  // being the CVSS version, vector and source), trying the field's previous
  // value first.
  uint32_t FieldWord(int field, std::string_view s);

  std::vector<Ref> refs_;
  // Records never straddle blocks; a record larger than kBlockBytes gets a
  // block of its own.
  static constexpr size_t kBlockBytes = size_t{256} << 10;
  std::vector<std::unique_ptr<char[]>> blocks_;
  size_t block_capacity_ = 0;  // of blocks_.back()
  size_t block_used_ = 0;
  size_t block_bytes_ = 0;  // sum of all block capacities
  // The dictionary: words by index, their bytes in a pool, and an
  // open-addressing index of word numbers. About 30 bytes a word beyond its
  // text, where a string per word and a hash map took over 100: titles and
  // references of small files are often all distinct.
  std::vector<std::string_view> dict_;
  std::vector<uint32_t> dict_hash_;  // by word
  std::vector<uint32_t> slots_;      // kNoWord or a word; a power of two
  TextPool dict_pool_;
  std::vector<bool> seen_date_;  // by word: used as first_seen or last_seen
  // By word field: the index last written (kNoWord before the first).
  uint32_t last_words_[kWordFields + 3];
  std::string encoded_;  // Add()'s buffer for the encoded references
};

// Reads the private constants and Decode() of its table.
class FindingTable::Reader {
 public:
  // Reads the fields of `parts`; the others stay empty.
  explicit Reader(const FindingTable& table,
                  uint32_t parts = FindingTable::kAllParts)
      : table_(table), parts_(parts) {
    std::fill(std::begin(words_), std::end(words_), FindingTable::kNoWord);
  }
  // Valid until the next Read().
  const Finding& Read(size_t i) {
    table_.Decode(i, &finding_, words_, parts_);
    return finding_;
  }

 private:
  const FindingTable& table_;
  uint32_t parts_;
  Finding finding_;
  uint32_t words_[FindingTable::kWordFields];
};

}  // namespace exposure

#endif  // CORE_CORRELATE_FINDING_TABLE_H_
