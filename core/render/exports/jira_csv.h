// The Jira CSV export with its row limit as a parameter (WriteJiraCsv uses
// kJiraRowsPerPart), so tests can see the split into parts without 1,500
// actions.
#ifndef CORE_RENDER_EXPORTS_JIRA_CSV_H_
#define CORE_RENDER_EXPORTS_JIRA_CSV_H_

#include <cstddef>

#include "core/base/status.h"
#include "core/render/export_view.h"

namespace exposure {

// Rows per file Jira's CSV importer takes comfortably in one import.
constexpr size_t kJiraRowsPerPart = 1500;

// WriteJiraCsv with at most `rows_per_part` issues (rows after the header)
// per part; each part starts with the header row. `rows_per_part` must be
// positive.
Status WriteJiraCsvWithLimit(const ExportView& view,
                             ExportOutput* out,
                             size_t rows_per_part);

}  // namespace exposure

#endif  // CORE_RENDER_EXPORTS_JIRA_CSV_H_
