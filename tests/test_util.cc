#include "tests/test_util.h"

#include <cstdlib>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include <zlib.h>
#include <zstd.h>
#include <nlohmann/json.hpp>

namespace exposure::testing {

std::string Gzip(std::string_view data, int level) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, level, Z_DEFLATED, 16 + MAX_WBITS, 8,
                         Z_DEFAULT_STRATEGY),
            Z_OK);
  std::string out(deflateBound(&z, data.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string Zstd(std::string_view data, int level) {
  std::string out(ZSTD_compressBound(data.size()), '\0');
  size_t n =
      ZSTD_compress(out.data(), out.size(), data.data(), data.size(), level);
  EXPECT_FALSE(ZSTD_isError(n));
  out.resize(ZSTD_isError(n) ? 0 : n);
  return out;
}

namespace {

// A MemorySpill that tells its owner how much was written to it.
class CountingSpill : public MemorySpill {
 public:
  explicit CountingSpill(uint64_t* peak) : peak_(peak) {}
  Result<uint64_t> Append(std::string_view bytes) override {
    Result<uint64_t> at = MemorySpill::Append(bytes);
    if (peak_ != nullptr && size() > *peak_)
      *peak_ = size();
    return at;
  }

 private:
  uint64_t* peak_;
};

using Json = nlohmann::ordered_json;

// `from`'s members named in `keys` that it has, in `keys`' order (which is
// the report's).
Json Pick(const Json& from, std::initializer_list<const char*> keys) {
  Json out = Json::object();
  for (const char* k : keys) {
    auto it = from.find(k);
    if (it != from.end())
      out[k] = *it;
  }
  return out;
}

// The full report cut down to what ReportDetail::kTable documents.
Json TableOf(const Json& full) {
  Json out = Json::object();
  out["schema"] = full["schema"];
  out["detail"] = "table";
  for (const char* k : {"tool", "inputs", "summary", "coverage"})
    out[k] = full[k];
  Json& assets = out["assets"] = Json::array();
  for (const Json& a : full["assets"]) {
    assets.push_back(
        Pick(a, {"id", "name", "kind", "identity", "in_inventory", "scanned_by",
                 "last_scanned", "gaps", "owner", "business_unit",
                 "environment", "site", "criticality", "exposure", "risk",
                 "findings", "max_severity"}));
  }
  Json& priorities = out["priorities"] = Json::array();
  for (const Json& p : full["priorities"]) {
    Json risk = Pick(p["risk"], {"score", "factors"});
    Json q = Pick(p, {"id"});
    q["risk"] = risk;
    priorities.push_back(q);
  }
  Json& findings = out["findings"] = Json::array();
  for (const Json& f : full["findings"]) {
    Json g = Pick(f, {"id",         "asset",   "source",
                      "rule_id",    "title",   "severity",
                      "status",     "triage",  "decision_expired",
                      "kev",        "epss",    "epss_percentile",
                      "validation", "risk",    "attack_path",
                      "decision",   "due",     "priority",
                      "exposure",   "action",  "cves",
                      "component",  "port",    "protocol",
                      "service",    "location"});
    g["source"] = Pick(f["source"], {"format", "input"});
    g["validation"] = Pick(f["validation"], {"level", "label"});
    if (g.contains("component")) {
      g["component"] =
          Pick(f["component"], {"name", "installed", "fixed", "path"});
    }
    findings.push_back(g);
  }
  Json& exposures = out["exposures"] = Json::array();
  for (const Json& e : full["exposures"]) {
    exposures.push_back(
        Pick(e, {"id", "asset", "cves", "aliases", "rule", "place", "severity",
                 "risk", "priority", "sources", "findings"}));
  }
  out["actions"] = full["actions"];
  for (const char* k : {"graph", "paths", "choke_points", "fix_set"}) {
    if (full.contains(k))
      out[k] = full[k];
  }
  return out;
}

// The report `a` streams, or "report failed: ..." (which no golden holds).
std::string StreamedReport(const Analyzer& a,
                           ReportDetail detail,
                           ReportLayout layout = ReportLayout::kLines) {
  std::string out;
  Status s = a.WriteReportJson([&out](std::string_view p) { out.append(p); },
                               detail, layout);
  if (!s.ok())
    return "report failed: " + s.message();
  return out;
}

}  // namespace

std::string TableReportFor(const std::string& name, std::string_view data) {
  Analyzer a;
  FeedInChunks(&a, name, data, 64 * 1024);
  return StreamedReport(a, ReportDetail::kTable);
}

::testing::AssertionResult IsTableOf(const std::string& table,
                                     const std::string& full) {
  if (table.empty() || table.back() != '\n')
    return ::testing::AssertionFailure() << "a table report ends in a newline";
  // The layout of JsonWriter::Style::kLines: each element of a root array on
  // a line of its own (a trailing comma aside), the other lines together
  // the root object with those arrays empty.
  std::string rest;
  std::vector<std::pair<size_t, Json>> elements;  // after rest's byte n
  size_t line_no = 0;
  for (size_t at = 0; at < table.size();) {
    const size_t end = table.find('\n', at);
    std::string line = table.substr(at, end - at);
    at = end + 1;
    ++line_no;
    if (line_no > 1 && !line.empty() && line[0] != ']') {
      if (line.back() == ',')
        line.pop_back();
      Json e = Json::parse(line, nullptr, false);
      if (e.is_discarded()) {
        return ::testing::AssertionFailure()
               << "line " << line_no
               << " is not one element: " << line.substr(0, 200);
      }
      elements.emplace_back(rest.size(), std::move(e));
      continue;
    }
    rest += line;
  }
  Json got = Json::parse(rest, nullptr, false);
  if (got.is_discarded()) {
    return ::testing::AssertionFailure()
           << "the lines between the elements are not the root object: "
           << rest.substr(0, 400);
  }
  for (const auto& [key, value] : got.items()) {
    if (value.is_array() && !value.empty()) {
      return ::testing::AssertionFailure()
             << "the elements of \"" << key << "\" are not one per line";
    }
  }
  // Put each element back into the array whose '[' ends the text before it.
  for (auto& [offset, element] : elements) {
    const size_t open = rest.rfind("\":[", offset);
    const size_t quote = rest.rfind('"', open - 1);
    if (open == std::string::npos || quote == std::string::npos)
      return ::testing::AssertionFailure() << "an element outside any array";
    got[rest.substr(quote + 1, open - quote - 1)].push_back(std::move(element));
  }
  Json want = TableOf(Json::parse(full));
  if (got != want) {
    return ::testing::AssertionFailure()
           << "the table report is not the full report's subset: "
           << Json::diff(got, want).dump().substr(0, 600) << "\n  got  "
           << got.dump().substr(0, 2000) << "\n  want "
           << want.dump().substr(0, 2000);
  }
  return ::testing::AssertionSuccess();
}

std::string SpilledReportFor(const std::string& name,
                             std::string_view data,
                             size_t budget,
                             uint64_t* spilled) {
  if (spilled != nullptr)
    *spilled = 0;
  Analyzer a;
  a.SetSpill(std::make_unique<CountingSpill>(spilled), budget);
  FeedInChunks(&a, name, data, 64 * 1024);
  return StreamedReport(a, ReportDetail::kFull);
}

const IntelLookup& GoldenIntel() {
  struct Loaded {
    IntelLookup lookup;
    std::string failure;
  };
  static const Loaded loaded = [] {
    const std::string path = SourceDir() + "/tests/fixtures/intel/golden.intel";
    Loaded l;
    std::string bytes;
    IntelBundle bundle;
    if (!ReadFile(path, &bytes)) {
      l.failure = "cannot read " + path;
    } else if (Result<IntelBundle> b = IntelBundle::Parse(bytes, path);
               !b.ok()) {
      l.failure = path + ": " + b.status().message();
    } else {
      bundle = std::move(*b);
    }
    l.lookup =
        IntelLookupIn(std::make_shared<const IntelBundle>(std::move(bundle)));
    return l;
  }();
  if (!loaded.failure.empty())
    ADD_FAILURE() << "the golden intel bundle: " << loaded.failure;
  return loaded.lookup;
}

GoldenReports MakeGoldenReports(const std::string& report_name,
                                std::string_view data,
                                const IntelLookup& intel) {
  GoldenReports out;
  {
    Analyzer a;
    a.SetIntel(intel);
    FeedInChunks(&a, report_name, data, 64 * 1024);
    out.full = a.ReportJson(ReportLayout::kIndented);
    out.table = StreamedReport(a, ReportDetail::kTable);
    out.lines = a.ReportJson();
  }
  Analyzer spilling;
  spilling.SetIntel(intel);
  spilling.SetSpill(std::make_unique<CountingSpill>(nullptr), 64 * 1024);
  FeedInChunks(&spilling, report_name, data, 64 * 1024);
  out.spilled =
      StreamedReport(spilling, ReportDetail::kFull, ReportLayout::kIndented);
  return out;
}

std::string StripJsonSpace(std::string_view json) {
  std::string out;
  out.reserve(json.size());
  bool in_string = false;
  for (size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (in_string) {
      out += c;
      if (c == '\\' && i + 1 < json.size()) {
        out += json[++i];
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
      out += c;
    } else if (c != ' ' && c != '\n' && c != '\t' && c != '\r') {
      out += c;
    }
  }
  return out;
}

::testing::AssertionResult MatchesGolden(const std::string& input_path,
                                         const std::string& report_name,
                                         const std::string& golden_rel) {
  std::string data;
  if (!ReadFile(input_path, &data)) {
    return ::testing::AssertionFailure() << "cannot read " << input_path;
  }
  const GoldenReports reports =
      MakeGoldenReports(report_name, data, GoldenIntel());
  const std::string& report = reports.full;
  if (reports.spilled != report) {
    return ::testing::AssertionFailure()
           << "the report of " << input_path
           << " differs when spilling with a 64 KiB budget";
  }
  if (StripJsonSpace(reports.lines) != StripJsonSpace(report)) {
    return ::testing::AssertionFailure()
           << "the report of " << input_path
           << " has other values in its default layout than indented";
  }
  ::testing::AssertionResult table = IsTableOf(reports.table, report);
  if (!table)
    return table << " (" << input_path << ")";
  std::string golden_path = SourceDir() + "/tests/golden/" + golden_rel;
  const char* update = std::getenv("EXPOSURE_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    if (!WriteFile(golden_path, report)) {
      return ::testing::AssertionFailure() << "cannot write " << golden_path;
    }
    return ::testing::AssertionSuccess();
  }
  std::string golden;
  if (!ReadFile(golden_path, &golden)) {
    return ::testing::AssertionFailure()
           << "missing golden file " << golden_path
           << " (run with EXPOSURE_UPDATE_GOLDEN=1 to create it)";
  }
  if (golden != report) {
    // Point at the first differing line to keep failures readable.
    size_t i = 0;
    while (i < golden.size() && i < report.size() && golden[i] == report[i]) {
      ++i;
    }
    size_t line = 1;
    for (size_t k = 0; k < i; ++k)
      line += golden[k] == '\n';
    return ::testing::AssertionFailure()
           << golden_rel << " differs from the report of " << input_path
           << " at line " << line << " (EXPOSURE_UPDATE_GOLDEN=1 rewrites it)";
  }
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult SameReportForAnyChunking(const std::string& path) {
  std::string data;
  if (!ReadFile(path, &data))
    return ::testing::AssertionFailure() << "cannot read " << path;
  std::string whole = ReportFor("input", data, data.size());
  for (size_t chunk : {1, 7, 4096}) {
    if (ReportFor("input", data, chunk) != whole) {
      return ::testing::AssertionFailure()
             << path << ": the report differs when fed in chunks of " << chunk
             << " bytes";
    }
  }
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult ImportsAs(const std::string& path,
                                     const std::string& format,
                                     size_t findings) {
  std::string data;
  if (!ReadFile(path, &data))
    return ::testing::AssertionFailure() << "cannot read " << path;
  std::string name = path.substr(path.rfind('/') + 1);
  Analyzer a;
  FeedInChunks(&a, name, data, 4096);
  const Input& in = a.store().inputs().at(0);
  if (in.format != format) {
    return ::testing::AssertionFailure() << name << " read as \"" << in.format
                                         << "\", not \"" << format << "\"";
  }
  if (!in.errors.empty()) {
    return ::testing::AssertionFailure() << name << ": " << in.errors[0].message
                                         << " at " << in.errors[0].location;
  }
  if (in.findings != findings) {
    return ::testing::AssertionFailure()
           << name << " gives " << in.findings << " findings, not " << findings;
  }
  return ::testing::AssertionSuccess();
}

EvidenceCount CountEvidence(const std::string& path,
                            const std::string& format,
                            uint16_t flags) {
  EvidenceCount out;
  std::string data;
  if (!ReadFile(path, &data)) {
    ADD_FAILURE() << "cannot read " << path;
    return out;
  }
  Analyzer a;
  FeedInChunks(&a, path.substr(path.rfind('/') + 1), data, 4096);
  const Input& in = a.store().inputs().at(0);
  if (in.format != format || !in.errors.empty()) {
    ADD_FAILURE() << path << " read as \"" << in.format << "\""
                  << (in.errors.empty() ? "" : ": " + in.errors[0].message);
    return out;
  }
  for (const Finding& f : a.store().findings()) {
    ++out.findings;
    if ((f.evidence_flags & flags) == flags)
      ++out.with;
    if (f.status == FindingStatus::kFalsePositive)
      ++out.false_positives;
  }
  return out;
}

}  // namespace exposure::testing
