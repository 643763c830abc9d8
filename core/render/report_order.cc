#include "core/render/report_order.h"

#include <algorithm>
#include <cstring>
#include <utility>

namespace exposure {

// An entry of the in-memory run: its texts and record are in the order's
// buffers.
struct ReportOrder::Entry {
  OrderEntry e;
  const char* texts = nullptr;   // name, then location, in texts_
  const char* record = nullptr;  // in records_, when e.copied
  uint32_t name_size = 0;
  uint32_t location_size = 0;
  uint32_t record_size = 0;
};

// A run in the spill space: `count` entries, each written as kHeadBytes
// (the OrderEntry and the three sizes) followed by its name and location;
// the records of copied entries, in the same order, in a region of their
// own so that reading the order without them skips their bytes.
struct ReportOrder::Run {
  uint64_t keys_at = 0;
  uint64_t keys_size = 0;
  uint64_t records_at = 0;
  uint64_t records_size = 0;
  size_t count = 0;
};

namespace {

constexpr size_t kHeadBytes = sizeof(OrderEntry) + 3 * sizeof(uint32_t);
// Pieces in which runs are written.
constexpr size_t kWritePiece = size_t{1} << 20;
// The most runs read at once.
constexpr size_t kMaxMerge = 64;

}  // namespace

// The report order over entries and their texts; see the header. Rules are
// compared by rank once Finish() gave the ranks, by id text before.
struct ReportOrder::Less {
  const ReportOrder* order;

  bool operator()(const OrderEntry& a,
                  std::string_view a_name,
                  std::string_view a_location,
                  const OrderEntry& b,
                  std::string_view b_name,
                  std::string_view b_location) const {
    if (a.primary != b.primary)
      return a.primary < b.primary;
    if (a.port != b.port)
      return a.port < b.port;
    if (a.rule != b.rule) {
      if (!order->rank_.empty()) {
        const uint32_t ra = order->rank_[a.rule];
        const uint32_t rb = order->rank_[b.rule];
        if (ra != rb)
          return ra < rb;
      } else {
        const int c = order->rule_id_(a.rule).compare(order->rule_id_(b.rule));
        if (c != 0)
          return c < 0;
      }
    }
    if (a_name != b_name)
      return a_name < b_name;
    if (a_location != b_location)
      return a_location < b_location;
    if (a.key != b.key)
      return a.key < b.key;
    return a.index < b.index;
  }
};

// Reads [at, at + size) of the spill space in order, through a buffer.
class ReportOrder::Cursor {
 public:
  Cursor(SpillSpace* spill, uint64_t at, uint64_t size, size_t buffer)
      : spill_(spill), next_(at), left_(size) {
    buffer_.resize(buffer);
  }

  // The next `n` bytes (valid until the next Need()), or null on a read
  // error or when fewer are left.
  const char* Need(size_t n, Status* status) {
    if (end_ - pos_ >= n)
      return buffer_.data() + pos_;
    std::memmove(buffer_.data(), buffer_.data() + pos_, end_ - pos_);
    end_ -= pos_;
    pos_ = 0;
    if (buffer_.size() < n)
      buffer_.resize(n);
    const size_t want =
        static_cast<size_t>(std::min<uint64_t>(left_, buffer_.size() - end_));
    if (end_ + want < n)
      return nullptr;
    Status s = spill_->Read(next_, want, buffer_.data() + end_);
    if (!s.ok()) {
      if (status->ok())
        *status =
            Status::Error("reading the report's sorted runs: " + s.message());
      return nullptr;
    }
    next_ += want;
    left_ -= want;
    end_ += want;
    return buffer_.data();
  }
  void Skip(size_t n) { pos_ += n; }

