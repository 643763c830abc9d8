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
#include "core/import/stage.h"
#include "core/model/model.h"
#include "core/model/sink.h"

namespace exposure {

// An importer is the last stage of an input's chain (core/import/stage.h):
// it maps each record of its format into the model as soon as the record
// is complete, writing it into the ImportSink it was created with.
using Importer = Stage;

struct ImporterSpec {
  const char* id;    // short lowercase format id, e.g. "nessus"
  const char* name;  // human-readable format name
  // An inventory, or the class of scanner that writes this format.
  SourceClass source;
  // True when `head`, the first bytes of an input (the whole input when
  // `complete`), is this format. Must not depend on the file name.
  bool (*sniff)(std::string_view head, bool complete);
  // An importer writing into `sink`, which must outlive it.
  std::unique_ptr<Importer> (*create)(ImportSink* sink);
  // For a format whose signature may come anywhere in the input (after the
  // head the sniffer sees): true when `head` may be this format. Such an
  // input is read whole by this importer, whose Finish() then decides
  // (core/importers/sniff_stage.h). Null for most formats.
  bool (*maybe)(std::string_view head) = nullptr;
};

// Every importer, in sniffing order (most specific first). Defined in
// registry.cc: adding a format means adding one line there.
const std::vector<ImporterSpec>& Importers();
const ImporterSpec* FindImporter(std::string_view id);
// The first importer whose sniffer accepts `head`, or nullptr.
const ImporterSpec* SniffFormat(std::string_view head, bool complete);
// The first importer whose `maybe` accepts `head` (that no sniffer took),
// or nullptr.
const ImporterSpec* MaybeFormat(std::string_view head);

// How many leading bytes sniffers may look at.
constexpr size_t kSniffBytes = size_t{64} * 1024;

}  // namespace exposure

#endif  // CORE_IMPORTERS_IMPORTER_H_
