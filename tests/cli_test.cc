#include "core/app/cli.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/plan/gates.h"
#include "core/render/export_view.h"
#include "native/thread_runner.h"
#include "tests/test_util.h"

namespace exposure {
namespace {

using testing::BigNessus;
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

// The version has one source, project(VERSION) in CMakeLists.txt, which the
// build checks against package.json: the CLI prints that one.
TEST_F(Cli, VersionAndHelp) {
  std::string package;
  ASSERT_TRUE(
      testing::ReadFile(testing::SourceDir() + "/package.json", &package));
  const size_t key = package.find("\"version\": \"");
  ASSERT_NE(key, std::string::npos);
  const size_t start = key + 12;
  const std::string version =
      package.substr(start, package.find('"', start) - start);
  EXPECT_EQ(Run({"--version"}), 0);
  EXPECT_EQ(host.out, "exposure " + version + "\n");
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

TEST_F(Cli, AnalyzeOutFileHasTheStdoutBytesWrittenInPieces) {
  // A host that records the size of each write.
  class CountingHost : public FakeHost {
   public:
    class Output : public OutputStream {
     public:
      Output(std::string* file, std::vector<size_t>* writes)
          : file_(file), writes_(writes) {}
      Status Write(std::string_view data) override {
        writes_->push_back(data.size());
        file_->append(data);
        return Status::Ok();
      }
      Status Close() override { return Status::Ok(); }

     private:
      std::string* file_;
      std::vector<size_t>* writes_;
    };
    Result<std::unique_ptr<OutputStream>> Create(
        const std::string& path) override {
      return std::unique_ptr<OutputStream>(
          std::make_unique<Output>(&files[path], &writes));
    }
    std::vector<size_t> writes;
  };
  CountingHost counting;
  counting.files = host.files;
  // Enough findings for a report of several 1 MiB pieces.
  std::string big = "<NessusClientData_v2><Report name=\"r\">";
  for (int h = 0; h < 400; ++h) {
    big += "<ReportHost name=\"10.0.0." + std::to_string(h) + "\">";
    for (int i = 0; i < 20; ++i) {
      big +=
          "<ReportItem port=\"443\" protocol=\"tcp\" severity=\"2\" "
          "pluginID=\"" +
          std::to_string(1000 + i) +
          "\" pluginName=\"Plugin\"><plugin_output>" + std::string(300, 'x') +
          "</plugin_output></ReportItem>";
    }
    big += "</ReportHost>";
  }
  big += "</Report></NessusClientData_v2>";
  counting.files["big.nessus"] = big;
  EXPECT_EQ(RunCli({"analyze", "--out", "r.json", "big.nessus"}, counting), 0);
  EXPECT_EQ(RunCli({"analyze", "big.nessus"}, counting), 0);
  EXPECT_EQ(counting.files["r.json"], counting.out);
  EXPECT_GT(counting.writes.size(), 3u);
  for (size_t n : counting.writes)
    EXPECT_LT(n, size_t{2} << 20);
}

TEST_F(Cli, AnalyzeOutWriteErrorExitsOne) {
  class FullDiskHost : public FakeHost {
   public:
    class Output : public OutputStream {
     public:
      Status Write(std::string_view) override {
        return Status::Error("No space left on device");
      }
      Status Close() override { return Status::Ok(); }
    };
    Result<std::unique_ptr<OutputStream>> Create(const std::string&) override {
      return std::unique_ptr<OutputStream>(std::make_unique<Output>());
    }
  };
  FullDiskHost full;
  full.files = host.files;
  EXPECT_EQ(RunCli({"analyze", "--out", "r.json", "scan.nessus"}, full), 1);
  EXPECT_EQ(full.err,
            "exposure: cannot write r.json: No space left on device\n");
}

// A host with spill space in memory, counting what went there.
class SpillingHost : public FakeHost {
 public:
  class Space : public MemorySpill {
   public:
    explicit Space(SpillingHost* host) : host_(host) {}
    Result<uint64_t> Append(std::string_view bytes) override {
      host_->spilled += bytes.size();
      return MemorySpill::Append(bytes);
    }
    Status Read(uint64_t offset, size_t size, char* out) override {
      if (host_->break_reads)
        return Status::Error("Input/output error");
      return MemorySpill::Read(offset, size, out);
    }

   private:
    SpillingHost* host_;
  };
  Result<std::unique_ptr<SpillSpace>> CreateSpill() override {
    ++created;
    if (!can_spill)
      return Status::Error("/tmp: Read-only file system");
    return std::unique_ptr<SpillSpace>(std::make_unique<Space>(this));
  }
  bool can_spill = true;
  bool break_reads = false;
  int created = 0;
  uint64_t spilled = 0;
};

TEST_F(Cli, AnalyzeSpillsBeyondMemoryWithTheSameReport) {
  SpillingHost spilling;
  spilling.files["big.nessus"] = BigNessus(2000);  // about 14 MB
  // Everything in memory: no spill space is even asked for.
  EXPECT_EQ(RunCli({"analyze", "--memory", "0", "big.nessus"}, spilling), 0);
  EXPECT_EQ(spilling.created, 0);
  const std::string in_memory = spilling.out;
  spilling.out.clear();
  EXPECT_EQ(RunCli({"analyze", "--memory=1", "big.nessus"}, spilling), 0);
  EXPECT_EQ(spilling.created, 1);
  EXPECT_GT(spilling.spilled, uint64_t{10} << 20);
  EXPECT_TRUE(spilling.out == in_memory) << "the reports differ";
  EXPECT_EQ(spilling.err, "");
}

TEST_F(Cli, AnalyzeWithoutSpillSpaceWarnsAndKeepsEverythingInMemory) {
  SpillingHost spilling;
  spilling.can_spill = false;
  spilling.files = host.files;
  EXPECT_EQ(RunCli({"analyze", "scan.nessus"}, spilling), 0);
  EXPECT_EQ(spilling.err,
            "exposure: warning: no temporary file (/tmp: Read-only file "
            "system): keeping everything in memory\n");
  EXPECT_NO_THROW(nlohmann::json::parse(spilling.out));
}

TEST_F(Cli, AnalyzeWhoseSpillCannotBeReadExitsOne) {
  SpillingHost spilling;
  spilling.files["big.nessus"] = BigNessus(300);
  spilling.break_reads = true;
  EXPECT_EQ(RunCli({"analyze", "--memory", "1", "big.nessus"}, spilling), 1);
  EXPECT_EQ(spilling.err,
            "exposure: the report is incomplete: reading spilled findings: "
            "Input/output error\n");
}

TEST_F(Cli, MemoryNeedsAWholeNumberOfMegabytes) {
  for (const char* bad : {"", "-1", "1.5", "12MB", "99999999"}) {
    host.err.clear();
    EXPECT_EQ(Run({"analyze", "--memory", bad, "scan.nessus"}), 2) << bad;
    EXPECT_NE(host.err.find("--memory needs a number of megabytes"),
              std::string::npos)
        << bad;
  }
  EXPECT_EQ(Run({"analyze", "--memory"}), 2);
}

TEST_F(Cli, DetailTableIsTheFullReportsSubsetOnOneLine) {
  ASSERT_EQ(Run({"analyze", "scan.nessus", "image.json"}), 0);
  const std::string full = host.out;
  host.out.clear();
  ASSERT_EQ(Run({"analyze", "--detail", "table", "scan.nessus", "image.json"}),
            0);
  EXPECT_TRUE(testing::IsTableOf(host.out, full));
  const std::string table = host.out;
  host.out.clear();
  ASSERT_EQ(Run({"analyze", "--out", "t.json", "--detail=table", "scan.nessus",
                 "image.json"}),
            0);
  EXPECT_TRUE(host.files["t.json"] == table);
  host.out.clear();
  ASSERT_EQ(Run({"analyze", "--detail=full", "scan.nessus", "image.json"}), 0);
  EXPECT_TRUE(host.out == full);

  SpillingHost spilling;
  spilling.files["big.nessus"] = BigNessus(300);
  ASSERT_EQ(RunCli({"analyze", "--memory", "0", "big.nessus"}, spilling), 0);
  const std::string big_full = spilling.out;
  spilling.out.clear();
  ASSERT_EQ(
      RunCli({"analyze", "--memory", "1", "--detail", "table", "big.nessus"},
             spilling),
      0);
  EXPECT_GT(spilling.spilled, 0u);
  EXPECT_TRUE(testing::IsTableOf(spilling.out, big_full));
}

// A host with two cores, which logs the runners asked for and the files
// opened.
class ThreadedHost : public SpillingHost {
 public:
  size_t Cores() const override { return 2; }
  std::unique_ptr<TaskRunner> MakeRunner(size_t threads) override {
    asked.push_back(threads);
    return std::make_unique<ThreadRunner>(threads);
  }
  // Files are opened on both threads when they are read ahead.
  Result<std::unique_ptr<InputStream>> Open(const std::string& path) override {
    {
      std::lock_guard<std::mutex> lock(mu);
      opened.push_back(path);
    }
    opened_one.notify_all();
    Result<std::unique_ptr<InputStream>> in = SpillingHost::Open(path);
    if (!in.ok() || path != gate)
      return in;
    return std::unique_ptr<InputStream>(
        std::make_unique<Gated>(this, std::move(*in)));
  }
  void ClearOpens() {
    std::lock_guard<std::mutex> lock(mu);
    opened.clear();
  }
  size_t Opens(const std::string& path) {
    std::lock_guard<std::mutex> lock(mu);
    return std::count(opened.begin(), opened.end(), path);
  }
  std::vector<size_t> asked;
  // The first read of `gate` waits (up to 10 s) until `gate_until` is
  // opened: a file read beside it, from another thread.
  std::string gate;
  std::string gate_until;
  bool gate_opened = false;  // the wait ended by the open

 private:
  class Gated : public InputStream {
   public:
    Gated(ThreadedHost* host, std::unique_ptr<InputStream> in)
        : host_(host), in_(std::move(in)) {}
    Result<size_t> Read(char* buffer, size_t capacity) override {
      if (first_) {
        first_ = false;
        std::unique_lock<std::mutex> lock(host_->mu);
        host_->gate_opened =
            host_->opened_one.wait_for(lock, std::chrono::seconds(10), [this] {
              return std::count(host_->opened.begin(), host_->opened.end(),
                                host_->gate_until) > 0;
            });
      }
      return in_->Read(buffer, capacity);
    }

   private:
    ThreadedHost* host_;
    std::unique_ptr<InputStream> in_;
    bool first_ = true;
  };

  std::mutex mu;
  std::condition_variable opened_one;
  std::vector<std::string> opened;
};

// A host with threads: `--threads` (default its cores) asks it for a
// runner, and the report is the same bytes for any number of threads.
TEST_F(Cli, AnalyzeThreadsGiveTheSameReport) {
  ThreadedHost threaded;
  threaded.files["big.nessus"] = BigNessus(400);
  threaded.files["image.json"] = host.files["image.json"];
  for (const char* memory : {"0", "1"}) {
    threaded.out.clear();
    ASSERT_EQ(RunCli({"analyze", "--memory", memory, "--threads", "1",
                      "big.nessus", "image.json"},
                     threaded),
              0);
    const std::string one = threaded.out;
    for (const std::vector<std::string>& threads :
         {std::vector<std::string>{}, {"--threads=3"}, {"--threads", "64"}}) {
      std::vector<std::string> args = {"analyze", "--memory", memory};
      args.insert(args.end(), threads.begin(), threads.end());
      args.insert(args.end(), {"big.nessus", "image.json"});
      threaded.out.clear();
      ASSERT_EQ(RunCli(args, threaded), 0);
      EXPECT_TRUE(threaded.out == one) << memory << " MB, " << args[3];
    }
  }
  // One thread asks for no runner; the default is the host's cores.
  EXPECT_EQ(threaded.asked, (std::vector<size_t>{2, 3, 64, 2, 3, 64}));
  for (const char* bad : {"0", "", "-2", "1.5", "257", "many"}) {
    host.err.clear();
    EXPECT_EQ(Run({"analyze", "--threads", bad, "scan.nessus"}), 2) << bad;
    EXPECT_NE(host.err.find("--threads needs a number from 1 to 256"),
              std::string::npos)
        << bad;
  }
  EXPECT_EQ(Run({"plan", "--threads", "2", "scan.nessus"}), 2)
      << "only analyze renders with threads";
}

// With threads, the files after the one being read are read ahead on
// another thread into records the analysis adopts in turn: the same report
// and messages whether a file was read ahead, begun, dropped (its records
// passing half the --memory budget) or read in turn. Grype names its asset
// after its findings; a missing, a broken and an unknown file keep their
// errors. How far the read-ahead gets depends on timing, so the first file
// waits for the second to be opened beside it.
TEST_F(Cli, AnalyzeReadsLaterFilesAheadToTheSameReport) {
  ThreadedHost threaded;
  threaded.files["big.nessus"] = BigNessus(400);
  threaded.files["big2.nessus"] = BigNessus(300);
  threaded.files["image.json"] = host.files["image.json"];
  const std::string& trivy = host.files["image.json"];
  threaded.files["broken.json"] = trivy.substr(0, trivy.size() / 2);
  ASSERT_TRUE(testing::ReadFile(
      testing::SourceDir() + "/examples/webapp-image.grype.json",
      &threaded.files["grype.json"]));
  ASSERT_TRUE(
      testing::ReadFile(testing::SourceDir() + "/examples/cmdb-assets.csv",
                        &threaded.files["cmdb.csv"]));
  threaded.files["notes.txt"] = "hello";
  const std::vector<std::string> files = {
      "big.nessus",   "grype.json",  "image.json", "notes.txt",
      "missing.json", "broken.json", "cmdb.csv",   "big2.nessus"};
  for (const char* memory : {"0", "1"}) {
    auto run = [&](const char* threads) {
      std::vector<std::string> args = {"analyze", "--memory", memory,
                                       "--threads", threads};
      args.insert(args.end(), files.begin(), files.end());
      threaded.out.clear();
      threaded.err.clear();
      threaded.ClearOpens();
      EXPECT_EQ(RunCli(args, threaded), 0);
      return threaded.out + "\n--\n" + threaded.err;
    };
    const std::string one = run("1");
    EXPECT_NE(one.find("broken.json"), std::string::npos);
    EXPECT_NE(one.find("missing.json: cannot open"), std::string::npos);
    threaded.gate = "big.nessus";
    threaded.gate_until = "grype.json";
    for (const char* threads : {"2", "3"}) {
      threaded.gate_opened = false;
      EXPECT_TRUE(run(threads) == one) << memory << " MB, " << threads;
      EXPECT_TRUE(threaded.gate_opened)
          << "grype.json was not opened while big.nessus was read";
      EXPECT_EQ(threaded.Opens("grype.json"), 1u) << "adopted, not read again";
    }
    threaded.gate.clear();
  }
  // Every file in turn: one open each (the missing one fails once).
  ThreadedHost one_thread;
  one_thread.files = threaded.files;
  std::vector<std::string> args = {"analyze", "--threads", "1"};
  args.insert(args.end(), files.begin(), files.end());
  EXPECT_EQ(RunCli(args, one_thread), 0);
  for (const std::string& f : files)
    EXPECT_EQ(one_thread.Opens(f), 1u) << f;
}

// The report has a line per element of its lists; --pretty indents it,
// with the same values.
TEST_F(Cli, AnalyzePrettyIndentsTheSameReport) {
  ASSERT_EQ(Run({"analyze", "scan.nessus", "image.json"}), 0);
  const std::string lines = host.out;
  host.out.clear();
  ASSERT_EQ(Run({"analyze", "--pretty", "scan.nessus", "image.json"}), 0);
  const std::string pretty = host.out;
  EXPECT_EQ(pretty.rfind("{\n  \"schema\": \"exposure-lens/report/v3\",\n", 0),
            0u);
  EXPECT_EQ(lines.rfind("{\"schema\":\"exposure-lens/report/v3\",", 0), 0u);
  EXPECT_GT(pretty.size(), lines.size());
  EXPECT_EQ(nlohmann::json::parse(pretty), nlohmann::json::parse(lines));
  EXPECT_EQ(testing::StripJsonSpace(pretty), testing::StripJsonSpace(lines));
  EXPECT_EQ(Run({"plan", "--pretty", "scan.nessus"}), 2)
      << "only analyze writes the report";
}

TEST_F(Cli, DetailIsFullOrTable) {
  for (const char* bad : {"", "Table", "summary"}) {
    host.err.clear();
    EXPECT_EQ(Run({"analyze", "--detail", bad, "scan.nessus"}), 2) << bad;
    EXPECT_NE(host.err.find("unknown report detail"), std::string::npos) << bad;
  }
  EXPECT_EQ(Run({"analyze", "--detail=x", "scan.nessus"}), 2);
  EXPECT_EQ(Run({"analyze", "--detail"}), 2);
}

TEST_F(Cli, CoverageIsJsonForMachinesAndTextOnATerminal) {
  EXPECT_EQ(Run({"coverage", "scan.nessus", "image.json"}), 0);
  const nlohmann::json r = nlohmann::json::parse(host.out);
  EXPECT_EQ(r["schema"], "exposure-lens/coverage/v1");
  EXPECT_EQ(r["summary"]["assets"], 4);
  EXPECT_EQ(r["summary"]["coverage"]["scanned_assets"], 4);
  EXPECT_TRUE(r["summary"]["coverage"]["inventory_only"].is_null());
  EXPECT_TRUE(r["coverage"]["inventory_only"].is_null());
  EXPECT_EQ(r["coverage"]["by_class"]["host"]["covered_pct"], 100);

  // The report's coverage object is the same.
  host.out.clear();
  EXPECT_EQ(Run({"analyze", "scan.nessus", "image.json"}), 0);
  const nlohmann::json report = nlohmann::json::parse(host.out);
  EXPECT_EQ(report["coverage"], r["coverage"]);
  EXPECT_EQ(report["summary"]["coverage"], r["summary"]["coverage"]);

  host.out.clear();
  host.interactive = true;
  EXPECT_EQ(Run({"coverage", "scan.nessus"}), 0);
  EXPECT_EQ(host.out.rfind("Coverage as of ", 0), 0u) << host.out;
  EXPECT_NE(host.out.find("No inventory among the inputs"), std::string::npos);
  // --format wins over the terminal; --out gets JSON unless told.
  host.out.clear();
  EXPECT_EQ(Run({"coverage", "--format=json", "scan.nessus"}), 0);
  EXPECT_EQ(host.out[0], '{');
  EXPECT_EQ(Run({"coverage", "--out", "cov.json", "scan.nessus"}), 0);
  EXPECT_EQ(host.files["cov.json"][0], '{');

  EXPECT_EQ(Run({"coverage"}), 2);
  EXPECT_EQ(Run({"coverage", "--format", "csv", "scan.nessus"}), 2);
  EXPECT_EQ(Run({"coverage", "--detail", "table", "scan.nessus"}), 2);
  EXPECT_EQ(Run({"coverage", "missing.nessus"}), 1);
}

// An inventory beside the scans: what nobody scanned, what no inventory
// lists, each with its reason, and the policy's scopes.
TEST_F(Cli, CoverageComparesTheInventoryWithTheScans) {
  host.files["cmdb.csv"] =
      "hostname,fqdn,ip address,owner,business unit\n"
      "db01,db01.corp.example,10.20.2.30,dba,Payments\n"
      "pay02,pay02.corp.example,10.20.2.31,dba,Payments\n";
  host.files["policy.json"] =
      R"({"scopes": [{"name": "payments",
                      "match": {"business_unit": "Payments"}}]})";
  EXPECT_EQ(
      Run({"coverage", "--policy", "policy.json", "cmdb.csv", "scan.nessus"}),
      0)
      << host.err;
  const nlohmann::json r = nlohmann::json::parse(host.out);
  const nlohmann::json& s = r["summary"]["coverage"];
  EXPECT_EQ(r["summary"]["assets"], 4);  // 3 scanned + 1 inventory only
  EXPECT_EQ(s["inventory_assets"], 2);
  EXPECT_EQ(s["scanned_assets"], 3);
  EXPECT_EQ(s["inventory_only"], 1);
  EXPECT_EQ(s["scanned_only"], 2);
  const nlohmann::json& c = r["coverage"];
  ASSERT_EQ(c["inventory_only"]["host"].size(), 1u);
  EXPECT_EQ(c["inventory_only"]["host"][0]["reason"],
            "in inventory_csv; no scanner saw it");
  EXPECT_EQ(c["inventory_only"]["network"].size(), 1u);
  ASSERT_EQ(c["scanned_only"].size(), 2u);
  EXPECT_EQ(c["scanned_only"][0]["reason"], "seen by nessus; in no inventory");
  ASSERT_EQ(c["by_scope"].size(), 1u);
  EXPECT_EQ(c["by_scope"][0]["name"], "payments");
  EXPECT_EQ(c["by_scope"][0]["assets"], 2);
  EXPECT_EQ(c["by_scope"][0]["scanned"], 1);
  EXPECT_EQ(c["by_scope"][0]["coverage_pct"], 50);
  EXPECT_GT(c["by_scope"][0]["exposures"], 0);
  EXPECT_GT(c["by_scope"][0]["risk"], 0);

  // The inventory-only asset is listed with its gap; the scanned one of
  // the inventory gains the inventory's owner in the report.
  bool listed = false;
  for (const auto& a : r["assets"])
    listed = listed || a["name"] == "pay02.corp.example";
  EXPECT_TRUE(listed);
  host.out.clear();
  EXPECT_EQ(Run({"analyze", "cmdb.csv", "scan.nessus"}), 0);
  const nlohmann::json report = nlohmann::json::parse(host.out);
  for (const auto& a : report["assets"]) {
    if (a["name"] == "db01.corp.example") {
      EXPECT_EQ(a["owner"], "dba");
      EXPECT_EQ(a["in_inventory"], true);
      EXPECT_EQ(a["gaps"], nlohmann::json::array());
    }
  }
  EXPECT_EQ(report["inputs"][0]["kind"], "inventory");
  EXPECT_EQ(report["inputs"][1]["kind"], "scan");
}

}  // namespace
}  // namespace exposure