 private:
  SpillSpace* spill_;
  uint64_t next_;  // spill offset of the next unread byte
  uint64_t left_;  // bytes not yet read into the buffer
  std::vector<char> buffer_;
  size_t pos_ = 0;  // first unconsumed byte in buffer_
  size_t end_ = 0;  // end of the valid bytes in buffer_
};

// One sorted sequence of entries the merge reads from.
class ReportOrder::Source {
 public:
  virtual ~Source() = default;
  // Moves to the next entry; false at the end (or on an error).
  virtual bool Advance() = 0;
  const OrderEntry& entry() const { return entry_; }
  std::string_view name() const { return name_; }
  std::string_view location() const { return location_; }
  std::string_view record() const { return record_; }
  // Of a copied entry, also when its record is not read.
  uint32_t record_size() const { return record_size_; }

 protected:
  OrderEntry entry_;
  std::string_view name_;
  std::string_view location_;
  std::string_view record_;
  uint32_t record_size_ = 0;
};

// Writes one run: its entries in order, then (a second pass over the same
// order) the records of the copied ones, in pieces appended to the spill
// space, which must stay contiguous.
class ReportOrder::RunWriter {
 public:
  explicit RunWriter(SpillSpace* spill)
      : spill_(spill), start_(spill->size()), expected_(start_) {
    piece_.reserve(kWritePiece + kHeadBytes);
  }

  void Entry(const OrderEntry& e,
             std::string_view name,
             std::string_view location,
             uint32_t record_size) {
    char head[kHeadBytes];
    std::memcpy(head, &e, sizeof(OrderEntry));
    const uint32_t sizes[3] = {static_cast<uint32_t>(name.size()),
                               static_cast<uint32_t>(location.size()),
                               record_size};
    std::memcpy(head + sizeof(OrderEntry), sizes, sizeof(sizes));
    piece_.append(head, kHeadBytes);
    piece_.append(name.data(), name.size());
    piece_.append(location.data(), location.size());
    ++count_;
    if (piece_.size() >= kWritePiece)
      Flush();
  }
  // Ends the entries; Record() for each copied one follows.
  void StartRecords() {
    Flush();
    keys_end_ = expected_;
  }
  void Record(std::string_view record) {
    piece_.append(record.data(), record.size());
    if (piece_.size() >= kWritePiece)
      Flush();
  }
  // The run, or false (and nothing of it kept) when a write failed.
  bool Finish(Run* run) {
    Flush();
    if (!ok_) {
      spill_->Truncate(start_);
      return false;
    }
    run->keys_at = start_;
    run->keys_size = keys_end_ - start_;
    run->records_at = keys_end_;
    run->records_size = expected_ - keys_end_;
    run->count = count_;
    return true;
  }

 private:
  void Flush() {
    if (!ok_ || piece_.empty())
      return;
    Result<uint64_t> at = spill_->Append(piece_);
    // Nothing else writes during the report, so a run is contiguous.
    if (!at.ok() || *at != expected_) {
      ok_ = false;
      return;
    }
    expected_ += piece_.size();
    piece_.clear();
  }

