// VEX statements applied to findings (core/plan/vex.h): the matching rules.
#include "core/plan/vex.h"

#include <gtest/gtest.h>

#include <string>

namespace exposure {
namespace {

// ---- matching rules -------------------------------------------------------

VexProduct PurlProduct(const std::string& purl, const std::string& range = "") {
  VexProduct p;
  p.purl = purl;
  p.range = range;
  return p;
}
VexProduct CpeProduct(const std::string& cpe, const std::string& range = "") {
  VexProduct p;
  p.cpe = cpe;
  p.range = range;
  return p;
}
VexProduct Named(const std::string& name,
                 const std::string& version = "",
                 const std::string& range = "") {
  VexProduct p;
  p.name = name;
  p.version = version;
  p.range = range;
  return p;
}

TEST(VexMatching, PurlsIgnoreQualifiersButArch) {
  Finding f;
  f.component.name = "curl";
  f.component.installed = "7.81.0-1ubuntu1.14";
  f.component.purl =
      "pkg:deb/ubuntu/curl@7.81.0-1ubuntu1.14?arch=amd64&distro=ubuntu-22.04";
  EXPECT_TRUE(
      VexProductMatches(PurlProduct("pkg:deb/ubuntu/curl"), f, nullptr));
  EXPECT_TRUE(VexProductMatches(
      PurlProduct("pkg:deb/ubuntu/curl@7.81.0-1ubuntu1.14"), f, nullptr));
  EXPECT_TRUE(
      VexProductMatches(PurlProduct("pkg:DEB/Ubuntu/Curl"), f, nullptr));
  EXPECT_TRUE(VexProductMatches(PurlProduct("pkg:deb/ubuntu/curl?arch=amd64"),
                                f, nullptr));
  EXPECT_TRUE(VexProductMatches(PurlProduct("pkg:deb/ubuntu/curl#src/lib"), f,
                                nullptr));
  EXPECT_FALSE(VexProductMatches(PurlProduct("pkg:deb/ubuntu/curl?arch=arm64"),
                                 f, nullptr));
  EXPECT_FALSE(VexProductMatches(
      PurlProduct("pkg:deb/ubuntu/curl@7.81.0-1ubuntu1.15"), f, nullptr));
  EXPECT_FALSE(
      VexProductMatches(PurlProduct("pkg:deb/debian/curl"), f, nullptr));
  EXPECT_FALSE(
      VexProductMatches(PurlProduct("pkg:deb/ubuntu/libcurl4"), f, nullptr));
  // A range on the product (CycloneDX versions, CSAF ranges).
  EXPECT_TRUE(VexProductMatches(
      PurlProduct("pkg:deb/ubuntu/curl", "vers:deb/<7.81.0-1ubuntu1.15"), f,
      nullptr));
  EXPECT_FALSE(VexProductMatches(PurlProduct("pkg:deb/ubuntu/curl", ">=7.82"),
                                 f, nullptr));

  // An npm scope, escaped or not; a Go module path.
  Finding scoped;
  scoped.component.purl = "pkg:npm/%40angular/core@16.2.0";
  EXPECT_TRUE(
      VexProductMatches(PurlProduct("pkg:npm/@angular/core"), scoped, nullptr));
  EXPECT_TRUE(VexProductMatches(PurlProduct("pkg:npm/%40angular/core@16.2.0"),
                                scoped, nullptr));
  Finding go;
  go.component.purl = "pkg:golang/helm.sh/helm/v3@v3.14.1";
  EXPECT_TRUE(VexProductMatches(PurlProduct("pkg:golang/helm.sh/helm/v3"), go,
                                nullptr));
  EXPECT_TRUE(VexProductMatches(
      PurlProduct("pkg:golang/helm.sh/helm/v3@3.14.1"), go, nullptr));
  EXPECT_FALSE(VexProductMatches(PurlProduct("pkg:golang/helm.sh/helm/v2"), go,
                                 nullptr));

  // A finding without purl: by the component's name and version.
  Finding trivy;
  trivy.component.name = "lodash";
  trivy.component.installed = "4.17.15";
  EXPECT_TRUE(
      VexProductMatches(PurlProduct("pkg:npm/lodash@4.17.15"), trivy, nullptr));
  EXPECT_FALSE(
      VexProductMatches(PurlProduct("pkg:npm/lodash@4.17.21"), trivy, nullptr));
  Finding maven;
  maven.component.name = "org.apache.logging.log4j:log4j-core";
  maven.component.installed = "2.14.1";
  EXPECT_TRUE(VexProductMatches(
      PurlProduct("pkg:maven/org.apache.logging.log4j/log4j-core",
                  "vers:maven/<2.15.0"),
      maven, nullptr));
}

TEST(VexMatching, ImagesCpesAndNames) {
  // A pkg:oci purl names the image a finding is on.
  Asset image;
  image.kind = AssetKind::kContainerImage;
  image.ids.image = "registry.example.com/shop/webapp:2.3.1";
  Finding f;
  f.component.name = "libssl3";
  EXPECT_TRUE(VexProductMatches(
      PurlProduct("pkg:oci/webapp?repository_url=registry.example.com/shop"), f,
      &image));
  EXPECT_TRUE(
      VexProductMatches(PurlProduct("pkg:oci/webapp@2.3.1"), f, &image));
  EXPECT_FALSE(
      VexProductMatches(PurlProduct("pkg:oci/webapp@2.4.0"), f, &image));
  EXPECT_FALSE(VexProductMatches(PurlProduct("pkg:oci/shop"), f, &image));
  EXPECT_FALSE(VexProductMatches(PurlProduct("pkg:npm/webapp"), f, &image));
  Asset digest;
  digest.ids.image = "nginx@sha256:13d22ec63300e16014d4a42aed735207a8b33c22";
  EXPECT_TRUE(VexProductMatches(
      PurlProduct(
          "pkg:oci/nginx@sha256%3A13d22ec63300e16014d4a42aed735207a8b33c22"),
      f, &digest));
  EXPECT_FALSE(
      VexProductMatches(PurlProduct("pkg:oci/nginx@sha256%3A00"), f, &digest));

  // CPEs: a component named by one (Nmap), an asset's operating system.
  Finding nmap;
  nmap.component.name = "cpe:/a:apache:http_server:2.4.51";
  EXPECT_TRUE(VexProductMatches(
      CpeProduct("cpe:2.3:a:apache:http_server:*:*:*:*:*:*:*:*"), nmap,
      nullptr));
  EXPECT_TRUE(VexProductMatches(
      CpeProduct("cpe:2.3:a:apache:http_server:2.4.51:*:*:*:*:*:*:*"), nmap,
      nullptr));
  EXPECT_TRUE(VexProductMatches(CpeProduct("cpe:/a:Apache:HTTP_Server"), nmap,
                                nullptr));
  EXPECT_TRUE(VexProductMatches(
      CpeProduct("cpe:2.3:a:apache:http_server:*:*:*:*:*:*:*:*", "<2.4.52"),
      nmap, nullptr));
  EXPECT_FALSE(VexProductMatches(
      CpeProduct("cpe:2.3:a:apache:http_server:2.4.52:*:*:*:*:*:*:*"), nmap,
      nullptr));
  EXPECT_FALSE(VexProductMatches(
      CpeProduct("cpe:2.3:a:nginx:http_server:*:*:*:*:*:*:*:*"), nmap,
      nullptr));
  Asset rhel;
  rhel.os = "cpe:/o:redhat:enterprise_linux:8";
  EXPECT_TRUE(VexProductMatches(CpeProduct("cpe:/o:redhat:enterprise_linux:8"),
                                f, &rhel));
  EXPECT_FALSE(VexProductMatches(CpeProduct("cpe:/o:redhat:enterprise_linux:9"),
                                 f, &rhel));

  // Names: the component's (with its version or range), or the asset's.
  Finding abc;
  abc.component.name = "abc";
  abc.component.installed = "4.2";
  EXPECT_TRUE(VexProductMatches(Named("ABC", "4.2"), abc, nullptr));
  EXPECT_TRUE(VexProductMatches(Named("ABC"), abc, nullptr));
  EXPECT_FALSE(VexProductMatches(Named("ABC", "4.3"), abc, nullptr));
  EXPECT_TRUE(VexProductMatches(Named("ABC", "", "vers:generic/>=4.0|<=4.5"),
                                abc, nullptr));
  EXPECT_FALSE(VexProductMatches(Named("ABC", "", "vers:generic/>=4.5|<=5.0"),
                                 abc, nullptr));
  Finding none;
  Asset product;
  product.name = "ABC@4.2";
  EXPECT_TRUE(VexProductMatches(Named("ABC", "4.2"), none, &product));
  EXPECT_TRUE(VexProductMatches(Named("abc"), none, &product));
  EXPECT_FALSE(VexProductMatches(Named("ABC", "1.0"), none, &product));
  product.name = "ABC";
  EXPECT_TRUE(VexProductMatches(Named("ABC"), none, &product));
  EXPECT_FALSE(VexProductMatches(Named("ABC", "4.2"), none, &product));
}

TEST(VexMatching, ParsesPurlsAndCpes) {
  Purl p;
  ASSERT_TRUE(ParsePurl(
      "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar#x", &p));
  EXPECT_EQ(p.type, "maven");
  EXPECT_EQ(p.ns, "org.apache.logging.log4j");
  EXPECT_EQ(p.name, "log4j-core");
  EXPECT_EQ(p.version, "2.14.1");
  ASSERT_TRUE(ParsePurl("pkg:rpm/redhat/curl@7.76.1-14.el9?arch=S390X", &p));
  EXPECT_EQ(p.arch, "s390x");
  EXPECT_FALSE(ParsePurl("pkg:npm", &p));
  EXPECT_FALSE(ParsePurl("npm/lodash", &p));
  Cpe c;
  ASSERT_TRUE(ParseCpe("cpe:2.3:a:acme:big\\:data:1.0:*:*:*:*:*:*:*", &c));
  EXPECT_EQ(c.product, "big:data");
  EXPECT_EQ(c.version, "1.0");
  ASSERT_TRUE(ParseCpe("cpe:/o:redhat:enterprise_linux:8", &c));
  EXPECT_EQ(c.part, "o");
  EXPECT_EQ(c.vendor, "redhat");
  EXPECT_FALSE(ParseCpe("cpe:2.3:a", &c));
  EXPECT_FALSE(ParseCpe("pkg:npm/a", &c));
}

}  // namespace
}  // namespace exposure
