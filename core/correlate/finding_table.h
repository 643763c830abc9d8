// The findings of one analysis, packed.
//
// A Finding as importers build it is two dozen strings and vectors, most of
// them empty: held as such, findings would take several times the export's
// size. The table keeps each finding as one self-contained, varint-encoded
// record in large blocks instead, with the values that repeat (tool,
// protocol, scan dates; and what belongs to a rule or CVE rather than to
// the record: title, CVSS vectors, references) stored once in a
// dictionary, the rule as its number (see Rules below), category, status
// and severity as a byte each, and long interned texts (description,
// solution) as references to the Store's copy.
//
// Records are read in order: passes over the findings (assessment, report
// layout) run a Reader from the first to the last. There is no per-finding
// index; a checkpoint every kCheckpointEvery records makes reading out of
// order work too (tests, one-off lookups), at the cost of skipping the
// records since the checkpoint.
//
// With a SpillSpace (SetSpill), blocks beyond the resident budget are
// written there once full and dropped from memory; a Reader loads such a
// block when it gets to it. So what a large input keeps in memory is the
// budget, the dictionary and a few bytes per thousand findings, whatever
// the number of findings.
//
// Findings are immutable once added, except that findings added without an
// asset may be given one later (SetAsset), as some formats name the asset
// after its findings.
//
// Rules. Every finding refers to its rule, numbered by its key
// "format:rule_id" in first-seen order. A rule may be defined (DefineRule)
// before or after its findings: a finding is bound to its rule when it is
// read, each rule field the finding leaves empty taking the rule's value.
// So importers emit records as they come, whether the definitions that
// complete them (a Qualys glossary, Nexpose's vulnerability definitions)
// come first or last. The rules stay in memory: a few tens of bytes per
// distinct rule, and the definitions themselves.
#ifndef CORE_CORRELATE_FINDING_TABLE_H_
#define CORE_CORRELATE_FINDING_TABLE_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/spill.h"
#include "core/base/status.h"
#include "core/base/text_index.h"
#include "core/model/model.h"

namespace exposure {

class FindingTable {
 public:
  FindingTable() {
    std::fill(std::begin(last_words_), std::end(last_words_), kNoWord);
  }
  FindingTable(const FindingTable&) = delete;
  FindingTable& operator=(const FindingTable&) = delete;

  // From now on, full blocks beyond `resident_bytes` in memory go to
  // `spill` (which must outlive the table). Without it (the default),
  // every block stays in memory. Set it once, before the first Add().
  //
  // The dictionary then holds at most a quarter of `resident_bytes`: once
  // full, values not in it are written into their records (a title per
  // finding, as some formats have, would otherwise grow it without bound).
  // Blocks are then at most a quarter of `resident_bytes`, so that a small
  // budget still spills in small steps.
  void SetSpill(SpillSpace* spill, size_t resident_bytes) {
    spill_ = spill;
    resident_budget_ = resident_bytes;
    dict_budget_ = resident_bytes / 4;
    block_bytes_ = std::clamp(resident_bytes / 4, kMinBlockBytes, kBlockBytes);
  }

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  // `f.description` and `f.solution` must stay valid as long as the table
  // (they point into the Store's interned texts); everything else is copied.
  void Add(const Finding& f);

  // Defines rule `rule.rule_id` of `format`, or completes it: fields set by
  // an earlier definition stay, empty ones take this one's values. The
  // same interning contract as Add() holds for its texts.
  void DefineRule(std::string_view format, const Rule& rule);
  // Rules by number: how many, and the key "format:rule_id" of one (valid
  // as long as the table).
  size_t rule_count() const { return rule_keys_.size(); }
  std::string_view rule_key(uint32_t rule) const { return rule_keys_[rule]; }
  // The number of the rule whose key is `key`, or TextIndex::kNone.
  uint32_t FindRule(std::string_view key) const { return rule_keys_.Find(key); }
  // Findings [first, end) that were added without an asset get `asset`.
  void SetAsset(size_t first, size_t end, size_t asset);
  // From now on the asset a finding was added with (or given by SetAsset)
  // is `(*map)[asset]` when read: the store resolves the records findings
  // name into assets (null: as added). `map` must outlive the table or
  // the next call.
  void SetAssetMap(const std::vector<uint32_t>* map) { asset_map_ = map; }