  SpillSpace* spill_;
  uint64_t start_;
  uint64_t expected_;
  uint64_t keys_end_ = 0;
  size_t count_ = 0;
  std::string piece_;
  bool ok_ = true;
};

ReportOrder::ReportOrder(SpillSpace* spill,
                         size_t budget,
                         std::function<std::string_view(uint32_t)> rule_id)
    : spill_(spill), budget_(budget), rule_id_(std::move(rule_id)) {
  if (spill_ != nullptr)
    spill_start_ = spill_->size();
}

ReportOrder::~ReportOrder() {
  // The runs are needed only while the report is written. Another report
  // of the same analysis may have written its runs after these since (two
  // open at once): then the space is left as it is, since truncating would
  // take that one's runs too.
  if (spill_ != nullptr && !runs_.empty() && spill_->size() == spill_end_)
    spill_->Truncate(spill_start_);
}

size_t ReportOrder::runs() const {
  return runs_.size();
}

size_t ReportOrder::run_bytes() const {
  // The sort's keys and order take 28 bytes an entry more, for a moment.
  return entries_.size() * (sizeof(Entry) + 28) + pooled_;
}

void ReportOrder::Reserve(size_t n) {
  if (spill_ != nullptr)
    n = std::min(n, budget_ / sizeof(Entry) + 1);
  entries_.reserve(n);
}

void ReportOrder::Add(const OrderEntry& e,
                      std::string_view name,
                      std::string_view location,
                      std::string_view record) {
  Entry entry;
  entry.e = e;
  entry.name_size = static_cast<uint32_t>(name.size());
  entry.location_size = static_cast<uint32_t>(location.size());
  // Name and location side by side, in one piece of the pool.
  if (location.empty()) {
    entry.texts = texts_.Add(name).data();
  } else if (name.empty()) {
    entry.texts = texts_.Add(location).data();
  } else {
    joined_.assign(name.data(), name.size());
    joined_.append(location.data(), location.size());
    entry.texts = texts_.Add(joined_).data();
  }
  pooled_ += name.size() + location.size();
  if (e.copied) {
    entry.record = records_.Add(record).data();
    entry.record_size = static_cast<uint32_t>(record.size());
    pooled_ += record.size();
  }
  entries_.push_back(entry);
  ++count_;
  if (spill_ != nullptr && !spill_failed_ && run_bytes() > budget_)
    SpillRun();
}

void ReportOrder::SortRun() {
  // Sorted as compact keys, most comparisons settled by the first number,
  // rather than moving whole entries; the order is kept as indexes.
  struct Key {
    uint64_t primary;
    uint32_t port;
    uint32_t rule;  // its rank once known, else the rule itself
    uint32_t entry;
  };
  const bool ranked = !rank_.empty();
  std::vector<Key> keys(entries_.size());
  for (size_t i = 0; i < entries_.size(); ++i) {
    const OrderEntry& e = entries_[i].e;
    keys[i] = {e.primary, e.port, ranked ? rank_[e.rule] : e.rule,
               static_cast<uint32_t>(i)};
  }
  Less less{this};
  std::sort(keys.begin(), keys.end(), [&](const Key& a, const Key& b) {
    if (a.primary != b.primary)
      return a.primary < b.primary;
    if (a.port != b.port)
      return a.port < b.port;
    if (ranked && a.rule != b.rule)
      return a.rule < b.rule;
    // Ties (and rules before their ranks are known): the whole order.
    const Entry& x = entries_[a.entry];
    const Entry& y = entries_[b.entry];
    return less(x.e, std::string_view(x.texts, x.name_size),
                std::string_view(x.texts + x.name_size, x.location_size), y.e,
                std::string_view(y.texts, y.name_size),
                std::string_view(y.texts + y.name_size, y.location_size));
  });
  order_.resize(keys.size());
  for (size_t i = 0; i < keys.size(); ++i)
    order_[i] = keys[i].entry;
}

bool ReportOrder::SpillRun() {
  SortRun();
  RunWriter w(spill_);
  for (uint32_t i : order_) {
    const Entry& e = entries_[i];
    w.Entry(e.e, std::string_view(e.texts, e.name_size),
            std::string_view(e.texts + e.name_size, e.location_size),
            e.record_size);
  }
  w.StartRecords();
  for (uint32_t i : order_) {
    const Entry& e = entries_[i];
    if (e.e.copied)
      w.Record(std::string_view(e.record, e.record_size));
  }
  Run run;
  if (!w.Finish(&run)) {
    // No error: this run's entries stay in memory, and so do all that
    // follow.
    spill_failed_ = true;
    return false;
  }
  runs_.push_back(run);
  spill_end_ = spill_->size();
  // Kept for the next run (its capacity is the budget's share anyway).
  entries_.clear();
  order_.clear();
  texts_ = TextPool();
  records_ = TextPool();
  pooled_ = 0;
  return true;
}

void ReportOrder::Finish(std::vector<uint32_t> rank) {
  rank_ = std::move(rank);
  // With runs spilled, the last goes too, so that merging holds only the
  // read buffers; a lone run stays in memory and is read from there.
  if (!runs_.empty() && !entries_.empty() && !spill_failed_ && SpillRun()) {
    std::vector<Entry>().swap(entries_);
    std::vector<uint32_t>().swap(order_);
  } else {
    SortRun();
  }
  // More runs than kMaxMerge are merged kMaxMerge at a time into longer
  // ones first (each pass rewrites the data once), so that reading never
  // needs more than kMaxMerge read buffers however large the input. When
  // that fails, the runs are read as they are, with smaller buffers.
  while (runs_.size() > kMaxMerge && !spill_failed_ &&
         MergeRuns(0, kMaxMerge)) {
  }
}

class ReportOrder::MemorySource : public Source {
 public:
  MemorySource(const std::vector<Entry>* entries,
               const std::vector<uint32_t>* order)
      : entries_(entries), order_(order) {}

