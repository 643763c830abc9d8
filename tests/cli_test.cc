#include "core/app/cli.h"

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/test_util.h"

namespace exposure {
namespace {

using testing::FakeHost;

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(
        testing::ReadFile(testing::SourceDir() + "/examples/host-scan.nessus",
                          &host.files["scan.nessus"]));
    ASSERT_TRUE(testing::ReadFile(
        testing::SourceDir() + "/examples/webapp-image.trivy.json",
        &host.files["image.json"]));
    host.files["notes.txt"] = "hello";
  }
  int Run(const std::vector<std::string>& args) { return RunCli(args, host); }
  FakeHost host;
};

TEST_F(Cli, VersionAndHelp) {
  EXPECT_EQ(Run({"--version"}), 0);
  EXPECT_EQ(host.out, "exposure 0.1.0\n");
  host.out.clear();
  EXPECT_EQ(Run({"--help"}), 0);
  EXPECT_NE(host.out.find("exposure analyze"), std::string::npos);
}

TEST_F(Cli, BadUsageExitsTwo) {
  EXPECT_EQ(Run({}), 2);
  EXPECT_EQ(Run({"frobnicate"}), 2);
  EXPECT_EQ(Run({"analyze"}), 2);
  EXPECT_EQ(Run({"analyze", "--format", "xml", "scan.nessus"}), 2);
  EXPECT_EQ(Run({"analyze", "--bogus", "scan.nessus"}), 2);
  EXPECT_EQ(Run({"analyze", "--out"}), 2);
  EXPECT_EQ(Run({"detect"}), 2);
}

TEST_F(Cli, Detect) {
  EXPECT_EQ(Run({"detect", "scan.nessus", "image.json", "notes.txt"}), 0);
  EXPECT_EQ(host.out,
            "scan.nessus\tnessus\nimage.json\ttrivy\nnotes.txt\tunknown\n");
}

TEST_F(Cli, Formats) {
  EXPECT_EQ(Run({"formats"}), 0);
  EXPECT_NE(host.out.find("nessus\t"), std::string::npos);
  EXPECT_NE(host.out.find("trivy\t"), std::string::npos);
}

TEST_F(Cli, AnalyzeExitCodes) {
  EXPECT_EQ(Run({"analyze", "scan.nessus", "missing.json"}), 0);
  nlohmann::json r = nlohmann::json::parse(host.out);
  ASSERT_EQ(r["inputs"].size(), 2u);
  EXPECT_EQ(r["inputs"][1]["errors"][0]["message"],
            "missing.json: cannot open: No such file or directory");
  EXPECT_NE(host.err.find("missing.json"), std::string::npos);

  host.out.clear();
  EXPECT_EQ(Run({"analyze", "missing.json", "notes.txt"}), 1);
  EXPECT_FALSE(host.out.empty());  // still a report, listing the errors
}

TEST_F(Cli, AnalyzeOutFile) {
  EXPECT_EQ(Run({"analyze", "--out", "r.json", "--format=json", "image.json"}),
            0);
  EXPECT_TRUE(host.out.empty());
  ASSERT_EQ(host.files.count("r.json"), 1u);
  nlohmann::json r = nlohmann::json::parse(host.files["r.json"]);
  EXPECT_EQ(r["inputs"][0]["name"], "image.json");
}

}  // namespace
}  // namespace exposure