namespace exposure {
namespace {

class CliPlan : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(
        testing::ReadFile(testing::SourceDir() + "/examples/host-scan.nessus",
                          &host.files["scan.nessus"]));
    ASSERT_TRUE(testing::ReadFile(
        testing::SourceDir() + "/examples/webapp-image.trivy.json",
        &host.files["image.json"]));
  }
  int Run(const std::vector<std::string>& args) { return RunCli(args, host); }
  testing::FakeHost host;
};

// `plan` prints JSON unless a person reads it; the JSON's actions are the
// report's, and --top keeps the first N with their share.
TEST_F(CliPlan, JsonIsTheReportsActions) {
  ASSERT_EQ(Run({"plan", "scan.nessus", "image.json"}), 0) << host.err;
  const nlohmann::json plan = nlohmann::json::parse(host.out);
  EXPECT_EQ(plan["schema"], "exposure-lens/plan/v1");
  host.out.clear();
  ASSERT_EQ(Run({"analyze", "scan.nessus", "image.json"}), 0);
  const nlohmann::json report = nlohmann::json::parse(host.out);
  EXPECT_EQ(plan["actions"], report["actions"]);
  EXPECT_EQ(plan["summary"]["open_risk"], report["summary"]["open_risk"]);
  host.out.clear();
  ASSERT_EQ(Run({"plan", "--top", "3", "scan.nessus", "image.json"}), 0);
  const nlohmann::json top = nlohmann::json::parse(host.out);
  ASSERT_EQ(top["actions"].size(), 3u);
  EXPECT_EQ(top["summary"]["shown"], 3);
  EXPECT_EQ(top["summary"]["shown_pct"],
            report["actions"][2]["cumulative_pct"]);
  EXPECT_NE(
      top["summary"]["headline"].get<std::string>().find("The first 3 of "),
      std::string::npos);
}

