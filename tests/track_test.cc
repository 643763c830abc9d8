// Snapshots, the diff of two scans and the trend, on generated Nessus scans
// whose churn is known: what was fixed, what the later scan could not have
// seen (a host gone, a port outside its range, a check out of its policy,
// a login that failed), an IP address that changed under the same FQDN,
// plugin output and timestamps that changed, and a finding fixed then
// back.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/app/analyzer.h"
#include "core/app/snapshot_builder.h"
#include "core/render/track_report.h"
#include "core/track/diff.h"
#include "core/track/snapshot.h"
#include "core/track/trend.h"
#include "tests/test_util.h"

namespace exposure {
namespace {

using testing::CorpusDir;
using testing::FeedInChunks;
using testing::GoldenIntel;
using testing::Zstd;

struct Item {
  int plugin;
  int port;
  int severity = 3;
  std::string output = "output";
};

struct Host {
  std::string fqdn;
  std::string ip;
  std::string mac;
  bool credentialed = true;
  std::vector<Item> items;
};

// A Nessus v2 file: a policy with `ports` and `plugins` (empty: the file
// states none), hosts scanned at `unix_time`.
std::string Nessus(const std::string& ports,
                   const std::vector<int>& plugins,
                   const std::vector<Host>& hosts,
                   long unix_time) {
  std::string x =
      "<?xml version=\"1.0\" ?>\n<NessusClientData_v2>\n<Policy>"
      "<policyName>Weekly</policyName><Preferences><ServerPreferences>"
      "<preference><name>TARGET</name><value>10.0.0.0/24</value>"
      "</preference>";
  if (!ports.empty()) {
    x += "<preference><name>port_range</name><value>" + ports +
         "</value></preference>";
  }
  if (!plugins.empty()) {
    x += "<preference><name>plugin_set</name><value>";
    for (int p : plugins)
      x += std::to_string(p) + ";";
    x += "</value></preference>";
  }
  x += "</ServerPreferences></Preferences></Policy>\n<Report name=\"r\">\n";
  for (const Host& h : hosts) {
    x += "<ReportHost name=\"" + h.ip + "\"><HostProperties>";
    x += "<tag name=\"host-ip\">" + h.ip + "</tag>";
    if (!h.fqdn.empty())
      x += "<tag name=\"host-fqdn\">" + h.fqdn + "</tag>";
    if (!h.mac.empty())
      x += "<tag name=\"mac-address\">" + h.mac + "</tag>";
    x += std::string("<tag name=\"Credentialed_Scan\">") +
         (h.credentialed ? "true" : "false") + "</tag>";
    x += "<tag name=\"HOST_START_TIMESTAMP\">" + std::to_string(unix_time) +
         "</tag><tag name=\"HOST_END_TIMESTAMP\">" +
         std::to_string(unix_time + 600) + "</tag>";
    x += "</HostProperties>\n";
    for (const Item& it : h.items) {
      x += "<ReportItem port=\"" + std::to_string(it.port) +
           "\" svc_name=\"svc\" protocol=\"tcp\" severity=\"" +
           std::to_string(it.severity) + "\" pluginID=\"" +
           std::to_string(it.plugin) + "\" pluginName=\"Check " +
           std::to_string(it.plugin) +
           "\"><solution>Upgrade</solution>"
           "<plugin_output>" +
           it.output + "</plugin_output></ReportItem>\n";
    }
    x += "</ReportHost>\n";
  }
  return x + "</Report>\n</NessusClientData_v2>\n";
}

Snapshot SnapshotOf(const std::string& name, const std::string& doc) {
  SnapshotBuilder builder([](Analyzer* a) { a->SetIntel(GoldenIntel()); });
  builder.BeginFile(name);
  for (size_t at = 0; at < doc.size(); at += 777)
    builder.Feed(std::string_view(doc).substr(at, 777));
  builder.EndFile();
  Result<Snapshot> s = builder.Finish();
  EXPECT_TRUE(s.ok()) << s.status().message();
  EXPECT_TRUE(builder.errors().empty());
  return std::move(*s);
}

// Writes and reads back: what a diff of files sees.
Snapshot RoundTrip(const Snapshot& s) {
  std::string bytes;
  EXPECT_TRUE(WriteSnapshot(s, [&](std::string_view piece) {
                bytes.append(piece);
              }).ok());
  SnapshotReader reader("snap");
  for (size_t at = 0; at < bytes.size(); at += 100)
    EXPECT_TRUE(reader.Feed(std::string_view(bytes).substr(at, 100)).ok());
  Result<Snapshot> back = reader.Finish();
  EXPECT_TRUE(back.ok()) << back.status().message();
  return std::move(*back);
}

// "class rule@asset" for every entry, sorted: the diff in a form a test
// can state.
std::multiset<std::string> Classes(const Snapshot& old_snap,
                                   const Snapshot& now,
                                   const DiffResult& d) {
  std::multiset<std::string> out;
  for (int c = 0; c < kDiffClassCount; ++c) {
    for (const DiffEntry& e : d.entries[c]) {
      const bool on_new = e.now != DiffEntry::kNone;
      const Snapshot& s = on_new ? now : old_snap;
      const SnapshotFinding& f = s.findings[on_new ? e.now : e.old];
      out.insert(std::string(DiffClassName(static_cast<DiffClass>(c))) + " " +
                 s.rules[f.rule].rule_id + "@" + s.assets[f.asset].name);
    }
  }
  return out;
}

const DiffEntry* Find(const Snapshot& s,
                      const DiffResult& d,
                      DiffClass c,
                      const std::string& rule) {
  for (const DiffEntry& e : d.entries[static_cast<int>(c)]) {
    const SnapshotFinding& f =
        s.findings[e.now != DiffEntry::kNone ? e.now : e.old];
    if (s.rules[f.rule].rule_id == rule)
      return &e;
  }
  return nullptr;
}

constexpr long kDay = 86400;
constexpr long kJan1 = 1767225600;  // 2026-01-01T00:00:00Z

std::vector<int> Plugins(int from, int to) {
  std::vector<int> out;
  for (int p = from; p <= to; ++p)
    out.push_back(p);
  return out;
}

// The series: A on day 0, B on day 30, C on day 60.
std::string ScanA() {
  return Nessus(
      "1-65535", Plugins(1000, 1010),
      {{"web01.corp.example",
        "10.0.0.1",
        "00:11:22:33:44:01",
        true,
        {{1001, 80},
         {1002, 443},
         {1003, 0},
         {1004, 22},
         {1010, 80},
         {1008, 8443}}},
       {"db01.corp.example", "10.0.0.2", "", true, {{1001, 80}, {1005, 0}}},
       {"old01.corp.example", "10.0.0.3", "", true, {{1006, 22}}}},
      kJan1);
}

std::string ScanB() {
  // web01 moved to another address; 1010 left the policy; the port range
  // shrank to 1-1024; db01's login failed; old01 was not scanned.
  return Nessus("1-1024", Plugins(1000, 1009),
                {{"web01.corp.example",
                  "10.0.0.99",
                  "00:11:22:33:44:01",
                  true,
                  {{1001, 80, 3, "output that changed"},
                   {1004, 22, 3, "other text"},
                   {1007, 80}}},
                 {"db01.corp.example", "10.0.0.2", "", false, {{1001, 80}}}},
                kJan1 + 30 * kDay);
}

std::string ScanC() {
  // 1002 is back on web01.
  return Nessus("1-1024", Plugins(1000, 1009),
                {{"web01.corp.example",
                  "10.0.0.99",
                  "00:11:22:33:44:01",
                  true,
                  {{1001, 80}, {1004, 22}, {1007, 80}, {1002, 443}}},
                 {"db01.corp.example", "10.0.0.2", "", true, {{1001, 80}}}},
                kJan1 + 60 * kDay);
}

TEST(Snapshot, ReadsTheScanScopeFromTheNessusPolicy) {
  const Snapshot a = SnapshotOf("a.nessus", ScanA());
  ASSERT_EQ(a.scans.size(), 1u);
  EXPECT_EQ(a.scans[0].format, "nessus");
  EXPECT_EQ(a.scans[0].scope.policy, "Weekly");
  EXPECT_EQ(a.scans[0].scope.ports, "1-65535");
  EXPECT_EQ(a.scans[0].scope.targets, "10.0.0.0/24");
  EXPECT_EQ(a.scans[0].scope.rules.size(), 11u);
  EXPECT_EQ(a.as_of, "2026-01-01");
  EXPECT_EQ(a.findings.size(), 9u);
}

TEST(Snapshot, ReadsNmapPortScopes) {
  const std::string nmap =
      "<?xml version=\"1.0\"?><nmaprun start=\"1767225600\">"
      "<scaninfo type=\"syn\" protocol=\"tcp\" services=\"1-1000\"/>"
      "<scaninfo type=\"udp\" protocol=\"udp\" services=\"53,161\"/>"
      "<host><address addr=\"10.0.0.1\" addrtype=\"ipv4\"/><ports>"
      "<port protocol=\"tcp\" portid=\"22\"><state state=\"open\"/>"
      "<service name=\"ssh\"/></port></ports></host></nmaprun>";
  const Snapshot s = SnapshotOf("scan.xml", nmap);
  ASSERT_EQ(s.scans.size(), 1u);
  EXPECT_EQ(s.scans[0].scope.ports, "T:1-1000,U:53,161");
  bool known = false;
  EXPECT_TRUE(PortInScope(s.scans[0].scope.ports, 22, "tcp", &known));
  EXPECT_TRUE(known);
  EXPECT_FALSE(PortInScope(s.scans[0].scope.ports, 8080, "tcp", &known));
  EXPECT_TRUE(PortInScope(s.scans[0].scope.ports, 161, "udp", &known));
  EXPECT_FALSE(PortInScope(s.scans[0].scope.ports, 22, "udp", &known));
  EXPECT_FALSE(PortInScope("default", 22, "tcp", &known));
  EXPECT_FALSE(known);
  EXPECT_TRUE(PortInScope("all", 9, "tcp", &known));
}

TEST(Snapshot, RoundTripsThroughItsFileForm) {
  const Snapshot a = SnapshotOf("a.nessus", ScanA());
  const Snapshot b = RoundTrip(a);
  ASSERT_EQ(b.findings.size(), a.findings.size());
  for (size_t i = 0; i < a.findings.size(); ++i) {
    const SnapshotFinding& x = a.findings[i];
    const SnapshotFinding& y = b.findings[i];
    EXPECT_EQ(x.key, y.key);
    EXPECT_EQ(x.problem, y.problem);
    EXPECT_EQ(x.risk, y.risk);
    EXPECT_EQ(x.due, y.due);
    EXPECT_EQ(x.first_seen, y.first_seen);
    EXPECT_EQ(x.needs_credentials, y.needs_credentials);
    EXPECT_EQ(a.text(x.status), b.text(y.status));
    EXPECT_EQ(a.assets[x.asset].keys, b.assets[y.asset].keys);
  }
  EXPECT_EQ(b.scans[0].scope.rules, a.scans[0].scope.rules);
  EXPECT_EQ(b.as_of, a.as_of);
  EXPECT_EQ(b.OpenRisk(), a.OpenRisk());
}

TEST(Snapshot, KeysIgnoreOrderTimestampsOutputAndAddress) {
  const Snapshot a = SnapshotOf("a.nessus", ScanA());
  // The same problems, hosts and items reversed, later timestamps, other
  // plugin output, web01 at another IP address.
  std::string doc = ScanA();
  doc = Nessus(
      "1-65535", Plugins(1000, 1010),
      {{"old01.corp.example", "10.0.0.3", "", true, {{1006, 22, 3, "x"}}},
       {"db01.corp.example", "10.0.0.2", "", true, {{1005, 0}, {1001, 80}}},
       {"web01.corp.example",
        "10.0.0.77",
        "00:11:22:33:44:01",
        true,
        {{1008, 8443},
         {1010, 80},
         {1004, 22, 3, "y"},
         {1003, 0},
         {1002, 443},
         {1001, 80, 3, "z"}}}},
      kJan1 + 9 * kDay);
  const Snapshot b = SnapshotOf("b.nessus", doc);
  std::vector<uint64_t> ka, kb;
  for (const SnapshotFinding& f : a.findings)
    ka.push_back(f.key);
  for (const SnapshotFinding& f : b.findings)
    kb.push_back(f.key);
  EXPECT_EQ(ka, kb);
}

TEST(Snapshot, RefusesANewerVersionAndReadsReports) {
  std::string line =
      "{\"schema\":\"exposure-lens/snapshot/v9\",\"as_of\":\"2026-01-01\"}\n";
  SnapshotReader reader("future.snap");
  // Refused as soon as the header is read; Finish() says it again.
  EXPECT_FALSE(reader.Feed(Zstd(line)).ok());
  Result<Snapshot> s = reader.Finish();
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("future.snap"), std::string::npos);
  EXPECT_NE(s.status().message().find("newer"), std::string::npos);

