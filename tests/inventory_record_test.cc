// What the three inventory importers share (core/importers/
// inventory_record.h), and what the conformance suite cannot see of them:
// it compares findings, and inventories have none, so a file cut short is
// checked here on its assets.
#include "core/importers/inventory_record.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/app/analyzer.h"
#include "core/base/strings.h"
#include "core/importers/importer.h"
#include "core/importers/inventory_csv_importer.h"
#include "core/importers/inventory_json_importer.h"
#include "core/importers/servicenow_cmdb_importer.h"
#include "core/model/record_sink.h"
#include "tests/test_util.h"

namespace exposure {
namespace {

TEST(InventoryRecord, NormalizesNames) {
  EXPECT_EQ(NormalizeFieldName("IP Address"), "ipaddress");
  EXPECT_EQ(NormalizeFieldName("ip_address"), "ipaddress");
  EXPECT_EQ(NormalizeFieldName("ipAddress"), "ipaddress");
  EXPECT_EQ(NormalizeFieldName(" MAC-Address (primary) "), "macaddressprimary");
  EXPECT_EQ(GenericInventoryName("managementip").field, InventoryField::kIp);
  EXPECT_EQ(GenericInventoryName("sn").field, InventoryField::kSerial);
  EXPECT_TRUE(GenericInventoryName("name").weak);
  EXPECT_TRUE(GenericInventoryName("address").weak);
  EXPECT_FALSE(GenericInventoryName("hostname").weak);
  EXPECT_EQ(GenericInventoryName("id").field, InventoryField::kNone);
}

TEST(InventoryRecord, TellsFindingsFromInventoryColumns) {
  for (const char* n : {"pluginid", "qid", "cve", "cves", "cvssv3basescore",
                        "severity", "vulnerabilitystate", "checkid", "nvtoid",
                        "solution", "templateid", "findinguid"}) {
    EXPECT_TRUE(IsFindingLikeName(n)) << n;
  }
  for (const char* n : {"vulnerabilitycount", "checkedin", "hostname",
                        "criticality", "owner", "riskowner"}) {
    EXPECT_FALSE(IsFindingLikeName(n)) << n;
  }
}

TEST(InventoryRecord, NeedsAnIdentityAndNothingOfAScanner) {
  using V = std::vector<std::string>;
  EXPECT_TRUE(LooksLikeGenericInventory(V{"Hostname", "Owner"}));
  EXPECT_TRUE(LooksLikeGenericInventory(V{"serial_number"}));
  EXPECT_TRUE(LooksLikeGenericInventory(V{"Name", "Environment"}));
  // A bare name or address is a person's as well as a machine's.
  EXPECT_FALSE(LooksLikeGenericInventory(V{"Name", "Email", "Phone"}));
  EXPECT_FALSE(LooksLikeGenericInventory(V{"Name", "Address", "City"}));
  EXPECT_FALSE(LooksLikeGenericInventory(V{"Host", "Plugin ID", "Risk"}));
  EXPECT_FALSE(LooksLikeGenericInventory(V{"ip", "port", "protocol"}));
  EXPECT_FALSE(LooksLikeGenericInventory(V{"Owner", "Environment"}));
}

TEST(InventoryRecord, ReadsInternetFacing) {
  for (const char* yes : {"Yes", "TRUE", "y", "1", "Internet", "external",
                          "Public", "DMZ", "internet-facing"}) {
    EXPECT_EQ(ParseInternetFacing(yes), std::optional<bool>(true)) << yes;
  }
  for (const char* no :
       {"no", "False", "N", "0", "Intranet", "internal", "private"}) {
    EXPECT_EQ(ParseInternetFacing(no), std::optional<bool>(false)) << no;
  }
  for (const char* unknown : {"", "maybe", "10.0.0.1", "unknown"})
    EXPECT_FALSE(ParseInternetFacing(unknown).has_value()) << unknown;
}

Asset AssetOf(
    std::initializer_list<std::pair<InventoryField, const char*>> values,
    bool name_may_be_host = true) {
  InventoryRecord r;
  for (const auto& [field, value] : values)
    r.Set(field, 0, value);
  Asset a;
  EXPECT_TRUE(r.ToAsset(name_may_be_host, &a));
  return a;
}

TEST(InventoryRecord, PlacesHostValues) {
  using F = InventoryField;
  Asset a = AssetOf({{F::kHostname, "web01.corp.example.com."}});
  EXPECT_EQ(a.ids.hostname, "web01");
  EXPECT_EQ(a.ids.fqdn, "web01.corp.example.com");
  EXPECT_EQ(a.name, "web01.corp.example.com");
  a = AssetOf({{F::kHostname, "10.1.2.3"}});
  EXPECT_EQ(a.ids.ip, "10.1.2.3");
  EXPECT_EQ(a.ids.hostname, "");
  a = AssetOf({{F::kHostname, "WS01$"}, {F::kDomain, "corp.example.com"}});
  EXPECT_EQ(a.ids.hostname, "WS01");
  EXPECT_EQ(a.ids.fqdn, "WS01.corp.example.com");
  // A NetBIOS domain is no DNS domain.
  a = AssetOf({{F::kHostname, "WS01"}, {F::kDomain, "CORP"}});
  EXPECT_EQ(a.ids.fqdn, "");
  a = AssetOf({{F::kFqdn, "db02"}});
  EXPECT_EQ(a.ids.hostname, "db02");
  EXPECT_EQ(a.ids.fqdn, "");
}

TEST(InventoryRecord, TakesTheFirstOfSeveralValues) {
  using F = InventoryField;
  Asset a = AssetOf({{F::kIp, "n/a, 10.0.0.7; 10.0.0.8"},
                     {F::kMac, "00:11:22:33:44:55 | 00:11:22:33:44:56"},
                     {F::kHostname, "app7, app7-old"},
                     {F::kSerial, "SN1; SN2"}});
  EXPECT_EQ(a.ids.ip, "10.0.0.7");
  EXPECT_EQ(a.ids.mac, "00:11:22:33:44:55");
  EXPECT_EQ(a.ids.hostname, "app7");
  EXPECT_EQ(a.ids.serial, "SN1");
  // CIDR notation; a MAC in an address column is no address.
  EXPECT_EQ(AssetOf({{F::kIp, "10.0.0.5/24"}}).ids.ip, "10.0.0.5");
  EXPECT_EQ(AssetOf({{F::kIp, "00:11:22:33:44:55"}, {F::kName, "x"}}).ids.ip,
            "");
  EXPECT_EQ(AssetOf({{F::kIp, "2001:db8::5"}}).ids.ip, "2001:db8::5");
}

TEST(InventoryRecord, NameMayBeTheHostName) {
  using F = InventoryField;
  EXPECT_EQ(AssetOf({{F::kName, "lnx-app-04"}}).ids.hostname, "lnx-app-04");
  EXPECT_EQ(AssetOf({{F::kName, "db9.example.com"}}).ids.fqdn,
            "db9.example.com");
  EXPECT_EQ(AssetOf({{F::kName, "10.9.9.9"}}).ids.ip, "10.9.9.9");
  Asset a = AssetOf({{F::kName, "SAP ERP Production"}});
  EXPECT_EQ(a.ids.hostname, "");
  EXPECT_EQ(a.name, "SAP ERP Production");
  EXPECT_EQ(AssetOf({{F::kName, "lnx-app-04"}}, false).ids.hostname, "");
  // A host name column wins over the label.
  a = AssetOf({{F::kName, "Payroll DB"}, {F::kHostname, "pay-db-1"}});
  EXPECT_EQ(a.name, "Payroll DB");
  EXPECT_EQ(a.ids.hostname, "pay-db-1");
}

TEST(InventoryRecord, ReadsKindAndContext) {
  using F = InventoryField;
  Asset a = AssetOf({{F::kHostname, "h"}});
  EXPECT_EQ(a.kind, AssetKind::kHost);
  a = AssetOf({{F::kCloudId, "arn:aws:ec2:us-east-1:1:instance/i-1"},
               {F::kKind, "Virtual Machine"}});
  EXPECT_EQ(a.kind, AssetKind::kCloudResource);
  a = AssetOf({{F::kName, "registry/app:1.2"}, {F::kKind, "container image"}});
  EXPECT_EQ(a.kind, AssetKind::kContainerImage);
  a = AssetOf({{F::kHostname, "h"},
               {F::kOwner, " ops "},
               {F::kBusinessUnit, "Retail"},
               {F::kEnvironment, "Production"},
               {F::kSite, "Berlin"},
               {F::kCriticality, "2 - High"},
               {F::kInternetFacing, "yes"},
               {F::kOs, "Ubuntu"},
               {F::kOsVersion, "22.04"},
               {F::kTags, "pci; web|pci"},
               {F::kAssetTag, "AT-1"}});
  EXPECT_EQ(a.context.owner, "ops");
  EXPECT_EQ(a.context.business_unit, "Retail");
  EXPECT_EQ(a.context.environment, "Production");
  EXPECT_EQ(a.context.site, "Berlin");
  EXPECT_EQ(a.context.criticality, Criticality::kHigh);
  EXPECT_EQ(a.context.internet_facing, std::optional<bool>(true));
  EXPECT_EQ(a.os, "Ubuntu 22.04");
  EXPECT_EQ(a.tags, (std::vector<std::string>{"pci", "web", "asset_tag:AT-1"}));
}

TEST(InventoryRecord, PrefersTheBetterRankedName) {
  InventoryRecord r;
  r.Set(InventoryField::kIp, 5, "10.0.0.5");
  r.Set(InventoryField::kIp, 1, "10.0.0.1");
  r.Set(InventoryField::kIp, 3, "10.0.0.3");
  r.Set(InventoryField::kIp, 0, "N/A");  // no value
  EXPECT_EQ(r.Get(InventoryField::kIp), "10.0.0.1");
}

TEST(InventoryRecord, WithoutIdentityNorNameGivesNoAsset) {
  InventoryRecord r;
  r.Set(InventoryField::kOwner, 0, "ops");
  r.Set(InventoryField::kName, 0, "Unknown");
  Asset a;
  EXPECT_FALSE(r.ToAsset(true, &a));
}

// ---- files cut short --------------------------------------------------------

// An asset as a string, to compare the assets of two reads.
std::string Key(const Asset& a) {
  const Identities& i = a.ids;
  std::string k = std::string(AssetKindName(a.kind)) + "|" + a.name + "|" +
                  i.ip + "|" + i.hostname + "|" + i.fqdn + "|" + i.mac + "|" +
                  i.serial + "|" + i.cloud_id + "|" + a.context.owner + "|" +
                  a.context.site;
  for (const std::string& t : a.tags)
    k += "|" + t;
  return k;
}

struct Read {
  std::vector<std::string> keys;  // in the order added
  bool ok = true;
};

Read ReadAs(const std::string& format, std::string_view data) {
  RecordSink sink;
  std::unique_ptr<Importer> importer = FindImporter(format)->create(&sink);
  Read out;
  Status s = importer->Feed(data);
  Status f = importer->Finish();
  out.ok = s.ok() && f.ok();
  for (const Asset& a : sink.assets())
    out.keys.push_back(Key(a));
  return out;
}

// `small` as a multiset is within `big`.
bool Within(const std::vector<std::string>& small,
            const std::vector<std::string>& big) {
  std::map<std::string, int> left;
  for (const std::string& k : big)
    ++left[k];
  for (const std::string& k : small) {
    if (--left[k] < 0)
      return false;
  }
  return true;
}

struct Fixture {
  std::string format;
  std::string path;  // under tests/fixtures/
};

std::vector<Fixture> InventoryFixtures() {
  namespace fs = std::filesystem;
  std::vector<Fixture> out;
  for (const char* format :
       {"inventory_csv", "inventory_json", "servicenow_cmdb"}) {
    const fs::path dir = fs::path(testing::FixtureDir()) / format;
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (entry.path().extension() != ".md")
        out.push_back({format, std::string(format) + "/" +
                                   entry.path().filename().string()});
    }
  }
  std::sort(out.begin(), out.end(),
            [](const Fixture& a, const Fixture& b) { return a.path < b.path; });
  return out;
}

// A file cut anywhere gives a subset of the whole file's assets that only
// grows with the cut, but for the one record cut in half: a CSV row or a
// JSON line cut between two values reads as a record of its own.
TEST(InventoryFiles, CutShortKeepEveryRecordReadWhole) {
  const std::vector<Fixture> fixtures = InventoryFixtures();
  ASSERT_GE(fixtures.size(), 8u);
  for (const Fixture& f : fixtures) {
    std::string data;
    ASSERT_TRUE(testing::ReadFile(testing::FixtureDir() + "/" + f.path, &data));
    const Read whole = ReadAs(f.format, data);
    ASSERT_TRUE(whole.ok) << f.path;
    ASSERT_FALSE(whole.keys.empty()) << f.path;
    std::vector<std::string> before;
    const size_t step = std::max<size_t>(1, data.size() / 400);
    for (size_t cut = 1; cut < data.size(); cut += step) {
      Read part = ReadAs(f.format, std::string_view(data).substr(0, cut));
      std::vector<std::string> kept = part.keys;
      if (!kept.empty() && !Within({kept.back()}, whole.keys))
        kept.pop_back();  // the record cut in half
      ASSERT_TRUE(Within(kept, whole.keys))
          << f.path << " cut at " << cut << " gives assets the file has not";
      ASSERT_TRUE(Within(before, kept))
          << f.path << " cut at " << cut << " lost assets a shorter cut kept";
      // A complete last record read from a shorter cut may be one cut in
      // half that reads as whole; it need not stay.
      before = kept;
      if (!before.empty())
        before.pop_back();
    }
    // Records are added as they end, never held for the end of the file:
    // cut after a line, a CSV or JSON lines file gives the assets of the
    // lines before; cut where the root of a JSON or XML document closes,
    // all of them.
    const bool lines = EndsWith(f.path, ".csv") || EndsWith(f.path, ".tsv") ||
                       EndsWith(f.path, ".jsonl");
    if (lines) {
      for (size_t at = data.find('\n'); at != std::string::npos;
           at = data.find('\n', at + 1)) {
        const Read part =
            ReadAs(f.format, std::string_view(data).substr(0, at + 1));
        ASSERT_LE(part.keys.size(), whole.keys.size()) << f.path;
        ASSERT_TRUE(
            std::equal(part.keys.begin(), part.keys.end(), whole.keys.begin()))
            << f.path << " cut after the line ending at " << at;
      }
    } else {
      const size_t root_closer = data.find_last_not_of(" \t\r\n");
      const Read part =
          ReadAs(f.format, std::string_view(data).substr(0, root_closer));
      EXPECT_FALSE(part.ok) << f.path;
      EXPECT_EQ(part.keys, whole.keys) << f.path;
    }
  }
}

// An inventory and a scan of the same machines: each inventory record
// meets the scanner's host by its strongest shared identity (a MAC, a host
// name when the address moved) and lends it its context; what no scanner
// saw stays an inventory asset of its own.
TEST(InventoryFiles, MeetTheScansOfTheirAssets) {
  std::string scan;
  ASSERT_TRUE(testing::ReadFile(
      testing::SourceDir() + "/examples/host-scan.nessus", &scan));
  const std::string inventory =
      "Hostname,IP Address,MAC Address,Owner,Criticality,Internet Facing\n"
      "web01,10.20.1.15,00-50-56-A1-0B-15,Web Team,1 - Most Critical,yes\n"
      "DB01,10.20.2.31,,Data Team,2,no\n"
      "backup02,10.20.9.9,,Ops,low,no\n";
  Analyzer a;
  testing::FeedInChunks(&a, "host-scan.nessus", scan, 4096);
  testing::FeedInChunks(&a, "cmdb.csv", inventory, 4096);
  ASSERT_EQ(a.store().inputs()[1].format, "inventory_csv");
  std::map<std::string, const Asset*> by_name;
  for (const Asset& asset : a.store().assets())
    by_name[asset.name] = &asset;
  ASSERT_EQ(by_name.size(), 4u);  // WS-044 is in no inventory
  ASSERT_EQ(by_name.count("web01.corp.example"), 1u);
  const Asset& web = *by_name["web01.corp.example"];
  EXPECT_EQ(web.context.owner, "Web Team");
  EXPECT_EQ(web.context.criticality, Criticality::kCritical);
  EXPECT_EQ(web.context.internet_facing, std::optional<bool>(true));
  ASSERT_EQ(by_name.count("db01.corp.example"), 1u);
  EXPECT_EQ(by_name["db01.corp.example"]->context.owner, "Data Team");
  ASSERT_EQ(by_name.count("backup02"), 1u);
  EXPECT_EQ(by_name["backup02"]->context.owner, "Ops");
}

// Every shared sample but the two these formats read is left to others:
// the inventories other importers read (AWS Config, Google Cloud Asset
// Inventory, Azure Resource Graph, runZero, NetBox), BloodHound
// collections (their computers have names and addresses), VEX documents
// and pentest exports (their hosts come with findings). No scanner export
// of the corpus is taken for an inventory either.
TEST(InventoryFiles, LeaveOtherSourcesAlone) {
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  const fs::path samples = fs::path(testing::SourceDir()) / "../shared/samples";
  ASSERT_TRUE(fs::is_directory(samples)) << samples;
  for (const auto& entry : fs::recursive_directory_iterator(samples)) {
    const std::string dir = entry.path().parent_path().filename().string();
    if (entry.is_regular_file() && entry.path().extension() != ".md" &&
        dir != "servicenow_cmdb" && dir != "generic_cmdb_csv") {
      files.push_back(entry.path());
    }
  }
  for (const auto& entry :
       fs::recursive_directory_iterator(testing::CorpusDir())) {
    if (entry.is_regular_file())
      files.push_back(entry.path());
  }
  ASSERT_GT(files.size(), 300u);
  for (const fs::path& file : files) {
    std::string data;
    ASSERT_TRUE(testing::ReadFile(file.string(), &data));
    const bool complete = data.size() <= kSniffBytes;
    const std::string_view head = std::string_view(data).substr(0, kSniffBytes);
    EXPECT_FALSE(SniffServiceNowCmdb(head, complete)) << file;
    EXPECT_FALSE(SniffInventoryCsv(head, complete)) << file;
    EXPECT_FALSE(SniffInventoryJson(head, complete)) << file;
  }
}

}  // namespace
}  // namespace exposure
