#include "core/importers/bloodhound_importer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/app/analyzer.h"
#include "core/model/record_sink.h"
#include "tests/test_util.h"

namespace exposure {
namespace {

constexpr const char* kV5 = "bloodhound/bloodhound_py_v5_support_htb/";
constexpr const char* kV6 = "bloodhound/sharphound_ce_v6_testlab/";
// The SUPPORT.HTB and TESTLAB.LOCAL domain SIDs.
constexpr const char* kSupport = "S-1-5-21-1677581083-3380853377-188903654";
constexpr const char* kTestlab = "S-1-5-21-3130019616-2776909439-2417379446";

std::string Sample(const std::string& rel) {
  return testing::SamplesDir() + "/" + rel;
}

std::string Read(const std::string& path) {
  std::string data;
  EXPECT_TRUE(testing::ReadFile(path, &data)) << path;
  return data;
}

// Feeds each file as one input of `a` in 4 KiB chunks.
void Analyze(Analyzer* a, const std::vector<std::string>& files) {
  for (const std::string& f : files)
    testing::FeedInChunks(a, f, Read(Sample(f)), 4096);
}

// "kind:count" of the described principals, and of the relations, of a
// directory.
std::map<std::string, size_t> PrincipalKinds(const Directory& d) {
  std::map<std::string, size_t> out;
  for (size_t i = 0; i < d.size(); ++i) {
    if (d.entry(static_cast<uint32_t>(i)).described)
      ++out[PrincipalKindName(d.entry(static_cast<uint32_t>(i)).kind)];
  }
  return out;
}

std::map<std::string, size_t> RelationKinds(const Directory& d) {
  std::map<std::string, size_t> out;
  for (const Directory::Edge& e : d.relations())
    ++out[RelationKindName(e.kind)];
  return out;
}

bool HasEdge(const Directory& d,
             const std::string& from,
             const std::string& to,
             RelationKind kind) {
  const uint32_t f = d.Find(from);
  const uint32_t t = d.Find(to);
  if (f == Directory::kNoRecord || t == Directory::kNoRecord)
    return false;
  for (const Directory::Edge& e : d.relations()) {
    if (e.from == f && e.to == t && e.kind == kind)
      return true;
  }
  return false;
}

// The same collection without its `meta` object, first or last: the
// kinds then come from the objects alone.
std::string WithoutMeta(const std::string& doc) {
  const size_t meta = doc.find("\"meta\"");
  const size_t end = doc.find('}', meta);
  const size_t before = doc.find_last_not_of(" \t\r\n", meta - 1);
  if (doc[before] == ',')
    return doc.substr(0, before) + doc.substr(end + 1);
  const size_t comma = doc.find(',', end);
  return doc.substr(0, meta) + doc.substr(comma + 1);
}

struct SampleCounts {
  std::string file;
  size_t principals;  // the input's count
  size_t relations;   // the input's count, before duplicates merge
  std::map<std::string, size_t> kinds;
  std::map<std::string, size_t> edges;  // unique, by kind
};

// Every sample is read whole, as bloodhound, into principals and
// relations and no findings; each computer is a host.
TEST(BloodHoundImporter, ReadsEverySample) {
  const std::string v5 = std::string(kV5) + "support.htb_20260730230425_";
  const std::vector<SampleCounts> kSamples = {
      {v5 + "computers.json",
       1,
       14,
       {{"computer", 1}},
       {{"AddKeyCredentialLink", 2},
        {"AdminTo", 3},
        {"CanPSRemote", 1},
        {"GenericAll", 3},
        {"GenericWrite", 1},
        {"MemberOf", 1},
        {"Owns", 1},
        {"WriteDacl", 1},
        {"WriteOwner", 1}}},
      {v5 + "containers.json",
       19,
       144,
       {{"container", 19}},
       {{"Contains", 41},
        {"GenericAll", 26},
        {"Owns", 19},
        {"WriteDacl", 29},
        {"WriteOwner", 29}}},
      {v5 + "domains.json",
       1,
       18,
       {{"domain", 1}},
       {{"AllExtendedRights", 2},
        {"Contains", 5},
        {"DCSync", 3},
        {"GPLink", 1},
        {"GenericAll", 1},
        {"Owns", 1},
        {"WriteDacl", 2},
        {"WriteOwner", 2}}},
      {v5 + "gpos.json",
       2,
       20,
       {{"gpo", 2}},
       {{"GenericWrite", 4}, {"Owns", 2}, {"WriteDacl", 4}, {"WriteOwner", 4}}},
      {v5 + "groups.json",
       53,
       396,
       {{"group", 53}},
       {{"GenericAll", 108},
        {"GenericWrite", 72},
        {"MemberOf", 26},
        {"Owns", 46},
        {"WriteDacl", 72},
        {"WriteOwner", 72}}},
      {v5 + "ous.json",
       1,
       10,
       {{"ou", 1}},
       {{"Contains", 1},
        {"GPLink", 1},
        {"GenericAll", 1},
        {"GenericWrite", 2},
        {"Owns", 1},
        {"WriteDacl", 2},
        {"WriteOwner", 2}}},
      {v5 + "users.json",
       21,
       226,
       {{"user", 21}},
       {{"AddKeyCredentialLink", 36},
        {"AllExtendedRights", 24},
        {"GenericAll", 54},
        {"GenericWrite", 24},
        {"MemberOf", 20},
        {"Owns", 20},
        {"WriteDacl", 24},
        {"WriteOwner", 24}}},
      {std::string(kV6) + "computers.json",
       4,
       46,
       {{"computer", 4}},
       {{"AdminTo", 2},
        {"AllowedToAct", 1},
        {"AllowedToDelegate", 1},
        {"CanPSRemote", 1},
        {"CanRDP", 1},
        {"Contains", 2},
        {"ExecuteDCOM", 1},
        {"GenericAll", 12},
        {"GenericWrite", 4},
        {"HasSession", 4},
        {"MemberOf", 4},
        {"Owns", 4},
        {"WriteDacl", 4},
        {"WriteOwner", 4}}},
      {std::string(kV6) + "domains.json",
       1,
       15,
       {{"domain", 1}},
       {{"AllExtendedRights", 2},
        {"DCSync", 4},
        {"GPLink", 2},
        {"GenericAll", 1},
        {"Owns", 1},
        {"WriteDacl", 2},
        {"WriteOwner", 2}}},
      {std::string(kV6) + "sessions.json", 0, 1, {}, {{"HasSession", 1}}},
  };
  std::vector<std::string> files;
  for (const SampleCounts& s : kSamples) {
    files.push_back(s.file);
    Analyzer a;
    Analyze(&a, {s.file});
    const Input& in = a.store().inputs().at(0);
    EXPECT_EQ(in.format, "bloodhound") << s.file;
    EXPECT_TRUE(in.errors.empty()) << in.errors[0].message;
    EXPECT_FALSE(in.partial) << s.file;
    EXPECT_EQ(in.findings, 0u) << s.file;
    EXPECT_EQ(in.principals, s.principals) << s.file;
    EXPECT_EQ(in.relations, s.relations) << s.file;
    EXPECT_EQ(in.assets.size(),
              s.kinds.count("computer") != 0 ? s.kinds.at("computer") : 0u)
        << s.file;
    const Directory& d = a.store().directory();
    EXPECT_EQ(PrincipalKinds(d), s.kinds) << s.file;
    EXPECT_EQ(RelationKinds(d), s.edges) << s.file;

    // Without `meta`, each object's own members tell the same kinds.
    Analyzer bare;
    testing::FeedInChunks(&bare, s.file, WithoutMeta(Read(Sample(s.file))),
                          4096);
    EXPECT_TRUE(bare.store().inputs().at(0).errors.empty()) << s.file;
    EXPECT_EQ(PrincipalKinds(bare.store().directory()), s.kinds) << s.file;
  }
  // The sniffer takes exactly these samples (not the zip).
  std::sort(files.begin(), files.end());
  EXPECT_EQ(testing::SamplesAccepted(&SniffBloodHound), files);
}

// The edges BloodHound's own ingest test expects of the v6 fixture (those
// of the files we have: DCFor and CoerceToTGT are edges BloodHound derives,
// not ones the files state).
TEST(BloodHoundImporter, SharpHoundCeEdges) {
  Analyzer a;
  Analyze(&a, {std::string(kV6) + "computers.json",
               std::string(kV6) + "domains.json",
               std::string(kV6) + "sessions.json"});
  const Directory& d = a.store().directory();
  const std::string sid = std::string(kTestlab) + "-";
  const std::string win10 = sid + "1104";
  EXPECT_TRUE(HasEdge(d, sid + "1105", win10, RelationKind::kAdminTo));
  EXPECT_TRUE(HasEdge(d, sid + "512", win10, RelationKind::kAdminTo));
  EXPECT_TRUE(HasEdge(d, sid + "513", win10, RelationKind::kCanRdp));
  EXPECT_TRUE(HasEdge(d, sid + "1105", win10, RelationKind::kCanPsRemote));
  EXPECT_TRUE(
      HasEdge(d, "TESTLAB.LOCAL-S-1-1-0", win10, RelationKind::kExecuteDcom));
  for (const char* user : {"1107", "1108", "2117", "1105", "500"})
    EXPECT_TRUE(HasEdge(d, win10, sid + user, RelationKind::kHasSession))
        << user;
  EXPECT_TRUE(
      HasEdge(d, win10, sid + "12345", RelationKind::kAllowedToDelegate));
  EXPECT_TRUE(HasEdge(d, sid + "12345", win10, RelationKind::kAllowedToAct));
  // ContainedBy: the OU holds WIN10.
  EXPECT_TRUE(HasEdge(d, "2A374493-816A-4193-BEFD-D2F4132C6DCA", win10,
                      RelationKind::kContains));
  // The DC (IsDC) and the domain are tier zero, WIN10 is not.
  const Directory::Entry& dc = d.entry(d.Find(sid + "1001"));
  EXPECT_TRUE(dc.tier_zero);
  EXPECT_EQ(dc.kind, PrincipalKind::kComputer);
  EXPECT_FALSE(d.entry(d.Find(win10)).tier_zero);
  EXPECT_TRUE(d.entry(d.Find(kTestlab)).tier_zero);
  EXPECT_EQ(d.entry(d.Find(win10)).name, "WIN10.TESTLAB.LOCAL");
  EXPECT_EQ(d.entry(d.Find(win10)).domain, "TESTLAB.LOCAL");
  // DCSync: Domain Admins (AllExtendedRights), Enterprise Admins
  // (GenericAll), and whoever holds both replication rights.
  size_t dcsync = 0;
  for (const Directory::Edge& e : d.relations()) {
    if (e.kind == RelationKind::kDcSync) {
      EXPECT_EQ(d.id(e.to), kTestlab);
      ++dcsync;
    }
  }
  EXPECT_EQ(dcsync, 4u);
  EXPECT_TRUE(HasEdge(d, sid + "512", kTestlab, RelationKind::kDcSync));
  EXPECT_TRUE(HasEdge(d, sid + "519", kTestlab, RelationKind::kDcSync));
  // Every computer is a host.
  EXPECT_EQ(a.store().assets().size(), 4u);
}

// The BloodHound.py domain controller: tier zero by its primary group
// (Domain Controllers; v5 has no IsDC), its local administrators, and
// the domain's DCSync holders.
TEST(BloodHoundImporter, BloodHoundPyDomainController) {
  const std::string v5 = std::string(kV5) + "support.htb_20260730230425_";
  Analyzer a;
  Analyze(&a, {v5 + "computers.json", v5 + "groups.json", v5 + "users.json",
               v5 + "domains.json"});
  const Directory& d = a.store().directory();
  const std::string sid = std::string(kSupport) + "-";
  const std::string dc = sid + "1000";
  ASSERT_NE(d.Find(dc), Directory::kNoRecord);
  const Directory::Entry& e = d.entry(d.Find(dc));
  EXPECT_EQ(e.kind, PrincipalKind::kComputer);
  EXPECT_TRUE(e.tier_zero);
  EXPECT_EQ(e.name, "DC.SUPPORT.HTB");
  for (const char* admin : {"500", "512", "519"})
    EXPECT_TRUE(HasEdge(d, sid + admin, dc, RelationKind::kAdminTo)) << admin;
  EXPECT_TRUE(HasEdge(d, sid + "1105", dc, RelationKind::kCanPsRemote));
  EXPECT_TRUE(HasEdge(d, dc, sid + "516", RelationKind::kMemberOf));
  // Domain Admins and the built-in Administrators are tier zero groups.
  EXPECT_TRUE(d.entry(d.Find(sid + "512")).tier_zero);
  EXPECT_EQ(d.entry(d.Find(sid + "512")).kind, PrincipalKind::kGroup);
  EXPECT_TRUE(d.entry(d.Find("SUPPORT.HTB-S-1-5-32-544")).tier_zero);
  EXPECT_TRUE(
      HasEdge(d, "SUPPORT.HTB-S-1-5-32-544", kSupport, RelationKind::kDcSync));
  // Tier zero: the groups BloodHound.py marks highvalue (Account, Server,
  // Backup and Print Operators too), and Schema Admins and the Enterprise
  // Domain Controllers, which it does not.
  size_t tier_zero_groups = 0;
  size_t disabled_users = 0;
  for (size_t i = 0; i < d.size(); ++i) {
    const Directory::Entry& p = d.entry(static_cast<uint32_t>(i));
    tier_zero_groups += p.kind == PrincipalKind::kGroup && p.tier_zero;
    disabled_users += p.kind == PrincipalKind::kUser && !p.enabled;
  }
  EXPECT_EQ(tier_zero_groups, 10u);
  EXPECT_TRUE(d.entry(d.Find(sid + "518")).tier_zero);
  EXPECT_TRUE(d.entry(d.Find("SUPPORT.HTB-S-1-5-9")).tier_zero);
  EXPECT_EQ(disabled_users, 1u);
  // GetChangesAll alone (Domain Controllers) is no DCSync.
  EXPECT_FALSE(HasEdge(d, sid + "516", kSupport, RelationKind::kDcSync));
  // Its host: FQDN and short name in lower case, and the OS.
  ASSERT_NE(e.asset_record, Directory::kNoRecord);
  const Asset& host =
      a.store().assets().at(a.store().asset_of_record(e.asset_record));
  EXPECT_EQ(host.kind, AssetKind::kHost);
  EXPECT_EQ(host.ids.fqdn, "dc.support.htb");
  EXPECT_EQ(host.ids.hostname, "dc");
  EXPECT_EQ(host.ids.ip, "");
  EXPECT_EQ(host.os, "Windows Server 2022 Standard");
}

// A scanner's record of the same FQDN is the computer's host: the
// principal's asset is the scanned asset.
TEST(BloodHoundImporter, ComputerJoinsTheScannedHost) {
  const std::string nmap = R"(<?xml version="1.0"?>
<nmaprun scanner="nmap" start="1700000000">
<host><status state="up"/><address addr="10.10.11.174" addrtype="ipv4"/>
<hostnames><hostname name="dc.support.htb" type="PTR"/></hostnames>
<ports><port protocol="tcp" portid="445"><state state="open"/>
<service name="microsoft-ds"/></port></ports></host>
</nmaprun>
)";
  Analyzer a;
  testing::FeedInChunks(&a, "scan.xml", nmap, 4096);
  Analyze(&a, {std::string(kV5) + "support.htb_20260730230425_computers.json"});
  ASSERT_EQ(a.store().inputs().at(0).format, "nmap");
  ASSERT_EQ(a.store().inputs().at(1).format, "bloodhound");
  EXPECT_EQ(a.store().assets().size(), 1u);
  const Directory& d = a.store().directory();
  const Directory::Entry& dc = d.entry(d.Find(std::string(kSupport) + "-1000"));
  const size_t asset = a.store().asset_of_record(dc.asset_record);
  ASSERT_LT(asset, a.store().assets().size());
  EXPECT_EQ(a.store().assets()[asset].ids.ip, "10.10.11.174");
  EXPECT_EQ(a.store().assets()[asset].ids.fqdn, "dc.support.htb");
}

RecordSink ImportDoc(const std::string& doc, size_t chunk = 5) {
  RecordSink sink;
  std::unique_ptr<Importer> importer = CreateBloodHoundImporter(&sink);
  EXPECT_TRUE(testing::FeedImporter(importer.get(), doc, chunk).ok());
  return sink;
}

std::vector<std::string> Lines(const RecordSink& sink) {
  std::vector<std::string> out;
  for (const Relation& r : sink.relations())
    out.push_back(r.from + " " + RelationKindName(r.kind) + " " + r.to);
  return out;
}

// Legacy shapes (SharpHound v3 members, plain id lists), meta last, and
// the rules of tier zero, enabled and DCSync.
TEST(BloodHoundImporter, MapsLegacyObjectsWithMetaLast) {
  const RecordSink sink = ImportDoc(R"({"data": [
    {"ObjectIdentifier": "s-1-5-21-1-2-3-1200",
     "Properties": {"name": "HELPDESK@CORP.LOCAL", "domain": "CORP.LOCAL",
                    "highvalue": true},
     "Members": [{"MemberId": "S-1-5-21-1-2-3-1105", "MemberType": "User"},
                 "S-1-5-21-1-2-3-1106", {"ObjectType": "User"}],
     "Aces": [{"PrincipalSID": "S-1-5-21-1-2-3-512", "RightName": "AddMember",
               "IsInherited": false},
              {"PrincipalSID": "S-1-5-21-1-2-3-512", "RightName": "WriteSPN"}]},
    {"Properties": {"name": "NOID@CORP.LOCAL"}},
    {"ObjectIdentifier": "S-1-5-21-1-2-3-1105", "PrimaryGroupSID": "S-1-5-21-1-2-3-513",
     "Properties": {"name": "BOB@CORP.LOCAL", "enabled": false},
     "AllowedToDelegate": ["S-1-5-21-1-2-3-1300"], "Aces": []},
    {"ObjectIdentifier": "S-1-5-21-1-2-3", "Trusts": [],
     "Properties": {"name": "CORP.LOCAL"},
     "Aces": [{"PrincipalSID": "S-1-5-21-1-2-3-1105", "RightName": "GetChangesAll"},
              {"PrincipalSID": "S-1-5-21-1-2-3-1106", "RightName": "GetChanges"},
              {"PrincipalSID": "S-1-5-21-1-2-3-1106", "RightName": "GetChangesAll"}]}
  ], "meta": {"type": "groups", "count": 4, "version": 4}})");
  ASSERT_EQ(sink.principals().size(), 3u);
  const Principal& group = sink.principals()[0];
  EXPECT_EQ(group.id, "S-1-5-21-1-2-3-1200");  // upper case, as ingested
  EXPECT_EQ(group.kind, PrincipalKind::kGroup);
  EXPECT_EQ(group.name, "HELPDESK@CORP.LOCAL");
  EXPECT_EQ(group.domain, "CORP.LOCAL");
  EXPECT_TRUE(group.tier_zero);  // highvalue
  EXPECT_TRUE(group.enabled);
  const Principal& user = sink.principals()[1];
  EXPECT_EQ(user.kind, PrincipalKind::kUser);
  EXPECT_FALSE(user.enabled);
  EXPECT_FALSE(user.tier_zero);
  EXPECT_EQ(user.asset, Finding::kNoAsset);
  const Principal& domain = sink.principals()[2];
  EXPECT_EQ(domain.kind, PrincipalKind::kDomain);
  EXPECT_TRUE(domain.tier_zero);
  EXPECT_EQ(Lines(sink),
            (std::vector<std::string>{
                "S-1-5-21-1-2-3-1105 MemberOf S-1-5-21-1-2-3-1200",
                "S-1-5-21-1-2-3-1106 MemberOf S-1-5-21-1-2-3-1200",
                "S-1-5-21-1-2-3-512 AddMember S-1-5-21-1-2-3-1200",
                "S-1-5-21-1-2-3-1105 MemberOf S-1-5-21-1-2-3-513",
                "S-1-5-21-1-2-3-1105 AllowedToDelegate S-1-5-21-1-2-3-1300",
                "S-1-5-21-1-2-3-1106 DCSync S-1-5-21-1-2-3",
            }));
  // The object without an id is left out, located; reading went on.
  ASSERT_EQ(sink.record_errors().size(), 1u);
  EXPECT_EQ(sink.record_errors()[0].message(),
            "data[1] left out: no ObjectIdentifier");
  EXPECT_EQ(sink.record_errors()[0].location().line, 10u);
}

