#include "core/importers/runzero_importer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/app/analyzer.h"
#include "core/model/record_sink.h"
#include "tests/test_util.h"

namespace exposure {
namespace {

using Strings = std::vector<std::string>;

Status Read(const std::string& doc, RecordSink* sink) {
  std::unique_ptr<Importer> importer = CreateRunZeroImporter(sink);
  return testing::FeedImporter(importer.get(), doc, 3);
}

using testing::HasTag;

constexpr char kAsset[] = R"json([{
  "id": "bf707048-7ce9-4249-a58c-0aaa257d69f0",
  "organization_id": "o", "site_id": "s", "detected_by": "arp",
  "type": "Server", "os": "Red Hat Enterprise Linux", "os_version": "8.5",
  "hw": "VMware VM",
  "addresses": ["fe80::250:56ff:fe89:b0e1", "2001:db8::91", "192.168.1.91"],
  "addresses_extra": ["192.168.2.91"],
  "macs": ["00:50:56:89:b0:e1", "00:50:56:89:b0:e2"],
  "newest_mac": "00:50:56:89:b0:e2",
  "names": ["RHEL85", "RHEL85.LOCALDOMAIN", "rhel85.corp.example.com"],
  "tags": {"env": "prod", "owner": "linux-team", "pci": ""},
  "site_name": "Primary",
  "services": {
    "192.168.1.91/0/arp/": {"service.port": "0", "service.transport": "arp"},
    "192.168.1.91/22/tcp/": {"service.port": "22", "service.transport": "tcp",
      "protocol": "ssh", "product": "OpenBSD:OpenSSH:8.0"},
    "192.168.1.91/111/udp/": {"service.port": "111", "service.transport": "udp",
      "protocol": "rpcbind\tsunrpc"},
    "192.168.1.91/9090/tcp/": {"service.port": "9090", "service.transport": "tcp",
      "protocol": "http\ttls", "product": "Cockpit Project:Cockpit:"},
    "fe80::250:56ff:fe89:b0e1/22/tcp/": {"service.port": "22",
      "service.transport": "tcp", "protocol": "ssh"}
  }
}])json";

TEST(RunZeroImporter, MapsAnAssetAndItsServices) {
  RecordSink sink;
  ASSERT_TRUE(Read(kAsset, &sink).ok());
  const std::vector<Asset>& r = sink.assets();
  ASSERT_EQ(r.size(), 3u);
  const Asset& a = r[0];
  EXPECT_EQ(a.kind, AssetKind::kHost);
  EXPECT_EQ(a.name, "RHEL85");
  EXPECT_EQ(a.ids.ip, "192.168.1.91");  // IPv4 first
  EXPECT_EQ(a.ids.hostname, "RHEL85");
  EXPECT_EQ(a.ids.fqdn, "rhel85.corp.example.com");
  EXPECT_EQ(a.ids.mac, "00:50:56:89:b0:e2");  // the newest
  EXPECT_EQ(a.os, "Red Hat Enterprise Linux 8.5");
  EXPECT_EQ(a.context.site, "Primary");
  EXPECT_EQ(a.context.environment, "prod");
  EXPECT_EQ(a.context.owner, "linux-team");
  EXPECT_TRUE(HasTag(a, "pci"));
  EXPECT_TRUE(HasTag(a, "type:Server"));
  EXPECT_TRUE(HasTag(a, "hw:VMware VM"));
  // Further addresses: no link-local one.
  EXPECT_EQ(r[1].ids.ip, "192.168.2.91");
  EXPECT_EQ(r[2].ids.ip, "2001:db8::91");
  EXPECT_EQ(r[1].ids.mac, a.ids.mac);

  const std::vector<Service>& s = sink.services();
  ASSERT_EQ(s.size(), 4u);
  EXPECT_EQ(s[0].port, 111u);
  EXPECT_EQ(s[0].protocol, "udp");
  EXPECT_EQ(s[0].name, "rpcbind");
  EXPECT_EQ(s[1].port, 22u);
  EXPECT_EQ(s[1].name, "ssh");
  EXPECT_EQ(s[1].product, "OpenSSH");
  EXPECT_EQ(s[1].version, "8.0");
  EXPECT_EQ(s[2].port, 9090u);
  EXPECT_EQ(s[2].name, "http");
  EXPECT_EQ(s[2].product, "Cockpit");
  EXPECT_EQ(s[2].version, "");
  EXPECT_EQ(s[3].port, 22u);  // on the link-local address: the same asset
  for (const Service& one : s)
    EXPECT_EQ(one.asset, 0u);

  Analyzer an;
  testing::FeedInChunks(&an, "assets.json", kAsset, 5);
  EXPECT_EQ(an.store().inputs()[0].format, "runzero");
  ASSERT_EQ(an.store().assets().size(), 1u);
  EXPECT_EQ(an.store().services().size(), 3u);
}

