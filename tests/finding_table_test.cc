#include "core/correlate/finding_table.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "tests/test_util.h"

namespace exposure {
namespace {

// Every field of Finding. A field added to the model must be added to the
// table's record and here; the size check below is the reminder.
void ExpectSameFinding(const Finding& a, const Finding& b) {
  EXPECT_EQ(a.format, b.format);
  EXPECT_EQ(a.tool, b.tool);
  EXPECT_EQ(a.input, b.input);
  EXPECT_EQ(a.asset, b.asset);
  EXPECT_EQ(a.category, b.category);
  EXPECT_EQ(a.rule_id, b.rule_id);
  EXPECT_EQ(a.title, b.title);
  EXPECT_EQ(a.severity, b.severity);
  EXPECT_EQ(a.tool_severity, b.tool_severity);
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.cves, b.cves);
  EXPECT_EQ(a.aliases, b.aliases);
  EXPECT_EQ(a.cwes, b.cwes);
  ASSERT_EQ(a.cvss.size(), b.cvss.size());
  for (size_t i = 0; i < a.cvss.size(); ++i) {
    EXPECT_EQ(a.cvss[i].version, b.cvss[i].version);
    EXPECT_EQ(a.cvss[i].vector, b.cvss[i].vector);
    EXPECT_EQ(a.cvss[i].source, b.cvss[i].source);
    EXPECT_EQ(a.cvss[i].score_tenths, b.cvss[i].score_tenths);
  }
  EXPECT_EQ(a.component.name, b.component.name);
  EXPECT_EQ(a.component.installed, b.component.installed);
  EXPECT_EQ(a.component.fixed, b.component.fixed);
  EXPECT_EQ(a.component.type, b.component.type);
  EXPECT_EQ(a.component.path, b.component.path);
  EXPECT_EQ(a.component.purl, b.component.purl);
  EXPECT_EQ(a.port, b.port);
  EXPECT_EQ(a.protocol, b.protocol);
  EXPECT_EQ(a.service, b.service);
  EXPECT_EQ(a.location, b.location);
  // Interned texts come back as the same views, not copies.
  EXPECT_EQ(a.description.data(), b.description.data());
  EXPECT_EQ(a.description.size(), b.description.size());
  EXPECT_EQ(a.solution.data(), b.solution.data());
  EXPECT_EQ(a.solution.size(), b.solution.size());
  EXPECT_EQ(a.evidence, b.evidence);
  EXPECT_EQ(a.references, b.references);
  EXPECT_EQ(a.evidence_flags, b.evidence_flags);
  EXPECT_EQ(a.file_epss, b.file_epss);
  EXPECT_EQ(a.file_epss_percentile, b.file_epss_percentile);
  EXPECT_EQ(a.first_seen, b.first_seen);
  EXPECT_EQ(a.last_seen, b.last_seen);
  EXPECT_EQ(a.published, b.published);
}

#if defined(__GLIBCXX__) && UINTPTR_MAX == UINT64_MAX
static_assert(sizeof(Finding) == 792,
              "Finding changed: encode the new field in FindingTable "
              "(core/correlate/finding_table.cc) and compare it above");
#endif

class RandomFindings {
 public:
  explicit RandomFindings(uint32_t seed) : rng_(seed) {}

  std::string Text(size_t max) {
    size_t n = Pick(max + 1);
    std::string s;
    for (size_t i = 0; i < n; ++i)
      s.push_back(static_cast<char>(Pick(256)));  // NULs and bytes >= 0x80
    return s;
  }
  // Short values from a small set, as the dictionary fields hold.
  std::string Word() {
    static const char* const kWords[] = {
        "",     "nessus", "open",
        "high", "tcp",    "3.1",
        "nvd",  "npm",    "2024-05-01T10:00:00Z"};
    return kWords[Pick(sizeof(kWords) / sizeof(kWords[0]))];
  }
  std::vector<std::string> Texts() {
    std::vector<std::string> v(Pick(4));
    for (std::string& s : v)
      s = Text(40);
    return v;
  }
  int Signed() { return static_cast<int>(Pick(200001)) - 100000; }