// v6 local groups by RID or name; a computer's host from samaccountname
// when its name is not an FQDN; sessions of a sessions file.
TEST(BloodHoundImporter, MapsComputersAndSessions) {
  const RecordSink sink = ImportDoc(R"({"meta": {"type": "computers"},
  "data": [{"ObjectIdentifier": "S-1-5-21-1-2-3-1104",
    "Properties": {"name": "WS01", "samaccountname": "WS01$",
                   "operatingsystem": "Windows 11 Pro"},
    "LocalGroups": [
      {"Name": "ADMINISTRATEURS@WS01", "ObjectIdentifier": "S-1-5-21-1-2-3-1104-544",
       "Results": [{"ObjectIdentifier": "S-1-5-21-1-2-3-1105"}]},
      {"Name": "REMOTE DESKTOP USERS@WS01", "ObjectIdentifier": "WS01-S-1-5-32-555",
       "Results": [{"ObjectIdentifier": "S-1-5-21-1-2-3-513"}]},
      {"Name": "BACKUP OPERATORS@WS01", "ObjectIdentifier": "S-1-5-21-1-2-3-1104-551",
       "Results": [{"ObjectIdentifier": "S-1-5-21-1-2-3-1107"}]}],
    "Sessions": {"Results": [{"UserSID": "S-1-5-21-1-2-3-1108"}], "Collected": true},
    "IsDC": false}]})");
  ASSERT_EQ(sink.principals().size(), 1u);
  const Principal& ws = sink.principals()[0];
  EXPECT_EQ(ws.kind, PrincipalKind::kComputer);
  EXPECT_FALSE(ws.tier_zero);
  ASSERT_EQ(ws.asset, 0u);
  ASSERT_EQ(sink.assets().size(), 1u);
  EXPECT_EQ(sink.assets()[0].ids.hostname, "ws01");
  EXPECT_EQ(sink.assets()[0].ids.fqdn, "");
  EXPECT_EQ(sink.assets()[0].os, "Windows 11 Pro");
  EXPECT_EQ(Lines(sink),
            (std::vector<std::string>{
                "S-1-5-21-1-2-3-1104 HasSession S-1-5-21-1-2-3-1108",
                "S-1-5-21-1-2-3-1105 AdminTo S-1-5-21-1-2-3-1104",
                "S-1-5-21-1-2-3-513 CanRDP S-1-5-21-1-2-3-1104",
            }));

  const RecordSink sessions = ImportDoc(R"({"data": [
    {"ComputerSID": "S-1-5-21-1-2-3-1104", "UserSID": "S-1-5-21-1-2-3-1109"},
    {"ComputerSID": "S-1-5-21-1-2-3-1104"}],
    "meta": {"type": "sessions", "version": 5}})");
  EXPECT_TRUE(sessions.principals().empty());
  EXPECT_EQ(Lines(sessions),
            std::vector<std::string>{
                "S-1-5-21-1-2-3-1104 HasSession S-1-5-21-1-2-3-1109"});
  ASSERT_EQ(sessions.record_errors().size(), 1u);
  EXPECT_EQ(sessions.record_errors()[0].message(),
            "data[1] left out: a session without ComputerSID or UserSID");
}

