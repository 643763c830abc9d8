// A sink that keeps what an importer writes instead of merging it into an
// analysis: to hand it on later (an input whose format is known only at its
// end is read before it is trusted), or to look at it (tests of an importer
// need no store).
#ifndef CORE_MODEL_RECORD_SINK_H_
#define CORE_MODEL_RECORD_SINK_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/model/model.h"
#include "core/model/sink.h"

namespace exposure {

class RecordSink : public ImportSink {
 public:
  // Assets are kept as added, one index each: merging is the store's job.
  size_t AddAsset(const Asset& asset) override;
  void AddService(const Service& service) override;
  void AddFinding(Finding&& finding) override;
  void AddRule(const Rule& rule) override;
  void AddAssetScan(const AssetScan& scan) override;
  std::string_view Intern(std::string_view text) override;
  size_t next_finding() const override { return findings_.size(); }
  void SetFindingAsset(size_t first, size_t end, size_t asset) override;
  void AddVexStatement(VexStatement&& statement) override;
  void AddRecordError(const Status& error) override;
  void AddPrincipal(Principal&& principal) override;
  void AddRelation(const Relation& relation) override;
  void SetScanScope(const ScanScope& scope) override {
    scope_ = scope;
    has_scope_ = true;
  }

  const std::vector<Asset>& assets() const { return assets_; }
  const std::vector<Service>& services() const { return services_; }
  const std::vector<Finding>& findings() const { return findings_; }
  const std::vector<Rule>& rules() const { return rules_; }
  const std::vector<AssetScan>& scans() const { return scans_; }
  const std::vector<VexStatement>& vex() const { return vex_; }
  const std::vector<Status>& record_errors() const { return errors_; }
  const std::vector<Principal>& principals() const { return principals_; }
  const std::vector<Relation>& relations() const { return relations_; }
  // The last scope set (empty when none was).
  const ScanScope& scope() const { return scope_; }

  // Writes everything into `sink` in the order it came, as the importer
  // would have: assets get `sink`'s indexes, findings its positions from
  // its next_finding() on, texts are interned there.
  void Replay(ImportSink* sink) const;
  // Replay() that moves the records out instead of copying them: this sink
  // is only good for dropping afterwards.
  void Drain(ImportSink* sink);

  // About the bytes held (texts and records), to bound what is kept.
  uint64_t bytes() const { return bytes_; }

 private:
  template <typename Self>
  static void ReplayTo(Self& self, ImportSink* sink);

  enum class Kind : uint8_t {
    kAsset,
    kService,
    kFinding,
    kRule,
    kScan,
    kVex,
    kError,
    kPrincipal,
    kRelation,
    kFindingAsset
  };
  // A SetFindingAsset() call, replayed in its place: the asset it names
  // may come after the findings it completes (Grype).
  struct FindingAsset {
    size_t first;
    size_t end;
    size_t asset;
  };

  std::vector<std::pair<Kind, size_t>> order_;
  std::vector<Asset> assets_;
  std::vector<Service> services_;
  std::vector<Finding> findings_;
  std::vector<Rule> rules_;
  std::vector<AssetScan> scans_;
  std::vector<VexStatement> vex_;
  std::vector<Status> errors_;
  std::vector<Principal> principals_;
  std::vector<Relation> relations_;
  std::vector<FindingAsset> finding_assets_;
  // The findings SetFindingAsset() completed (findings() shows them with
  // their asset; Replay adds them without, as they came).
  std::vector<size_t> completed_;
  ScanScope scope_;
  bool has_scope_ = false;
  // Node-based: the views Intern() hands out stay valid.
  std::unordered_set<std::string> texts_;
  uint64_t bytes_ = 0;
};

}  // namespace exposure

#endif  // CORE_MODEL_RECORD_SINK_H_
