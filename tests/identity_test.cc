// Identity resolution (core/correlate/identity.h): which records are one
// asset, on the cases that make it hard.
#include "core/correlate/identity.h"

#include <gtest/gtest.h>

#include <deque>
#include <string>
#include <vector>

#include "core/base/net.h"

namespace exposure {
namespace {

Asset Host(std::string ip,
           std::string fqdn = "",
           std::string mac = "",
           std::string serial = "",
           std::string hostname = "") {
  Asset a;
  a.kind = AssetKind::kHost;
  a.ids.ip = std::move(ip);
  a.ids.fqdn = std::move(fqdn);
  a.ids.mac = std::move(mac);
  a.ids.serial = std::move(serial);
  a.ids.hostname = std::move(hostname);
  a.name = !a.ids.fqdn.empty() ? a.ids.fqdn : a.ids.ip;
  return a;
}

// The asset of each record, for assets given with their sites.
class Resolver {
 public:
  size_t Add(Asset a, std::string site = "") {
    assets_.push_back(std::move(a));
    sites_.push_back(std::move(site));
    return assets_.size() - 1;
  }
  const IdentityResult& Run() {
    std::vector<IdentityRecord> records;
    for (size_t i = 0; i < assets_.size(); ++i)
      records.push_back({&assets_[i], sites_[i]});
    result_ = ResolveIdentities(records);
    return result_;
  }
  bool Same(size_t a, size_t b) const {
    return result_.asset_of[a] == result_.asset_of[b];
  }
  const AssetIdentity& Of(size_t record) const {
    return result_.assets[result_.asset_of[record]];
  }

