// Holds everything one analysis has read: the inputs, and the assets,
// services and findings they describe, and makes one deduplicated picture
// of them.
//
// Importers describe an asset each time they see one (AddAsset): a record.
// Records with the same identities are one record; which records are one
// asset is decided late, over all inputs at once (core/correlate/
// identity.h), whenever the assets are next looked at. Services, findings
// and scans refer to records; read back, they refer to the resolved
// assets.
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
#include <utility>
#include <vector>

#include "core/base/spill.h"
#include "core/base/status.h"
#include "core/base/text_index.h"
#include "core/correlate/directory.h"
#include "core/correlate/finding_table.h"
#include "core/correlate/identity.h"
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
  SourceClass source = SourceClass::kInventory;  // once the format is known
  uint64_t bytes = 0;  // bytes read (after decompression)
  uint64_t findings = 0;
  std::set<size_t> assets;  // asset indexes this file mentioned
  size_t services = 0;      // distinct services this file mentioned
  size_t statements = 0;    // VEX statements it gave
  size_t principals = 0;    // directory principals it described
  size_t relations = 0;     // directory relations it gave
  std::vector<InputError> errors;
  bool partial = false;  // a parse error stopped reading before the end
  ScanScope scope;       // what the scan says it covered
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
  // The input being read (its assets and services are counted only once
  // the assets are resolved: see inputs()).
  Input& input(size_t i) { return inputs_[i]; }
  const std::vector<Input>& inputs() const {
    Resolve();
    return inputs_;
  }

  // Records an asset mentioned by input `input`; returns the record's
  // index (the same for the same identities), for services, findings and
  // scans to refer to.
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
  // Keeps a VEX statement (stamped with its input and format).
  void AddVexStatement(VexStatement statement) {
    vex_.push_back(std::move(statement));
  }
  // Every VEX statement of every input, in the order they came.
  const std::vector<VexStatement>& vex() const { return vex_; }
  // Merges a principal of a directory collection into the identity graph;
  // a computer's `asset` is the record index AddAsset() returned.
  void AddPrincipal(const Principal& p) {
    directory_.AddPrincipal(p, p.asset == Finding::kNoAsset
                                   ? Directory::kNoRecord
                                   : static_cast<uint32_t>(p.asset));
  }
  void AddRelation(const Relation& r) {
    directory_.AddRelation(r.from, r.to, r.kind);
  }
  // The identity graph, its relations sorted and unique; a principal's
  // asset_record maps to its resolved asset through asset_of_record().
  const Directory& directory() const {
    Resolve();
    directory_.Seal();
    return directory_;
  }
  // The resolved asset of an AddAsset() record index.
  size_t asset_of_record(size_t record) const {
    Resolve();
    return record < asset_of_record_.size() ? asset_of_record_[record]
                                            : Finding::kNoAsset;
  }
  // Notes input `input`'s scan of a record's asset.
  void AddAssetScan(size_t input, const AssetScan& scan);
  // The sites identities are resolved within (policy `sites`).
  void SetSites(std::vector<Site> sites) {
    sites_ = std::move(sites);
    dirty_ = true;
  }

  // Returns a view of an equal string owned by the store; equal texts share
  // storage, so a plugin description seen on 5,000 hosts is kept once.
  std::string_view Intern(std::string_view text);

  // The resolved assets, in the order of their first record, with what
  // resolved them and where they were seen; their services, merged.
  const std::deque<Asset>& assets() const {
    Resolve();
    return assets_;
  }
  const AssetIdentity& identity(size_t asset) const {
    Resolve();
    return identities_[asset];
  }
  struct Sightings {
    std::vector<uint32_t> inputs;  // that mentioned it, ascending
    std::string last_scanned;      // the latest scan time a scanner gave
    bool credentialed = false;     // a host scan logged in
    bool uncredentialed = false;   // a host scan said it did not
  };
  const Sightings& sightings(size_t asset) const {
    Resolve();
    return sightings_[asset];
  }
  const std::deque<Service>& services() const {
    Resolve();
    return services_;
  }
  // Findings in the order they were added, their assets resolved.
  const FindingTable& findings() const {
    Resolve();
    return findings_;
  }
  // The number of findings so far, without resolving (for importers).
  size_t finding_count() const { return findings_.size(); }

  // Resolves the assets now if records or sites changed since last time
  // (every accessor above does).
  void Resolve() const;

 private:
  static void MergeInto(Asset* into, const Asset& from);

  SpillSpace* spill_ = nullptr;
  size_t memory_budget_ = 0;
  // Mutable: Resolve() counts each input's assets and services.
  mutable std::vector<Input> inputs_;

  // Records: assets as importers gave them, one per distinct set of
  // identities, with the inputs that mentioned each (ascending).
  std::deque<Asset> records_;
  std::unordered_map<std::string, uint32_t> record_by_identity_;
  std::vector<std::vector<uint32_t>> record_inputs_;
  std::string identity_buffer_;  // AddAsset()'s
  // Services by record, port and protocol; and which inputs mentioned
  // each (a pair per first mention by an input).
  std::deque<Service> record_services_;
  TextIndex service_keys_;
  std::vector<uint32_t> service_input_;  // by service: the last input
  std::vector<std::pair<uint32_t, uint32_t>> service_mentions_;
  std::string service_key_;                            // AddService()'s buffer
  std::vector<std::pair<uint32_t, AssetScan>> scans_;  // input, scan
  std::vector<Site> sites_;
  std::vector<VexStatement> vex_;
  // Mutable: Resolve() seals it.
  mutable Directory directory_;
  // Mutable: Resolve() gives it the records' assets.
  mutable FindingTable findings_;
  // Interned texts: a TextIndex never moves a text that a view (here or
  // in a Finding) points into, and finding a text seen before neither
  // allocates nor copies it.
  TextIndex texts_;
  // Recently interned texts by a cheap digest (see Intern).
  static constexpr size_t kInternCache = 4096;
  uint32_t intern_cache_[kInternCache];

  // What Resolve() makes of the records.
  mutable bool dirty_ = false;
  mutable std::vector<uint32_t> asset_of_record_;
  mutable std::deque<Asset> assets_;
  mutable std::vector<AssetIdentity> identities_;
  mutable std::vector<Sightings> sightings_;
  mutable std::deque<Service> services_;
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
  void AddAssetScan(const AssetScan& scan) override {
    store_->AddAssetScan(input_, scan);
  }
  void SetScanScope(const ScanScope& scope) override {
    store_->input(input_).scope = scope;
  }
  void AddVexStatement(VexStatement&& statement) override {
    statement.input = input_;
    statement.format = format_;
    store_->input(input_).statements++;
    store_->AddVexStatement(std::move(statement));
  }
  // Listed among the input's errors as the analyzer lists a broken
  // input's ("file: format: message"); the input is not partial.
  void AddPrincipal(Principal&& principal) override {
    store_->input(input_).principals++;
    store_->AddPrincipal(principal);
  }
  void AddRelation(const Relation& relation) override {
    store_->input(input_).relations++;
    store_->AddRelation(relation);
  }
  void AddRecordError(const Status& error) override {
    Input& in = store_->input(input_);
    in.errors.push_back({in.name + ": " + format_ + ": " + error.message(),
                         error.location().ToString()});
  }
  std::string_view Intern(std::string_view text) override {
    return store_->Intern(text);
  }
  size_t next_finding() const override { return store_->finding_count(); }
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