// A computer named only by its account (fuzz_paths found the view of a
// temporary that this read).
TEST(BloodHoundImporter, ComputerNamedByItsAccountOnly) {
  const RecordSink sink = ImportDoc(R"({"meta": {"type": "computers"},
    "data": [{"ObjectIdentifier": "S-1-5-21-9-1001",
              "Properties": {"samaccountname": "  FILESRV07$  "}}]})");
  ASSERT_EQ(sink.assets().size(), 1u);
  EXPECT_EQ(sink.assets()[0].ids.hostname, "filesrv07");
  EXPECT_EQ(sink.assets()[0].name, "filesrv07");
}

TEST(BloodHoundImporter, SniffsMetaFirstOrObjects) {
  EXPECT_TRUE(SniffBloodHound(
      R"({"meta": {"methods": 0, "type": "users", "count": 0}, "data": [)",
      false));
  EXPECT_TRUE(SniffBloodHound(
      R"({"data":[{"ObjectIdentifier": "S-1-5-21-1", "Properties": {)", false));
  EXPECT_TRUE(SniffBloodHound(
      R"({"data":[{"UserSID": "S-1", "ComputerSID": "S-2"}], "meta": {)",
      false));
  // Another collector's type (AzureHound, ADCS objects) is not read.
  EXPECT_FALSE(SniffBloodHound(
      R"({"meta": {"type": "certtemplates"}, "data": [{"ObjectIdentifier": "x",
          "Properties": {}}]})",
      true));
  // Another API's data array.
  EXPECT_FALSE(
      SniffBloodHound(R"({"data": [{"id": 1, "type": "users"}]})", true));
  EXPECT_FALSE(SniffBloodHound(R"(["ObjectIdentifier", "Properties"])", true));
  // A head that ends inside a huge first object: maybe, decided by meta.
  EXPECT_TRUE(MaybeBloodHound(R"({"data": [ {"Members": [{"Obj)"));
  EXPECT_FALSE(MaybeBloodHound(R"({"data": [ {"members": [)"));
  EXPECT_FALSE(
      MaybeBloodHound(R"({"meta": {"type": "azure"}, "data": [{"Members": [)"));
}

