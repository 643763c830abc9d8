// The contract every importer owes (docs/importers.md), checked on each of
// its inputs instead of in a copy per format: the golden report, the same
// report for every chunking, a file cut short keeping every record read
// whole, and no other sniffer accepting the file.
//
// The inputs are listed in tests/golden/inputs.tsv (format, golden, input),
// and every file under tests/fixtures/<format id>/ is an input of that
// format too. Every registered importer must have at least one input, so a
// new line in core/importers/registry.cc fails here until it has one, and
// then gets every check below for free.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <ostream>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/app/analyzer.h"
#include "core/correlate/finding_table.h"
#include "core/importers/importer.h"
#include "core/intel/intel_builder.h"
#include "tests/test_util.h"

namespace exposure {
namespace {

using testing::ReadFile;
using testing::SourceDir;

struct Case {
  std::string format;  // the importer that must read it
  std::string golden;  // under tests/golden/<format>/; "" for none
  std::string input;   // relative to the source directory
  std::string name;    // the test's parameter name
};

// Test names say which input; the default would print the struct's bytes.
void PrintTo(const Case& c, std::ostream* os) {
  *os << c.input;
}

std::string Basename(const std::string& path) {
  return path.substr(path.rfind('/') + 1);
}

// Problems found while reading the table, reported by a test of their own
// (the cases are loaded before any test runs).
std::vector<std::string>& TableProblems() {
  static std::vector<std::string> problems;
  return problems;
}

std::string ParamName(const std::string& format, const std::string& input) {
  // The input's path below the corpus, tests/fixtures or the source root
  // keeps names unique (two formats' many_vuln.json).
  std::string rel = input;
  for (const char* root : {"../shared/corpus/", "tests/fixtures/"}) {
    if (rel.rfind(root, 0) == 0)
      rel = rel.substr(std::string_view(root).size());
  }
  std::string name = format + "__";
  for (char c : rel) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                       (c >= '0' && c <= '9');
    name += alnum ? c : '_';
  }
  return name;
}

std::vector<Case> LoadCases() {
  std::vector<Case> cases;
  std::set<std::string> inputs;
  const std::string table = SourceDir() + "/tests/golden/inputs.tsv";
  std::ifstream in(table);
  if (!in)
    TableProblems().push_back("cannot read " + table);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#')
      continue;
    std::vector<std::string> f;
    std::stringstream ss(line);
    for (std::string cell; std::getline(ss, cell, '\t');)
      f.push_back(cell);
    if (f.size() != 3) {
      TableProblems().push_back("inputs.tsv: not 3 columns: " + line);
      continue;
    }
    if (!inputs.insert(f[2]).second) {
      TableProblems().push_back("inputs.tsv: listed twice: " + f[2]);
      continue;
    }
    cases.push_back(
        {f[0], f[1] == "-" ? "" : f[1], f[2], ParamName(f[0], f[2])});
  }
  // Hand-written samples are inputs of the format their folder names.
  namespace fs = std::filesystem;
  std::error_code ec;
  std::vector<Case> fixtures;
  for (const ImporterSpec& spec : Importers()) {
    const fs::path dir = fs::path(testing::FixtureDir()) / spec.id;
    if (!fs::is_directory(dir, ec))
      continue;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      // A folder's README says where its samples' shapes come from.
      if (!entry.is_regular_file() || entry.path().extension() == ".md")
        continue;
      std::string rel = std::string("tests/fixtures/") + spec.id + "/" +
                        entry.path().filename().string();
      if (inputs.insert(rel).second)
        fixtures.push_back({spec.id, "", rel, ParamName(spec.id, rel)});
    }
  }
  std::sort(fixtures.begin(), fixtures.end(),
            [](const Case& a, const Case& b) { return a.input < b.input; });
  cases.insert(cases.end(), fixtures.begin(), fixtures.end());
  return cases;
}

const std::vector<Case>& AllCases() {
  static const std::vector<Case> cases = LoadCases();
  return cases;
}