  Finding Make(std::string_view description, std::string_view solution) {
    Finding f;
    f.format = Word();
    // A format is a registry id: no ':' (the rule key's separator).
    if (f.format.find(':') != std::string::npos)
      f.format = "trivy";
    f.tool = Word();
    f.input = Pick(5);
    f.asset = Pick(4) == 0 ? Finding::kNoAsset : Pick(100000);
    f.category = static_cast<Category>(Pick(7));
    f.rule_id = Text(20);
    f.title = Text(80);
    f.severity = static_cast<Severity>(Pick(kSeverityCount));
    f.tool_severity = Word();
    f.status = static_cast<FindingStatus>(Pick(5));
    f.cves = Texts();
    f.aliases = Texts();
    f.cwes = Texts();
    f.cvss.resize(Pick(3));
    for (CvssVector& c : f.cvss) {
      c.version = Word();
      c.vector = Text(60);
      c.source = Word();
      c.score_tenths = Pick(3) == 0 ? -1 : static_cast<int>(Pick(101));
    }
    f.component = {Text(20), Text(10), Text(10), Word(), Text(50), Text(60)};
    f.port = static_cast<uint32_t>(Pick(70000));
    f.protocol = Word();
    f.service = Word();
    f.location = Text(100);
    f.description = description;
    f.solution = solution;
    // Now and then a text larger than a block (256 KiB).
    f.evidence =
        Pick(200) == 0 ? std::string(300000 + Pick(1000), 'e') : Text(300);
    f.references = Texts();
    f.evidence_flags = static_cast<uint16_t>(Pick(256));
    f.file_epss = Signed();
    f.file_epss_percentile = Pick(2) == 0 ? -1 : Signed();
    f.first_seen = Word();
    f.last_seen = Word();
    f.published = Text(25);
    return f;
  }