// A first object larger than the head the sniffers see (a group of
// thousands of members, its Properties after them) is read to the end and
// taken for what its meta.type says.
TEST(BloodHoundImporter, ReadsAGroupLargerThanTheHead) {
  const auto group = [](const std::string& type) {
    std::string doc = R"({"data":[{"Members":[)";
    for (int i = 0; i < 1500; ++i) {
      doc += std::string(i == 0 ? "" : ",") +
             R"({"ObjectIdentifier":"S-1-5-21-1-2-3-)" +
             std::to_string(2000 + i) + R"(","ObjectType":"User"})";
    }
    return doc + R"(],"ObjectIdentifier":"S-1-5-21-1-2-3-513",)" +
           R"("Properties":{"name":"DOMAIN USERS@CORP.LOCAL"},"Aces":[]}],)" +
           R"("meta":{"type":")" + type + R"(","count":1,"version":5}})";
  };
  const std::string doc = group("groups");
  ASSERT_GT(doc.size(), kSniffBytes);
  const std::string_view head = std::string_view(doc).substr(0, kSniffBytes);
  EXPECT_FALSE(SniffBloodHound(head, false));
  EXPECT_TRUE(MaybeBloodHound(head));
  Analyzer a;
  testing::FeedInChunks(&a, "groups.json", doc, 4096);
  testing::FeedInChunks(&a, "certtemplates.json", group("certtemplates"), 4096);
  const Input& in = a.store().inputs().at(0);
  EXPECT_EQ(in.format, "bloodhound");
  EXPECT_TRUE(in.errors.empty());
  EXPECT_EQ(in.principals, 1u);
  EXPECT_EQ(in.relations, 1500u);
  // Another type is no collection: nothing of it is kept.
  EXPECT_EQ(a.store().inputs().at(1).format, "");
  EXPECT_EQ(a.store().inputs().at(1).principals, 0u);
  EXPECT_EQ(a.store().directory().size(), 1501u);
}

TEST(BloodHoundImporter, ConfirmsTheCollectionAtTheEnd) {
  const auto check = [](const std::string& doc) {
    RecordSink sink;
    std::unique_ptr<Importer> importer = CreateBloodHoundImporter(&sink);
    return testing::FeedImporter(importer.get(), doc, 1 << 20);
  };
  EXPECT_TRUE(check(R"({"data": [], "meta": {"type": "ous"}})").ok());
  EXPECT_EQ(check(R"({"data": [{"Members": []}]})").message(),
            "not a BloodHound collection: no \"meta\" object");
  EXPECT_EQ(check(R"({"data": [], "meta": {"type": "aiacas"}})").message(),
            "not a BloodHound collection: meta.type \"aiacas\" is not users, "
            "groups, computers, domains, ous, gpos, containers or sessions");
  EXPECT_EQ(check(R"({"meta": {"type": "users"}})").message(),
            "not a BloodHound collection: no \"data\" array");
}

}  // namespace
}  // namespace exposure