std::vector<Case> GoldenCases() {
  std::vector<Case> out;
  for (const Case& c : AllCases()) {
    if (!c.golden.empty())
      out.push_back(c);
  }
  return out;
}

std::string ReadInput(const Case& c) {
  std::string data;
  EXPECT_TRUE(ReadFile(SourceDir() + "/" + c.input, &data))
      << "cannot read " << c.input;
  return data;
}

// ---- the registry and the table -------------------------------------------

TEST(Conformance, InputsTableIsWellFormed) {
  for (const std::string& problem : TableProblems())
    ADD_FAILURE() << problem;
  for (const Case& c : AllCases()) {
    EXPECT_NE(FindImporter(c.format), nullptr)
        << c.input << ": no importer \"" << c.format << "\"";
  }
}

TEST(Conformance, EveryImporterHasAnInput) {
  std::set<std::string> covered;
  for (const Case& c : AllCases())
    covered.insert(c.format);
  for (const ImporterSpec& spec : Importers()) {
    EXPECT_EQ(covered.count(spec.id), 1u)
        << "importer \"" << spec.id
        << "\" has no input: add a line to tests/golden/inputs.tsv or a "
           "sample under tests/fixtures/"
        << spec.id << "/";
  }
}

// A golden nobody checks would go stale unnoticed.
TEST(Conformance, EveryGoldenIsListed) {
  namespace fs = std::filesystem;
  std::set<std::string> listed;
  for (const Case& c : AllCases()) {
    if (!c.golden.empty())
      listed.insert(c.format + "/" + c.golden);
  }
  const fs::path root = SourceDir() + "/tests/golden";
  size_t goldens = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".json")
      continue;
    const std::string rel = fs::relative(entry.path(), root).generic_string();
    // The exports' goldens are export_golden_test.cc's, and the VEX
    // analyses' (several inputs) vex_test.cc's, not an importer's.
    if (rel.rfind("exports/", 0) == 0 || rel.rfind("vex/", 0) == 0)
      continue;
    ++goldens;
    EXPECT_EQ(listed.count(rel), 1u)
        << "tests/golden/" << rel
        << " is not in tests/golden/inputs.tsv (no test reads it)";
  }
  EXPECT_GE(goldens, listed.size());
}

// docs/importers.md: two sniffers must never both accept the same corpus
// file. The registry's order would hide such a pair, so every sniffer is
// asked about every export the tests know.
TEST(Conformance, NoFileIsAcceptedByTwoSniffers) {
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  for (const std::string& dir : {testing::CorpusDir(), testing::FixtureDir(),
                                 SourceDir() + "/examples"}) {
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
      if (entry.is_regular_file())
        files.push_back(entry.path());
    }
  }
  ASSERT_GT(files.size(), 300u);
  for (const fs::path& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::string head(kSniffBytes + 1, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<size_t>(in.gcount()));
    const bool complete = head.size() <= kSniffBytes;
    head.resize(std::min(head.size(), kSniffBytes));
    std::vector<std::string> accepted;
    for (const ImporterSpec& spec : Importers()) {
      if (spec.sniff(head, complete))
        accepted.push_back(spec.id);
    }
    EXPECT_LE(accepted.size(), 1u) << file.string() << " is accepted by "
                                   << accepted[0] << " and " << accepted[1];
  }
}

