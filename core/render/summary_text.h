// What `exposure analyze` prints on a terminal (--format table): the
// totals, the findings to fix first with why, and the top actions, for a
// person to read; the JSON report is for machines and files.
#ifndef CORE_RENDER_SUMMARY_TEXT_H_
#define CORE_RENDER_SUMMARY_TEXT_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "core/render/export_view.h"

namespace exposure {

// `text` cut to `width` code points ("…" ends a cut one), control
// characters shown as spaces or '?', padded with spaces to `width` when
// `pad`: a cell of a terminal table. A CJK character's two columns are not
// accounted for.
std::string Fit(std::string_view text, size_t width, bool pad);
// `text` right-aligned in `width` columns.
std::string Right(const std::string& text, size_t width);

// The summary of `view`: inputs (with their errors), totals, the first
// `findings` open findings by risk with the factors behind each score, and
// the first `actions` actions of the plan. Ends with a line break.
std::string RenderAnalysisText(const ExportView& view,
                               size_t findings,
                               size_t actions);

}  // namespace exposure

#endif  // CORE_RENDER_SUMMARY_TEXT_H_