TEST_F(CliPlan, TextCsvAndMarkdown) {
  host.interactive = true;
  ASSERT_EQ(Run({"plan", "--top", "5", "scan.nessus", "image.json"}), 0);
  EXPECT_EQ(host.out.find("The first 5 of "), 0u) << host.out;
  EXPECT_NE(host.out.find("% of open risk"), std::string::npos);
  host.out.clear();
  ASSERT_EQ(Run({"plan", "--format", "csv", "scan.nessus", "image.json"}), 0);
  EXPECT_EQ(host.out.find("rank,id,kind,title,"), 0u);
  EXPECT_NE(host.out.find("\r\n1,act-"), std::string::npos);
  host.out.clear();
  ASSERT_EQ(Run({"plan", "--format", "markdown", "--out", "plan.md",
                 "scan.nessus", "image.json"}),
            0);
  EXPECT_NE(host.files["plan.md"].find("| # | Action |"), std::string::npos);
  EXPECT_EQ(Run({"plan", "--top", "0", "scan.nessus"}), 2);
  EXPECT_EQ(Run({"plan", "--format", "xml", "scan.nessus"}), 2);
}

TEST_F(CliPlan, DecisionsApplyEverywhere) {
  host.files["decisions.json"] =
      R"({"decisions": [{"match": {"cve": "CVE-2022-37434"},
      "status": "not_affected", "justification": "component_not_present"}]})";
  ASSERT_EQ(Run({"analyze", "--decisions", "decisions.json", "image.json"}), 0);
  const nlohmann::json report = nlohmann::json::parse(host.out);
  EXPECT_EQ(report["summary"]["decided"]["not_affected"], 1);
  host.files["bad.json"] = R"({"decisions": [{"status": "accepted"}]})";
  EXPECT_EQ(Run({"plan", "--decisions", "bad.json", "image.json"}), 2);
  EXPECT_NE(host.err.find("bad.json: decisions[0].match: required"),
            std::string::npos)
      << host.err;
  EXPECT_EQ(Run({"plan", "--decisions", "none.json", "image.json"}), 2);
}