// The golden helper assesses with the pinned bundle it is given, never with
// the built-in one: made with other intel (KEV and EPSS from the small
// fixtures, standing in for a refreshed data/intel/default.intel), all three
// of its reports follow that intel and so differ from the golden. Were one
// of them made with the built-in bundle, it would disagree with the others.
TEST(Conformance, GoldenReportsFollowTheIntelTheyAreGiven) {
  const std::string intel_dir = testing::FixtureDir() + "/intel/";
  std::string kev, epss, input, golden;
  ASSERT_TRUE(ReadFile(intel_dir + "kev-small.json", &kev));
  ASSERT_TRUE(ReadFile(intel_dir + "epss-small.csv", &epss));
  ASSERT_TRUE(ReadFile(SourceDir() + "/examples/host-scan.nessus", &input));
  ASSERT_TRUE(
      ReadFile(SourceDir() + "/tests/golden/nessus/host-scan.json", &golden));
  IntelBuilder builder;
  ASSERT_TRUE(builder.AddKev(kev).ok());
  ASSERT_TRUE(builder.AddEpss(epss).ok());
  Result<std::string> bytes = builder.Build(false);
  ASSERT_TRUE(bytes.ok());
  Result<IntelBundle> other = IntelBundle::Parse(*bytes, "other");
  ASSERT_TRUE(other.ok());
  size_t lookups = 0;
  const IntelLookup inner =
      IntelLookupIn(std::make_shared<const IntelBundle>(std::move(*other)));
  const IntelLookup counting = [&](std::string_view cve) {
    ++lookups;
    return inner(cve);
  };
  const testing::GoldenReports reports =
      testing::MakeGoldenReports("host-scan.nessus", input, counting);
  EXPECT_GT(lookups, 0u);
  EXPECT_NE(reports.full, golden) << "this input's report does not depend "
                                     "on intel: choose one that does";
  EXPECT_EQ(reports.spilled, reports.full);
  EXPECT_TRUE(testing::IsTableOf(reports.table, reports.full));
  // And with the pinned bundle they are the golden.
  EXPECT_EQ(testing::MakeGoldenReports("host-scan.nessus", input,
                                       testing::GoldenIntel())
                .full,
            golden);
}

// ---- per input ------------------------------------------------------------

class GoldenInput : public ::testing::TestWithParam<Case> {};

TEST_P(GoldenInput, MatchesItsGolden) {
  const Case& c = GetParam();
  EXPECT_TRUE(testing::MatchesGolden(SourceDir() + "/" + c.input,
                                     Basename(c.input),
                                     c.format + "/" + c.golden));
}

class ImporterInput : public ::testing::TestWithParam<Case> {};

// Exactly the expected sniffer accepts the file (the registry's order must
// not be what picks the importer), and its importer reads it whole.
TEST_P(ImporterInput, IsReadByItsImporterAlone) {
  const Case& c = GetParam();
  const std::string data = ReadInput(c);
  const bool complete = data.size() <= kSniffBytes;
  const std::string_view head = std::string_view(data).substr(0, kSniffBytes);
  std::vector<std::string> accepted;
  for (const ImporterSpec& spec : Importers()) {
    if (spec.sniff(head, complete))
      accepted.push_back(spec.id);
  }
  EXPECT_EQ(accepted, std::vector<std::string>{c.format});
  Analyzer a;
  testing::FeedInChunks(&a, Basename(c.input), data, 1 << 20);
  const Input& in = a.store().inputs().at(0);
  EXPECT_EQ(in.format, c.format);
  EXPECT_TRUE(in.errors.empty()) << in.errors[0].message;
  EXPECT_FALSE(in.partial);
}

TEST_P(ImporterInput, SameReportForEveryChunking) {
  const Case& c = GetParam();
  const std::string data = ReadInput(c);
  const std::string whole = testing::ReportFor("input", data, data.size() + 1);
  for (size_t chunk : {size_t{1}, size_t{7}, size_t{4096}}) {
    EXPECT_TRUE(testing::ReportFor("input", data, chunk) == whole)
        << "the report differs when fed in chunks of " << chunk << " bytes";
  }
}

// What identifies a finding as the record it was read from, leaving out
// what a format may give only later in the file: the asset (a Grype match's
// comes after the matches), the title and severity (a Nexpose test's come
// with the definitions after the nodes), the location and path (a Snyk
// project's target file follows its vulnerabilities). A truncated file's
// findings are compared with the whole file's by it.
std::string RecordKey(const Finding& f) {
  std::string key;
  for (const std::string* part :
       {&f.format, &f.rule_id, &f.protocol, &f.component.name,
        &f.component.installed, &f.evidence}) {
    key += *part;
    key += '\x1f';
  }
  key += std::to_string(f.port);
  return key;
}

