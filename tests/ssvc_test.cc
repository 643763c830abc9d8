// Every row of the published SSVC tables (../shared/data/ssvc) must give the
// tabulated outcome.
#include "core/score/ssvc.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/test_util.h"

namespace exposure {
namespace {

// The tables are plain CSV without quoted commas in the data rows.
std::vector<std::vector<std::string>> ReadTable(const std::string& name) {
  std::ifstream in(testing::SourceDir() + "/../shared/data/ssvc/" + name);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ','))
      cells.push_back(cell);
    rows.push_back(cells);
  }
  return rows;
}

template <typename E>
E Parse(const std::string& text, std::initializer_list<E> values) {
  for (E v : values) {
    if (text == Name(v))
      return v;
  }
  ADD_FAILURE() << "unknown value " << text;
  return *values.begin();
}

const std::initializer_list<SsvcExploitation> kExploitation = {
    SsvcExploitation::kNone, SsvcExploitation::kPublicPoc,
    SsvcExploitation::kActive};
const std::initializer_list<SsvcAutomatable> kAutomatable = {
    SsvcAutomatable::kNo, SsvcAutomatable::kYes};
const std::initializer_list<SsvcImpact> kImpact = {
    SsvcImpact::kLow, SsvcImpact::kMedium, SsvcImpact::kHigh,
    SsvcImpact::kVeryHigh};

TEST(Ssvc, DeployerTableEveryRow) {
  auto rows = ReadTable("deployer_patch_application_priority_1_0_0.csv");
  ASSERT_EQ(rows.size(), 72u);
  for (const auto& r : rows) {
    ASSERT_EQ(r.size(), 6u);
    DeployerPriority got = DeployerDecision(
        Parse(r[1], kExploitation),
        Parse(r[2], {SsvcExposure::kSmall, SsvcExposure::kControlled,
                     SsvcExposure::kOpen}),
        Parse(r[3], kAutomatable), Parse(r[4], kImpact));
    EXPECT_EQ(Name(got), r[5]) << "row " << r[0];
  }
}

TEST(Ssvc, CisaTableEveryRow) {
  auto rows = ReadTable("cisa_coordinator_2_0_3.csv");
  ASSERT_EQ(rows.size(), 36u);
  for (const auto& r : rows) {
    ASSERT_EQ(r.size(), 6u);
    CisaLevel got = CisaDecision(
        Parse(r[1], kExploitation), Parse(r[2], kAutomatable),
        Parse(r[3],
              {SsvcTechnicalImpact::kPartial, SsvcTechnicalImpact::kTotal}),
        Parse(r[4], kImpact));
    EXPECT_EQ(Name(got), r[5]) << "row " << r[0];
  }
}

TEST(Ssvc, HumanImpactTableEveryRow) {
  auto rows = ReadTable("human_impact_1_0_0.csv");
  ASSERT_EQ(rows.size(), 16u);
  const char* safety[] = {"negligible", "marginal", "critical", "catastrophic"};
  const char* mission[] = {"degraded", "mef support crippled", "mef failure",
                           "mission failure"};
  for (const auto& r : rows) {
    int s = -1;
    int m = -1;
    for (int i = 0; i < 4; ++i) {
      if (r[1] == safety[i])
        s = i;
      if (r[2] == mission[i])
        m = i;
    }
    ASSERT_GE(s, 0) << r[1];
    ASSERT_GE(m, 0) << r[2];
    SsvcImpact got = HumanImpact(static_cast<SsvcSafetyImpact>(s),
                                 static_cast<SsvcMissionImpact>(m));
    EXPECT_EQ(Name(got), r[3]) << "row " << r[0];
  }
}

TEST(Ssvc, VeryHighMissionCountsAsHighInTheCisaTree) {
  EXPECT_EQ(CisaDecision(SsvcExploitation::kActive, SsvcAutomatable::kYes,
                         SsvcTechnicalImpact::kTotal, SsvcImpact::kVeryHigh),
            CisaLevel::kAct);
}

}  // namespace
}  // namespace exposure