TEST_F(CliPlan, ExportUsage) {
  EXPECT_EQ(Run({"export", "scan.nessus"}), 2);
  EXPECT_NE(host.err.find("export needs --to FORMAT"), std::string::npos);
  EXPECT_EQ(Run({"export", "--to", "pdf", "scan.nessus"}), 2);
  EXPECT_NE(host.err.find("unknown export format: pdf (one of sarif, ocsf, "
                          "jira-csv, csv, openvex, cyclonedx-vex, html, "
                          "markdown)"),
            std::string::npos);
  host.out.clear();
  ASSERT_EQ(Run({"export", "--to", "markdown", "scan.nessus", "image.json"}), 0)
      << host.err;
  EXPECT_EQ(host.out.find("## Exposure Lens"), 0u);
  ASSERT_EQ(Run({"export", "--to=markdown", "--out", "pr.md", "scan.nessus"}),
            0);
  EXPECT_NE(host.files["pr.md"].find("### What to fix first"),
            std::string::npos);
}

TEST(PartNames, NumberBeforeTheExtension) {
  EXPECT_EQ(PartName("out/report.sarif", 0), "out/report.sarif");
  EXPECT_EQ(PartName("out/report.sarif", 1), "out/report-2.sarif");
  EXPECT_EQ(PartName("x.jira.csv", 2), "x-3.jira.csv");
  EXPECT_EQ(PartName("dir.v2/out", 1), "dir.v2/out-2");
  EXPECT_EQ(PartName(".hidden", 1), ".hidden-2");
}

}  // namespace
}  // namespace exposure