std::string CutUnit(const Finding& f);

using Keys = std::map<std::string, size_t>;  // a multiset of RecordKeys

struct Imported {
  Input input;
  Keys keys;
  std::string last;                         // the key of the finding added last
  std::map<std::string, std::string> unit;  // key -> CutUnit
};

// Imports `data` as one more input of `a`: one analyzer serves every cut of
// a file, as an analyzer takes many inputs, each with an importer of its own
// (a new analyzer per cut cost most of the time).
Imported Import(Analyzer* a, const std::string& name, std::string_view data) {
  const size_t first = a->store().findings().size();
  a->BeginFile(name);
  a->Feed(data);
  a->EndFile();
  Imported out;
  out.input = a->store().inputs().back();
  const FindingTable& table = a->store().findings();
  FindingTable::Reader reader(table);
  for (size_t i = first; i < table.size(); ++i) {
    const Finding& f = reader.Read(i);
    out.last = RecordKey(f);
    ++out.keys[out.last];
    out.unit.emplace(out.last, CutUnit(f));
  }
  return out;
}

// The keys of `small` missing from `big` (counted), or "".
std::string Missing(const Keys& small, const Keys& big) {
  std::string out;
  for (const auto& [key, n] : small) {
    auto it = big.find(key);
    if (it == big.end() || it->second < n) {
      std::string shown = key;
      std::replace(shown.begin(), shown.end(), '\x1f', '|');
      out += "\n    " + shown.substr(0, 200);
    }
  }
  return out;
}

