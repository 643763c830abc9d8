#include "core/importers/dependency_check_importer.h"

#include <gtest/gtest.h>

#include <string>

#include "core/app/analyzer.h"
#include "tests/test_util.h"

namespace exposure {
namespace {

TEST(DependencyCheckImporter, MapsVulnerabilityFields) {
  const std::string doc = R"xml(<?xml version="1.0"?>
<analysis xmlns="https://jeremylong.github.io/DependencyCheck/dependency-check.2.5.xsd">
  <projectInfo><name>shop</name></projectInfo>
  <dependencies>
    <dependency isVirtual="false">
      <fileName>log4j-core-2.14.1.jar</fileName>
      <filePath>/app/lib/log4j-core-2.14.1.jar</filePath>
      <identifiers><package confidence="HIGH">
        <id>pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1</id>
      </package></identifiers>
      <vulnerabilities>
        <vulnerability source="NVD">
          <name>CVE-2021-44228</name>
          <severity>CRITICAL</severity>
          <cvssV2><score>9.3</score><accessVector>NETWORK</accessVector>
            <accessComplexity>MEDIUM</accessComplexity><authenticationr>NONE</authenticationr>
            <confidentialImpact>COMPLETE</confidentialImpact><integrityImpact>COMPLETE</integrityImpact>
            <availabilityImpact>COMPLETE</availabilityImpact></cvssV2>
          <cvssV3><baseScore>10.0</baseScore><attackVector>NETWORK</attackVector>
            <attackComplexity>LOW</attackComplexity><privilegesRequired>NONE</privilegesRequired>
            <userInteraction>NONE</userInteraction><scope>CHANGED</scope>
            <confidentialityImpact>HIGH</confidentialityImpact><integrityImpact>HIGH</integrityImpact>
            <availabilityImpact>HIGH</availabilityImpact><version>3.1</version></cvssV3>
          <cwes><cwe>CWE-502</cwe><cwe>CWE-20 Improper Input Validation</cwe></cwes>
          <description>Log4Shell</description>
          <references><reference><url>https://logging.apache.org/log4j/2.x/security.html</url></reference></references>
        </vulnerability>
        <suppressedVulnerability source="NVD"><name>CVE-2021-45046</name>
          <severity>HIGH</severity><notes>not reachable</notes></suppressedVulnerability>
      </vulnerabilities>
    </dependency>
  </dependencies>
</analysis>)xml";
  Analyzer a;
  testing::FeedInChunks(&a, "d.xml", doc, 9);
  ASSERT_TRUE(a.store().inputs()[0].errors.empty())
      << a.store().inputs()[0].errors[0].message;
  ASSERT_EQ(a.store().findings().size(), 2u);
  const Finding& f = a.store().findings()[0];
  EXPECT_EQ(f.format, "dependency_check");
  EXPECT_EQ(f.rule_id, "CVE-2021-44228");
  EXPECT_EQ(f.cves, std::vector<std::string>{"CVE-2021-44228"});
  EXPECT_EQ(f.severity, Severity::kCritical);
  EXPECT_EQ(f.cwes, (std::vector<std::string>{"CWE-502", "CWE-20"}));
  ASSERT_EQ(f.cvss.size(), 2u);
  EXPECT_EQ(f.cvss[0].vector, "AV:N/AC:M/Au:N/C:C/I:C/A:C");
  EXPECT_EQ(f.cvss[0].score_tenths, 93);
  EXPECT_EQ(f.cvss[1].vector, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H");
  EXPECT_EQ(f.cvss[1].source, "nvd");
  EXPECT_EQ(f.component.name, "org.apache.logging.log4j:log4j-core");
  EXPECT_EQ(f.component.installed, "2.14.1");
  EXPECT_EQ(f.component.type, "maven");
  EXPECT_EQ(f.location, "/app/lib/log4j-core-2.14.1.jar");
  EXPECT_EQ(f.title, "CVE-2021-44228 in log4j-core-2.14.1.jar");
  EXPECT_EQ(a.store().assets()[f.asset].name, "shop");
  const Finding& s = a.store().findings()[1];
  EXPECT_EQ(s.status, FindingStatus::kSuppressed);
  EXPECT_EQ(s.evidence, "Suppression notes: not reachable");
}

// Schema 1.x lists CPE identifiers next to the Maven one. A CPE names the
// product NVD tracks (spring_framework for every Spring jar), so the Maven
// coordinates name the installed package; a dependency with CPEs only is
// named by its file.
TEST(DependencyCheckImporter, Schema1MavenIdentifierIsTheComponent) {
  const std::string doc = R"XML(<?xml version="1.0"?>
<analysis xmlns="https://jeremylong.github.io/DependencyCheck/dependency-check.1.3.xsd">
  <scanInfo><engineVersion>1.4.5</engineVersion></scanInfo>
  <projectInfo><name>billing-service</name></projectInfo>
  <dependencies>
    <dependency>
      <fileName>spring-core-3.1.3.RELEASE.jar</fileName>
      <filePath>/home/ci/.m2/repository/org/springframework/spring-core/3.1.3.RELEASE/spring-core-3.1.3.RELEASE.jar</filePath>
      <identifiers>
        <identifier type="cpe" confidence="HIGHEST">
          <name>(cpe:/a:pivotal:spring_framework:3.1.3)</name>
        </identifier>
        <identifier type="maven" confidence="HIGHEST">
          <name>(org.springframework:spring-core:3.1.3.RELEASE)</name>
        </identifier>
      </identifiers>
      <vulnerabilities>
        <vulnerability><name>CVE-2014-0225</name><cvssScore>6.8</cvssScore><severity>Medium</severity></vulnerability>
      </vulnerabilities>
    </dependency>
    <dependency>
      <fileName>spring-beans-3.1.3.RELEASE.jar</fileName>
      <filePath>/home/ci/.m2/repository/org/springframework/spring-beans/3.1.3.RELEASE/spring-beans-3.1.3.RELEASE.jar</filePath>
      <identifiers>
        <identifier type="cpe" confidence="HIGHEST">
          <name>(cpe:/a:pivotal:spring_framework:3.1.3)</name>
        </identifier>
        <identifier type="maven" confidence="HIGHEST">
          <name>(org.springframework:spring-beans:3.1.3.RELEASE)</name>
        </identifier>
      </identifiers>
      <vulnerabilities>
        <vulnerability><name>CVE-2014-0225</name><cvssScore>6.8</cvssScore><severity>Medium</severity></vulnerability>
      </vulnerabilities>
    </dependency>
    <dependency>
      <fileName>struts2-core.jar</fileName>
      <filePath>/opt/app/WEB-INF/lib/struts2-core.jar</filePath>
      <identifiers>
        <identifier type="cpe" confidence="HIGHEST">
          <name>(cpe:/a:apache:struts:2.3.1)</name>
        </identifier>
      </identifiers>
      <vulnerabilities>
        <vulnerability><name>CVE-2017-5638</name><cvssScore>10.0</cvssScore><severity>High</severity></vulnerability>
      </vulnerabilities>
    </dependency>
  </dependencies>
</analysis>)XML";
  Analyzer a;
  testing::FeedInChunks(&a, "dc.xml", doc, 7);
  ASSERT_TRUE(a.store().inputs()[0].errors.empty())
      << a.store().inputs()[0].errors[0].message;
  const auto& findings = a.store().findings();
  ASSERT_EQ(findings.size(), 3u);
  EXPECT_EQ(findings[0].component.name, "org.springframework:spring-core");
  EXPECT_EQ(findings[0].component.installed, "3.1.3.RELEASE");
  EXPECT_EQ(findings[0].component.type, "maven");
  EXPECT_EQ(findings[1].component.name, "org.springframework:spring-beans");
  EXPECT_EQ(findings[1].component.installed, "3.1.3.RELEASE");
  EXPECT_EQ(findings[2].component.name, "struts2-core.jar");
  EXPECT_EQ(findings[2].component.installed, "");
  EXPECT_EQ(findings[2].component.type, "");
}

TEST(DependencyCheckImporter, Sniff) {
  EXPECT_TRUE(SniffDependencyCheck(
      "<?xml version=\"1.0\"?>\n<analysis "
      "xmlns=\"https://jeremylong.github.io/DependencyCheck/"
      "dependency-check.1.3.xsd\">",
      false));
  EXPECT_FALSE(SniffDependencyCheck("<analysis><x/></analysis>", true));
  EXPECT_FALSE(SniffDependencyCheck("<NessusClientData_v2/>", true));
}

}  // namespace
}  // namespace exposure
