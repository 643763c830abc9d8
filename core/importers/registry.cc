// The one list of importers. Each entry's sniff/create pair lives in its own
// file (<format>_importer.cc) next to its test.
#include "core/importers/importer.h"

#include "core/importers/nessus_importer.h"
#include "core/importers/trivy_importer.h"

namespace exposure {

const std::vector<ImporterSpec>& Importers() {
  static const std::vector<ImporterSpec> kImporters = {
      {"nessus", "Nessus v2 XML (.nessus)", &SniffNessus,
       &CreateNessusImporter},
      {"trivy", "Trivy JSON", &SniffTrivy, &CreateTrivyImporter},
  };
  return kImporters;
}

const ImporterSpec* FindImporter(std::string_view id) {
  for (const ImporterSpec& spec : Importers()) {
    if (id == spec.id)
      return &spec;
  }
  return nullptr;
}

const ImporterSpec* SniffFormat(std::string_view head, bool complete) {
  for (const ImporterSpec& spec : Importers()) {
    if (spec.sniff(head, complete))
      return &spec;
  }
  return nullptr;
}

}  // namespace exposure
