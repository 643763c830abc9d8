// Prints how long each stage of one analysis takes (import, assessment,
// report), each with the peak RSS reached by its end, so a change can be
// judged by the stage it targets. A benchmark, not a test: it never fails on
// a number.
//
//   build/bin/exposure_phases FILE... [--runs N] [--memory MB]
//                             [--threads N] [--pretty]
//
// --memory spills beyond MB megabytes to a temporary file, as the CLI does
// (default: the CLI's default; 0 keeps everything in memory). --threads
// (default: the machine's cores, as the CLI) and --pretty as the CLI's.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <sys/resource.h>

#include "core/app/analyzer.h"
#include "core/app/cli.h"
#include "core/render/json_report.h"
#include "native/temp_file_spill.h"
#include "native/thread_runner.h"

namespace {

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since)
      .count();
}

// Peak resident set so far, in MB (Linux reports KiB).
double PeakRssMb() {
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> files;
  int runs = 1;
  size_t memory_mb = exposure::kDefaultMemoryMb;
  size_t threads = exposure::ThreadRunner::Cores();
  exposure::ReportLayout layout = exposure::ReportLayout::kLines;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--runs") == 0 && i + 1 < argc) {
      runs = std::atoi(argv[++i]);
    } else if (std::strcmp(argv[i], "--memory") == 0 && i + 1 < argc) {
      memory_mb = static_cast<size_t>(std::atol(argv[++i]));
    } else if (std::strcmp(argv[i], "--threads") == 0 && i + 1 < argc) {
      threads = static_cast<size_t>(std::atol(argv[++i]));
    } else if (std::strcmp(argv[i], "--pretty") == 0) {
      layout = exposure::ReportLayout::kIndented;
    } else {
      files.emplace_back(argv[i]);
    }
  }
  if (files.empty() || runs < 1 || threads < 1) {
    std::fprintf(stderr,
                 "usage: exposure_phases FILE... [--runs N] [--memory MB] "
                 "[--threads N] [--pretty]\n");
    return 2;
  }
  const exposure::ThreadRunner runner(threads);
  constexpr size_t kChunk = size_t{1} << 20;
  std::vector<char> buffer(kChunk);
  std::printf(
      "run\timport_s\tpeak_MB\tassess_s\tpeak_MB\treport_s\tpeak_MB\treport_MB"
      "\tfindings\tclasses\ttable_MB\tspilled_MB\n");
  for (int run = 0; run < runs; ++run) {
    exposure::Analyzer analyzer;
    if (memory_mb > 0) {
      auto spill = exposure::CreateTempFileSpill();
      if (!spill.ok()) {
        std::fprintf(stderr, "%s\n", spill.status().message().c_str());
        return 1;
      }
      analyzer.SetSpill(std::move(*spill), memory_mb << 20);
    }
    auto start = std::chrono::steady_clock::now();
    for (const std::string& path : files) {
      std::FILE* f = std::fopen(path.c_str(), "rb");
      if (f == nullptr) {
        std::fprintf(stderr, "%s: cannot open\n", path.c_str());
        return 1;
      }
      analyzer.BeginFile(path);
      size_t n;
      while ((n = std::fread(buffer.data(), 1, buffer.size(), f)) > 0)
        analyzer.Feed(std::string_view(buffer.data(), n));
      std::fclose(f);
      analyzer.EndFile();
    }
    double import_s = Seconds(start);
    double import_rss = PeakRssMb();
    start = std::chrono::steady_clock::now();
    exposure::Assessment assessment = analyzer.Assess();
    double assess_s = Seconds(start);
    double assess_rss = PeakRssMb();
    start = std::chrono::steady_clock::now();
    size_t bytes = 0;
    // The report from the assessment just timed: this stage is rendering
    // alone (Analyzer::WriteReportJson would assess a second time).
    exposure::Status s = exposure::RenderJsonReport(
        analyzer.store(), assessment,
        [&](std::string_view piece) { bytes += piece.size(); },
        exposure::ReportDetail::kFull, nullptr, nullptr, layout, &runner);
    if (!s.ok())
      std::fprintf(stderr, "report incomplete: %s\n", s.message().c_str());
    double report_s = Seconds(start);
    const exposure::FindingTable& table = analyzer.store().findings();
    std::printf(
        "%d\t%.3f\t%.0f\t%.3f\t%.0f\t%.3f\t%.0f\t%.1f\t%zu\t%zu\t%.1f\t%.1f"
        "\n",
        run + 1, import_s, import_rss, assess_s, assess_rss, report_s,
        PeakRssMb(), static_cast<double>(bytes) / 1e6, table.size(),
        assessment.distinct.size(), static_cast<double>(table.bytes()) / 1e6,
        static_cast<double>(table.spilled_bytes()) / 1e6);
  }
  return 0;
}