 private:
  size_t Pick(size_t n) { return static_cast<size_t>(rng_() % n); }
  std::mt19937 rng_;
};

TEST(FindingTable, EveryFieldComesBackAsItWasAdded) {
  const std::string description = "interned description";
  const std::string solution = "interned solution";
  RandomFindings random(7);
  std::vector<Finding> added;
  FindingTable table;
  for (int i = 0; i < 3000; ++i) {
    added.push_back(random.Make(i % 3 == 0 ? std::string_view() : description,
                                i % 5 == 0 ? std::string_view() : solution));
    table.Add(added.back());
  }
  ASSERT_EQ(table.size(), added.size());
  // Decoding into one reused Finding, in an order that mixes large and
  // small records, leaves nothing of the previous one behind.
  Finding scratch;
  for (size_t k = 0; k < added.size(); ++k) {
    size_t i = (k * 7919) % added.size();
    table.Get(i, &scratch);
    ExpectSameFinding(scratch, added[i]);
    EXPECT_EQ(table[i].severity, added[i].severity);
    EXPECT_EQ(table[i].asset, added[i].asset);
    if (::testing::Test::HasFailure())
      FAIL() << "finding " << i;
  }
  // A Reader skips unchanged dictionary values: it must still give every
  // field, whatever the previous finding was.
  FindingTable::Reader reader(table);
  for (size_t k = 0; k < added.size(); ++k) {
    size_t i = (k * 7919) % added.size();
    ExpectSameFinding(reader.Read(i), added[i]);
    if (::testing::Test::HasFailure())
      FAIL() << "finding " << i << " through a Reader";
  }
  ExpectSameFinding(table.front(), added.front());
  ExpectSameFinding(table.back(), added.back());
  size_t n = 0;
  for (const Finding& f : table)
    ExpectSameFinding(f, added[n++]);
  EXPECT_EQ(n, added.size());
}

TEST(FindingTable, AReaderOfSomePartsFillsThoseAndLeavesTheRestEmpty) {
  const std::string description = "interned";
  RandomFindings random(11);
  std::vector<Finding> added;
  FindingTable table;
  for (int i = 0; i < 500; ++i) {
    added.push_back(random.Make(description, description));
    table.Add(added.back());
  }
  // Each part alone, as the expected Finding: the part's fields copied
  // from the added one, every other field left as a default Finding has it.
  auto part_of = [](const Finding& from, uint32_t parts) {
    Finding f;
    f.input = from.input;
    f.asset = from.asset;
    f.severity = from.severity;
    f.status = from.status;
    if (parts & FindingTable::kScoring) {
      f.cves = from.cves;
      f.aliases = from.aliases;
      f.cvss = from.cvss;
      f.evidence_flags = from.evidence_flags;
      f.file_epss = from.file_epss;
      f.file_epss_percentile = from.file_epss_percentile;
    }
    if (parts & FindingTable::kIdentity) {
      f.format = from.format;
      f.category = from.category;
      f.rule_id = from.rule_id;
      f.title = from.title;
      f.port = from.port;
      f.protocol = from.protocol;
      f.component.name = from.component.name;
      f.component.installed = from.component.installed;
      f.component.path = from.component.path;
      f.location = from.location;
      f.description = from.description;
      f.solution = from.solution;
      f.references = from.references;
    }
    return f;
  };
  for (uint32_t parts :
       {uint32_t{FindingTable::kScoring}, uint32_t{FindingTable::kIdentity},
        FindingTable::kScoring | FindingTable::kIdentity}) {
    FindingTable::Reader reader(table, parts);
    for (size_t i = 0; i < added.size(); ++i) {
      Finding expected = part_of(added[i], parts);
      Finding got = reader.Read(i);
      if (!(parts & FindingTable::kIdentity))
        got.port = 0;  // numbers outside the parts are not promised
      ExpectSameFinding(got, expected);
      if (::testing::Test::HasFailure())
        FAIL() << "parts " << parts << ", finding " << i;
    }
  }
}

// A rule defined before or after its findings completes what they leave
// empty, and nothing they set; several definitions merge, the first value
// of each field winning.
TEST(FindingTable, FindingsAreBoundToTheirRuleWhenRead) {
  const std::string description = "interned rule text";
  Rule rule;
  rule.rule_id = "qid-1";
  rule.title = "From the rule";
  rule.severity = Severity::kHigh;
  rule.tool_severity = "4";
  rule.category = Category::kVulnerability;
  rule.description = description;
  rule.references = {"https://rule.example/"};
  rule.cves = {"CVE-2024-0001"};
  rule.cwes = {"CWE-79"};
  rule.cvss = {
      {"3.1", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "x", 98}};
  rule.published = "2024-01-01";
  rule.evidence_flags = kEvidenceExploit;
  for (bool define_first : {true, false}) {
    FindingTable table;
    if (define_first)
      table.DefineRule("qualys_xml", rule);
    Finding bare;
    bare.format = "qualys_xml";
    bare.rule_id = "qid-1";
    bare.severity_from_rule = true;
    table.Add(bare);
    Finding own = bare;
    own.title = "Its own title";
    own.severity = Severity::kLow;
    own.severity_from_rule = false;
    own.category = Category::kInformation;
    table.Add(own);
    Finding other = bare;
    other.rule_id = "qid-2";  // never defined: stays as it is
    table.Add(other);
    if (!define_first)
      table.DefineRule("qualys_xml", rule);
    Rule later;  // a second definition only fills what is still empty
    later.rule_id = "qid-1";
    later.title = "Later";
    later.aliases = {"BID-1"};
    table.DefineRule("qualys_xml", later);

    ASSERT_EQ(table.rule_count(), 2u);
    EXPECT_EQ(table.rule_key(0), "qualys_xml:qid-1");
    FindingTable::Reader reader(table);
    const Finding& a = reader.Read(0);
    EXPECT_EQ(reader.rule(), 0u);
    EXPECT_EQ(a.title, "From the rule");
    EXPECT_EQ(a.severity, Severity::kHigh);
    EXPECT_EQ(a.tool_severity, "4");
    EXPECT_EQ(a.category, Category::kVulnerability);
    EXPECT_EQ(a.description, description);
    EXPECT_EQ(a.references, rule.references);
    EXPECT_EQ(a.cves, rule.cves);
    EXPECT_EQ(a.cwes, rule.cwes);
    EXPECT_EQ(a.aliases, later.aliases);
    ASSERT_EQ(a.cvss.size(), 1u);
    EXPECT_EQ(a.cvss[0].score_tenths, 98);
    EXPECT_EQ(a.published, "2024-01-01");
    EXPECT_TRUE(a.evidence_flags & kEvidenceExploit);
    const uint32_t rule_references = reader.references_word();
    const Finding& b = reader.Read(1);
    EXPECT_EQ(b.title, "Its own title");
    EXPECT_EQ(b.severity, Severity::kLow);
    EXPECT_EQ(b.category, Category::kInformation);
    EXPECT_EQ(b.cves, rule.cves);
    EXPECT_EQ(reader.references_word(), rule_references)
        << "equal lists, equal words";
    const Finding& c = reader.Read(2);
    EXPECT_EQ(reader.rule(), 1u);
    EXPECT_EQ(c.rule_id, "qid-2");
    EXPECT_EQ(c.title, "") << "the previous finding's bound title is gone";
    EXPECT_EQ(c.severity, Severity::kInfo);
    EXPECT_EQ(c.category, Category::kUnset);
    EXPECT_TRUE(c.cves.empty());
  }
}

TEST(FindingTable, DefaultFindingRoundTrips) {
  FindingTable table;
  EXPECT_TRUE(table.empty());
  Finding f;
  table.Add(f);
  EXPECT_FALSE(table.empty());
  ExpectSameFinding(table[0], f);
  EXPECT_EQ(table[0].status, FindingStatus::kOpen);
  EXPECT_EQ(table[0].asset, Finding::kNoAsset);
}

TEST(FindingTable, SeenDatesAreTheDistinctScanDates) {
  FindingTable table;
  Finding f;
  f.first_seen = "2024-01-02T00:00:00Z";
  f.last_seen = "2024-01-03T00:00:00Z";
  table.Add(f);
  table.Add(f);
  f.first_seen = "";
  f.published = "2030-01-01";      // not a scan date
  f.tool_severity = "2031-01-01";  // a dictionary word, but no date field
  table.Add(f);
  std::vector<std::string_view> dates = table.SeenDates();
  std::sort(dates.begin(), dates.end());
  EXPECT_EQ(dates, (std::vector<std::string_view>{"", "2024-01-02T00:00:00Z",
                                                  "2024-01-03T00:00:00Z"}));
}

TEST(FindingTable, HoldsFarLessThanTheFindings) {
  // Shaped like a SARIF result: a rule, a location and a message.
  FindingTable table;
  const size_t kCount = 20000;
  for (size_t i = 0; i < kCount; ++i) {
    Finding f;
    f.format = "sarif";
    f.tool = "Scanner";
    f.category = Category::kWeakness;
    f.rule_id = "rule-" + std::to_string(i % 40);
    f.title = "Rule " + std::to_string(i % 40);
    f.tool_severity = "security-severity 7.5";
    f.cwes = {"CWE-79"};
    f.location = "src/module" + std::to_string(i % 300) + "/file" +
                 std::to_string(i) + ".js:" + std::to_string(i % 4000);
    f.evidence = "Untrusted data flows into a sensitive sink.";
    table.Add(f);
  }
  // About 170 bytes each (about 100 of them the texts themselves), where a
  // Finding is 840 bytes before its texts.
  size_t per_finding = table.bytes() / kCount;
  EXPECT_LT(per_finding, 200u) << "bytes per finding";
  EXPECT_LT(per_finding * 4, sizeof(Finding));
}

TEST(FindingTable, StoresWhatBelongsToTheCveOnce) {
  // Shaped like a container scan: 200 CVEs, each on 100 packages, each CVE
  // with its title, two vectors and ten references (about 700 bytes).
  FindingTable table;
  const size_t kCves = 200;
  const size_t kCount = kCves * 100;
  size_t cve_bytes = 0;
  for (size_t i = 0; i < kCount; ++i) {
    const std::string cve = "CVE-2024-" + std::to_string(10000 + i % kCves);
    Finding f;
    f.format = "trivy";
    f.rule_id = cve;
    f.cves = {cve};
    f.title = "Buffer overflow in the parser of " + cve;
    f.cvss = {{"3.1",
               "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:" +
                   std::string(i % 2 ? "H" : "L"),
               "nvd", 98},
              {"2.0", "AV:N/AC:L/Au:N/C:P/I:P/A:P", "redhat", 75}};
    for (int r = 0; r < 10; ++r)
      f.references.push_back("https://advisories.example.org/" + cve + "/" +
                             std::to_string(r) + "/details");
    f.published = "2024-02-0" + std::to_string(i % kCves % 9 + 1);
    f.component = {"pkg" + std::to_string(i / kCves),
                   "1.0." + std::to_string(i % 7),
                   "1.1",
                   "npm",
                   "app/package-lock.json",
                   ""};
    if (i < kCves) {
      cve_bytes += f.title.size() + f.published.size();
      for (const CvssVector& c : f.cvss)
        cve_bytes += c.vector.size();
      for (const std::string& r : f.references)
        cve_bytes += r.size();
    }
    table.Add(f);
  }
  const size_t per_cve = cve_bytes / kCves;
  const size_t per_finding = table.bytes() / kCount;
  EXPECT_GT(per_cve, 600u);
  // A record keeps the package, the CVE id, a few numbers and its index
  // entry: about 160 bytes, where the CVE's texts alone are over 600 (and
  // were copied into every record before they became dictionary words).
  EXPECT_LT(per_finding, 200u) << "bytes per finding";
  // And they come back.
  Finding f;
  table.Get(kCount - 1, &f);
  EXPECT_EQ(f.title, "Buffer overflow in the parser of CVE-2024-10199");
  ASSERT_EQ(f.references.size(), 10u);
  EXPECT_EQ(f.references[9],
            "https://advisories.example.org/CVE-2024-10199/9/details");
  ASSERT_EQ(f.cvss.size(), 2u);
  EXPECT_EQ(f.cvss[0].vector, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
  EXPECT_EQ(f.cvss[1].source, "redhat");
}

// Adds `count` random findings (some with a text larger than a block).
std::vector<Finding> AddRandom(FindingTable* table,
                               size_t count,
                               uint32_t seed,
                               const std::string& description) {
  RandomFindings random(seed);
  std::vector<Finding> added;
  for (size_t i = 0; i < count; ++i) {
    added.push_back(random.Make(i % 3 == 0 ? std::string_view() : description,
                                description));
    table->Add(added.back());
  }
  return added;
}

TEST(FindingTable, SpilledBlocksReadBackInAnyOrder) {
  const std::string description = "interned";
  MemorySpill spill;
  FindingTable table;
  // 32 KiB resident: blocks of 8 KiB, all but about four spilled; an
  // 8 KiB dictionary, full early, so most words are written inline.
  table.SetSpill(&spill, 32 * 1024);
  std::vector<Finding> added = AddRandom(&table, 3000, 17, description);
  EXPECT_GT(table.spilled_bytes(), table.bytes() * 3 / 4);
  EXPECT_LE(table.resident_bytes(), 32 * 1024 + 8 * 1024 + 320 * 1024)
      << "the budget, one block being filled, one oversized record";
  FindingTable::Reader in_order(table);
  for (size_t i = 0; i < added.size(); ++i) {
    ExpectSameFinding(in_order.Read(i), added[i]);
    if (::testing::Test::HasFailure())
      FAIL() << "finding " << i << " in order";
  }
  const size_t reads = spill.reads();
  FindingTable::Reader any_order(table);
  for (size_t k = 0; k < added.size(); ++k) {
    size_t i = (k * 7919) % added.size();
    ExpectSameFinding(any_order.Read(i), added[i]);
    if (::testing::Test::HasFailure())
      FAIL() << "finding " << i << " out of order";
  }
  EXPECT_GT(spill.reads(), reads);
  EXPECT_TRUE(table.spill_status().ok());
}

TEST(FindingTable, AReaderReadsEachSpilledBlockOnceInOrder) {
  MemorySpill spill;
  FindingTable table;
  table.SetSpill(&spill, 16 * 1024);
  Finding f;
  f.format = "nessus";
  for (int i = 0; i < 20000; ++i) {
    f.evidence = "plugin output " + std::to_string(i);
    table.Add(f);
  }
  ASSERT_GT(spill.appends(), 10u);
  FindingTable::Reader reader(table);
  for (size_t i = 0; i < table.size(); ++i)
    ASSERT_EQ(reader.Read(i).evidence, "plugin output " + std::to_string(i));
  EXPECT_EQ(spill.reads(), spill.appends());
}

TEST(FindingTable, RecordsReadWhereTheyAreOrFromACopy) {
  const std::string description = "interned";
  MemorySpill spill;
  FindingTable table;
  table.SetSpill(&spill, 32 * 1024);
  std::vector<Finding> added = AddRandom(&table, 1500, 23, description);
  FindingTable::Reader reader(table);
  std::vector<std::pair<FindingTable::Position, std::string>> where;
  for (size_t i = 0; i < added.size(); ++i) {
    reader.Read(i);
    const FindingTable::Position at = reader.position();
    where.emplace_back(at, table.resident(at.block)
                               ? std::string()
                               : std::string(reader.record()));
  }
  size_t resident = 0;
  FindingTable::Reader again(table);
  for (size_t k = 0; k < added.size(); ++k) {
    size_t i = (k * 7919) % added.size();
    const auto& [at, copy] = where[i];
    if (table.resident(at.block)) {
      ++resident;
      ExpectSameFinding(again.ReadAt(at, i), added[i]);
    } else {
      ExpectSameFinding(again.Decode(copy, i), added[i]);
    }
    if (::testing::Test::HasFailure())
      FAIL() << "finding " << i;
  }
  EXPECT_GT(resident, 0u);
  EXPECT_LT(resident, added.size());
}

TEST(FindingTable, AFullSpillSpaceKeepsTheRestInMemory) {
  const std::string description = "interned";
  // A seed whose first record larger than the space comes after some
  // blocks were spilled (its block's write is the one that fails).
  MemorySpill spill(/*fail_after=*/40 * 1024);
  FindingTable table;
  table.SetSpill(&spill, 16 * 1024);
  std::vector<Finding> added = AddRandom(&table, 2000, 31, description);
  EXPECT_GT(table.spilled_bytes(), 0u);
  EXPECT_LE(table.spilled_bytes(), 40 * 1024u);
  EXPECT_GT(table.resident_bytes(), 100 * 1024u);
  EXPECT_TRUE(table.spill_status().ok()) << "a failed write is no error";
  FindingTable::Reader reader(table);
  for (size_t i = 0; i < added.size(); ++i) {
    ExpectSameFinding(reader.Read(i), added[i]);
    if (::testing::Test::HasFailure())
      FAIL() << "finding " << i;
  }
}

TEST(FindingTable, AnUnreadableBlockIsAnErrorNotACrash) {
  testing::FailingReadsSpill spill(/*reads_left=*/1);
  FindingTable table;
  table.SetSpill(&spill, 16 * 1024);
  Finding f;
  f.rule_id = "r";
  for (int i = 0; i < 5000; ++i)
    table.Add(f);
  FindingTable::Reader reader(table);
  size_t empty = 0;
  for (size_t i = 0; i < table.size(); ++i)
    empty += reader.Read(i).rule_id.empty() ? 1 : 0;
  EXPECT_GT(empty, 0u);
  ASSERT_FALSE(table.spill_status().ok());
  EXPECT_NE(table.spill_status().message().find("device gone"),
            std::string::npos);
}

TEST(FindingTable, LateAssetsGoToTheFindingsWithoutOne) {
  FindingTable table;
  Finding f;
  for (int i = 0; i < 100; ++i) {
    f.asset = i % 10 == 0 ? 7 : Finding::kNoAsset;
    table.Add(f);
  }
  table.SetAsset(20, 60, 3);
  table.SetAsset(80, 90, 5);
  for (size_t i = 0; i < table.size(); ++i) {
    size_t want = i % 10 == 0           ? 7
                  : (i >= 20 && i < 60) ? 3
                  : (i >= 80 && i < 90) ? 5
                                        : Finding::kNoAsset;
    EXPECT_EQ(table[i].asset, want) << i;
  }
}

TEST(FindingTable, AFullDictionaryStillGivesTheLatestScanDate) {
  MemorySpill spill;
  FindingTable table;
  table.SetSpill(&spill, 16 * 1024);  // a 4 KiB dictionary
  Finding f;
  for (int i = 0; i < 3000; ++i) {
    f.title = "title " + std::to_string(i);  // fills the dictionary
    f.first_seen = "2024-03-" + std::to_string(10 + i % 18) +
                   "T10:00:" + std::to_string(10 + i % 50) + "Z";
    table.Add(f);
  }
  f.first_seen = "2024-13-45T00:00:00Z";  // not a date: ignored
  table.Add(f);
  std::vector<std::string_view> dates = table.SeenDates();
  std::string latest;
  for (std::string_view d : dates)
    latest = std::max(latest, std::string(d.substr(0, 10)));
  EXPECT_EQ(latest, "2024-03-27");
  EXPECT_EQ(table[2999].title, "title 2999");
}

}  // namespace
}  // namespace exposure
