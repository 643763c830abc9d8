// The contract every importer implements, and the sink it writes into.
//
// An importer is created for one input, fed its bytes in chunks of any size,
// then finished. It maps each record of its format into the model as soon as
// the record is complete; it never needs the whole file. A non-ok Status from
// Feed or Finish means the input is broken at that location: what was already
// emitted stays (the input is marked partial) and the importer is not fed
// again.
#ifndef CORE_IMPORTERS_IMPORTER_H_
#define CORE_IMPORTERS_IMPORTER_H_

#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

#include "core/base/status.h"
#include "core/correlate/store.h"
#include "core/model/model.h"

namespace exposure {

// Where one input's records go.
class ImportSink {
 public:
  ImportSink(Store* store, size_t input) : store_(store), input_(input) {}

  size_t AddAsset(const Asset& asset) {
    return store_->AddAsset(input_, asset);
  }
  void AddService(const Service& service) {
    store_->AddService(input_, service);
  }
  // Takes the finding over: the store packs it (FindingTable), and the
  // caller's object is left to be reused or dropped.
  void AddFinding(Finding&& finding) {
    finding.input = input_;
    store_->AddFinding(finding);
  }
  // Adds `finding`, first registering its port as a service of its asset
  // when it has both (host scanners report services only through findings).
  void AddFindingAndService(Finding&& finding) {
    if (finding.asset != Finding::kNoAsset && finding.port != 0) {
      Service svc;
      svc.asset = finding.asset;
      svc.port = finding.port;
      svc.protocol = finding.protocol;
      svc.name = finding.service;
      AddService(svc);
    }
    AddFinding(std::move(finding));
  }
  std::string_view Intern(std::string_view text) {
    return store_->Intern(text);
  }
  // The index the next AddFinding() gets. With SetFindingAsset(), a format
  // that names its asset after its findings (Grype's "source" follows its
  // "matches") adds them as they come instead of holding them all.
  size_t next_finding() const { return store_->findings().size(); }
  // Gives this input's findings [first, end) that were added without an
  // asset `asset`.
  void SetFindingAsset(size_t first, size_t end, size_t asset) {
    store_->SetFindingAsset(first, end, asset);
  }

 private:
  Store* store_;
  size_t input_;
};

class Importer {
 public:
  virtual ~Importer() = default;
  virtual Status Feed(std::string_view chunk) = 0;
  virtual Status Finish() = 0;
};

struct ImporterSpec {
  const char* id;    // short lowercase format id, e.g. "nessus"
  const char* name;  // human-readable format name
  // True when `head`, the first bytes of an input (the whole input when
  // `complete`), is this format. Must not depend on the file name.
  bool (*sniff)(std::string_view head, bool complete);
  std::unique_ptr<Importer> (*create)(ImportSink sink);
};

// Every importer, in sniffing order (most specific first). Defined in
// registry.cc: adding a format means adding one line there.
const std::vector<ImporterSpec>& Importers();
const ImporterSpec* FindImporter(std::string_view id);
// The first importer whose sniffer accepts `head`, or nullptr.
const ImporterSpec* SniffFormat(std::string_view head, bool complete);

// How many leading bytes sniffers may look at.
constexpr size_t kSniffBytes = size_t{64} * 1024;

}  // namespace exposure

#endif  // CORE_IMPORTERS_IMPORTER_H_