  // Groups of fields, for a Reader that needs only some (input, asset,
  // severity and status are always read).
  enum Parts : uint32_t {
    // cves, aliases, cvss, evidence, file_epss,
    // file_epss_percentile: what the assessment and the grouping into
    // exposures read.
    kScoring = 1,
    // format, category, rule_id, title, port, protocol, component name,
    // installed and path, location, description, solution, references:
    // what identifies a finding, its rule and its exposure in the report.
    kIdentity = 2,
    kOther = 4,  // every other field
    kAllParts = 7,
  };

  // Where a record is in the table.
  struct Position {
    uint32_t block = 0;
    uint32_t offset = 0;
  };

  // Decodes findings into one Finding of its own, skipping the dictionary
  // values that are the same as in the previous one (format, tool, status,
  // dates ... rarely change from one finding to the next).
  class Reader;

  // Decodes finding `i` into `*out`, reusing its storage (any order, but
  // each call skips up to kCheckpointEvery records: use a Reader for many).
  void Get(size_t i, Finding* out) const;
  Finding operator[](size_t i) const;
  Finding front() const { return (*this)[0]; }
  Finding back() const { return (*this)[size() - 1]; }

  // The references list stored as dictionary word `word` (see
  // Reader::references_word()).
  void References(uint32_t word, std::vector<std::string>* out) const;

  // The distinct first_seen and last_seen values, in no particular order;
  // of those written inline (see SetSpill), only the latest valid date
  // (its YYYY-MM-DD part).
  std::vector<std::string_view> SeenDates() const;

  // Bytes of records (in memory or spilled) and dictionary.
  size_t bytes() const;
  // Bytes of blocks in memory, and of blocks spilled.
  size_t resident_bytes() const { return resident_bytes_; }
  size_t spilled_bytes() const { return spilled_bytes_; }
  // Whether a block is in memory (Reader::ReadAt works on it any time).
  bool resident(uint32_t block) const { return blocks_[block].data != nullptr; }
  // The first error reading spilled blocks back (their findings read as
  // empty ones). A failed write is no error: the table stays in memory.
  const Status& spill_status() const { return spill_status_; }

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

  static constexpr size_t kCheckpointEvery = 32;

 private:
  static constexpr uint32_t kNoWord = 0xFFFFFFFF;
  static constexpr uint64_t kResident = UINT64_MAX;
  // Dictionary fields outside lists (tool, title, tool_severity, component
  // type, protocol, service, references, first_seen, last_seen, published).
  static constexpr int kWordFields = 10;
  static constexpr int kReferencesField = 6;
  static constexpr int kFirstSeenField = 7;
  static constexpr int kLastSeenField = 8;
  // A Reader's slot for the rule whose format and id it last decoded.
  static constexpr int kRuleSlot = kWordFields;
  // The severity byte's flag: the rule's severity, when it has one, wins.
  static constexpr uint8_t kSeverityFromRule = 0x80;
  // Records never straddle blocks; a record larger than a block gets a
  // block of its own.
  static constexpr size_t kBlockBytes = size_t{256} << 10;
  static constexpr size_t kMinBlockBytes = size_t{4} << 10;

  struct Block {
    std::unique_ptr<char[]> data;  // null once spilled
    size_t used = 0;
    size_t capacity = 0;
    uint64_t spilled_at = kResident;  // offset in the spill space
  };
  struct AssetRange {
    size_t first;
    size_t end;
    uint32_t asset;
  };
  // What a rule's definitions said, merged (see DefineRule).
  struct RuleDef {
    std::string title;
    std::string tool_severity;
    std::string published;
    bool has_severity = false;
    Severity severity = Severity::kInfo;
    Category category = Category::kUnset;
    uint16_t evidence_flags = 0;
    std::string_view description;
    std::string_view solution;
    uint32_t references = kNoWord;  // the dictionary word of the list
    std::vector<std::string> cves;
    std::vector<std::string> aliases;
    std::vector<std::string> cwes;
    std::vector<CvssVector> cvss;
  };

