// Where an importer puts what it reads. The analysis's store implements it
// (core/correlate/store.h), one sink per input; tests and speculative reads
// may hold the records elsewhere. An importer receives a sink that outlives
// it and calls it as records complete, in the order they complete.
#ifndef CORE_MODEL_SINK_H_
#define CORE_MODEL_SINK_H_

#include <cstddef>
#include <string_view>

#include "core/base/status.h"
#include "core/model/model.h"

namespace exposure {

class ImportSink {
 public:
  virtual ~ImportSink() = default;

  // Adds an asset (or merges it with one already known under a shared
  // identity); returns its index, for Service::asset and Finding::asset.
  virtual size_t AddAsset(const Asset& asset) = 0;
  // Adds a service (merged on asset, port and protocol).
  virtual void AddService(const Service& service) = 0;
  // Takes the finding over; the sink stamps its input and format, and the
  // caller's object is left to be reused or dropped.
  virtual void AddFinding(Finding&& finding) = 0;
  // Defines (or completes) a rule of this input's format, before or after
  // the findings that refer to it (see Rule).
  virtual void AddRule(const Rule& rule) = 0;
  // Says that this input scanned asset `scan.asset` (an index AddAsset
  // returned): when, and whether with credentials.
  virtual void AddAssetScan(const AssetScan& scan) = 0;
  // Says what this input's scan covered (once per input; a later call
  // replaces it). Sinks that do not compare scans may ignore it.
  virtual void SetScanScope(const ScanScope& /*scope*/) {}
  // Adds a VEX statement; the sink stamps its input and format. Statements
  // apply to the findings of every input (core/plan/vex.h).
  virtual void AddVexStatement(VexStatement&& statement) = 0;
  // Adds a principal of a directory collection (merged by id across every
  // input) and a relation between two principals named by id. Sinks that
  // build no identity graph may ignore them.
  virtual void AddPrincipal(Principal&& /*principal*/) {}
  virtual void AddRelation(const Relation& /*relation*/) {}
  // Says that a record of the input is invalid and was left out (a row
  // without the values its format requires): the input lists `error`,
  // whose location says where, and reading goes on. An input broken where
  // reading cannot go on returns its error from Feed() or Finish() instead.
  virtual void AddRecordError(const Status& error) = 0;
  // Returns a view of an equal text that stays valid as long as the
  // analysis; Finding::description and ::solution must be such views.
  virtual std::string_view Intern(std::string_view text) = 0;
  // The position the next AddFinding() takes. With SetFindingAsset(), a
  // format that names its asset after its findings (Grype's "source"
  // follows its "matches") adds them as they come instead of holding them.
  virtual size_t next_finding() const = 0;
  // Gives the findings at positions [first, end) (next_finding() values)
  // that were added without an asset `asset`.
  virtual void SetFindingAsset(size_t first, size_t end, size_t asset) = 0;

  // Adds `finding`, first registering its port as a service of its asset
  // when it has both (host scanners report services only through findings).
  void AddFindingAndService(Finding&& finding);
};

}  // namespace exposure

#endif  // CORE_MODEL_SINK_H_