  // A report of the same scan gives the same keys.
  const Snapshot a = SnapshotOf("a.nessus", ScanA());
  Analyzer analyzer;
  analyzer.SetIntel(GoldenIntel());
  FeedInChunks(&analyzer, "a.nessus", ScanA(), 1000);
  SnapshotReader from_report("report.json");
  ASSERT_TRUE(from_report.Feed(analyzer.ReportJson()).ok());
  Result<Snapshot> r = from_report.Finish();
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->findings.size(), a.findings.size());
  for (size_t i = 0; i < a.findings.size(); ++i) {
    EXPECT_EQ(r->findings[i].key, a.findings[i].key);
    EXPECT_EQ(r->findings[i].problem, a.findings[i].problem);
    EXPECT_EQ(r->findings[i].risk, a.findings[i].risk);
  }
  EXPECT_EQ(r->as_of, a.as_of);
}

// A report that lists one finding twice (not one Exposure Lens wrote; one
// line copied, in the report's layout of a line per finding) reads as its
// distinct findings, as a snapshot file does, so that a snapshot written
// from it reads back the same (found by fuzz_snapshot).
TEST(Snapshot, AReportNamingAFindingTwiceKeepsTheFirst) {
  Analyzer analyzer;
  analyzer.SetIntel(GoldenIntel());
  FeedInChunks(&analyzer, "a.nessus", ScanA(), 1000);
  const std::string report = analyzer.ReportJson();
  const size_t findings = report.find("\"findings\":[\n");
  ASSERT_NE(findings, std::string::npos);
  const size_t first = findings + 13;
  const std::string line =
      report.substr(first, report.find('\n', first) + 1 - first);
  ASSERT_EQ(line.rfind("{\"id\":\"f-", 0), 0u) << line;
  const std::string twice =
      report.substr(0, first) + line + report.substr(first);
  ASSERT_TRUE(nlohmann::json::parse(twice, nullptr, false).is_object());

  SnapshotReader once_reader("once.json");
  ASSERT_TRUE(once_reader.Feed(report).ok());
  Result<Snapshot> once = once_reader.Finish();
  ASSERT_TRUE(once.ok()) << once.status().message();
  SnapshotReader twice_reader("twice.json");
  ASSERT_TRUE(twice_reader.Feed(twice).ok());
  Result<Snapshot> read = twice_reader.Finish();
  ASSERT_TRUE(read.ok()) << read.status().message();
  ASSERT_EQ(read->findings.size(), once->findings.size());
  for (size_t i = 0; i < once->findings.size(); ++i)
    EXPECT_EQ(read->findings[i].key, once->findings[i].key);
  EXPECT_EQ(RoundTrip(*read).findings.size(), read->findings.size());
}

