// TEMPORARY (branch only): writers not yet written. Each helper removes its
// own functions from here. Never merged into main.
#include "core/render/export_view.h"

namespace exposure {

Status WriteJiraCsv(const ExportView&, ExportOutput*) {
  return Status::Error("jira-csv: pending");
}
Status WriteFindingsCsv(const ExportView&, ExportOutput*) {
  return Status::Error("csv: pending");
}
Status WriteHtml(const ExportView&, ExportOutput*) {
  return Status::Error("html: pending");
}

}  // namespace exposure
