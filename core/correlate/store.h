// Holds everything one analysis has read: the inputs, and the assets,
// services and findings they describe. Assets from different files (or from
// several records of one file) that share a strong identity are merged here,
// so the report shows one deduplicated picture.
#ifndef CORE_CORRELATE_STORE_H_
#define CORE_CORRELATE_STORE_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <iterator>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/base/spill.h"
#include "core/base/status.h"
#include "core/base/text_index.h"
#include "core/correlate/finding_table.h"
#include "core/model/model.h"
#include "core/model/sink.h"

namespace exposure {

struct InputError {
  std::string message;   // names the file and format
  std::string location;  // "line 3, column 7 (byte 120)", may be empty
};

// One analysed file, as the report's `inputs` lists it.
struct Input {
  std::string name;
  std::string format;       // importer id, "" when not recognised
  std::string compression;  // "gzip", "zstd", or "" for plain input
  std::string encoding;     // "utf-16le" etc. when converted, "" for UTF-8
  uint64_t bytes = 0;       // bytes read (after decompression)
  uint64_t findings = 0;
  std::set<size_t> assets;  // asset indexes this file mentioned
  size_t services = 0;      // distinct services this file mentioned
  std::vector<InputError> errors;
  bool partial = false;  // a parse error stopped reading before the end
};

class Store {
 public:
  Store() {
    std::fill(std::begin(intern_cache_), std::end(intern_cache_),
              TextIndex::kNone);
  }
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Where what outgrows `memory_budget` goes (see FindingTable and
  // ReportOrder): half the budget for findings kept in memory, half for
  // laying out the report. Set before the first finding; `spill` must
  // outlive the store. Without it, everything stays in memory.
  void SetSpill(SpillSpace* spill, size_t memory_budget) {
    spill_ = spill;
    memory_budget_ = memory_budget;
    findings_.SetSpill(spill, memory_budget / 2);
  }
  SpillSpace* spill() const { return spill_; }
  // The bytes the report's layout may hold before it spills.
  size_t report_budget() const { return memory_budget_ / 2; }

  size_t AddInput(std::string name);
  Input& input(size_t i) { return inputs_[i]; }
  const std::vector<Input>& inputs() const { return inputs_; }

  // Adds or merges an asset mentioned by input `input`; returns its index.
  size_t AddAsset(size_t input, const Asset& asset);
  // Adds a service (merged on asset, port and protocol).
  void AddService(size_t input, const Service& service);
  // Packs a copy of `finding` (see FindingTable).
  void AddFinding(const Finding& finding);
  // Defines or completes a rule of `format` (see Rule).
  void AddRule(std::string_view format, const Rule& rule) {
    findings_.DefineRule(format, rule);
  }
  // Gives findings [first, end) that were added without an asset (before
  // their asset was known) `asset`.
  void SetFindingAsset(size_t first, size_t end, size_t asset) {
    findings_.SetAsset(first, end, asset);
  }

  // Returns a view of an equal string owned by the store; equal texts share
  // storage, so a plugin description seen on 5,000 hosts is kept once.
  std::string_view Intern(std::string_view text);

  const std::deque<Asset>& assets() const { return assets_; }
  const std::deque<Service>& services() const { return services_; }
  // Findings in the order they were added.
  const FindingTable& findings() const { return findings_; }

  // A stable key for an asset (its strongest identity), used for ids.
  static std::string PrimaryKey(const Asset& asset);

 private:
  static std::vector<std::string> IdentityKeys(const Asset& asset);
  static void MergeInto(Asset* into, const Asset& from);

  SpillSpace* spill_ = nullptr;
  size_t memory_budget_ = 0;
  std::vector<Input> inputs_;
  std::deque<Asset> assets_;
  std::unordered_map<std::string, size_t> asset_by_key_;
  // Deques: a host scan's services and their keys grow to hundreds of
  // thousands, and a vector's growth would copy them all.
  std::deque<Service> services_;
  // Service keys (asset, port, protocol) numbered as services_.
  TextIndex service_keys_;
  std::vector<uint32_t> service_input_;  // by service: the last input that
                                         // mentioned it
  std::string service_key_;              // AddService()'s buffer
  FindingTable findings_;
  // Interned texts: a TextIndex never moves a text that a view (here or
  // in a Finding) points into, and finding a text seen before neither
  // allocates nor copies it.
  TextIndex texts_;
  // Recently interned texts by a cheap digest (see Intern).
  static constexpr size_t kInternCache = 4096;
  uint32_t intern_cache_[kInternCache];
};

// The sink of one input: its records go into the store, each finding
// stamped with the input and the input's format.
class StoreSink : public ImportSink {
 public:
  StoreSink(Store* store, size_t input, std::string format)
      : store_(store), input_(input), format_(std::move(format)) {}

  size_t AddAsset(const Asset& asset) override {
    return store_->AddAsset(input_, asset);
  }
  void AddService(const Service& service) override {
    store_->AddService(input_, service);
  }
  void AddFinding(Finding&& finding) override {
    finding.input = input_;
    if (finding.format != format_)
      finding.format = format_;
    store_->AddFinding(finding);
  }
  void AddRule(const Rule& rule) override { store_->AddRule(format_, rule); }
  std::string_view Intern(std::string_view text) override {
    return store_->Intern(text);
  }
  size_t next_finding() const override { return store_->findings().size(); }
  void SetFindingAsset(size_t first, size_t end, size_t asset) override {
    store_->SetFindingAsset(first, end, asset);
  }

 private:
  Store* store_;
  size_t input_;
  std::string format_;
};

}  // namespace exposure

#endif  // CORE_CORRELATE_STORE_H_
