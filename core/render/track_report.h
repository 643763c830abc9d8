// What `exposure diff` and `exposure trend` print (docs/continuous.md): the
// diff of two snapshots as JSON, CSV, Markdown, HTML or a text table; the
// trend of several as JSON, CSV, HTML (with charts) or a text table. The
// same bytes on every target; output is handed to a sink in pieces, so a
// diff of millions of findings is never one string.
#ifndef CORE_RENDER_TRACK_REPORT_H_
#define CORE_RENDER_TRACK_REPORT_H_

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/status.h"
#include "core/track/diff.h"
#include "core/track/snapshot.h"
#include "core/track/trend.h"

namespace exposure {

using TextSink = std::function<void(std::string_view)>;

// "json", "csv", "markdown", "html", "table".
bool IsDiffFormat(std::string_view format);
// "json", "csv", "html", "table".
bool IsTrendFormat(std::string_view format);

// The diff of `old_snap` and `now` in `format`. JSON lists every entry;
// the table, Markdown and HTML show the first `top` of each class (0: 10
// for the table, 100 for Markdown and HTML) and say how many more there
// are; CSV has one row per entry.
Status RenderDiff(const Snapshot& old_snap,
                  const Snapshot& now,
                  const DiffResult& diff,
                  std::string_view format,
                  size_t top,
                  const TextSink& sink);

// The trend of `points` (Trend()) in `format`.
Status RenderTrend(const std::vector<TrendPoint>& points,
                   std::string_view format,
                   const TextSink& sink);

}  // namespace exposure

#endif  // CORE_RENDER_TRACK_REPORT_H_