namespace exposure {
namespace {

TEST(Gates, Parse) {
  Result<Gate> g = ParseGate("severity>=high");
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->field, Gate::Field::kSeverity);
  EXPECT_EQ(g->op, Gate::Op::kGe);
  EXPECT_EQ(g->value, static_cast<int>(Severity::kHigh));
  g = ParseGate("new:risk>700");
  ASSERT_TRUE(g.ok());
  EXPECT_TRUE(g->new_only);
  EXPECT_EQ(g->value, 700);
  g = ParseGate("decision=act");
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->field, Gate::Field::kCisa);
  g = ParseGate("decision>=out-of-cycle");
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->field, Gate::Field::kDecision);
  g = ParseGate("epss>=0.5");
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->value, 50000);
  EXPECT_TRUE(ParseGate("kev").ok());
  for (const char* bad : {"kev>1", "risk>=1001", "severity>=dire", "epss>2",
                          "decision=soon", "cvss>=7", "risk", ""}) {
    EXPECT_FALSE(ParseGate(bad).ok()) << bad;
  }
}

// A gate trips on open findings only: exit 3, the report written all the
// same, one line per tripped gate; a decision takes its findings out.
TEST_F(CliPlan, FailOnGates) {
  ASSERT_EQ(
      Run({"analyze", "--fail-on", "kev", "--fail-on", "risk>=1000",
           "--fail-on", "severity>=critical", "scan.nessus", "image.json"}),
      3);
  EXPECT_NO_THROW(nlohmann::json::parse(host.out));
  EXPECT_NE(host.err.find("exposure: gate kev: 2 open findings\n"),
            std::string::npos)
      << host.err;
  EXPECT_NE(host.err.find("exposure: gate severity>=critical: 7 open "
                          "findings\n"),
            std::string::npos);
  EXPECT_EQ(host.err.find("risk>=1000"), std::string::npos);
  // Deciding the KEV findings (by their CVEs) leaves the kev gate quiet.
  host.err.clear();
  const nlohmann::json report = nlohmann::json::parse(host.out);
  std::string decisions = R"({"decisions": [)";
  bool first = true;
  for (const auto& f : report["findings"]) {
    if (!f["kev"].get<bool>())
      continue;
    decisions += std::string(first ? "" : ",") + R"({"match": {"finding": ")" +
                 f["id"].get<std::string>() + R"("}, "status": "accepted"})";
    first = false;
  }
  host.files["d.json"] = decisions + "]}";
  host.out.clear();
  EXPECT_EQ(Run({"analyze", "--decisions", "d.json", "--fail-on", "kev",
                 "scan.nessus", "image.json"}),
            0)
      << host.err;
  EXPECT_EQ(Run({"analyze", "--fail-on", "new:kev", "scan.nessus"}), 2);
  EXPECT_EQ(Run({"analyze", "--fail-on", "cvss>=7", "scan.nessus"}), 2);
}

}  // namespace
}  // namespace exposure