TEST(Diff, ClassifiesKnownChurn) {
  const Snapshot a = RoundTrip(SnapshotOf("a.nessus", ScanA()));
  const Snapshot b = RoundTrip(SnapshotOf("b.nessus", ScanB()));
  const DiffResult d = Diff(a, b);
  const std::multiset<std::string> want = {
      "persisting 1001@web01.corp.example",
      "persisting 1004@web01.corp.example",
      "persisting 1001@db01.corp.example",
      "new 1007@web01.corp.example",
      // Port 443 is in the new range and the host was scanned: fixed.
      "fixed 1002@web01.corp.example",
      // A local check on a host the new scan logged in to: fixed.
      "fixed 1003@web01.corp.example",
      // Out of the new policy, out of the new port range.
      "not_reassessed 1010@web01.corp.example",
      "not_reassessed 1008@web01.corp.example",
      // The new scan of db01 did not log in.
      "not_reassessed 1005@db01.corp.example",
      // old01 was not scanned again.
      "not_reassessed 1006@old01.corp.example",
  };
  EXPECT_EQ(Classes(a, b, d), want);
  EXPECT_NE(
      Find(a, d, DiffClass::kNotReassessed, "1010")->reason.find("policy"),
      std::string::npos);
  EXPECT_NE(Find(a, d, DiffClass::kNotReassessed, "1008")
                ->reason.find("port 8443/tcp is outside"),
            std::string::npos);
  EXPECT_NE(Find(a, d, DiffClass::kNotReassessed, "1005")
                ->reason.find("did not log in"),
            std::string::npos);
  EXPECT_NE(Find(a, d, DiffClass::kNotReassessed, "1006")
                ->reason.find("not in the new scans"),
            std::string::npos);
  // Output text changed: not a change of the finding.
  EXPECT_EQ(d.changed, 0u);
  EXPECT_EQ(Find(a, d, DiffClass::kFixed, "1002")->days_to_fix, 30);
  EXPECT_EQ(d.time_to_fix_all.count, 2u);
  EXPECT_EQ(d.time_to_fix_all.median_tenths, 300);
  EXPECT_EQ(d.open_risk_before, a.OpenRisk());
  EXPECT_EQ(d.open_risk_after, b.OpenRisk());
  // Every finding of either side is in exactly one class.
  size_t old_count = 0, new_count = 0;
  for (int c = 0; c < kDiffClassCount; ++c) {
    for (const DiffEntry& e : d.entries[c]) {
      old_count += e.old != DiffEntry::kNone;
      new_count += e.now != DiffEntry::kNone;
    }
  }
  EXPECT_EQ(old_count, a.findings.size());
  EXPECT_EQ(new_count, b.findings.size());
}