TEST(RunZeroImporter, ReadsJsonLinesAndPortLists) {
  const std::string doc =
      R"({"id":"1","addresses":["10.0.0.5"],"addresses_extra":[],"macs":[],"names":[],"service_ports_tcp":["443","x"],"service_ports_udp":["53"]}
{"id":"2","addresses":["10.0.0.6"],"names":["printer-2"],"macs":["3c:52:82:4f:1e:90"],"type":"Printer"}
)";
  RecordSink sink;
  ASSERT_TRUE(Read(doc, &sink).ok());
  ASSERT_EQ(sink.assets().size(), 2u);
  EXPECT_EQ(sink.assets()[0].name, "10.0.0.5");  // no name: the address
  EXPECT_EQ(sink.assets()[1].name, "printer-2");
  ASSERT_EQ(sink.services().size(), 2u);
  EXPECT_EQ(sink.services()[0].port, 443u);
  EXPECT_EQ(sink.services()[0].protocol, "tcp");
  EXPECT_EQ(sink.services()[1].port, 53u);
  EXPECT_EQ(sink.services()[1].protocol, "udp");
}

TEST(RunZeroImporter, ReadsCsv) {
  const std::string doc =
      "id,address,os,os_version,hw,addresses,addresses_extra,macs,names,"
      "type,site,tags,service_ports_tcp\r\n"
      "3e1f,10.40.2.21,Ubuntu Linux,22.04,Dell PowerEdge R650,"
      "10.40.2.21 2001:db8:40:2::21,10.41.2.21,B0-7B-25-C1-D2-E3,"
      "\"app21 app21.dc1.example.com\",Server,DC1,"
      "\"env=production owner=payments criticality=2\",22 443\r\n";
  RecordSink sink;
  ASSERT_TRUE(Read(doc, &sink).ok());
  ASSERT_EQ(sink.assets().size(), 3u);
  const Asset& a = sink.assets()[0];
  EXPECT_EQ(a.ids.ip, "10.40.2.21");
  EXPECT_EQ(a.ids.fqdn, "app21.dc1.example.com");
  EXPECT_EQ(a.ids.hostname, "app21");
  EXPECT_EQ(a.ids.mac, "b0:7b:25:c1:d2:e3");  // as scanners write it
  EXPECT_EQ(a.os, "Ubuntu Linux 22.04");
  EXPECT_EQ(a.context.site, "DC1");
  EXPECT_EQ(a.context.environment, "production");
  EXPECT_EQ(a.context.owner, "payments");
  EXPECT_EQ(a.context.criticality, Criticality::kHigh);
  EXPECT_EQ(sink.assets()[1].ids.ip, "10.41.2.21");
  EXPECT_EQ(sink.assets()[2].ids.ip, "2001:db8:40:2::21");
  ASSERT_EQ(sink.services().size(), 2u);
  EXPECT_EQ(sink.services()[1].port, 443u);
}

TEST(RunZeroImporter, Sniff) {
  EXPECT_TRUE(SniffRunZero(kAsset, true));
  EXPECT_TRUE(SniffRunZero(
      "id,address,last_seen,os,hw,addresses,macs,names,type,site,tags\n",
      true));
  // An address list alone is not runZero's.
  EXPECT_FALSE(
      SniffRunZero(R"([{"addresses": ["10.0.0.1"], "names": []}])", true));
  EXPECT_FALSE(SniffRunZero("id,addresses,names\n1,10.0.0.1,a\n", true));
}

// The real asset of ../shared/samples (demisto/content's runZero test
// data): an array of one asset with services on its IPv4 and link-local
// IPv6 addresses.
TEST(RunZeroImporter, ReadsTheSharedSample) {
  std::string doc;
  ASSERT_TRUE(
      testing::ReadFile(testing::SamplesDir() +
                            "/inventories/runzero/demisto_runzero_assets.json",
                        &doc));
  RecordSink sink;
  ASSERT_TRUE(Read(doc, &sink).ok());
  // Its only other address is link-local: no further record.
  ASSERT_EQ(sink.assets().size(), 1u);
  const Asset& a = sink.assets()[0];
  EXPECT_EQ(a.kind, AssetKind::kHost);
  EXPECT_EQ(a.name, "RHEL85");
  EXPECT_EQ(a.ids.ip, "192.168.1.91");
  EXPECT_EQ(a.ids.hostname, "RHEL85");
  EXPECT_EQ(a.ids.fqdn, "");  // RHEL85.LOCALDOMAIN names no DNS zone
  EXPECT_EQ(a.ids.mac, "00:50:56:89:b0:e1");
  EXPECT_EQ(a.os, "Red Hat Enterprise Linux 8.5");
  EXPECT_EQ(a.context.site, "Primary");
  EXPECT_TRUE(HasTag(a, "type:Server"));
  Strings ports;
  for (const Service& s : sink.services()) {
    EXPECT_EQ(s.asset, 0u);
    ports.push_back(std::to_string(s.port) + "/" + s.protocol);
  }
  std::sort(ports.begin(), ports.end());
  ports.erase(std::unique(ports.begin(), ports.end()), ports.end());
  EXPECT_EQ(ports,
            (Strings{"111/tcp", "111/udp", "22/tcp", "5353/udp", "9090/tcp"}));
  EXPECT_TRUE(sink.findings().empty());
}

TEST(RunZeroImporter, SniffsTheSharedSampleOfItsFormatOnly) {
  EXPECT_EQ(testing::SamplesAccepted(&SniffRunZero),
            (Strings{"inventories/runzero/demisto_runzero_assets.json"}));
}

}  // namespace
}  // namespace exposure