  bool Advance() override {
    if (next_ >= order_->size())
      return false;
    const Entry& e = (*entries_)[(*order_)[next_++]];
    entry_ = e.e;
    name_ = std::string_view(e.texts, e.name_size);
    location_ = std::string_view(e.texts + e.name_size, e.location_size);
    record_ = e.e.copied ? std::string_view(e.record, e.record_size)
                         : std::string_view();
    record_size_ = e.e.copied ? e.record_size : 0;
    return true;
  }

 private:
  const std::vector<Entry>* entries_;
  const std::vector<uint32_t>* order_;
  size_t next_ = 0;
};

// A run in the spill space, read through one cursor for its entries and,
// when records are wanted, one for its records.
class ReportOrder::SpilledSource : public Source {
 public:
  SpilledSource(std::unique_ptr<Cursor> keys,
                std::unique_ptr<Cursor> records,
                size_t count,
                Status* status)
      : keys_(std::move(keys)),
        records_(std::move(records)),
        left_(count),
        status_(status) {}

  bool Advance() override {
    keys_->Skip(skip_keys_);
    skip_keys_ = 0;
    if (records_ != nullptr) {
      records_->Skip(skip_record_);
      skip_record_ = 0;
    }
    if (left_ == 0)
      return false;
    --left_;
    const char* head = keys_->Need(kHeadBytes, status_);
    if (head == nullptr)
      return Broken();
    std::memcpy(&entry_, head, sizeof(OrderEntry));
    uint32_t sizes[3];
    std::memcpy(sizes, head + sizeof(OrderEntry), sizeof(sizes));
    keys_->Skip(kHeadBytes);
    const size_t texts = size_t{sizes[0]} + sizes[1];
    const char* t = keys_->Need(texts, status_);
    if (t == nullptr)
      return Broken();
    name_ = std::string_view(t, sizes[0]);
    location_ = std::string_view(t + sizes[0], sizes[1]);
    skip_keys_ = texts;
    record_ = {};
    record_size_ = sizes[2];
    if (records_ != nullptr && entry_.copied) {
      const char* r = records_->Need(sizes[2], status_);
      if (r == nullptr)
        return Broken();
      record_ = std::string_view(r, sizes[2]);
      skip_record_ = sizes[2];
    }
    return true;
  }

 private:
  bool Broken() {
    if (status_->ok())
      *status_ = Status::Error("the report's sorted runs end early");
    left_ = 0;
    return false;
  }

  std::unique_ptr<Cursor> keys_;
  std::unique_ptr<Cursor> records_;
  size_t left_;
  Status* status_;
  size_t skip_keys_ = 0;
  size_t skip_record_ = 0;
};

// Merges sorted sources through a binary heap of the sources' current
// entries (smallest on top).
class ReportOrder::MergeReader : public Reader {
 public:
  MergeReader(std::vector<std::unique_ptr<Source>> sources,
              std::function<bool(const Source&, const Source&)> less)
      : sources_(std::move(sources)), less_(std::move(less)) {
    for (size_t i = 0; i < sources_.size(); ++i) {
      if (sources_[i]->Advance())
        heap_.push_back(i);
    }
    std::make_heap(heap_.begin(), heap_.end(), HeapOrder());
  }

