#include "core/importers/cyclonedx_xml_importer.h"

#include <gtest/gtest.h>

#include <string>

#include "core/app/analyzer.h"
#include "tests/test_util.h"

namespace exposure {
namespace {

TEST(CycloneDxXmlImporter, ExtensionInsideComponent) {
  const std::string doc = R"xml(<?xml version="1.0"?>
<bom xmlns="http://cyclonedx.org/schema/bom/1.2"
     xmlns:v="http://cyclonedx.org/schema/ext/vulnerability/1.0" version="1">
  <metadata><component type="container"><name>web:1.0</name>
    <version>sha256:abc</version></component></metadata>
  <components>
    <component type="library"><name>openssl</name><version>1.1.1</version>
      <purl>pkg:deb/debian/openssl@1.1.1</purl>
      <v:vulnerabilities><v:vulnerability ref="urn:uuid:1">
        <v:id>CVE-2022-0778</v:id><v:source name="NVD"><v:url>https://nvd/x</v:url></v:source>
        <v:ratings><v:rating><v:score><v:base>7.5</v:base></v:score>
          <v:severity>High</v:severity><v:method>CVSSv3</v:method>
          <v:vector>AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H</v:vector></v:rating></v:ratings>
        <v:cwes><v:cwe>835</v:cwe></v:cwes>
        <v:recommendations><v:recommendation>Upgrade</v:recommendation></v:recommendations>
      </v:vulnerability></v:vulnerabilities>
    </component>
  </components>
</bom>)xml";
  Analyzer a;
  testing::FeedInChunks(&a, "c.xml", doc, 11);
  ASSERT_TRUE(a.store().inputs()[0].errors.empty())
      << a.store().inputs()[0].errors[0].message;
  ASSERT_EQ(a.store().findings().size(), 1u);
  const Finding& f = a.store().findings()[0];
  EXPECT_EQ(f.format, "cyclonedx_xml");
  EXPECT_EQ(f.cves, std::vector<std::string>{"CVE-2022-0778"});
  EXPECT_EQ(f.severity, Severity::kHigh);
  ASSERT_EQ(f.cvss.size(), 1u);
  EXPECT_EQ(f.cvss[0].vector, "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H");
  EXPECT_EQ(f.cvss[0].source, "NVD");
  EXPECT_EQ(f.cvss[0].score_tenths, 75);
  EXPECT_EQ(f.cwes, std::vector<std::string>{"CWE-835"});
  EXPECT_EQ(f.component.name, "openssl");
  EXPECT_EQ(f.component.installed, "1.1.1");
  EXPECT_EQ(f.component.type, "deb");
  EXPECT_EQ(f.solution, "Upgrade");
  const Asset& asset = a.store().assets()[f.asset];
  EXPECT_EQ(asset.ids.image, "web:1.0");
}

// The product of a VEX is metadata.component, named by its bom-ref.
TEST(CycloneDxXmlImporter, ResolvesMetadataComponentAndBomLinks) {
  const std::string doc = R"XML(<?xml version="1.0" encoding="UTF-8"?>
<bom xmlns="http://cyclonedx.org/schema/bom/1.5" version="1"
     serialNumber="urn:uuid:9e2d7f10-4c3b-4a59-8f61-0b7c2d9e4a35">
  <metadata>
    <component type="application" bom-ref="2f6c9a8e-51d3-4b0f-9e7a-3c4d5e6f7a8b">
      <name>Acme Billing Portal</name>
      <version>5.2.1</version>
      <components>
        <component type="application" bom-ref="worker">
          <name>billing-worker</name>
          <version>5.2.1</version>
        </component>
      </components>
    </component>
  </metadata>
  <vulnerabilities>
    <vulnerability>
      <id>CVE-2021-44228</id>
      <analysis><state>not_affected</state></analysis>
      <affects>
        <target><ref>2f6c9a8e-51d3-4b0f-9e7a-3c4d5e6f7a8b</ref></target>
        <target><ref>worker</ref></target>
        <target><ref>urn:cdx:0d6e4a1b-7c2f-4e8d-b9a3-51c7e2f40b68/1#pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1</ref></target>
      </affects>
    </vulnerability>
  </vulnerabilities>
</bom>)XML";
  Analyzer a;
  testing::FeedInChunks(&a, "vex.xml", doc, 5);
  ASSERT_TRUE(a.store().inputs()[0].errors.empty())
      << a.store().inputs()[0].errors[0].message;
  const auto& findings = a.store().findings();
  ASSERT_EQ(findings.size(), 3u);
  EXPECT_EQ(findings[0].component.name, "Acme Billing Portal");
  EXPECT_EQ(findings[0].component.installed, "5.2.1");
  EXPECT_EQ(findings[0].status, FindingStatus::kNotAffected);
  EXPECT_EQ(findings[1].component.name, "billing-worker");
  EXPECT_EQ(findings[2].component.name,
            "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
  EXPECT_EQ(findings[2].component.type, "maven");
  EXPECT_EQ(findings[2].location,
            "urn:cdx:0d6e4a1b-7c2f-4e8d-b9a3-51c7e2f40b68/1#pkg:maven/"
            "org.apache.logging.log4j/log4j-core@2.14.1");
}

TEST(CycloneDxXmlImporter, Sniff) {
  EXPECT_TRUE(
      SniffCycloneDxXml("<?xml version=\"1.0\"?><bom "
                        "xmlns=\"http://cyclonedx.org/schema/bom/1.4\">",
                        false));
  EXPECT_FALSE(SniffCycloneDxXml("<bom/>", true));
  EXPECT_FALSE(SniffCycloneDxXml("<analysis/>", true));
}

}  // namespace
}  // namespace exposure
