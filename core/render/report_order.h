// The order of the report's findings, sorted within a memory budget.
//
// Findings are listed by risk, severity and asset (packed into `primary`),
// then port, rule id, component name, location, identity key and input
// position; the last makes the order total, so it never depends on the sort
// algorithm or on how the entries were split into runs.
//
// Entries are added in input order, each with the texts it is compared by
// and, when the finding table has spilled the finding's block, a copy of
// its record. They are sorted in memory; when they outgrow the budget and a
// spill space is given, each budget's worth is sorted and written there as
// a run (its entries, and the records they carry, in order), and reading
// merges the runs. So a report of any number of findings is laid out in
// the budget plus a read buffer per run, and writing it reads every record
// sequentially, never the finding table out of order.
#ifndef CORE_RENDER_REPORT_ORDER_H_
#define CORE_RENDER_REPORT_ORDER_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/spill.h"
#include "core/base/status.h"
#include "core/base/text_pool.h"

namespace exposure {

struct OrderEntry {
  // Risk, severity and asset rank, packed so that smaller sorts first.
  uint64_t primary = 0;
  uint64_t key = 0;  // the finding's identity key (its id)
  uint32_t port = 0;
  uint32_t rule = 0;   // the rule's number (see ReportOrder's rule_id)
  uint32_t index = 0;  // the finding's input position
  // Where the record is when its block is resident (copied false).
  uint32_t block = 0;
  uint32_t offset = 0;
  bool copied = false;     // the record travels with the entry
  bool own_texts = false;  // see json_report.cc
};

class ReportOrder {
 public:
  // `rule_id(r)` is the text rule r's id sorts by, for comparisons made
  // before the ranks are known (Finish). Runs go to `spill` (may be null:
  // then everything stays in memory) when an in-memory run exceeds
  // `budget` bytes.
  ReportOrder(SpillSpace* spill,
              size_t budget,
              std::function<std::string_view(uint32_t)> rule_id);
  ~ReportOrder();
  ReportOrder(const ReportOrder&) = delete;
  ReportOrder& operator=(const ReportOrder&) = delete;

  // Room for `n` entries (no more than a run holds), so the entries do not
  // take twice their size while growing.
  void Reserve(size_t n);
  // `record` is empty unless e.copied.
  void Add(const OrderEntry& e,
           std::string_view name,
           std::string_view location,
           std::string_view record);
  // Ends adding. `rank[r]` orders rule r as rule_id does (equal ids, equal
  // ranks); cheaper to compare than the ids.
  void Finish(std::vector<uint32_t> rank);

  size_t size() const { return count_; }
  size_t runs() const;
  // The first error reading runs back (a Reader then ends early). A failed
  // write is no error: the entries stay in memory.
  const Status& status() const { return status_; }

  class Reader;
  // Entries in order after Finish(); `records` says whether the copied
  // records are wanted (Reader::record()). Each Reader reads the order
  // once, from the start.
  std::unique_ptr<Reader> Read(bool records) const;

 private:
  struct Entry;
  struct Run;
  struct Less;
  class Cursor;
  class Source;
  class MemorySource;
  class SpilledSource;
  class MergeReader;
  class RunWriter;
  // Sorts the in-memory run into order_.
  void SortRun();
  // Writes the in-memory entries to the spill space as one run.
  bool SpillRun();
  // Replaces runs [first, first + n) by one run of their entries, merged.
  bool MergeRuns(size_t first, size_t n);
  // Reads runs [first, first + n) merged (and the in-memory run when they
  // are all of them).
  std::unique_ptr<MergeReader> Merge(size_t first,
                                     size_t n,
                                     bool records) const;
  size_t run_bytes() const;

  SpillSpace* spill_;
  size_t budget_;
  std::function<std::string_view(uint32_t)> rule_id_;
  std::vector<uint32_t> rank_;
  uint64_t spill_start_ = 0;  // the space's size before the first run
  uint64_t spill_end_ = 0;    // and after the last one written
  bool spill_failed_ = false;
  mutable Status status_;  // readers record read errors here
  size_t count_ = 0;
  // The in-memory run. Texts and records in chunks, not one growing
  // string: doubling a string of a budget's size would take twice the
  // budget for a moment.
  std::vector<Entry> entries_;
  std::vector<uint32_t> order_;  // entries_ in order, once sorted
  TextPool texts_;               // name and location of each entry
  TextPool records_;             // records of copied entries
  size_t pooled_ = 0;            // bytes in texts_ and records_
  std::string joined_;           // Add()'s buffer
  std::vector<Run> runs_;
};

class ReportOrder::Reader {
 public:
  virtual ~Reader() = default;
  // Moves to the next entry; false at the end, or on a read error (see
  // ReportOrder::status()).
  virtual bool Next() = 0;
  virtual const OrderEntry& entry() const = 0;
  // The record of a copied entry, valid until Next().
  virtual std::string_view record() const = 0;
};

}  // namespace exposure

#endif  // CORE_RENDER_REPORT_ORDER_H_
