// SARIF 2.1.0 for GitHub code scanning, with the limit it puts on a run.
#ifndef CORE_RENDER_EXPORTS_SARIF_H_
#define CORE_RENDER_EXPORTS_SARIF_H_

#include <cstddef>

#include "core/base/status.h"
#include "core/render/export_view.h"

namespace exposure {

// GitHub code scanning takes at most this many results in a run, and
// refuses an upload with several runs of one tool and category: a larger
// export is split into parts, one SARIF log with one run each, every run
// with its own automationDetails.id (its category).
inline constexpr size_t kSarifResultsPerRun = 25000;

// WriteSarif with `results_per_part` (> 0) in place of kSarifResultsPerRun,
// so that tests can split a small analysis.
Status WriteSarifWithLimit(const ExportView& view,
                           ExportOutput* out,
                           size_t results_per_part);

}  // namespace exposure

#endif  // CORE_RENDER_EXPORTS_SARIF_H_