// Where the root of a JSON or XML document is closed: the byte offset of
// the last `}` or `]` of a single JSON value, or of the end tag of the XML
// root element; npos for anything else (CSV, JSON lines). Cut there, every
// record and every container but the root has been read whole.
size_t RootCloser(std::string_view data) {
  size_t last = data.find_last_not_of(" \t\r\n");
  size_t first = data.find_first_not_of(" \t\r\n");
  if (data.substr(0, 3) == "\xEF\xBB\xBF")
    first = data.find_first_not_of(" \t\r\n", 3);
  if (first == std::string_view::npos)
    return std::string_view::npos;
  if (data[first] == '{' || data[first] == '[') {
    // The value that opens at `first` must close at `last`.
    int depth = 0;
    bool in_string = false;
    for (size_t i = first; i <= last; ++i) {
      const char c = data[i];
      if (in_string) {
        if (c == '\\')
          ++i;
        else if (c == '"')
          in_string = false;
      } else if (c == '"') {
        in_string = true;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if ((c == '}' || c == ']') && --depth == 0) {
        return i == last ? i : std::string_view::npos;
      }
    }
    return std::string_view::npos;
  }
  if (data[first] != '<' || data[last] != '>')
    return std::string_view::npos;
  // The root is the first element that is not a declaration, processing
  // instruction or comment.
  size_t at = first;
  while (at != std::string_view::npos &&
         (data.substr(at, 2) == "<?" || data.substr(at, 2) == "<!")) {
    const size_t end = data.substr(at, 4) == "<!--" ? data.find("-->", at)
                                                    : data.find('>', at);
    at = end == std::string_view::npos ? end : data.find('<', end);
  }
  if (at == std::string_view::npos)
    return at;
  const size_t name_end = data.find_first_of(" \t\r\n/>", at + 1);
  const std::string close =
      "</" + std::string(data.substr(at + 1, name_end - at - 1));
  const size_t tag = data.rfind(close, last);
  if (tag == std::string_view::npos ||
      data.find_first_not_of(" \t\r\n", tag + close.size()) != last) {
    return std::string_view::npos;
  }
  return tag;
}

// Where to cut `n` bytes: everywhere in a small file; evenly spread in a
// larger one, fewer the larger it is, so that each input costs about the
// same (about a MB read in all).
std::vector<size_t> Cuts(size_t n) {
  std::vector<size_t> cuts;
  if (n <= 2048) {
    for (size_t c = 1; c < n; ++c)
      cuts.push_back(c);
    return cuts;
  }
  const size_t count = std::clamp<size_t>((size_t{2} << 20) / n, 8, 100);
  for (size_t i = 1; i <= count; ++i)
    cuts.push_back(i * n / (count + 1));
  return cuts;
}

// Whether the one error of input `in` (not partial) is a record left out
// (ImportSink::AddRecordError): a format whose records must have some
// values leaves out the record a cut leaves without them, and reading
// ends cleanly.
bool LeftOutCutRecord(const Input& in,
                      const std::string& name,
                      const std::string& format) {
  return !in.partial && in.errors.size() == 1 &&
         in.errors[0].message.rfind(name + ": " + format + ": ", 0) == 0 &&
         in.errors[0].message.find(" left out: ") != std::string::npos &&
         !in.errors[0].location.empty();
}

// A file cut short keeps every record read whole: whatever the cut, the
// input ends cleanly (but for the record cut in half, which a format may
// leave out with a located error) or is marked partial with one located
// error, and it gives a subset of the whole file's findings that only
// grows as the cut moves on; cut where the root of a JSON or XML document
// closes, it gives them all. A cut that ends cleanly may leave one record
// cut in half that reads as whole (a CSV row cut between two fields): the
// finding added last then need not be the whole file's, nor be kept by a
// later cut (which may end inside that record, with an error).
TEST_P(ImporterInput, TruncationKeepsEveryRecordReadWhole) {
  const Case& c = GetParam();
  const std::string data = ReadInput(c);
  const std::string name = Basename(c.input);
  Analyzer a;
  const Imported whole = Import(&a, name, data);
  ASSERT_TRUE(whole.input.errors.empty());

  std::vector<size_t> cuts = Cuts(data.size());
  // Inputs whose root is their one record (an ASFF finding on its own):
  // cut before the root closes, that record is cut in half.
  static const std::set<std::string> kRootIsTheRecord = {
      "tests/fixtures/asff/guardduty-single-finding.json"};
  const size_t tail = kRootIsTheRecord.count(c.input) != 0
                          ? std::string_view::npos
                          : RootCloser(data);
  if (tail != std::string_view::npos)
    cuts.push_back(tail);
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());

  Keys before;
  size_t before_cut = 0;
  int failures = 0;
  for (size_t cut : cuts) {
    if (failures >= 3)
      break;  // the first few say enough
    Imported part = Import(&a, name, std::string_view(data).substr(0, cut));
    const Input& in = part.input;
    const std::string at = name + " cut at byte " + std::to_string(cut) +
                           " of " + std::to_string(data.size());
    ::testing::AssertionResult ok = ::testing::AssertionSuccess();
    bool maybe_cut_record = false;
    if (in.format.empty()) {
      // Too little for any sniffer: nothing is read.
      if (cut >= kSniffBytes || !part.keys.empty())
        ok = ::testing::AssertionFailure() << "not recognised";
    } else if (in.format != c.format) {
      // Cut before the sniffers see what tells two formats apart, a head
      // may read as the other one; its findings say nothing of this
      // importer.
      if (cut >= kSniffBytes)
        ok = ::testing::AssertionFailure() << "read as " << in.format;
      else
        continue;
    } else if (!in.errors.empty() &&
               (in.partial || !LeftOutCutRecord(in, name, c.format))) {
      const std::string prefix = name + ": " + c.format + ": ";
      if (in.errors.size() != 1 || !in.partial ||
          in.errors[0].message.rfind(prefix, 0) != 0 ||
          in.errors[0].location.empty()) {
        ok = ::testing::AssertionFailure()
             << in.errors.size() << " errors, partial " << in.partial
             << ", the first \"" << in.errors[0].message << "\" at \""
             << in.errors[0].location << "\"";
      }
    } else if (in.partial) {
      ok = ::testing::AssertionFailure() << "partial without an error";
    } else if (!part.keys.empty()) {
      // Ended cleanly: the record added last may be one cut in half that
      // reads as whole. Unlike the whole file's, it is left out; like it,
      // it is compared but later cuts need not keep it (they may end
      // inside it, with an error).
      auto it = whole.keys.find(part.last);
      size_t& n = part.keys[part.last];
      if (it == whole.keys.end() || it->second < n) {
        if (--n == 0)
          part.keys.erase(part.last);
      } else {
        maybe_cut_record = true;
      }
    }
    if (ok) {
      if (std::string m = Missing(part.keys, whole.keys); !m.empty()) {
        ok = ::testing::AssertionFailure()
             << "findings the whole file does not have:" << m;
      } else if (std::string l = Missing(before, part.keys); !l.empty()) {
        ok = ::testing::AssertionFailure()
             << "lost findings the cut at " << before_cut << " kept:" << l;
      } else if (cut == tail && part.keys != whole.keys) {
        ok = ::testing::AssertionFailure()
             << "with only its root left open, it keeps "
             << whole.input.findings - in.findings << " findings fewer than "
             << whole.input.findings;
      }
    }
    if (!ok) {
      ADD_FAILURE() << at << ": " << ok.message();
      ++failures;
      continue;
    }
    before = std::move(part.keys);
    before_cut = cut;
    if (maybe_cut_record && --before[part.last] == 0)
      before.erase(part.last);
  }
}