  bool Next() override {
    if (current_ != kNone) {
      if (sources_[current_]->Advance()) {
        heap_.push_back(current_);
        std::push_heap(heap_.begin(), heap_.end(), HeapOrder());
      }
      current_ = kNone;
    }
    if (heap_.empty())
      return false;
    std::pop_heap(heap_.begin(), heap_.end(), HeapOrder());
    current_ = heap_.back();
    heap_.pop_back();
    return true;
  }
  const OrderEntry& entry() const override {
    return sources_[current_]->entry();
  }
  std::string_view record() const override {
    return sources_[current_]->record();
  }
  const Source& source() const { return *sources_[current_]; }

 private:
  static constexpr size_t kNone = static_cast<size_t>(-1);
  // The heap's order: a source sorts after another when its entry does.
  struct After {
    MergeReader* reader = nullptr;
    bool operator()(size_t a, size_t b) const {
      return reader->less_(*reader->sources_[b], *reader->sources_[a]);
    }
  };
  After HeapOrder() { return {this}; }

  std::vector<std::unique_ptr<Source>> sources_;
  std::function<bool(const Source&, const Source&)> less_;
  std::vector<size_t> heap_;
  size_t current_ = kNone;
};

bool ReportOrder::MergeRuns(size_t first, size_t n) {
  RunWriter w(spill_);
  {
    std::unique_ptr<MergeReader> keys = Merge(first, n, false);
    while (keys->Next()) {
      const Source& s = keys->source();
      w.Entry(s.entry(), s.name(), s.location(), s.record_size());
    }
  }
  w.StartRecords();
  {
    std::unique_ptr<MergeReader> records = Merge(first, n, true);
    while (records->Next()) {
      if (records->entry().copied)
        w.Record(records->record());
    }
  }
  Run merged;
  if (!status_.ok() || !w.Finish(&merged))
    return false;
  runs_.erase(runs_.begin() + static_cast<std::ptrdiff_t>(first),
              runs_.begin() + static_cast<std::ptrdiff_t>(first + n));
  runs_.push_back(merged);
  spill_end_ = spill_->size();
  return true;
}

std::unique_ptr<ReportOrder::MergeReader>
ReportOrder::Merge(size_t first, size_t n, bool records) const {
  std::vector<std::unique_ptr<Source>> sources;
  // Each cursor gets an equal share of a quarter of the budget for its
  // buffer (reading a few hundred KiB at a time is as fast as more).
  const size_t cursors = n * (records ? 2 : 1) + 1;
  const size_t buffer = std::clamp<size_t>(budget_ / 4 / cursors,
                                           size_t{64} << 10, size_t{1} << 20);
  Status* status = &status_;
  for (size_t r = first; r < first + n; ++r) {
    const Run& run = runs_[r];
    auto keys =
        std::make_unique<Cursor>(spill_, run.keys_at, run.keys_size, buffer);
    std::unique_ptr<Cursor> recs;
    if (records && run.records_size > 0) {
      recs = std::make_unique<Cursor>(spill_, run.records_at, run.records_size,
                                      buffer);
    }
    sources.push_back(std::make_unique<SpilledSource>(
        std::move(keys), std::move(recs), run.count, status));
  }
  // The in-memory run takes part in a full read only.
  if (first == 0 && n == runs_.size() && !entries_.empty())
    sources.push_back(std::make_unique<MemorySource>(&entries_, &order_));
  Less less{this};
  return std::make_unique<MergeReader>(
      std::move(sources), [less](const Source& a, const Source& b) {
        return less(a.entry(), a.name(), a.location(), b.entry(), b.name(),
                    b.location());
      });
}

std::unique_ptr<ReportOrder::Reader> ReportOrder::Read(bool records) const {
  return Merge(0, runs_.size(), records);
}

}  // namespace exposure
