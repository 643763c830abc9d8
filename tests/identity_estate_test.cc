// Identity resolution on a generated estate with known ground truth: the
// records an inventory and several scans of the same machines would give,
// with what makes real estates hard (DHCP churn, NAT, two sites sharing a
// private range, names reused across sites, partial data per tool).
// Measures pairwise merge precision and recall against the truth, and
// checks that every merge is explained by a key its records share.
//
// The estate (deterministic, from a fixed seed; per machine):
// - a site (berlin or paris; both use 10.1.0.0/16), a serial number, a MAC
//   address, a short host name (one in twenty reuses a name another
//   machine at the other site has: "kiosk-3" in both), and an FQDN for
//   three in four;
// - an inventory record for nine in ten: host name, FQDN when it has one,
//   serial, MAC, and the IP address it had when the inventory was taken;
// - a first and a second week of authenticated host scans, each finding it
//   with the address of that week's DHCP lease (one in five changes lease
//   between the weeks, and leases are reused: a freed address goes to
//   another machine), with its FQDN when DNS knows it (four in five), its
//   MAC when the scanner shares its subnet (one in two) and its NetBIOS
//   name for one in three;
// - a discovery scan (address and MAC only) for the second week;
// - behind the edge, five NAT gateways, each hiding eight machines: an
//   external scan sees only the gateway's public address (the gateway is
//   a machine of its own), and the hidden machines' agents report their
//   private address, MAC and the public address as their IP.
#include <gtest/gtest.h>

#include <cstdint>
#include <deque>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/correlate/identity.h"

namespace exposure {
namespace {

// splitmix64: a small, well-mixed generator, the same on every target.
class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // True with probability 1/n.
  bool OneIn(uint64_t n) { return Next() % n == 0; }
  uint64_t Below(uint64_t n) { return Next() % n; }

 private:
  uint64_t state_;
};

std::string Hex2(uint64_t v) {
  static const char kDigits[] = "0123456789abcdef";
  return std::string{kDigits[(v >> 4) & 15], kDigits[v & 15]};
}

struct Machine {
  std::string site;
  std::string serial;
  std::string mac;
  std::string hostname;
  std::string fqdn;
};

struct Estate {
  std::deque<Asset> assets;  // one per record
  std::vector<std::string> sites;
  std::vector<size_t> truth;  // the machine of each record
  size_t machines = 0;