TEST(Diff, AShrunkScopeFixesNothingItDidNotCover) {
  // The same hosts, a scan that covered only 1-100 and no plugin 1004:
  // nothing outside may come out fixed.
  const Snapshot a = SnapshotOf("a.nessus", ScanA());
  const Snapshot b = SnapshotOf(
      "narrow.nessus",
      Nessus("1-100", {1001, 1002, 1003, 1005, 1006, 1007}, {}, kJan1 + kDay));
  const DiffResult d = Diff(a, b);
  EXPECT_TRUE(d.entries[static_cast<int>(DiffClass::kFixed)].empty());
  EXPECT_EQ(d.entries[static_cast<int>(DiffClass::kNotReassessed)].size(),
            a.findings.size());
}

TEST(Diff, FixedThenBackIsReopened) {
  const Snapshot a = SnapshotOf("a.nessus", ScanA());
  const Snapshot b = SnapshotOf("b.nessus", ScanB());
  const Snapshot c = SnapshotOf("c.nessus", ScanC());
  const DiffResult with_history = Diff(b, c, {&a});
  const DiffEntry* back = Find(c, with_history, DiffClass::kReopened, "1002");
  ASSERT_NE(back, nullptr);
  EXPECT_NE(back->reason.find("2026-01-31"), std::string::npos);
  // Without the history it is new.
  const DiffResult without = Diff(b, c);
  EXPECT_NE(Find(c, without, DiffClass::kNew, "1002"), nullptr);
  EXPECT_TRUE(without.entries[static_cast<int>(DiffClass::kReopened)].empty());
}