 private:
  std::deque<Asset> assets_;
  std::vector<std::string> sites_;
  IdentityResult result_;
};

TEST(Identity, DhcpAddressChangeIsOneAsset) {
  Resolver r;
  size_t monday = r.Add(Host("10.0.0.5", "web01.corp.example"));
  size_t friday = r.Add(Host("10.0.0.9", "WEB01.corp.example."));
  size_t by_mac_a = r.Add(Host("10.0.1.1", "", "00-50-56-9A-0B-0C"));
  size_t by_mac_b = r.Add(Host("10.0.1.2", "", "0050.569a.0b0c"));
  r.Run();
  EXPECT_TRUE(r.Same(monday, friday));
  EXPECT_TRUE(r.Same(by_mac_a, by_mac_b));
  EXPECT_FALSE(r.Same(monday, by_mac_a));
  EXPECT_EQ(r.Of(monday).primary, "fqdn:web01.corp.example");
  EXPECT_EQ(r.Of(monday).confidence, IdentityConfidence::kStrong);
  EXPECT_EQ(r.Of(by_mac_a).primary, "mac:00:50:56:9a:0b:0c");
}

// The same private address at two sites is two machines; within a site,
// an address alone joins the record that has it.
TEST(Identity, AddressesMergeWithinOneSiteOnly) {
  Resolver r;
  size_t berlin = r.Add(Host("192.168.1.10"), "berlin");
  size_t paris = r.Add(Host("192.168.1.10"), "paris");
  size_t berlin_named =
      r.Add(Host("192.168.1.10", "db01.berlin.example"), "berlin");
  r.Run();
  EXPECT_FALSE(r.Same(berlin, paris));
  EXPECT_TRUE(r.Same(berlin, berlin_named));
  EXPECT_EQ(r.Of(paris).primary, "ip:192.168.1.10@paris");
  EXPECT_EQ(r.Of(paris).confidence, IdentityConfidence::kWeak);
}

// Two machines behind one NAT address, told apart by their MACs: the
// address names neither, and a record with the address alone joins none.
TEST(Identity, AnAddressOnTwoMacsIsNoMergeKey) {
  Resolver r;
  size_t a = r.Add(Host("203.0.113.7", "", "aa:aa:aa:00:00:01"));
  size_t b = r.Add(Host("203.0.113.7", "", "aa:aa:aa:00:00:02"));
  size_t bare = r.Add(Host("203.0.113.7"));
  r.Run();
  EXPECT_FALSE(r.Same(a, b));
  EXPECT_FALSE(r.Same(a, bare));
  EXPECT_FALSE(r.Same(b, bare));
  ASSERT_EQ(r.Of(bare).conflicts.size(), 1u);
  EXPECT_EQ(r.Of(bare).conflicts[0],
            "ip:203.0.113.7: seen with 2 different MAC addresses");
  EXPECT_TRUE(r.Of(bare).keys.empty());
  // Every asset still has an id of its own.
  EXPECT_NE(r.Of(a).primary, r.Of(b).primary);
  EXPECT_NE(r.Of(bare).primary, r.Of(a).primary);
}

// A name shared by two serial numbers is no merge key either; one FQDN
// on two MACs merges nothing, and says why.
TEST(Identity, StrongerKeysMustAgree) {
  Resolver r;
  size_t one = r.Add(Host("", "", "", "SN-1", "kiosk"));
  size_t two = r.Add(Host("", "", "", "SN-2", "kiosk"));
  size_t named = r.Add(Host("10.9.9.9", "", "", "", "kiosk"));
  size_t nic1 =
      r.Add(Host("10.1.1.1", "app.corp.example", "02:00:00:00:00:01"));
  size_t nic2 =
      r.Add(Host("10.1.1.2", "app.corp.example", "02:00:00:00:00:02"));
  r.Run();
  EXPECT_FALSE(r.Same(one, two));
  EXPECT_FALSE(r.Same(one, named));
  EXPECT_FALSE(r.Same(nic1, nic2));
  EXPECT_EQ(r.Of(one).confidence, IdentityConfidence::kExact);
  bool said = false;
  for (const std::string& c : r.Of(nic1).conflicts)
    said = said || c == "fqdn:app.corp.example: also on another asset whose "
                        "MAC address differs";
  EXPECT_TRUE(said);
  EXPECT_EQ(r.Of(nic1).primary, "mac:02:00:00:00:00:01");
  EXPECT_EQ(r.Of(nic2).primary, "mac:02:00:00:00:00:02");
}

// Placeholder serial numbers and broadcast MACs identify nothing.
TEST(Identity, PlaceholdersAreNoIdentity) {
  Resolver r;
  size_t a = r.Add(
      Host("10.0.0.1", "", "00:00:00:00:00:00", "To be filled by O.E.M."));
  size_t b = r.Add(
      Host("10.0.0.2", "", "ff:ff:ff:ff:ff:ff", "To be filled by O.E.M."));
  r.Run();
  EXPECT_FALSE(r.Same(a, b));
  EXPECT_EQ(r.Of(a).keys, (std::vector<std::string>{"ip:10.0.0.1"}));
}

// A short name merges with the FQDN it begins (inventories write one,
// scanners the other), and keys are listed strongest first.
TEST(Identity, ShortNameMeetsItsFqdn) {
  Resolver r;
  size_t inventory = r.Add(Host("", "", "", "CZ1234XYZ", "web01"));
  size_t scan = r.Add(Host("10.0.0.7", "web01.corp.example"));
  r.Run();
  EXPECT_TRUE(r.Same(inventory, scan));
  EXPECT_EQ(r.Of(scan).keys, (std::vector<std::string>{
                                 "serial:CZ1234XYZ", "fqdn:web01.corp.example",
                                 "host:web01", "ip:10.0.0.7"}));
  EXPECT_EQ(r.Of(scan).confidence, IdentityConfidence::kExact);
}

TEST(Identity, SitesByInputCidrOrLocation) {
  Site berlin{"berlin", {}, {"berlin-*.nessus"}};
  uint32_t net = 0;
  int prefix = 0;
  ASSERT_TRUE(ParseCidr("10.20.0.0/16", &net, &prefix));
  Site paris{"paris", {{net, prefix}}, {}};
  const std::vector<Site> sites = {berlin, paris};
  const std::string scan = "berlin-2026-12.nessus";
  const std::string other = "other.nessus";
  Asset a = Host("10.20.3.4");
  EXPECT_EQ(SiteOf(sites, {&scan}, a), "berlin");
  EXPECT_EQ(SiteOf(sites, {&other}, a), "paris");
  Asset b = Host("172.16.0.1");
  EXPECT_EQ(SiteOf(sites, {&other}, b), "");
  b.context.site = "PARIS";
  EXPECT_EQ(SiteOf(sites, {&other}, b), "paris");
  EXPECT_EQ(SiteOf({}, {&scan}, a), "");
}

}  // namespace
}  // namespace exposure
