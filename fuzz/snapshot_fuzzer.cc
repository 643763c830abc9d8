// Fuzzes the snapshot reader (snapshots and reports, plain or compressed):
// any bytes give a snapshot or an error that names the file, never a
// crash. A snapshot that reads compares with itself (each finding in one
// class, none changed), renders its diff and trend in every format, and writes
// a file that reads back to the same findings.
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/render/track_report.h"
#include "core/track/diff.h"
#include "core/track/snapshot.h"
#include "core/track/trend.h"
#include "fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  exposure::SnapshotReader reader("fuzz.snap");
  exposure::fuzz::FeedChunked(data, size, [&](std::string_view chunk) {
    return reader.Feed(chunk).ok();
  });
  exposure::Result<exposure::Snapshot> snap = reader.Finish();
  if (!snap.ok()) {
    if (snap.status().message().find("fuzz.snap") == std::string::npos)
      std::abort();  // every error names its file
    return 0;
  }
  // Every finding of either side is in exactly one class, and a finding
  // matched with itself has not changed. (A file may hold assets no key
  // tells apart; their findings need not match.)
  const exposure::DiffResult d = exposure::Diff(*snap, *snap);
  size_t olds = 0;
  size_t news = 0;
  for (const auto& list : d.entries) {
    for (const exposure::DiffEntry& e : list) {
      olds += e.old != exposure::DiffEntry::kNone;
      news += e.now != exposure::DiffEntry::kNone;
    }
  }
  if (olds != snap->findings.size() || news != snap->findings.size() ||
      d.changed != 0) {
    std::abort();
  }
  const auto ignore = [](std::string_view) {};
  for (const char* format : {"json", "csv", "markdown", "html", "table"}) {
    if (!exposure::RenderDiff(*snap, *snap, d, format, 0, ignore).ok())
      std::abort();
  }
  const std::vector<exposure::TrendPoint> t = exposure::Trend({&*snap, &*snap});
  for (const char* format : {"json", "csv", "html", "table"}) {
    if (!exposure::RenderTrend(t, format, ignore).ok())
      std::abort();
  }
  std::string bytes;
  if (!exposure::WriteSnapshot(*snap, [&](std::string_view p) {
         bytes.append(p);
       }).ok()) {
    std::abort();
  }
  exposure::SnapshotReader again("again.snap");
  if (!again.Feed(bytes).ok())
    std::abort();
  exposure::Result<exposure::Snapshot> back = again.Finish();
  if (!back.ok() || back->findings.size() != snap->findings.size())
    std::abort();
  return 0;
}