  void Add(const Asset& a, const std::string& site, size_t machine) {
    assets.push_back(a);
    sites.push_back(site);
    truth.push_back(machine);
  }
};

Asset Host(const std::string& ip,
           const std::string& hostname,
           const std::string& fqdn,
           const std::string& mac,
           const std::string& serial) {
  Asset a;
  a.kind = AssetKind::kHost;
  a.ids.ip = ip;
  a.ids.hostname = hostname;
  a.ids.fqdn = fqdn;
  a.ids.mac = mac;
  a.ids.serial = serial;
  a.name = !fqdn.empty() ? fqdn : !hostname.empty() ? hostname : ip;
  return a;
}

Estate Generate(size_t per_site, uint64_t seed) {
  Random rnd(seed);
  Estate e;
  std::vector<Machine> machines;
  const char* kSites[] = {"berlin", "paris"};
  for (int s = 0; s < 2; ++s) {
    for (size_t i = 0; i < per_site; ++i) {
      Machine m;
      m.site = kSites[s];
      const size_t n = machines.size();
      m.serial = "SN" + std::to_string(100000 + n);
      m.mac = "02:00:" + Hex2(n >> 24) + ":" + Hex2(n >> 16) + ":" +
              Hex2(n >> 8) + ":" + Hex2(n);
      // One in twenty reuses the name of the same position at the other
      // site: the same short name for two machines.
      m.hostname = rnd.OneIn(20) ? "kiosk-" + std::to_string(i)
                                 : m.site + "-" + std::to_string(i);
      if (!rnd.OneIn(4))
        m.fqdn = m.hostname + "." + m.site + ".corp.example";
      machines.push_back(m);
    }
  }
  // Leases per site: week one in order, week two with one in five moved
  // to an address freed by another machine of the site or a new one.
  auto address = [](size_t k) {
    return "10.1." + std::to_string(k / 250) + "." +
           std::to_string(k % 250 + 1);
  };
  std::vector<std::string> week1(machines.size());
  std::vector<std::string> week2(machines.size());
  std::vector<std::string> inventory_ip(machines.size());
  for (int s = 0; s < 2; ++s) {
    const size_t first = s * per_site;
    for (size_t i = 0; i < per_site; ++i)
      week1[first + i] = address(i);
    size_t fresh = per_site;
    for (size_t i = 0; i < per_site; ++i) {
      if (rnd.OneIn(5)) {
        // Swap leases with another machine of the site half the time,
        // else take a new address.
        const size_t j = rnd.Below(per_site);
        if (rnd.OneIn(2) && week2[first + j].empty() && j != i) {
          week2[first + i] = week1[first + j];
          week2[first + j] = week1[first + i];
        } else {
          week2[first + i] = address(fresh++);
        }
      } else if (week2[first + i].empty()) {
        week2[first + i] = week1[first + i];
      }
    }
    for (size_t i = 0; i < per_site; ++i)
      inventory_ip[first + i] =
          rnd.OneIn(3) ? week2[first + i] : week1[first + i];
  }

  for (size_t m = 0; m < machines.size(); ++m) {
    const Machine& x = machines[m];
    if (!rnd.OneIn(10))
      e.Add(Host(inventory_ip[m], x.hostname, x.fqdn, x.mac, x.serial), x.site,
            m);
    for (const std::string* ip : {&week1[m], &week2[m]}) {
      const std::string fqdn = rnd.OneIn(5) ? "" : x.fqdn;
      const std::string mac = rnd.OneIn(2) ? x.mac : "";
      const std::string netbios = rnd.OneIn(3) ? x.hostname : "";
      e.Add(Host(*ip, netbios, fqdn, mac, ""), x.site, m);
    }
    e.Add(Host(week2[m], "", "", x.mac, ""), x.site, m);
  }

  // NAT: gateways with public addresses; their hidden machines' agents.
  size_t next = machines.size();
  for (int g = 0; g < 5; ++g) {
    const size_t gateway = next++;
    const std::string public_ip = "203.0.113." + std::to_string(10 + g);
    e.Add(Host(public_ip, "", "", "", ""), "", gateway);
    for (int h = 0; h < 8; ++h) {
      const size_t hidden = next++;
      const std::string mac = "02:aa:00:00:" + Hex2(g) + ":" + Hex2(h);
      const std::string name =
          "nat" + std::to_string(g) + "-" + std::to_string(h);
      e.Add(Host(public_ip, name, "", mac, ""), "", hidden);
      e.Add(Host("", name, "", mac, "NATSN" + std::to_string(hidden)), "",
            hidden);
    }
  }
  e.machines = next;
  return e;
}

struct Scores {
  double precision = 0;
  double recall = 0;
  uint64_t true_pairs = 0;
  uint64_t found_pairs = 0;
  uint64_t right_pairs = 0;
};

uint64_t Pairs(uint64_t n) {
  return n * (n - 1) / 2;
}

Scores Score(const Estate& e, const IdentityResult& r) {
  std::map<size_t, uint64_t> by_truth;
  std::map<uint32_t, uint64_t> by_found;
  std::map<std::pair<uint32_t, size_t>, uint64_t> both;
  for (size_t i = 0; i < e.truth.size(); ++i) {
    by_truth[e.truth[i]]++;
    by_found[r.asset_of[i]]++;
    both[{r.asset_of[i], e.truth[i]}]++;
  }
  Scores s;
  for (const auto& [k, n] : by_truth)
    s.true_pairs += Pairs(n);
  for (const auto& [k, n] : by_found)
    s.found_pairs += Pairs(n);
  for (const auto& [k, n] : both)
    s.right_pairs += Pairs(n);
  s.precision = s.found_pairs == 0 ? 1.0
                                   : static_cast<double>(s.right_pairs) /
                                         static_cast<double>(s.found_pairs);
  s.recall =
      static_cast<double>(s.right_pairs) / static_cast<double>(s.true_pairs);
  return s;
}

// Whether `record` carries `key` ("fqdn:x", "ip:10.1.0.1@berlin").
bool Carries(const Asset& a, const std::string& site, const std::string& key) {
  const std::string at = site.empty() ? "" : "@" + site;
  return key == "fqdn:" + a.ids.fqdn || key == "mac:" + a.ids.mac ||
         key == "serial:" + a.ids.serial ||
         (!a.ids.hostname.empty() && key == "host:" + a.ids.hostname + at) ||
         (!a.ids.ip.empty() && key == "ip:" + a.ids.ip + at);
}

TEST(IdentityEstate, MergesWithKnownPrecisionAndRecall) {
  const Estate e = Generate(1000, 20261206);
  std::vector<IdentityRecord> records;
  for (size_t i = 0; i < e.assets.size(); ++i)
    records.push_back({&e.assets[i], e.sites[i]});
  const IdentityResult r = ResolveIdentities(records);
  const Scores s = Score(e, r);
  std::printf(
      "[ estate   ] %zu records of %zu machines -> %zu assets; pairs: %llu "
      "true, %llu merged, %llu right; precision %.4f, recall %.4f\n",
      e.assets.size(), e.machines, r.assets.size(),
      static_cast<unsigned long long>(s.true_pairs),
      static_cast<unsigned long long>(s.found_pairs),
      static_cast<unsigned long long>(s.right_pairs), s.precision, s.recall);
  EXPECT_GE(s.precision, 0.995);
  EXPECT_GE(s.recall, 0.98);

  // Every record of an asset of several carries one of its keys.
  std::vector<size_t> records_of(r.assets.size(), 0);
  for (uint32_t a : r.asset_of)
    records_of[a]++;
  size_t unexplained = 0;
  for (size_t i = 0; i < e.assets.size(); ++i) {
    const uint32_t a = r.asset_of[i];
    if (records_of[a] < 2)
      continue;
    bool carries = false;
    for (const std::string& key : r.assets[a].keys)
      carries = carries || Carries(e.assets[i], e.sites[i], key);
    if (!carries && ++unexplained <= 5) {
      ADD_FAILURE() << "record " << i << " (" << e.assets[i].name
                    << ") carries none of its asset's keys";
    }
  }
  EXPECT_EQ(unexplained, 0u);
}

// Without sites, the two sites' records of one private address merge:
// what `sites` in the policy is for.
TEST(IdentityEstate, WithoutSitesSharedRangesCostPrecision) {
  Estate e = Generate(300, 7);
  std::vector<IdentityRecord> with;
  std::vector<IdentityRecord> without;
  for (size_t i = 0; i < e.assets.size(); ++i) {
    with.push_back({&e.assets[i], e.sites[i]});
    without.push_back({&e.assets[i], ""});
  }
  const Scores sited = Score(e, ResolveIdentities(with));
  const Scores flat = Score(e, ResolveIdentities(without));
  EXPECT_LT(flat.precision, sited.precision);
}

}  // namespace
}  // namespace exposure