TEST(Diff, GatesCountNewFindingsOnly) {
  const Snapshot a = SnapshotOf("a.nessus", ScanA());
  const Snapshot b = SnapshotOf("b.nessus", ScanB());
  const DiffResult d = Diff(a, b);
  std::vector<Gate> gates;
  for (const char* expr : {"new:severity>=high", "severity>=high"}) {
    Result<Gate> g = ParseGate(expr);
    ASSERT_TRUE(g.ok());
    gates.push_back(*g);
  }
  const std::vector<uint64_t> counts = CountDiffGateFindings(b, d, gates);
  EXPECT_EQ(counts[0], 1u);  // 1007
  EXPECT_EQ(counts[1], b.findings.size());
}

TEST(Diff, RendersEveryFormat) {
  const Snapshot a = SnapshotOf("a.nessus", ScanA());
  const Snapshot b = SnapshotOf("b.nessus", ScanB());
  const DiffResult d = Diff(a, b);
  for (const char* format : {"json", "csv", "markdown", "html", "table"}) {
    std::string out;
    ASSERT_TRUE(RenderDiff(a, b, d, format, 0, [&](std::string_view p) {
                  out.append(p);
                }).ok());
    EXPECT_NE(out.find("1006"), std::string::npos) << format;
  }
  std::string json;
  ASSERT_TRUE(RenderDiff(a, b, d, "json", 0, [&](std::string_view p) {
                json.append(p);
              }).ok());
  EXPECT_NE(json.find("\"summary\":{\"new\":1,\"persisting\":3,\"changed\":0,"
                      "\"fixed\":2,\"not_reassessed\":4,\"reopened\":0,"),
            std::string::npos)
      << json.substr(0, 800);
  std::string bad;
  EXPECT_FALSE(RenderDiff(a, b, d, "xml", 0, [&](std::string_view p) {
                 bad.append(p);
               }).ok());
}

