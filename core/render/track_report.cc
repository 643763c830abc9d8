#include "core/render/track_report.h"

#include <algorithm>
#include <cstdint>
#include <string>

#include "core/base/json_writer.h"
#include "core/base/strings.h"
#include "core/base/time.h"
#include "core/base/version.h"
#include "core/render/coverage_report.h"
#include "core/render/exports/html_page.h"
#include "core/render/exports/text_escape.h"
#include "core/render/plan_report.h"
#include "core/render/summary_text.h"

namespace exposure {

namespace {

// Output is handed on whenever this much is buffered.
constexpr size_t kFlushBytes = size_t{64} << 10;
constexpr size_t kTableTop = 10;
constexpr size_t kDocumentTop = 100;

constexpr DiffClass kClasses[kDiffClassCount] = {
    DiffClass::kNew, DiffClass::kReopened, DiffClass::kFixed,
    DiffClass::kNotReassessed, DiffClass::kPersisting};

// An entry's finding: NEW's for new, persisting and reopened; OLD's for
// fixed and not reassessed.
struct EntryRef {
  const Snapshot* snap;
  const SnapshotFinding* f;
};
EntryRef RefOf(const Snapshot& old_snap,
               const Snapshot& now,
               const DiffEntry& e) {
  if (e.now != DiffEntry::kNone)
    return {&now, &now.findings[e.now]};
  return {&old_snap, &old_snap.findings[e.old]};
}

// The stable key: the finding's id without its "f-".
std::string KeyOf(const SnapshotFinding& f) {
  return FindingId(f.key, f.repeat).substr(2);
}

const std::string& AssetName(const Snapshot& s, const SnapshotFinding& f) {
  static const std::string kNone;
  return f.asset == SnapshotFinding::kNone ? kNone : s.assets[f.asset].name;
}

std::string RuleOf(const Snapshot& s, const SnapshotFinding& f) {
  const SnapshotRule& r = s.rules[f.rule];
  return r.format + ":" + r.rule_id;
}

std::vector<std::string> CvesOf(const Snapshot& s, const SnapshotFinding& f) {
  std::vector<std::string> out;
  const std::string& joined = s.text(f.cves);
  size_t start = 0;
  while (start < joined.size()) {
    size_t end = joined.find(' ', start);
    if (end == std::string::npos)
      end = joined.size();
    if (end > start)
      out.push_back(joined.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

void WriteSide(JsonWriter* w, const char* key, const Snapshot& s) {
  w->Key(key);
  w->BeginObject();
  w->StringOrNull("as_of", s.as_of);
  w->StringArray("sources", s.sources);
  w->Key("findings");
  w->Uint(s.findings.size());
  uint64_t open = 0;
  for (const SnapshotFinding& f : s.findings)
    open += s.IsOpen(f) ? 1 : 0;
  w->Key("open");
  w->Uint(open);
  w->Key("open_risk");
  w->Uint(s.OpenRisk());
  w->EndObject();
}

void WriteFixTimes(JsonWriter* w, const char* key, const FixTimes& t) {
  w->Key(key);
  w->BeginObject();
  w->Key("count");
  w->Uint(t.count);
  w->Key("mean_days");
  if (t.count) {
    w->Decimal(t.mean_tenths, 1);
  } else {
    w->Null();
  }
  w->Key("median_days");
  if (t.count) {
    w->Decimal(t.median_tenths, 1);
  } else {
    w->Null();
  }
  w->EndObject();
}

void WriteEntry(JsonWriter* w,
                const Snapshot& old_snap,
                const Snapshot& now,
                const DiffEntry& e) {
  const EntryRef ref = RefOf(old_snap, now, e);
  const Snapshot& s = *ref.snap;
  const SnapshotFinding& f = *ref.f;
  w->BeginObject();
  w->Key("key");
  w->String(KeyOf(f));
  w->Key("finding");
  w->String(s.FindingIdOf(f));
  if (e.cls == DiffClass::kPersisting) {
    const SnapshotFinding& o = old_snap.findings[e.old];
    if (o.key != f.key || o.repeat != f.repeat) {
      w->Key("old_finding");
      w->String(old_snap.FindingIdOf(o));
    }
  }
  w->StringOrNull("asset", AssetName(s, f));
  w->Key("rule");
  w->String(RuleOf(s, f));
  w->OptionalString("title", s.rules[f.rule].title);
  w->StringArray("cves", CvesOf(s, f));
  w->Key("severity");
  w->String(SeverityName(f.severity));
  w->Key("risk");
  w->Int(f.risk);
  w->Key("kev");
  w->Bool(f.kev);
  w->Key("status");
  w->String(s.text(f.status));
  w->StringOrNull("due", DayDate(f.due));
  if (e.cls == DiffClass::kPersisting) {
    w->Key("changed");
    w->Bool(e.changed);
  }
  if (e.cls == DiffClass::kFixed) {
    w->Key("days_to_fix");
    if (e.days_to_fix >= 0) {
      w->Int(e.days_to_fix);
    } else {
      w->Null();
    }
    w->Key("sla");
    if (e.sla < 0) {
      w->Null();
    } else {
      w->String(e.sla ? "met" : "missed");
    }
  }
  w->Key("reason");
  w->String(e.reason);
  w->EndObject();
}

void RenderDiffJson(const Snapshot& old_snap,
                    const Snapshot& now,
                    const DiffResult& d,
                    const TextSink& sink) {
  std::string buf;
  JsonWriter w(&buf, JsonWriter::Style::kLines);
  w.BeginObject();
  w.Key("schema");
  w.String("exposure-lens/diff/v1");
  WriteToolMember(&w);
  // The two sides under one member: "new" at the top level is the list of
  // new findings.
  w.Key("sides");
  w.BeginObject();
  WriteSide(&w, "old", old_snap);
  WriteSide(&w, "new", now);
  w.EndObject();
  w.Key("summary");
  w.BeginObject();
  for (DiffClass c : {DiffClass::kNew, DiffClass::kPersisting}) {
    w.Key(DiffClassName(c));
    w.Uint(d.entries[static_cast<int>(c)].size());
  }
  w.Key("changed");
  w.Uint(d.changed);
  for (DiffClass c :
       {DiffClass::kFixed, DiffClass::kNotReassessed, DiffClass::kReopened}) {
    w.Key(DiffClassName(c));
    w.Uint(d.entries[static_cast<int>(c)].size());
  }
  w.Key("open_risk_before");
  w.Uint(d.open_risk_before);
  w.Key("open_risk_after");
  w.Uint(d.open_risk_after);
  w.Key("reduction_pct");
  w.Decimal(d.reduction_tenths, 1);
  w.Key("by_severity");
  w.BeginObject();
  for (int sev = kSeverityCount - 1; sev >= 0; --sev) {
    w.Key(SeverityName(static_cast<Severity>(sev)));
    w.BeginObject();
    for (int c = 0; c < kDiffClassCount; ++c) {
      w.Key(DiffClassName(static_cast<DiffClass>(c)));
      w.Uint(d.by_severity[c][sev]);
    }
    w.EndObject();
  }
  w.EndObject();
  w.Key("time_to_fix");
  w.BeginObject();
  WriteFixTimes(&w, "all", d.time_to_fix_all);
  for (int sev = kSeverityCount - 1; sev >= 0; --sev) {
    WriteFixTimes(&w, SeverityName(static_cast<Severity>(sev)),
                  d.time_to_fix[sev]);
  }
  w.EndObject();
  w.Key("sla");
  w.BeginObject();
  w.Key("met");
  w.Uint(d.sla_met);
  w.Key("missed");
  w.Uint(d.sla_missed);
  w.Key("overdue");
  w.Uint(d.overdue);
  w.EndObject();
  w.EndObject();
  for (int c = 0; c < kDiffClassCount; ++c) {
    w.Key(DiffClassName(static_cast<DiffClass>(c)));
    w.BeginArray();
    for (const DiffEntry& e : d.entries[c]) {
      WriteEntry(&w, old_snap, now, e);
      if (w.size() >= kFlushBytes)
        sink(w.Take());
    }
    w.EndArray();
  }
  w.EndObject();
  w.Flush();
  buf.push_back('\n');
  sink(buf);
}

void RenderDiffCsv(const Snapshot& old_snap,
                   const Snapshot& now,
                   const DiffResult& d,
                   const TextSink& sink) {
  std::string buf;
  AppendCsvRow(&buf, "class", "key", "finding", "asset", "rule", "title",
               "cves", "severity", "risk", "kev", "status", "due", "changed",
               "days_to_fix", "sla", "reason");
  for (DiffClass c : kClasses) {
    for (const DiffEntry& e : d.entries[static_cast<int>(c)]) {
      const EntryRef ref = RefOf(old_snap, now, e);
      const Snapshot& s = *ref.snap;
      const SnapshotFinding& f = *ref.f;
      AppendCsvRow(
          &buf, DiffClassName(c), KeyOf(f), s.FindingIdOf(f), AssetName(s, f),
          RuleOf(s, f), s.rules[f.rule].title, s.text(f.cves),
          SeverityName(f.severity), std::to_string(f.risk),
          f.kev ? "yes" : "no", s.text(f.status), DayDate(f.due),
          c == DiffClass::kPersisting ? (e.changed ? "yes" : "no") : "",
          e.days_to_fix >= 0 ? std::to_string(e.days_to_fix) : std::string(),
          e.sla < 0 ? "" : (e.sla ? "met" : "missed"), e.reason);
      if (buf.size() >= kFlushBytes) {
        sink(buf);
        buf.clear();
      }
    }
  }
  sink(buf);
}

// "Open risk 8,849 → 6,120 (30.8 % less): ..." for a person.
std::string DiffHeadline(const DiffResult& d) {
  auto count = [&d](DiffClass c) {
    return GroupThousands(d.entries[static_cast<int>(c)].size());
  };
  const std::string change =
      d.open_risk_before == 0 ? std::string()
      : d.reduction_tenths >= 0
          ? " (" + Tenths(d.reduction_tenths) + " % less)"
          : " (" + Tenths(-d.reduction_tenths) + " % more)";
  return "Open risk " + GroupThousands(d.open_risk_before) + " → " +
         GroupThousands(d.open_risk_after) + change + ": " +
         count(DiffClass::kNew) + " new, " + count(DiffClass::kFixed) +
         " fixed, " + count(DiffClass::kNotReassessed) + " not reassessed, " +
         count(DiffClass::kReopened) + " reopened, " +
         count(DiffClass::kPersisting) + " persisting (" +
         GroupThousands(d.changed) + " changed).";
}

const char* ClassTitle(DiffClass c) {
  switch (c) {
    case DiffClass::kNew:
      return "New";
    case DiffClass::kPersisting:
      return "Persisting";
    case DiffClass::kFixed:
      return "Fixed";
    case DiffClass::kNotReassessed:
      return "Not reassessed (not counted as fixed)";
    case DiffClass::kReopened:
      return "Reopened";
  }
  return "";
}

void RenderDiffTable(const Snapshot& old_snap,
                     const Snapshot& now,
                     const DiffResult& d,
                     size_t top,
                     const TextSink& sink) {
  std::string out = DiffHeadline(d) + "\n";
  out += "Old: " + (old_snap.as_of.empty() ? "no date" : old_snap.as_of) +
         ", " + GroupThousands(old_snap.findings.size()) +
         " findings; new: " + (now.as_of.empty() ? "no date" : now.as_of) +
         ", " + GroupThousands(now.findings.size()) + " findings.\n";
  if (d.time_to_fix_all.count > 0) {
    out += "Time to fix: mean " + Tenths(d.time_to_fix_all.mean_tenths) +
           " days, median " + Tenths(d.time_to_fix_all.median_tenths) +
           " days (" + GroupThousands(d.time_to_fix_all.count) + " fixes).\n";
  }
  out += "SLA: " + GroupThousands(d.sla_met) + " fixed in time, " +
         GroupThousands(d.sla_missed) + " late; " + GroupThousands(d.overdue) +
         " open past due.\n";
  for (DiffClass c : kClasses) {
    const std::vector<DiffEntry>& list = d.entries[static_cast<int>(c)];
    if (list.empty() || c == DiffClass::kPersisting)
      continue;
    out += "\n" + std::string(ClassTitle(c)) + " (" +
           GroupThousands(list.size()) + ")\n";
    out += "  risk  severity  " + Fit("asset", 28, true) + "  " +
           Fit("rule", 22, true) + "  reason\n";
    const size_t shown = std::min(list.size(), top);
    for (size_t i = 0; i < shown; ++i) {
      const EntryRef ref = RefOf(old_snap, now, list[i]);
      const std::string risk = std::to_string(ref.f->risk);
      out += "  " + std::string(4 - std::min<size_t>(4, risk.size()), ' ') +
             risk + "  " + Fit(SeverityName(ref.f->severity), 8, true) + "  " +
             Fit(AssetName(*ref.snap, *ref.f), 28, true) + "  " +
             Fit(RuleOf(*ref.snap, *ref.f), 22, true) + "  " +
             Fit(list[i].reason, 400, false) + "\n";
    }
    if (list.size() > shown) {
      out += "  ... and " + GroupThousands(list.size() - shown) +
             " more (--format json lists all)\n";
    }
  }
  sink(out);
}

void RenderDiffMarkdown(const Snapshot& old_snap,
                        const Snapshot& now,
                        const DiffResult& d,
                        size_t top,
                        const TextSink& sink) {
  std::string out = "# Exposure Lens: changes since the last scan\n\n";
  out += Markdown(DiffHeadline(d)) + "\n\n";
  out += "| Class | Findings | Critical | High | Medium | Low | Info |\n";
  out += "|---|---:|---:|---:|---:|---:|---:|\n";
  for (DiffClass c : kClasses) {
    const int ci = static_cast<int>(c);
    out += "| " + std::string(DiffClassName(c)) + " | " +
           GroupThousands(d.entries[ci].size());
    for (int sev = kSeverityCount - 1; sev >= 0; --sev)
      out += " | " + GroupThousands(d.by_severity[ci][sev]);
    out += " |\n";
  }
  for (DiffClass c : kClasses) {
    const std::vector<DiffEntry>& list = d.entries[static_cast<int>(c)];
    if (list.empty() || c == DiffClass::kPersisting)
      continue;
    out += "\n## " + std::string(ClassTitle(c)) + "\n\n";
    out += "| Risk | Severity | Asset | Rule | Title | Reason |\n";
    out += "|---:|---|---|---|---|---|\n";
    const size_t shown = std::min(list.size(), top);
    for (size_t i = 0; i < shown; ++i) {
      const EntryRef ref = RefOf(old_snap, now, list[i]);
      out += "| " + std::to_string(ref.f->risk) + " | " +
             SeverityName(ref.f->severity) + " | " +
             Markdown(AssetName(*ref.snap, *ref.f)) + " | " +
             Markdown(RuleOf(*ref.snap, *ref.f)) + " | " +
             Markdown(CutUtf8(ref.snap->rules[ref.f->rule].title, 200)) +
             " | " + Markdown(list[i].reason) + " |\n";
    }
    if (list.size() > shown) {
      out += "\n" + GroupThousands(list.size() - shown) +
             " more in the JSON diff.\n";
    }
  }
  sink(out);
}

void RenderDiffHtml(const Snapshot& old_snap,
                    const Snapshot& now,
                    const DiffResult& d,
                    size_t top,
                    const TextSink& sink) {
  html::Page p;
  html::WriteHead(
      &p, "Exposure Lens: changes " + old_snap.as_of + " to " + now.as_of);
  p.Raw("<header>\n<h1>Changes since the last scan</h1>\n<p class=\"meta\">")
      .Raw("Exposure Lens ")
      .Text(kVersion)
      .Raw(" &middot; ")
      .Text(old_snap.as_of.empty() ? "no date" : old_snap.as_of)
      .Raw(" &rarr; ")
      .Text(now.as_of.empty() ? "no date" : now.as_of)
      .Raw("</p>\n<p>")
      .Text(DiffHeadline(d))
      .Raw("</p>\n</header>\n<section id=\"summary\">\n<h2>Summary</h2>\n")
      .Raw(
          "<table class=\"compact\">\n<thead><tr><th>Class</th>"
          "<th class=\"num\">Findings</th>");
  for (int sev = kSeverityCount - 1; sev >= 0; --sev) {
    p.Raw("<th class=\"num\">")
        .Text(SeverityName(static_cast<Severity>(sev)))
        .Raw("</th>");
  }
  p.Raw("</tr></thead>\n<tbody>\n");
  for (DiffClass c : kClasses) {
    const int ci = static_cast<int>(c);
    p.Raw("<tr>").Cell(DiffClassName(c)).NumCell(d.entries[ci].size());
    for (int sev = kSeverityCount - 1; sev >= 0; --sev)
      p.NumCell(d.by_severity[ci][sev]);
    p.Raw("</tr>\n");
  }
  p.Raw("</tbody>\n</table>\n</section>\n");
  for (DiffClass c : kClasses) {
    const std::vector<DiffEntry>& list = d.entries[static_cast<int>(c)];
    if (list.empty() || c == DiffClass::kPersisting)
      continue;
    p.Raw("<section>\n<h2>")
        .Text(ClassTitle(c))
        .Raw(
            "</h2>\n<table>\n<thead><tr><th class=\"num\">Risk</th>"
            "<th>Severity</th><th>Asset</th><th>Rule</th><th>Title</th>"
            "<th>Reason</th></tr></thead>\n<tbody>\n");
    const size_t shown = std::min(list.size(), top);
    for (size_t i = 0; i < shown; ++i) {
      const EntryRef ref = RefOf(old_snap, now, list[i]);
      const std::string sev = SeverityName(ref.f->severity);
      p.Raw("<tr class=\"sev-")
          .Text(sev)
          .Raw("\">")
          .NumCell(static_cast<uint64_t>(ref.f->risk))
          .Cell(sev)
          .Cell(AssetName(*ref.snap, *ref.f), "text")
          .Cell(RuleOf(*ref.snap, *ref.f), "id")
          .Cell(CutUtf8(ref.snap->rules[ref.f->rule].title, 300), "text")
          .Cell(list[i].reason, "text")
          .Raw("</tr>\n");
    }
    p.Raw("</tbody>\n</table>\n");
    if (list.size() > shown) {
      p.Raw("<p class=\"note\">")
          .Text(GroupThousands(list.size() - shown))
          .Raw(" more in the JSON diff.</p>\n");
    }
    p.Raw("</section>\n");
  }
  p.Raw("</body>\n</html>\n");
  sink(p.out());
}

// Trend -------------------------------------------------------------------

void WriteTrendPoint(JsonWriter* w, const TrendPoint& t) {
  w->BeginObject();
  w->StringOrNull("as_of", t.as_of);
  w->StringArray("sources", t.sources);
  w->Key("open");
  w->BeginObject();
  w->Key("total");
  w->Uint(t.open);
  for (int sev = kSeverityCount - 1; sev >= 0; --sev) {
    w->Key(SeverityName(static_cast<Severity>(sev)));
    w->Uint(t.open_by_severity[sev]);
  }
  w->EndObject();
  w->Key("open_kev");
  w->Uint(t.open_kev);
  w->Key("exposures");
  w->Uint(t.exposures);
  w->Key("open_risk");
  w->Uint(t.open_risk);
  const auto since = [&](const char* key, uint64_t v) {
    w->Key(key);
    if (t.has_previous) {
      w->Uint(v);
    } else {
      w->Null();
    }
  };
  since("new", t.new_findings);
  since("fixed", t.fixed);
  since("reopened", t.reopened);
  since("not_reassessed", t.not_reassessed);
  w->Key("time_to_fix");
  w->BeginObject();
  WriteFixTimes(w, "all", t.time_to_fix_all);
  for (int sev = kSeverityCount - 1; sev >= 0; --sev) {
    WriteFixTimes(w, SeverityName(static_cast<Severity>(sev)),
                  t.time_to_fix[sev]);
  }
  w->EndObject();
  w->Key("sla_on_time_pct");
  if (t.sla_on_time_tenths < 0) {
    w->Null();
  } else {
    w->Decimal(t.sla_on_time_tenths, 1);
  }
  w->Key("backlog_age");
  w->BeginObject();
  for (int b = 0; b < kAgeBuckets; ++b) {
    w->Key(AgeBucketName(b));
    w->Uint(t.backlog_age[b]);
  }
  w->EndObject();
  w->EndObject();
}

void RenderTrendJson(const std::vector<TrendPoint>& points,
                     const TextSink& sink) {
  std::string buf;
  {
    JsonWriter w(&buf, JsonWriter::Style::kLines);
    w.BeginObject();
    w.Key("schema");
    w.String("exposure-lens/trend/v1");
    WriteToolMember(&w);
    w.Key("snapshots");
    w.BeginArray();
    for (const TrendPoint& t : points)
      WriteTrendPoint(&w, t);
    w.EndArray();
    w.EndObject();
  }
  buf.push_back('\n');
  sink(buf);
}

std::string OptionalCount(bool has, uint64_t v) {
  return has ? std::to_string(v) : std::string();
}

std::string OptionalTenths(size_t count, int64_t tenths) {
  return count ? Tenths(tenths) : std::string();
}

void RenderTrendCsv(const std::vector<TrendPoint>& points,
                    const TextSink& sink) {
  std::string buf;
  AppendCsvRow(&buf, "as_of", "open", "open_critical", "open_high",
               "open_medium", "open_low", "open_info", "open_kev", "exposures",
               "open_risk", "new", "fixed", "reopened", "not_reassessed",
               "mean_days_to_fix", "median_days_to_fix",
               "mean_days_to_fix_critical", "mean_days_to_fix_high",
               "sla_on_time_pct", "age_0_30", "age_31_90", "age_91_180",
               "age_over_180");
  for (const TrendPoint& t : points) {
    AppendCsvRow(
        &buf, t.as_of, std::to_string(t.open),
        std::to_string(t.open_by_severity[4]),
        std::to_string(t.open_by_severity[3]),
        std::to_string(t.open_by_severity[2]),
        std::to_string(t.open_by_severity[1]),
        std::to_string(t.open_by_severity[0]), std::to_string(t.open_kev),
        std::to_string(t.exposures), std::to_string(t.open_risk),
        OptionalCount(t.has_previous, t.new_findings),
        OptionalCount(t.has_previous, t.fixed),
        OptionalCount(t.has_previous, t.reopened),
        OptionalCount(t.has_previous, t.not_reassessed),
        OptionalTenths(t.time_to_fix_all.count, t.time_to_fix_all.mean_tenths),
        OptionalTenths(t.time_to_fix_all.count,
                       t.time_to_fix_all.median_tenths),
        OptionalTenths(t.time_to_fix[4].count, t.time_to_fix[4].mean_tenths),
        OptionalTenths(t.time_to_fix[3].count, t.time_to_fix[3].mean_tenths),
        t.sla_on_time_tenths < 0 ? std::string() : Tenths(t.sla_on_time_tenths),
        std::to_string(t.backlog_age[0]), std::to_string(t.backlog_age[1]),
        std::to_string(t.backlog_age[2]), std::to_string(t.backlog_age[3]));
  }
  sink(buf);
}

void RenderTrendTable(const std::vector<TrendPoint>& points,
                      const TextSink& sink) {
  std::string out =
      "as_of       open  critical  high    kev  open_risk    new  fixed  "
      "reopened  sla_on_time\n";
  for (const TrendPoint& t : points) {
    out += Fit(t.as_of.empty() ? "-" : t.as_of, 10, true) +
           Right(GroupThousands(t.open), 6) +
           Right(GroupThousands(t.open_by_severity[4]), 10) +
           Right(GroupThousands(t.open_by_severity[3]), 6) +
           Right(GroupThousands(t.open_kev), 7) +
           Right(GroupThousands(t.open_risk), 11) +
           Right(t.has_previous ? GroupThousands(t.new_findings) : "-", 7) +
           Right(t.has_previous ? GroupThousands(t.fixed) : "-", 7) +
           Right(t.has_previous ? GroupThousands(t.reopened) : "-", 10) +
           Right(t.sla_on_time_tenths < 0 ? "-"
                                          : Tenths(t.sla_on_time_tenths) + " %",
                 13) +
           "\n";
  }
  sink(out);
}

// A line chart of one series per colour over the snapshots, as inline SVG.
void LineChart(
    html::Page* p,
    std::string_view id,
    std::string_view title,
    const std::vector<TrendPoint>& points,
    const std::vector<std::pair<std::string, std::vector<uint64_t>>>& series,
    const std::vector<const char*>& colours) {
  constexpr uint64_t kW = 720, kH = 240, kLeft = 70, kRight = 20, kTop = 20,
                     kBottom = 40;
  uint64_t max = 1;
  for (const auto& s : series) {
    for (uint64_t v : s.second)
      max = std::max(max, v);
  }
  const uint64_t plot_w = kW - kLeft - kRight;
  const uint64_t plot_h = kH - kTop - kBottom;
  const size_t n = points.size();
  auto x_at = [&](size_t i) {
    return kLeft + (n <= 1 ? plot_w / 2 : plot_w * i / (n - 1));
  };
  auto y_at = [&](uint64_t v) { return kTop + plot_h - v * plot_h / max; };
  p->BeginSvg(id, kW, kH, title);
  p->Line(kLeft, kTop, kLeft, kTop + plot_h, "axis");
  p->Line(kLeft, kTop + plot_h, kLeft + plot_w, kTop + plot_h, "axis");
  p->SvgText(kLeft - 6, kTop + 4, GroupThousands(max), "end");
  p->SvgText(kLeft - 6, kTop + plot_h, "0", "end");
  for (size_t i = 0; i < n; ++i) {
    if (n <= 8 || i == 0 || i + 1 == n || i % ((n + 7) / 8) == 0) {
      p->SvgText(x_at(i), kTop + plot_h + 16,
                 points[i].as_of.empty() ? "-" : points[i].as_of, "middle");
    }
  }
  for (size_t s = 0; s < series.size(); ++s) {
    const char* colour = colours[s % colours.size()];
    std::string pts;
    for (size_t i = 0; i < n; ++i) {
      if (!pts.empty())
        pts += ' ';
      pts += std::to_string(x_at(i)) + "," +
             std::to_string(y_at(series[s].second[i]));
    }
    p->Raw("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"")
        .Text(colour)
        .Raw("\" points=\"")
        .Text(pts)
        .Raw("\"/>");
    p->Rect(kLeft + 10 + s * 120, kH - 14, 10, 10, colour, colour);
    p->SvgText(kLeft + 24 + s * 120, kH - 5, series[s].first);
  }
  p->Raw("</svg>\n");
}

void RenderTrendHtml(const std::vector<TrendPoint>& points,
                     const TextSink& sink) {
  html::Page p;
  html::WriteHead(&p, "Exposure Lens: trend");
  p.Raw("<header>\n<h1>Exposure over time</h1>\n<p class=\"meta\">")
      .Raw("Exposure Lens ")
      .Text(kVersion)
      .Raw(" &middot; ")
      .Text(GroupThousands(points.size()))
      .Raw(" snapshots</p>\n</header>\n");
  std::vector<uint64_t> risk, kev, crit, high, med, fixed, fresh;
  for (const TrendPoint& t : points) {
    risk.push_back(t.open_risk);
    kev.push_back(t.open_kev);
    crit.push_back(t.open_by_severity[4]);
    high.push_back(t.open_by_severity[3]);
    med.push_back(t.open_by_severity[2]);
    fixed.push_back(t.fixed);
    fresh.push_back(t.new_findings);
  }
  p.Raw("<section id=\"summary\">\n<h2>Open risk</h2>\n");
  LineChart(&p, "chart-risk", "Open risk per snapshot", points,
            {{"open risk", risk}}, {html::kLineStroke});
  p.Raw("</section>\n<section>\n<h2>Open findings</h2>\n");
  LineChart(
      &p, "chart-open", "Open findings by severity per snapshot", points,
      {{"critical", crit}, {"high", high}, {"medium", med}, {"on KEV", kev}},
      {"#b0413e", "#d9822b", "#b59a1f", "#5b3fa3"});
  p.Raw("</section>\n<section>\n<h2>New and fixed</h2>\n");
  LineChart(&p, "chart-flow",
            "New and fixed findings since the previous "
            "snapshot",
            points, {{"new", fresh}, {"fixed", fixed}}, {"#b0413e", "#2f7d32"});
  p.Raw(
      "</section>\n<section>\n<h2>Snapshots</h2>\n<table>\n<thead><tr>"
      "<th>As of</th><th class=\"num\">Open</th><th class=\"num\">"
      "Critical</th><th class=\"num\">High</th><th class=\"num\">KEV</th>"
      "<th class=\"num\">Open risk</th><th class=\"num\">New</th>"
      "<th class=\"num\">Fixed</th><th class=\"num\">Reopened</th>"
      "<th class=\"num\">Mean days to fix</th><th class=\"num\">SLA on "
      "time %</th><th class=\"num\">Open &gt;180 days</th></tr></thead>\n"
      "<tbody>\n");
  for (const TrendPoint& t : points) {
    p.Raw("<tr>")
        .Cell(t.as_of.empty() ? "-" : t.as_of, "date")
        .NumCell(t.open)
        .NumCell(t.open_by_severity[4])
        .NumCell(t.open_by_severity[3])
        .NumCell(t.open_kev)
        .NumCell(t.open_risk)
        .Cell(OptionalCount(t.has_previous, t.new_findings), "num")
        .Cell(OptionalCount(t.has_previous, t.fixed), "num")
        .Cell(OptionalCount(t.has_previous, t.reopened), "num")
        .Cell(OptionalTenths(t.time_to_fix_all.count,
                             t.time_to_fix_all.mean_tenths),
              "num")
        .Cell(t.sla_on_time_tenths < 0 ? std::string()
                                       : Tenths(t.sla_on_time_tenths),
              "num")
        .NumCell(t.backlog_age[3])
        .Raw("</tr>\n");
  }
  p.Raw("</tbody>\n</table>\n</section>\n</body>\n</html>\n");
  sink(p.out());
}

}  // namespace

bool IsDiffFormat(std::string_view format) {
  return format == "json" || format == "csv" || format == "markdown" ||
         format == "html" || format == "table";
}

bool IsTrendFormat(std::string_view format) {
  return format == "json" || format == "csv" || format == "html" ||
         format == "table";
}

Status RenderDiff(const Snapshot& old_snap,
                  const Snapshot& now,
                  const DiffResult& diff,
                  std::string_view format,
                  size_t top,
                  const TextSink& sink) {
  if (format == "json") {
    RenderDiffJson(old_snap, now, diff, sink);
  } else if (format == "csv") {
    RenderDiffCsv(old_snap, now, diff, sink);
  } else if (format == "table") {
    RenderDiffTable(old_snap, now, diff, top ? top : kTableTop, sink);
  } else if (format == "markdown") {
    RenderDiffMarkdown(old_snap, now, diff, top ? top : kDocumentTop, sink);
  } else if (format == "html") {
    RenderDiffHtml(old_snap, now, diff, top ? top : kDocumentTop, sink);
  } else {
    return Status::Error("unknown diff format \"" + std::string(format) +
                         "\" (json, csv, markdown, html, table)");
  }
  return Status::Ok();
}

Status RenderTrend(const std::vector<TrendPoint>& points,
                   std::string_view format,
                   const TextSink& sink) {
  if (format == "json") {
    RenderTrendJson(points, sink);
  } else if (format == "csv") {
    RenderTrendCsv(points, sink);
  } else if (format == "table") {
    RenderTrendTable(points, sink);
  } else if (format == "html") {
    RenderTrendHtml(points, sink);
  } else {
    return Status::Error("unknown trend format \"" + std::string(format) +
                         "\" (json, csv, html, table)");
  }
  return Status::Ok();
}

}  // namespace exposure
