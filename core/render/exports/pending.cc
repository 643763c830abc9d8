// TEMPORARY (branch only): writers not yet written. Each helper removes its
// own functions from here. Never merged into main.
#include "core/render/export_view.h"

namespace exposure {

Status WriteSarif(const ExportView&, ExportOutput*) {
  return Status::Error("sarif: pending");
}
Status WriteOcsf(const ExportView&, ExportOutput*) {
  return Status::Error("ocsf: pending");
}
Status WriteOpenVex(const ExportView&, ExportOutput*) {
  return Status::Error("openvex: pending");
}
Status WriteCycloneDxVex(const ExportView&, ExportOutput*) {
  return Status::Error("cyclonedx-vex: pending");
}
Status WriteMarkdown(const ExportView&, ExportOutput*) {
  return Status::Error("markdown: pending");
}

}  // namespace exposure