// A place to cut a document right after an element, and what closes every
// element still open there, innermost first.
struct Boundary {
  size_t at;
  std::string closers;
};

// After every object that is an element of an array, inside the root.
std::vector<Boundary> JsonBoundaries(std::string_view data) {
  std::vector<Boundary> out;
  std::string open;  // '{' or '[' per open container
  bool in_string = false;
  for (size_t i = 0; i < data.size(); ++i) {
    const char c = data[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      open += c;
    } else if (c == '}' || c == ']') {
      if (open.empty())
        break;
      open.pop_back();
      if (c == '}' && !open.empty() && open.back() == '[') {
        std::string closers;
        for (auto it = open.rbegin(); it != open.rend(); ++it)
          closers += *it == '[' ? ']' : '}';
        out.push_back({i + 1, std::move(closers)});
      }
    }
  }
  return out;
}

// After every element below the root that ends (an end tag or an empty
// element).
std::vector<Boundary> XmlBoundaries(std::string_view data) {
  std::vector<Boundary> out;
  std::vector<std::string_view> open;
  auto closers = [&open] {
    std::string s;
    for (auto it = open.rbegin(); it != open.rend(); ++it)
      s += "</" + std::string(*it) + ">";
    return s;
  };
  for (size_t i = data.find('<'); i != std::string_view::npos;
       i = data.find('<', i)) {
    const std::string_view rest = data.substr(i);
    size_t end;
    if (rest.substr(0, 4) == "<!--") {
      end = data.find("-->", i);
      end = end == std::string_view::npos ? end : end + 3;
    } else if (rest.substr(0, 9) == "<![CDATA[") {
      end = data.find("]]>", i);
      end = end == std::string_view::npos ? end : end + 3;
    } else if (rest.substr(0, 2) == "<?" || rest.substr(0, 2) == "<!") {
      end = data.find('>', i);
      end = end == std::string_view::npos ? end : end + 1;
    } else {
      // A tag: its end is the first '>' outside quoted attribute values.
      char quote = 0;
      end = std::string_view::npos;
      for (size_t k = i + 1; k < data.size(); ++k) {
        if (quote != 0) {
          quote = data[k] == quote ? 0 : quote;
        } else if (data[k] == '"' || data[k] == '\'') {
          quote = data[k];
        } else if (data[k] == '>') {
          end = k + 1;
          break;
        }
      }
      if (end == std::string_view::npos)
        break;
      const bool closing = rest.substr(0, 2) == "</";
      const bool empty = data[end - 2] == '/';
      if (closing) {
        if (open.empty())
          break;
        open.pop_back();
      } else if (!empty) {
        const size_t name_end = data.find_first_of(" \t\r\n/>", i + 1);
        open.push_back(data.substr(i + 1, name_end - i - 1));
      }
      if ((closing || empty) && !open.empty())
        out.push_back({end, closers()});
    }
    if (end == std::string_view::npos)
      break;
    i = end;
  }
  return out;
}

