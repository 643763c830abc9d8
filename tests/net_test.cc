#include "core/base/net.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace exposure {
namespace {

TEST(Net, ParseIpv4) {
  uint32_t ip = 0;
  ASSERT_TRUE(ParseIpv4("10.20.30.40", &ip));
  EXPECT_EQ(ip, 0x0A141E28u);
  ASSERT_TRUE(ParseIpv4("255.255.255.255", &ip));
  EXPECT_EQ(ip, 0xFFFFFFFFu);
  ASSERT_TRUE(ParseIpv4("0.0.0.0", &ip));
  EXPECT_EQ(ip, 0u);
  for (const char* bad :
       {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.4 ", "1..2.3",
        "0001.2.3.4", "a.b.c.d", "1.2.3.", ".1.2.3", "1.2.3.4/8", "-1.2.3.4"}) {
    EXPECT_FALSE(ParseIpv4(bad, &ip)) << bad;
    EXPECT_FALSE(IsIpv4(bad)) << bad;
  }
  EXPECT_TRUE(IsIpv4("192.168.001.010"));
}

TEST(Net, LooksLikeIpv6) {
  EXPECT_TRUE(LooksLikeIpv6("fe80::1"));
  EXPECT_TRUE(LooksLikeIpv6("2001:DB8::ff00:42:8329"));
  EXPECT_TRUE(LooksLikeIpv6("::ffff:192.0.2.1"));
  EXPECT_FALSE(LooksLikeIpv6("10.0.0.1"));
  EXPECT_FALSE(LooksLikeIpv6("host:8080x"));
  EXPECT_FALSE(LooksLikeIpv6("www.example.com"));
}

}  // namespace
}  // namespace exposure