namespace exposure {
namespace {

// On a terminal, analyze prints a summary; --format and --detail choose
// the report; the report's bytes never depend on the terminal.
TEST_F(CliPlan, AnalyzeOnATerminalSummarizes) {
  host.interactive = true;
  ASSERT_EQ(Run({"analyze", "scan.nessus", "image.json"}), 0);
  EXPECT_EQ(host.out.find("Exposure Lens "), 0u) << host.out;
  EXPECT_NE(host.out.find("25 findings on 4 assets: 7 critical, 6 high"),
            std::string::npos)
      << host.out;
  EXPECT_NE(host.out.find("Fix first:"), std::string::npos);
  EXPECT_NE(host.out.find("        why: severity "), std::string::npos);
  EXPECT_NE(host.out.find("The first 5 of "), std::string::npos);
  const std::string summary = host.out;
  host.out.clear();
  ASSERT_EQ(Run({"analyze", "--format", "json", "scan.nessus", "image.json"}),
            0);
  const std::string json = host.out;
  host.out.clear();
  host.interactive = false;
  ASSERT_EQ(Run({"analyze", "scan.nessus", "image.json"}), 0);
  EXPECT_EQ(host.out, json);
  host.out.clear();
  ASSERT_EQ(Run({"analyze", "--format", "table", "scan.nessus", "image.json"}),
            0);
  EXPECT_EQ(host.out, summary);
  host.out.clear();
  host.interactive = true;
  ASSERT_EQ(Run({"analyze", "--detail", "table", "scan.nessus"}), 0);
  EXPECT_EQ(host.out.find("{\"schema\""), 0u);
}

// Progress lines for a large input go to stderr when it is a terminal,
// and never change the output; --quiet silences them.
TEST_F(CliPlan, ProgressOnStderrOnly) {
  host.files["big.nessus"] = testing::BigNessus(2600);  // about 18 MB
  ASSERT_GT(host.files["big.nessus"].size(), size_t{16} << 20);
  ASSERT_EQ(Run({"analyze", "big.nessus"}), 0);
  const std::string quiet_out = host.out;
  EXPECT_EQ(host.err, "");
  host.out.clear();
  host.err_interactive = true;
  ASSERT_EQ(Run({"analyze", "big.nessus"}), 0);
  EXPECT_EQ(host.out, quiet_out);
  EXPECT_NE(host.err.find("\rexposure: big.nessus: 16 MB read, "),
            std::string::npos)
      << host.err;
  EXPECT_EQ(host.err.back(), '\n');
  EXPECT_NE(host.err.find(" findings, done\n"), std::string::npos);
  host.err.clear();
  host.out.clear();
  ASSERT_EQ(Run({"analyze", "--quiet", "big.nessus"}), 0);
  EXPECT_EQ(host.err, "");
  EXPECT_EQ(host.out, quiet_out);
}

}  // namespace
}  // namespace exposure
