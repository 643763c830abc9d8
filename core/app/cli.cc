#include "core/app/cli.h"

#include <vector>

#include "core/app/analyzer.h"
#include "core/base/strings.h"
#include "core/importers/importer.h"

namespace exposure {

namespace {

constexpr const char* kUsage =
    "Exposure Lens: a private, local exposure analyzer for scanner exports.\n"
    "\n"
    "Usage:\n"
    "  exposure analyze [--format json] [--out FILE] FILE...\n"
    "      Import the files (format detected from their content), normalize\n"
    "      and correlate them, and print one JSON report.\n"
    "  exposure detect FILE...     Print FILE<TAB>FORMAT for each file.\n"
    "  exposure formats            List the supported formats.\n"
    "  exposure --version          Print the version.\n"
    "  exposure --help             Print this help.\n"
    "\n"
    "Exit codes: 0 success (per-file errors are listed in the report),\n"
    "1 nothing could be read or the output could not be written, 2 bad "
    "usage.\n";

int Usage(CliHost& host, const std::string& problem) {
  host.Err("exposure: " + problem + "\n");
  host.Err("Run 'exposure --help' for usage.\n");
  return 2;
}

// Streams one file into the analyzer; false if it could not be opened.
bool AnalyzeFile(CliHost& host,
                 Analyzer& analyzer,
                 const std::string& path,
                 std::vector<char>& buffer) {
  Result<std::unique_ptr<InputStream>> in = host.Open(path);
  if (!in.ok()) {
    analyzer.AddUnreadable(path, "cannot open: " + in.status().message());
    return false;
  }
  analyzer.BeginFile(path);
  while (true) {
    Result<size_t> n = (*in)->Read(buffer.data(), buffer.size());
    if (!n.ok()) {
      // Reading failed midway: keep what was read, like a truncated file.
      analyzer.AbortFile("read error: " + n.status().message());
      return true;
    }
    if (*n == 0)
      break;
    analyzer.Feed(std::string_view(buffer.data(), *n));
  }
  analyzer.EndFile();
  return true;
}

int Analyze(const std::vector<std::string>& args, CliHost& host) {
  std::string out_path;
  std::vector<std::string> files;
  bool options_done = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (!options_done && a == "--") {
      options_done = true;
    } else if (!options_done && (a == "--format" || a == "--out")) {
      if (i + 1 >= args.size())
        return Usage(host, a + " needs a value");
      const std::string& v = args[++i];
      if (a == "--format") {
        if (v != "json")
          return Usage(host, "unknown output format: " + v);
      } else {
        out_path = v;
      }
    } else if (!options_done && StartsWith(a, "--format=")) {
      if (a.substr(9) != "json") {
        return Usage(host, "unknown output format: " + a.substr(9));
      }
    } else if (!options_done && StartsWith(a, "--out=")) {
      out_path = a.substr(6);
    } else if (!options_done && StartsWith(a, "-") && a != "-") {
      return Usage(host, "unknown option: " + a);
    } else {
      files.push_back(a);
    }
  }
  if (files.empty())
    return Usage(host, "analyze needs at least one FILE");

  Analyzer analyzer;
  std::vector<char> buffer(kCliChunkBytes);
  bool any_read = false;
  for (const std::string& path : files) {
    if (AnalyzeFile(host, analyzer, path, buffer)) {
      const Input& in = analyzer.store().inputs().back();
      if (!in.format.empty())
        any_read = true;
    }
  }
  for (const Input& in : analyzer.store().inputs()) {
    for (const InputError& e : in.errors) {
      host.Err("exposure: " + e.message +
               (e.location.empty() ? "" : " at " + e.location) + "\n");
    }
  }
  if (!out_path.empty()) {
    std::string report = analyzer.ReportJson();
    Status s = host.WriteFile(out_path, report);
    if (!s.ok()) {
      host.Err("exposure: cannot write " + out_path + ": " + s.message() +
               "\n");
      return 1;
    }
  } else {
    // Streamed: a report can be larger than its inputs.
    analyzer.WriteReportJson(
        [&host](std::string_view piece) { host.Out(piece); });
  }
  return any_read ? 0 : 1;
}

int Detect(const std::vector<std::string>& files, CliHost& host) {
  if (files.empty())
    return Usage(host, "detect needs at least one FILE");
  std::vector<char> buffer(kSniffBytes);
  bool any_read = false;
  for (const std::string& path : files) {
    Result<std::unique_ptr<InputStream>> in = host.Open(path);
    if (!in.ok()) {
      host.Err("exposure: cannot open " + path + ": " + in.status().message() +
               "\n");
      host.Out(path + "\terror\n");
      continue;
    }
    size_t filled = 0;
    bool complete = false;
    while (filled < buffer.size()) {
      Result<size_t> n =
          (*in)->Read(buffer.data() + filled, buffer.size() - filled);
      if (!n.ok() || *n == 0) {
        complete = n.ok();
        break;
      }
      filled += *n;
    }
    any_read = true;
    std::string format =
        DetectFormat(std::string_view(buffer.data(), filled), complete);
    host.Out(path + "\t" + (format.empty() ? "unknown" : format) + "\n");
  }
  return any_read ? 0 : 1;
}

int Formats(CliHost& host) {
  for (const ImporterSpec& spec : Importers()) {
    host.Out(std::string(spec.id) + "\t" + spec.name + "\n");
  }
  return 0;
}

}  // namespace

int RunCli(const std::vector<std::string>& args, CliHost& host) {
  if (args.empty()) {
    host.Err(kUsage);
    return 2;
  }
  const std::string& cmd = args[0];
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (cmd == "--help" || cmd == "-h" || cmd == "help") {
    host.Out(kUsage);
    return 0;
  }
  if (cmd == "--version" || cmd == "version") {
    host.Out(std::string("exposure ") + kVersion + "\n");
    return 0;
  }
  if (cmd == "analyze")
    return Analyze(rest, host);
  if (cmd == "detect")
    return Detect(rest, host);
  if (cmd == "formats")
    return Formats(host);
  return Usage(host, "unknown command: " + cmd);
}

}  // namespace exposure