// Every real export of the shared corpus, compared with itself through
// each way a side can be given: its snapshot written and read back, and
// its JSON report read as a snapshot. Every finding must persist and none
// change: keys, asset matching and the file forms agree on real data of
// every format.
TEST(Diff, EveryCorpusExportPersistsAgainstItself) {
  namespace fs = std::filesystem;
  std::vector<std::string> files;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(CorpusDir(), ec), end;
       !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file() && it->path().extension() != ".md" &&
        it->path().extension() != ".tsv") {
      files.push_back(it->path().string());
    }
  }
  if (files.empty())
    GTEST_SKIP() << "no corpus at " << CorpusDir();
  std::sort(files.begin(), files.end());
  size_t compared = 0;
  for (const std::string& path : files) {
    std::string doc;
    ASSERT_TRUE(testing::ReadFile(path, &doc)) << path;
    Analyzer analyzer;
    analyzer.SetIntel(GoldenIntel());
    FeedInChunks(&analyzer, path, doc, 1 << 16);
    if (analyzer.store().inputs().back().format.empty())
      continue;  // not a supported format
    const Assessment assessment = analyzer.Assess();
    const Plan plan = analyzer.MakePlan(assessment);
    const Snapshot fresh = MakeSnapshot(analyzer.store(), assessment, plan);
    const Snapshot written = RoundTrip(fresh);
    SnapshotReader from_report(path + ".json");
    ASSERT_TRUE(from_report.Feed(analyzer.ReportJson()).ok()) << path;
    Result<Snapshot> report = from_report.Finish();
    ASSERT_TRUE(report.ok()) << path << ": " << report.status().message();
    const Snapshot* read_report = &*report;
    for (const Snapshot* old_side : {&written, read_report}) {
      const DiffResult d = Diff(*old_side, fresh);
      EXPECT_EQ(d.entries[static_cast<int>(DiffClass::kPersisting)].size(),
                fresh.findings.size())
          << path << (old_side == &written ? " (snapshot)" : " (report)");
      EXPECT_EQ(d.changed, 0u) << path;
    }
    ++compared;
  }
  EXPECT_GT(compared, 250u);
}

TEST(Trend, FollowsTheSeriesInDateOrder) {
  const Snapshot a = SnapshotOf("a.nessus", ScanA());
  const Snapshot b = SnapshotOf("b.nessus", ScanB());
  const Snapshot c = SnapshotOf("c.nessus", ScanC());
  const std::vector<TrendPoint> t = Trend({&c, &a, &b});
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[0].as_of, "2026-01-01");
  EXPECT_EQ(t[2].as_of, "2026-03-02");
  EXPECT_FALSE(t[0].has_previous);
  EXPECT_EQ(t[0].open, 9u);
  EXPECT_EQ(t[1].new_findings, 1u);
  EXPECT_EQ(t[1].fixed, 2u);
  EXPECT_EQ(t[2].reopened, 1u);
  EXPECT_EQ(t[2].new_findings, 0u);
  // 1001 and 1004 on web01 were first seen on day 0: 60 days old at C.
  EXPECT_EQ(t[2].backlog_age[1], 3u);  // 1001@web01, 1004, 1001@db01
  std::string html;
  ASSERT_TRUE(
      RenderTrend(t, "html", [&](std::string_view p) { html.append(p); }).ok());
  EXPECT_NE(html.find("<polyline"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
}

}  // namespace
}  // namespace exposure
