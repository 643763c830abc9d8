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