// What a record cut in half may take with it: one finding, or for the
// importers below, which read a unit giving several findings as one record
// and drop it whole when it is cut, that unit's findings (named here; ""
// for one finding).
std::string CutUnit(const Finding& f) {
  if (f.format == "cyclonedx_json" || f.format == "cyclonedx_xml")
    return f.rule_id;  // a vulnerability, with one finding per affected ref
  return "";
}

// A document cut short right after an element gives what the same bytes
// give when every element still open is closed there, but for the one
// record cut in half (closed early, it may read like the whole one). This
// finds records held back for a parent and dropped when the file breaks
// before the parent ends, which no count of a truncated file alone can.
// Only findings the whole file has too are compared (a record closed early
// reads differently).
TEST_P(ImporterInput, CutShortKeepsWhatTheSameBytesClosedGive) {
  const Case& c = GetParam();
  const std::string data = ReadInput(c);
  if (RootCloser(data) == std::string_view::npos)
    return;  // not one JSON or XML document: nothing to close
  const std::string name = Basename(c.input);
  Analyzer a;
  const Imported whole = Import(&a, name, data);
  const bool json = data[data.find_first_of("{[<")] != '<';
  const std::vector<Boundary> all =
      json ? JsonBoundaries(data) : XmlBoundaries(data);
  ASSERT_FALSE(all.empty());
  // Evenly spread, fewer the larger the file (a few MB read in all).
  const size_t count = std::min(
      all.size(), std::clamp<size_t>((size_t{2} << 20) / data.size(), 8, 100));
  int failures = 0;
  for (size_t k = 0; k < count && failures < 3; ++k) {
    const Boundary& b = all[k * all.size() / count];
    const std::string_view prefix = std::string_view(data).substr(0, b.at);
    const Imported cut = Import(&a, name, prefix);
    const Imported closed = Import(&a, name, std::string(prefix) + b.closers);
    if (cut.input.format != c.format || closed.input.format != c.format) {
      EXPECT_LT(b.at, kSniffBytes) << name << " cut at byte " << b.at;
      continue;
    }
    size_t missing = 0;
    std::set<std::string> units;
    std::string shown;
    for (const auto& [key, n] : closed.keys) {
      auto in_whole = whole.keys.find(key);
      auto in_cut = cut.keys.find(key);
      const size_t want =
          std::min(n, in_whole == whole.keys.end() ? 0 : in_whole->second);
      const size_t have = in_cut == cut.keys.end() ? 0 : in_cut->second;
      if (want > have) {
        missing += want - have;
        units.insert(closed.unit.at(key));
        std::string printable = key;
        std::replace(printable.begin(), printable.end(), '\x1f', '|');
        shown += "\n    " + printable.substr(0, 200);
      }
    }
    const bool one_unit = units.size() == 1 && !units.begin()->empty();
    if (missing > 1 && !one_unit) {
      ADD_FAILURE() << name << " cut at byte " << b.at << " of " << data.size()
                    << " (closed with " << b.closers << ") lacks " << missing
                    << " findings that closing it gives:" << shown;
      ++failures;
    }
  }
}

std::string NameOf(const ::testing::TestParamInfo<Case>& info) {
  return info.param.name;
}

INSTANTIATE_TEST_SUITE_P(Conformance,
                         GoldenInput,
                         ::testing::ValuesIn(GoldenCases()),
                         NameOf);
INSTANTIATE_TEST_SUITE_P(Conformance,
                         ImporterInput,
                         ::testing::ValuesIn(AllCases()),
                         NameOf);

}  // namespace
}  // namespace exposure