  // Decodes the record at `p` (finding `i`) into `*out`, bound to its
  // rule, whose number goes to `*rule`. `words`, when given, holds the
  // dictionary index each word field of `*out` was last set from (and at
  // kRuleSlot, the rule its format and id are from); fields whose index is
  // unchanged are skipped. Only the fields of `parts` are written. Returns
  // the end of the record.
  const char* Decode(const char* p,
                     size_t i,
                     Finding* out,
                     uint32_t* words,
                     uint32_t parts,
                     uint32_t* rule) const;
  // Fills the fields of `parts` that `*out` leaves empty from definition
  // `def` (`severity_from_rule`: the record's flag).
  void Bind(const RuleDef& def,
            bool severity_from_rule,
            Finding* out,
            uint32_t* words,
            uint32_t parts) const;
  // The number of rule "format:rule_id", added when new.
  uint32_t RuleNumber(std::string_view format, std::string_view rule_id);
  // The asset of finding `i` whose record says `recorded` (+1, 0 = none).
  size_t AssetOf(size_t i, uint64_t recorded) const;
  // Writes blocks_.back() to the spill space when over budget.
  void MaybeSpillLast();
  // Loads spilled block `b` into `*buffer`; false (and spill_status_ set)
  // when it cannot be read.
  bool Load(uint32_t b, std::vector<char>* buffer) const;
  // The dictionary word of `s` for word field `field` (0..kWordFields + 2,
  // the last three being the CVSS version, vector and source) when it is
  // not the field's previous one: added while the dictionary has room;
  // kNoWord when it is to be written inline.
  uint32_t FieldWord(int field, std::string_view s);
  // Keeps the latest valid date of those written inline (SeenDates).
  void NoteInlineDate(std::string_view s);

  size_t size_ = 0;
  std::vector<Block> blocks_;
  // Position of findings 0, kCheckpointEvery, 2 * kCheckpointEvery, ...
  std::vector<Position> checkpoints_;
  std::vector<AssetRange> late_assets_;  // sorted by first, disjoint
  const std::vector<uint32_t>* asset_map_ = nullptr;
  size_t block_bytes_ = kBlockBytes;
  SpillSpace* spill_ = nullptr;
  bool spill_failed_ = false;  // a write failed: keep the rest in memory
  size_t resident_budget_ = 0;
  size_t resident_bytes_ = 0;
  size_t spilled_bytes_ = 0;
  mutable Status spill_status_;
  // The dictionary: about 30 bytes a word beyond its text (see TextIndex):
  // titles and references of small files are often all distinct.
  TextIndex dict_;
  size_t dict_budget_ = SIZE_MAX;
  bool dict_full_ = false;
  std::vector<bool> seen_date_;  // by word: used as first_seen or last_seen
  std::string latest_inline_day_;
  // By word field: the index last written (kNoWord before the first).
  uint32_t last_words_[kWordFields + 3];
  std::string encoded_;  // Add()'s buffer for the encoded references
  // Rules: keys by number, and by number the index of the rule's
  // definition in rule_defs_ (kNoWord: none).
  TextIndex rule_keys_;
  std::vector<uint32_t> rule_def_;
  std::deque<RuleDef> rule_defs_;
  std::string rule_key_;          // RuleNumber()'s buffer
  uint32_t last_rule_ = kNoWord;  // Add()'s previous rule, and its key
  std::string last_rule_format_;
  std::string last_rule_id_;
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
  // Finding `i`, valid until the next call. Reading in increasing order
  // decodes each record once; any other order starts from a checkpoint.
  const Finding& Read(size_t i);
  // Of the record Read() last decoded: where it is, and its bytes (valid
  // until the next Read(), and for as long as the table when its block is
  // resident).
  Position position() const { return last_; }
  std::string_view record() const {
    return std::string_view(last_record_, last_size_);
  }
  // The dictionary word of the last decoded finding's references (equal
  // lists, equal words), when this reader reads kIdentity.
  uint32_t references_word() const {
    return words_[FindingTable::kReferencesField];
  }
  // The rule number of the last decoded finding.
  uint32_t rule() const { return rule_; }
  // Finding `i` from its record at `at`, in a resident block.
  const Finding& ReadAt(Position at, size_t i);
  // Finding `i` from a copy of its record (record()'s bytes).
  const Finding& Decode(std::string_view record, size_t i);

 private:
  // Points at_ to block `b` (loading it if spilled); false if it is empty
  // or unreadable.
  bool Enter(uint32_t b);

  const FindingTable& table_;
  uint32_t parts_;
  Finding finding_;
  uint32_t words_[FindingTable::kWordFields + 1];  // and kRuleSlot
  uint32_t rule_ = FindingTable::kNoWord;
  size_t next_ = 0;             // the finding at at_
  Position at_;                 // the next record to decode
  const char* data_ = nullptr;  // block at_.block, or null before Enter
  std::vector<char> buffer_;    // a spilled block, loaded
  Position last_;
  const char* last_record_ = nullptr;
  size_t last_size_ = 0;
};

}  // namespace exposure

#endif  // CORE_CORRELATE_FINDING_TABLE_H_
