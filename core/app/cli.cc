#include "core/app/cli.h"

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "core/app/analyzer.h"
#include "core/app/intel_cli.h"
#include "core/app/read_ahead.h"
#include "core/app/snapshot_builder.h"
#include "core/base/strings.h"
#include "core/base/version.h"
#include "core/importers/importer.h"
#include "core/plan/decisions.h"
#include "core/plan/gates.h"
#include "core/render/coverage_report.h"
#include "core/render/export_view.h"
#include "core/render/paths_report.h"
#include "core/render/plan_report.h"
#include "core/render/summary_text.h"
#include "core/render/track_report.h"
#include "core/score/cvss.h"
#include "core/track/diff.h"
#include "core/track/trend.h"

namespace exposure {

namespace {

constexpr const char* kUsage =
    "Exposure Lens: a private, local exposure analyzer for scanner exports.\n"
    "\n"
    "Usage:\n"
    "  exposure [--intel BUNDLE] COMMAND ...\n"
    "      --intel BUNDLE: use this threat-intel bundle (KEV, EPSS) instead\n"
    "      of the built-in one.\n"
    "  exposure analyze [--format table|json] [--detail full|table] "
    "[--pretty]\n"
    "                   [--out FILE] [--policy FILE] [--decisions FILE]\n"
    "                   [--fail-on EXPR] [--memory MB] [--threads N] FILE...\n"
    "      Import the files (format detected from their content; .gz and\n"
    "      .zst are decompressed), correlate and prioritize them, and print\n"
    "      a summary on a terminal (totals, what to fix first and why, the\n"
    "      top actions), else one JSON report (--format chooses). Progress\n"
    "      of large files goes to stderr on a terminal (--quiet: none).\n"
    "      The report has a line per element of its lists (finding, asset,\n"
    "      rule, ...); --pretty indents it instead. --detail table: only the\n"
    "      members a findings table shows (README, \"The report\"). --policy\n"
    "      sets asset criticality, exposure, SLA days and score weights\n"
    "      (docs/risk-model.md). --decisions applies recorded decisions\n"
    "      (accepted, false positive, not affected, deferred; see\n"
    "      docs/mobilization.md). --fail-on EXPR (repeatable): exit 3 when\n"
    "      open findings meet EXPR: kev, severity>=high, risk>=700,\n"
    "      epss>=0.5, decision=act, decision>=out-of-cycle. --memory: keep\n"
    "      about MB megabytes of findings in memory and spill the rest to a\n"
    "      temporary file (default 32; 0 keeps everything in memory).\n"
    "      --threads N: threads for the work that can be shared (default:\n"
    "      the machine's cores); the output is the same for any N.\n"
    "  exposure coverage [--format text|json] [--out FILE] [--policy FILE]\n"
    "                    [--memory MB] FILE...\n"
    "      What the scans cover of the estate: assets no scanner saw, assets\n"
    "      in no inventory, host scans without credentials, stale scans and\n"
    "      missing kinds of scan, overall and per policy scope\n"
    "      (docs/scoping.md). Text on a terminal, JSON otherwise.\n"
    "  exposure plan [--format text|json|csv|markdown] [--top N] [--out FILE]\n"
    "                [--policy FILE] [--decisions FILE] [--memory MB] FILE...\n"
    "      The remediation plan: actions grouped by fix (upgrade, patch,\n"
    "      configure, mitigate), ranked by the open risk each removes, with\n"
    "      the cumulative share. Text on a terminal (top 20), JSON\n"
    "      otherwise (every action unless --top).\n"
    "  exposure paths [--format table|json|markdown|dot] [--jewel SELECTOR]\n"
    "                 [--out FILE] [--policy FILE] [--decisions FILE]\n"
    "                 [--memory MB] FILE...\n"
    "      Attack paths: the likeliest paths from the internet to each crown\n"
    "      jewel (policy zones, reach and crown_jewels; scans; BloodHound\n"
    "      collections), every step observed, declared or assumed, the\n"
    "      choke points and the smallest fix set that cuts every path\n"
    "      (docs/attack-paths.md). --jewel (repeatable): only jewels whose\n"
    "      id, asset id or label (glob) it names. Table on a terminal,\n"
    "      JSON otherwise; dot for Graphviz.\n"
    "  exposure export --to FORMAT [--out FILE] [--policy FILE]\n"
    "                  [--decisions FILE] [--memory MB] FILE...\n"
    "      Write the analysis for another tool. FORMAT: sarif, ocsf,\n"
    "      jira-csv, csv, openvex, cyclonedx-vex, html, markdown. SARIF over\n"
    "      25,000 results and Jira CSV over 1,500 rows are split into FILE,\n"
    "      FILE-2, ... (--out needed then).\n"
    "  exposure snapshot --out FILE [--policy FILE] [--decisions FILE]\n"
    "                    [--memory MB] FILE...\n"
    "      Save a compact snapshot (zstd JSON lines) of the analysis for\n"
    "      later comparison: stable finding keys, risk, KEV, EPSS, due\n"
    "      dates, decisions and what each scan covered.\n"
    "  exposure diff [--format table|json|csv|markdown|html] [--out FILE]\n"
    "                [--fail-on EXPR] [--top N] [--history FILE...] OLD NEW\n"
    "  exposure diff ... --old FILE... --new FILE...\n"
    "      What changed between two scans: new, persisting (changed),\n"
    "      fixed, not reassessed (the new scan did not look again: never\n"
    "      counted as fixed), reopened. Each side: snapshots, reports or\n"
    "      scanner exports. --fail-on also takes new:EXPR (new and\n"
    "      reopened findings only), e.g. new:kev, new:severity>=critical.\n"
    "  exposure trend [--format table|json|csv|html] [--out FILE] FILE...\n"
    "      Open findings, risk, KEV, new/fixed/reopened, time to fix, SLA\n"
    "      and backlog age per snapshot, in as_of order (docs/continuous.md).\n"
    "  exposure detect FILE...     Print FILE<TAB>FORMAT for each file.\n"
    "  exposure formats            List the supported formats.\n"
    "  exposure intel              Show the threat-intel bundle in use.\n"
    "  exposure intel build [--kev FILE] [--epss FILE] [--epss-date DATE]\n"
    "                       [--epss-partial] [--uncompressed] -o BUNDLE\n"
    "      Build a bundle from CISA KEV JSON and a FIRST EPSS CSV (.gz ok).\n"
    "  exposure intel lookup CVE...  KEV and EPSS facts for each CVE.\n"
    "  exposure cvss [VECTOR...]   Score CVSS v2/v3.x/v4.0 vectors (or one "
    "per\n"
    "      line on stdin): "
    "VECTOR<TAB>BASE<TAB>TEMPORAL<TAB>ENVIRONMENTAL<TAB>\n"
    "      SEVERITY for v2/v3.x, VECTOR<TAB>SCORE<TAB>SEVERITY for v4.0.\n"
    "  exposure --version          Print the version.\n"
    "  exposure --help             Print this help.\n"
    "\n"
    "Exit codes: 0 success (per-file errors are listed in the report),\n"
    "1 nothing could be read, the output could not be written or the\n"
    "temporary file could not be read back, 2 bad usage, 3 a --fail-on\n"
    "gate tripped (the report is written all the same).\n";

int Usage(CliHost& host, const std::string& problem) {
  host.Err("exposure: " + problem + "\n");
  host.Err("Run 'exposure --help' for usage.\n");
  return 2;
}

// Bytes between progress lines, and the size from which a file gets them:
// small files finish before anyone would read a line.
constexpr uint64_t kProgressBytes = uint64_t{16} << 20;

// "exposure: scan.nessus: 48 MB read, 12,345 findings".
std::string ProgressLine(const std::string& path,
                         uint64_t bytes,
                         size_t findings) {
  return "exposure: " + path + ": " + GroupThousands(bytes >> 20) +
         " MB read, " + GroupThousands(findings) + " findings";
}

// Reads the files after the one being analyzed into records the analysis
// adopts in turn (core/app/read_ahead.h), one file at a time, on a second
// thread that runs freely beside the analysis: Run() is one task, and the
// analysis (with Take() for each file) the other. Only the time and memory
// depend on how far it gets: a file read ahead to its end is adopted, one
// begun is finished by the analysis, one not begun or dropped is read in
// turn, and the analysis is the same bytes in every case.
class ReadAheadQueue {
 public:
  // `budget`: the bytes of records held at once (ReadAhead::bytes). A file
  // whose records alone pass it is dropped and read in turn, so at most
  // about `budget` of work is done twice.
  ReadAheadQueue(CliHost& host,
                 const std::vector<std::string>& files,
                 uint64_t budget)
      : host_(host), files_(files), slots_(files.size()), budget_(budget) {}

  // The read-ahead thread's loop, until Finish(). Waits while the records
  // held fill the budget or no file is left to read.
  void Run() {
    std::vector<char> buffer(kCliChunkBytes);
    std::unique_lock<std::mutex> lock(mu_);
    while (!finished_) {
      Slot* s = Next();
      if (s == nullptr) {
        // Only the analysis wakes it: without one running (a runner that
        // ran this task first, alone), there is nothing to wait for.
        if (!started_)
          return;
        wake_.wait(lock);
        continue;
      }
      s->busy = true;
      const size_t i = static_cast<size_t>(s - slots_.data());
      lock.unlock();
      if (s->ahead == nullptr)
        Open(i, s);
      else
        StepSlot(s, &buffer);
      lock.lock();
      s->busy = false;
      if (s->done)
        held_ += s->ahead->bytes();
      wake_.notify_all();  // Take() may wait for this slot
    }
  }

  // The analysis begins reading; Finish() when it has read every file,
  // which ends Run().
  void Start() {
    std::lock_guard<std::mutex> lock(mu_);
    started_ = true;
  }
  void Finish() {
    std::lock_guard<std::mutex> lock(mu_);
    finished_ = true;
    wake_.notify_all();
  }

  // The records of file `i`, whose turn it is, when it was read ahead; one
  // begun is finished here first. Null when file `i` is to be read in
  // turn. Files are taken in order.
  std::unique_ptr<ReadAhead> Take(size_t i, std::vector<char>* buffer) {
    Slot& s = slots_[i];
    {
      std::unique_lock<std::mutex> lock(mu_);
      head_ = i;  // Run() leaves it from now on
      wake_.wait(lock, [&s] { return !s.busy; });
      if (s.done)
        held_ -= s.ahead->bytes();
      wake_.notify_all();  // room in the budget, or a new head
    }
    while (s.ahead != nullptr && !s.done && !s.dropped)
      StepSlot(&s, buffer);
    if (!s.done)
      return nullptr;
    return std::move(s.ahead);
  }

 private:
  struct Slot {
    std::unique_ptr<InputStream> in;
    std::unique_ptr<ReadAhead> ahead;
    bool busy = false;     // Run() is reading it, outside the lock
    bool done = false;     // read to its end: to adopt in turn
    bool dropped = false;  // to read in turn
  };

  // The slot to read next, under the lock: the first after the head that
  // is neither read to its end nor dropped, while the records held leave
  // room. Null when there is none now.
  Slot* Next() {
    for (size_t i = head_ + 1; i < slots_.size(); ++i) {
      Slot& s = slots_[i];
      if (s.done || s.dropped)
        continue;
      const uint64_t own = s.ahead == nullptr ? 0 : s.ahead->bytes();
      return held_ + own < budget_ ? &s : nullptr;
    }
    return nullptr;
  }

  void Open(size_t i, Slot* s) {
    // Standard input cannot be read again when its turn comes.
    Result<std::unique_ptr<InputStream>> in =
        files_[i] == "-" ? Status::Error("standard input")
                         : host_.Open(files_[i]);
    if (!in.ok()) {  // it fails again in turn, with its error
      s->dropped = true;
      return;
    }
    s->in = std::move(*in);
    s->ahead = std::make_unique<ReadAhead>(files_[i]);
  }

  // Reads and feeds one chunk of `s`, which no other thread touches now.
  void StepSlot(Slot* s, std::vector<char>* buffer) const {
    Result<size_t> n = s->in->Read(buffer->data(), buffer->size());
    if (!n.ok()) {  // read again in turn, which reports the error
      Drop(s);
      return;
    }
    if (*n == 0) {
      s->ahead->Finish();
      s->in.reset();
      s->done = true;
      return;
    }
    s->ahead->Feed(std::string_view(buffer->data(), *n));
    if (s->ahead->bytes() > budget_)
      Drop(s);
  }
  static void Drop(Slot* s) {
    s->in.reset();
    s->ahead.reset();
    s->dropped = true;
  }

  CliHost& host_;
  const std::vector<std::string>& files_;
  std::vector<Slot> slots_;
  const uint64_t budget_;
  std::mutex mu_;
  std::condition_variable wake_;
  size_t head_ = 0;    // the file the analysis reads
  uint64_t held_ = 0;  // records of files read to their end, not taken
  bool started_ = false;
  bool finished_ = false;
};

// Streams one file into `target` (an Analyzer or a SnapshotBuilder);
// false if it could not be opened. With `progress`, a line on stderr,
// rewritten in place, says how far a large file is (stderr only: the
// output never depends on it). `findings` counts what the target holds.
template <typename Target, typename Count>
bool StreamFile(CliHost& host,
                Target& target,
                const Count& findings,
                const std::string& path,
                std::vector<char>& buffer,
                bool progress) {
  Result<std::unique_ptr<InputStream>> in = host.Open(path);
  if (!in.ok()) {
    target.AddUnreadable(path, "cannot open: " + in.status().message());
    return false;
  }
  target.BeginFile(path);
  const size_t first = findings();
  uint64_t bytes = 0;
  uint64_t next_line = kProgressBytes;
  bool shown = false;
  while (true) {
    Result<size_t> n = (*in)->Read(buffer.data(), buffer.size());
    if (!n.ok()) {
      // Reading failed midway: keep what was read, like a truncated file.
      target.AbortFile("read error: " + n.status().message());
      if (shown)
        host.Err("\n");
      return true;
    }
    if (*n == 0)
      break;
    target.Feed(std::string_view(buffer.data(), *n));
    bytes += *n;
    if (progress && bytes >= next_line) {
      host.Err("\r" + ProgressLine(path, bytes, findings() - first));
      next_line += kProgressBytes;
      shown = true;
    }
  }
  target.EndFile();
  if (shown) {
    host.Err("\r" + ProgressLine(path, bytes, findings() - first) + ", done\n");
  }
  return true;
}

bool AnalyzeFile(CliHost& host,
                 Analyzer& analyzer,
                 const std::string& path,
                 std::vector<char>& buffer,
                 bool progress) {
  return StreamFile(
      host, analyzer, [&analyzer] { return analyzer.store().finding_count(); },
      path, buffer, progress);
}

// A whole number of megabytes, at most a terabyte.
bool ParseMegabytes(const std::string& text, size_t* mb) {
  uint32_t v = 0;
  if (!ParseUint32(text, &v) || v > 1000000)
    return false;
  *mb = v;
  return true;
}

// Reads a whole (small) file through the host.
Status ReadSmallFile(CliHost& host, const std::string& path, std::string* out) {
  Result<std::unique_ptr<InputStream>> in = host.Open(path);
  if (!in.ok())
    return in.status();
  std::vector<char> buffer(64 * 1024);
  while (true) {
    Result<size_t> n = (*in)->Read(buffer.data(), buffer.size());
    if (!n.ok())
      return n.status();
    if (*n == 0)
      return Status::Ok();
    out->append(buffer.data(), *n);
    if (out->size() > (size_t{16} << 20))
      return Status::Error("larger than 16 MiB");
  }
}

// The options of the commands that analyze FILEs (analyze, coverage).
struct AnalysisOptions {
  std::string out_path;
  std::string policy_path;
  std::string decisions_path;
  size_t top = 0;           // 0: the command's default
  std::string to;           // export format
  std::vector<Gate> gates;  // --fail-on
  bool quiet = false;       // --quiet: no progress on stderr
  std::string format;       // "" until given: the command's default
  size_t memory_mb = kDefaultMemoryMb;
  ReportDetail detail = ReportDetail::kFull;
  bool detail_given = false;
  ReportLayout layout = ReportLayout::kLines;  // --pretty: kIndented
  size_t threads = 0;                          // --threads; 0: the host's
  std::vector<std::string> jewels;             // paths --jewel: selectors
  std::vector<std::string> files;
  // diff: the side each file belongs to (--old, --new, --history switch
  // it; kSideAny before any of them).
  std::vector<int> sides;
  bool allow_new_gates = false;  // diff takes "new:" gates
};

constexpr int kSideAny = 0;
constexpr int kSideOld = 1;
constexpr int kSideNew = 2;
constexpr int kSideHistory = 3;

// Parses `args` of command `cmd`; `formats` are the --format values it
// takes, `detail` whether it takes --detail, `extra` the other options it
// takes beyond --format, --out, --policy and --memory (--decisions, --top,
// --to). Returns 0, or the exit code of a usage error (already printed).
int ParseAnalysisOptions(const std::string& cmd,
                         const std::vector<std::string>& args,
                         const std::vector<std::string>& formats,
                         bool detail,
                         CliHost& host,
                         AnalysisOptions* o,
                         const std::vector<std::string>& extra = {}) {
  bool options_done = false;
  int side = kSideAny;
  const auto takes = [&extra](const char* flag) {
    return std::find(extra.begin(), extra.end(), flag) != extra.end();
  };
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (options_done || a == "-" || !StartsWith(a, "-")) {
      o->files.push_back(a);
      o->sides.push_back(side);
      continue;
    }
    if (a == "--") {
      options_done = true;
      continue;
    }
    if (a == "--quiet" || a == "-q") {
      o->quiet = true;
      continue;
    }
    if (a == "--pretty" && detail) {
      o->layout = ReportLayout::kIndented;
      continue;
    }
    if ((a == "--old" && takes("--old")) || (a == "--new" && takes("--new")) ||
        (a == "--history" && takes("--history"))) {
      side = a == "--old" ? kSideOld : a == "--new" ? kSideNew : kSideHistory;
      continue;
    }
    // --name VALUE or --name=VALUE.
    std::string name = a;
    std::string value;
    const size_t eq = a.find('=');
    bool has_value = eq != std::string::npos;
    if (has_value) {
      name = a.substr(0, eq);
      value = a.substr(eq + 1);
    }
    const bool known =
        name == "--format" || name == "--out" || name == "--policy" ||
        name == "--memory" || (detail && name == "--detail") ||
        (detail && name == "--threads") ||
        std::find(extra.begin(), extra.end(), name) != extra.end();
    if (!known)
      return Usage(host, "unknown option: " + a);
    if (!has_value) {
      if (i + 1 >= args.size())
        return Usage(host, name + " needs a value");
      value = args[++i];
    }
    if (name == "--detail") {
      if (!ParseReportDetail(value, &o->detail))
        return Usage(host, "unknown report detail: " + value);
      o->detail_given = true;
    } else if (name == "--threads") {
      uint32_t n = 0;
      if (!ParseUint32(value, &n) || n < 1 || n > 256)
        return Usage(host, "--threads needs a number from 1 to 256: " + value);
      o->threads = n;
    } else if (name == "--memory") {
      if (!ParseMegabytes(value, &o->memory_mb))
        return Usage(host, "--memory needs a number of megabytes: " + value);
    } else if (name == "--format") {
      if (std::find(formats.begin(), formats.end(), value) == formats.end())
        return Usage(host, "unknown output format: " + value);
      o->format = value;
    } else if (name == "--out") {
      o->out_path = value;
    } else if (name == "--decisions") {
      o->decisions_path = value;
    } else if (name == "--top") {
      uint32_t top = 0;
      if (!ParseUint32(value, &top) || top == 0)
        return Usage(host, "--top needs a positive number: " + value);
      o->top = top;
    } else if (name == "--fail-on") {
      Result<Gate> gate = ParseGate(value);
      if (!gate.ok())
        return Usage(host, gate.status().message());
      if (gate->new_only && !o->allow_new_gates) {
        return Usage(host, "--fail-on " + value +
                               ": new: gates compare two scans (exposure "
                               "diff); analyze has one");
      }
      o->gates.push_back(std::move(*gate));
    } else if (name == "--jewel") {
      o->jewels.push_back(value);
    } else if (name == "--to") {
      ExportFormat format;
      if (!ParseExportFormat(value, &format)) {
        return Usage(host, "unknown export format: " + value + " (one of " +
                               ExportFormatList() + ")");
      }
      o->to = value;
    } else {
      o->policy_path = value;
    }
  }
  if (o->files.empty())
    return Usage(host, cmd + " needs at least one FILE");
  return 0;
}

// What the options say every analysis uses: intel, policy, decisions.
struct AnalysisSettings {
  IntelLookup intel;
  std::optional<Policy> policy;
  std::optional<Decisions> decisions;
};

// Reads the options' intel bundle, policy and decisions. Returns 0, or the
// exit code of a failure (already printed).
int LoadSettings(CliHost& host,
                 const std::string& intel_path,
                 const AnalysisOptions& o,
                 AnalysisSettings* settings) {
  IntelBundle intel;
  if (!LoadCliIntel(host, intel_path, &intel))
    return 1;
  settings->intel =
      IntelLookupIn(std::make_shared<const IntelBundle>(std::move(intel)));
  if (!o.policy_path.empty()) {
    std::string text;
    Status s = ReadSmallFile(host, o.policy_path, &text);
    if (!s.ok())
      return Usage(host,
                   "cannot read policy " + o.policy_path + ": " + s.message());
    Result<Policy> policy = ParsePolicy(text);
    if (!policy.ok())
      return Usage(host, o.policy_path + ": " + policy.status().message());
    settings->policy = std::move(*policy);
  }
  if (!o.decisions_path.empty()) {
    std::string text;
    Status s = ReadSmallFile(host, o.decisions_path, &text);
    if (!s.ok()) {
      return Usage(host, "cannot read decisions " + o.decisions_path + ": " +
                             s.message());
    }
    Result<Decisions> decisions = ParseDecisions(text);
    if (!decisions.ok()) {
      return Usage(host,
                   o.decisions_path + ": " + decisions.status().message());
    }
    settings->decisions = std::move(*decisions);
  }
  return 0;
}

// Gives `analyzer` the options' spill budget and the settings.
void ApplySettings(CliHost& host,
                   const AnalysisOptions& o,
                   const AnalysisSettings& settings,
                   Analyzer* analyzer) {
  if (o.memory_mb > 0) {
    Result<std::unique_ptr<SpillSpace>> spill = host.CreateSpill();
    if (!spill.ok()) {
      host.Err("exposure: warning: no temporary file (" +
               spill.status().message() + "): keeping everything in memory\n");
    } else if (*spill != nullptr) {
      // A budget beyond the address space (wasm32) means no limit.
      const uint64_t budget = std::min<uint64_t>(
          uint64_t{o.memory_mb} << 20, std::numeric_limits<size_t>::max() / 2);
      analyzer->SetSpill(std::move(*spill), static_cast<size_t>(budget));
    }
  }
  analyzer->SetIntel(settings.intel);
  if (settings.policy)
    analyzer->SetPolicy(*settings.policy);
  if (settings.decisions)
    analyzer->SetDecisions(*settings.decisions);
}

// Sets up `analyzer` with the options' spill budget, intel and policy.
// Returns 0, or the exit code of a failure (already printed).
int PrepareAnalyzer(CliHost& host,
                    const std::string& intel_path,
                    const AnalysisOptions& o,
                    Analyzer* analyzer) {
  AnalysisSettings settings;
  if (int rc = LoadSettings(host, intel_path, o, &settings))
    return rc;
  ApplySettings(host, o, settings, analyzer);
  return 0;
}

// Reads every file into `analyzer` and prints each input's errors; true if
// at least one input was recognised.
// With a `runner` of two or more threads, the files after the one being
// read are read ahead on another (ReadAheadQueue), within half the
// --memory budget (32 MiB when it is 0).
bool ReadFiles(CliHost& host,
               const AnalysisOptions& o,
               Analyzer* analyzer,
               const TaskRunner* runner = nullptr) {
  std::vector<char> buffer(kCliChunkBytes);
  const bool progress = !o.quiet && host.ErrInteractive();
  auto read = [&](ReadAheadQueue* ahead) {
    for (size_t i = 0; i < o.files.size(); ++i) {
      std::unique_ptr<ReadAhead> records =
          ahead != nullptr ? ahead->Take(i, &buffer) : nullptr;
      if (records == nullptr) {
        AnalyzeFile(host, *analyzer, o.files[i], buffer, progress);
        continue;
      }
      const size_t first = analyzer->store().finding_count();
      const Input& in = analyzer->Adopt(std::move(records));
      if (progress && in.bytes >= kProgressBytes) {
        host.Err(ProgressLine(o.files[i], in.bytes,
                              analyzer->store().finding_count() - first) +
                 ", done\n");
      }
    }
  };
  if (runner != nullptr && runner->threads() > 1 && o.files.size() > 1 &&
      analyzer->CanReadAhead()) {
    // Half the findings' budget: records take about twice what they count.
    const uint64_t budget =
        o.memory_mb == 0 ? uint64_t{32} << 20 : uint64_t{o.memory_mb} << 19;
    ReadAheadQueue ahead(host, o.files, budget);
    // Either task may run first or alone: the analysis never waits for the
    // read-ahead but for the one chunk it is reading of the file whose
    // turn it is.
    RunTasks(runner, 2, [&](size_t t) {
      if (t == 0) {
        ahead.Start();
        read(&ahead);
        ahead.Finish();
      } else {
        ahead.Run();
      }
    });
  } else {
    read(nullptr);
  }
  bool any_read = false;
  for (const Input& in : analyzer->store().inputs()) {
    if (!in.format.empty())
      any_read = true;
    for (const InputError& e : in.errors) {
      host.Err("exposure: " + e.message +
               (e.location.empty() ? "" : " at " + e.location) + "\n");
    }
  }
  return any_read;
}

// Writes a small output to --out or stdout; false (printed) on failure.
bool WriteOutput(CliHost& host,
                 const std::string& out_path,
                 std::string_view text) {
  if (out_path.empty()) {
    host.Out(text);
    return true;
  }
  Status s = host.WriteFile(out_path, text);
  if (!s.ok()) {
    host.Err("exposure: cannot write " + out_path + ": " + s.message() + "\n");
    return false;
  }
  return true;
}

// What `analyze --format table` lists: findings to fix first, actions.
constexpr size_t kSummaryFindings = 10;
constexpr size_t kSummaryActions = 5;

// One line on stderr per gate that open findings tripped; 3 when any did.
int TripGates(CliHost& host,
              const std::vector<Gate>& gates,
              const std::vector<uint64_t>& counts) {
  int rc = 0;
  for (size_t g = 0; g < gates.size(); ++g) {
    if (counts[g] == 0)
      continue;
    host.Err("exposure: gate " + gates[g].text + ": " +
             std::to_string(counts[g]) + " open finding" +
             (counts[g] == 1 ? "" : "s") + "\n");
    rc = kExitGate;
  }
  return rc;
}

// Streams what `render` writes to --out (`out_path`) or stdout: a report
// can be gigabytes, larger than its inputs. false, with a line on stderr,
// when the file could not be written; `render`'s own status is
// `*rendered` (an error there means the output is incomplete, which the
// caller words).
bool StreamOutput(CliHost& host,
                  const std::string& out_path,
                  const std::function<Status(const TextSink&)>& render,
                  Status* rendered) {
  if (out_path.empty()) {
    *rendered = render([&host](std::string_view piece) { host.Out(piece); });
    return true;
  }
  Result<std::unique_ptr<OutputStream>> out = host.Create(out_path);
  Status s = out.ok() ? Status::Ok() : out.status();
  if (out.ok()) {
    OutputStream& file = **out;
    *rendered = render([&s, &file](std::string_view piece) {
      if (s.ok())
        s = file.Write(piece);
    });
    Status closed = file.Close();
    if (s.ok())
      s = closed;
  }
  if (!s.ok()) {
    host.Err("exposure: cannot write " + out_path + ": " + s.message() + "\n");
    return false;
  }
  return true;
}

// StreamOutput, with an error of `render` printed too; false on either.
bool WriteStreamed(CliHost& host,
                   const std::string& out_path,
                   const std::function<Status(const TextSink&)>& render) {
  Status rendered;
  if (!StreamOutput(host, out_path, render, &rendered))
    return false;
  if (!rendered.ok()) {
    host.Err("exposure: " + rendered.message() + "\n");
    return false;
  }
  return true;
}

int Analyze(const std::vector<std::string>& args,
            CliHost& host,
            const std::string& intel_path) {
  AnalysisOptions o;
  if (int rc = ParseAnalysisOptions("analyze", args, {"json", "table"},
                                    /*detail=*/true, host, &o,
                                    {"--decisions", "--fail-on"}))
    return rc;
  Analyzer analyzer;
  if (int rc = PrepareAnalyzer(host, intel_path, o, &analyzer))
    return rc;
  // Threads read files ahead, work out the plan's findings and render the
  // report's long lists; the bytes are the same.
  const size_t threads = o.threads != 0 ? o.threads : host.Cores();
  const std::unique_ptr<TaskRunner> runner =
      threads > 1 ? host.MakeRunner(threads) : nullptr;
  const bool any_read = ReadFiles(host, o, &analyzer, runner.get());
  const Assessment assessment = analyzer.Assess();
  const Plan plan = analyzer.MakePlan(assessment, runner.get());
  const PathReport paths = analyzer.AttackPaths(assessment, plan);
  // A person at a terminal reads a summary; a file, a pipe or an explicit
  // --detail gets the report (--format says which).
  if (o.format.empty()) {
    o.format = host.Interactive() && o.out_path.empty() && !o.detail_given
                   ? "table"
                   : "json";
  }
  if (o.format == "table") {
    const ExportView view(analyzer.store(), assessment, plan);
    if (!WriteOutput(
            host, o.out_path,
            RenderAnalysisText(view, kSummaryFindings, kSummaryActions)))
      return 1;
    if (!any_read)
      return 1;
    return TripGates(
        host, o.gates,
        CountGateFindings(analyzer.store(), assessment, plan, o.gates));
  }
  Status report;
  if (!StreamOutput(
          host, o.out_path,
          [&](const TextSink& sink) {
            return RenderJsonReport(analyzer.store(), assessment, sink,
                                    o.detail, &plan, &paths, o.layout,
                                    runner.get());
          },
          &report)) {
    return 1;
  }
  if (!report.ok()) {
    host.Err("exposure: the report is incomplete: " + report.message() + "\n");
    return 1;
  }
  if (!any_read)
    return 1;
  return TripGates(
      host, o.gates,
      CountGateFindings(analyzer.store(), assessment, plan, o.gates));
}

// The assets listed by `coverage --format text`; JSON lists them all.
constexpr size_t kCoverageTextAssets = 50;

int CoverageCommand(const std::vector<std::string>& args,
                    CliHost& host,
                    const std::string& intel_path) {
  AnalysisOptions o;
  if (int rc = ParseAnalysisOptions("coverage", args, {"json", "text"},
                                    /*detail=*/false, host, &o))
    return rc;
  if (o.format.empty())
    o.format = host.Interactive() && o.out_path.empty() ? "text" : "json";
  Analyzer analyzer;
  if (int rc = PrepareAnalyzer(host, intel_path, o, &analyzer))
    return rc;
  const bool any_read = ReadFiles(host, o, &analyzer);
  const Assessment assessment = analyzer.Assess();
  const std::string text =
      o.format == "text" ? RenderCoverageText(analyzer.store(), assessment,
                                              kCoverageTextAssets)
                         : RenderCoverageJson(analyzer.store(), assessment);
  if (!WriteOutput(host, o.out_path, text))
    return 1;
  return any_read ? 0 : 1;
}

int PlanCommand(const std::vector<std::string>& args,
                CliHost& host,
                const std::string& intel_path) {
  AnalysisOptions o;
  if (int rc = ParseAnalysisOptions(
          "plan", args, {"text", "json", "csv", "markdown"},
          /*detail=*/false, host, &o, {"--decisions", "--top"}))
    return rc;
  if (o.format.empty())
    o.format = host.Interactive() && o.out_path.empty() ? "text" : "json";
  Analyzer analyzer;
  if (int rc = PrepareAnalyzer(host, intel_path, o, &analyzer))
    return rc;
  const bool any_read = ReadFiles(host, o, &analyzer);
  const Assessment assessment = analyzer.Assess();
  const Plan plan = analyzer.MakePlan(assessment);
  const ExportView view(analyzer.store(), assessment, plan);
  Result<std::string> text = RenderPlan(view, o.format, o.top);
  if (!text.ok()) {
    host.Err("exposure: " + text.status().message() + "\n");
    return 1;
  }
  if (!WriteOutput(host, o.out_path, *text))
    return 1;
  return any_read ? 0 : 1;
}

int PathsCommand(const std::vector<std::string>& args,
                 CliHost& host,
                 const std::string& intel_path) {
  AnalysisOptions o;
  if (int rc = ParseAnalysisOptions(
          "paths", args, {"table", "json", "markdown", "dot"},
          /*detail=*/false, host, &o, {"--decisions", "--jewel"}))
    return rc;
  if (o.format.empty())
    o.format = host.Interactive() && o.out_path.empty() ? "table" : "json";
  Analyzer analyzer;
  if (int rc = PrepareAnalyzer(host, intel_path, o, &analyzer))
    return rc;
  const bool any_read = ReadFiles(host, o, &analyzer);
  bool no_jewel = false;
  Result<std::string> text =
      analyzer.RenderAttackPaths(o.format, o.jewels, &no_jewel);
  if (!text.ok()) {
    host.Err("exposure: " + text.status().message() + "\n");
    return no_jewel ? 2 : 1;
  }
  if (!WriteOutput(host, o.out_path, *text))
    return 1;
  return any_read ? 0 : 1;
}

// Writes an export's parts: the first to --out (or stdout), part n to
// PartName(--out, n). Without --out, an export that splits is an error:
// its parts need files.
class CliExportOutput : public ExportOutput {
 public:
  CliExportOutput(CliHost& host, std::string path)
      : host_(host), path_(std::move(path)) {}
  ~CliExportOutput() override { (void)Close(); }

  Status BeginPart(size_t part) override {
    if (part == part_ && (file_ || path_.empty()))
      return Status::Ok();
    if (path_.empty()) {
      return Status::Error(
          "this export has more than one part: give --out FILE (parts go to "
          "FILE, FILE-2, ...)");
    }
    EXPOSURE_RETURN_IF_ERROR(Close());
    const std::string name = PartName(path_, part);
    Result<std::unique_ptr<OutputStream>> out = host_.Create(name);
    if (!out.ok())
      return Status::Error("cannot write " + name + ": " +
                           out.status().message());
    file_ = std::move(*out);
    part_ = part;
    names_.push_back(name);
    return Status::Ok();
  }
  Status Write(std::string_view data) override {
    if (path_.empty()) {
      host_.Out(data);
      return Status::Ok();
    }
    if (!file_)
      EXPOSURE_RETURN_IF_ERROR(BeginPart(0));
    return file_->Write(data);
  }
  Status Close() {
    if (!file_)
      return Status::Ok();
    Status s = file_->Close();
    file_.reset();
    return s;
  }
  const std::vector<std::string>& names() const { return names_; }

 private:
  CliHost& host_;
  std::string path_;
  std::unique_ptr<OutputStream> file_;
  size_t part_ = 0;
  std::vector<std::string> names_;
};

int ExportCommand(const std::vector<std::string>& args,
                  CliHost& host,
                  const std::string& intel_path) {
  AnalysisOptions o;
  if (int rc = ParseAnalysisOptions("export", args, {}, /*detail=*/false, host,
                                    &o, {"--decisions", "--to"}))
    return rc;
  ExportFormat format;
  if (o.to.empty() || !ParseExportFormat(o.to, &format))
    return Usage(
        host, "export needs --to FORMAT (one of " + ExportFormatList() + ")");
  Analyzer analyzer;
  if (int rc = PrepareAnalyzer(host, intel_path, o, &analyzer))
    return rc;
  const bool any_read = ReadFiles(host, o, &analyzer);
  const Assessment assessment = analyzer.Assess();
  const Plan plan = analyzer.MakePlan(assessment);
  const ExportView view(analyzer.store(), assessment, plan);
  CliExportOutput out(host, o.out_path);
  Status s = WriteExport(format, view, &out);
  Status closed = out.Close();
  if (s.ok())
    s = closed;
  if (!s.ok()) {
    host.Err("exposure: export " + o.to + ": " + s.message() + "\n");
    return 1;
  }
  if (out.names().size() > 1) {
    std::string list;
    for (const std::string& n : out.names())
      list += "  " + n + "\n";
    host.Err("exposure: the export was split into " +
             std::to_string(out.names().size()) + " files:\n" + list);
  }
  return any_read ? 0 : 1;
}

// Reads `files` into one snapshot (SnapshotBuilder) and prints the
// problems met; `what` names the side in messages ("the old side").
Result<Snapshot> BuildSnapshot(CliHost& host,
                               const AnalysisOptions& o,
                               const AnalysisSettings& settings,
                               const std::vector<std::string>& files,
                               const std::string& what) {
  SnapshotBuilder builder(
      [&](Analyzer* analyzer) { ApplySettings(host, o, settings, analyzer); });
  std::vector<char> buffer(kCliChunkBytes);
  const bool progress = !o.quiet && host.ErrInteractive();
  for (const std::string& path : files) {
    StreamFile(
        host, builder, [&builder] { return builder.analyzed_findings(); }, path,
        buffer, progress);
  }
  Result<Snapshot> snapshot = builder.Finish();
  for (const std::string& e : builder.errors())
    host.Err("exposure: " + e + "\n");
  if (!snapshot.ok()) {
    return Status::Error(what + ": " + snapshot.status().message());
  }
  return snapshot;
}

int SnapshotCommand(const std::vector<std::string>& args,
                    CliHost& host,
                    const std::string& intel_path) {
  AnalysisOptions o;
  if (int rc = ParseAnalysisOptions("snapshot", args, {}, /*detail=*/false,
                                    host, &o, {"--decisions"}))
    return rc;
  if (o.out_path.empty())
    return Usage(host, "snapshot needs --out FILE (a snapshot is binary)");
  AnalysisSettings settings;
  if (int rc = LoadSettings(host, intel_path, o, &settings))
    return rc;
  Result<Snapshot> snapshot =
      BuildSnapshot(host, o, settings, o.files, "snapshot");
  if (!snapshot.ok()) {
    host.Err("exposure: " + snapshot.status().message() + "\n");
    return 1;
  }
  if (!WriteStreamed(host, o.out_path, [&](const TextSink& sink) {
        return WriteSnapshot(*snapshot, sink);
      })) {
    return 1;
  }
  if (!o.quiet && host.ErrInteractive()) {
    host.Err("exposure: " + o.out_path + ": " +
             GroupThousands(snapshot->findings.size()) + " findings on " +
             GroupThousands(snapshot->assets.size()) + " assets" +
             (snapshot->as_of.empty() ? std::string()
                                      : " as of " + snapshot->as_of) +
             "\n");
  }
  return 0;
}

int DiffCommand(const std::vector<std::string>& args,
                CliHost& host,
                const std::string& intel_path) {
  AnalysisOptions o;
  o.allow_new_gates = true;
  if (int rc = ParseAnalysisOptions(
          "diff", args, {"table", "json", "csv", "markdown", "html"},
          /*detail=*/false, host, &o,
          {"--decisions", "--fail-on", "--top", "--old", "--new", "--history"}))
    return rc;
  std::vector<std::string> old_files;
  std::vector<std::string> new_files;
  std::vector<std::string> history_files;
  std::vector<std::string> loose;
  for (size_t i = 0; i < o.files.size(); ++i) {
    switch (o.sides[i]) {
      case kSideOld:
        old_files.push_back(o.files[i]);
        break;
      case kSideNew:
        new_files.push_back(o.files[i]);
        break;
      case kSideHistory:
        history_files.push_back(o.files[i]);
        break;
      default:
        loose.push_back(o.files[i]);
    }
  }
  if (old_files.empty() && new_files.empty()) {
    if (loose.size() != 2) {
      return Usage(host, "diff needs OLD NEW, or --old FILE... --new FILE...");
    }
    old_files.push_back(loose[0]);
    new_files.push_back(loose[1]);
  } else if (!loose.empty()) {
    return Usage(host, "diff: " + loose[0] +
                           ": give every file after --old, --new or "
                           "--history");
  } else if (old_files.empty() || new_files.empty()) {
    return Usage(host, "diff needs files on both sides (--old and --new)");
  }
  if (o.format.empty())
    o.format = host.Interactive() && o.out_path.empty() ? "table" : "json";
  AnalysisSettings settings;
  if (int rc = LoadSettings(host, intel_path, o, &settings))
    return rc;
  Result<Snapshot> old_snap =
      BuildSnapshot(host, o, settings, old_files, "the old side");
  Result<Snapshot> now =
      BuildSnapshot(host, o, settings, new_files, "the new side");
  std::vector<Snapshot> history;
  for (const std::string& h : history_files) {
    Result<Snapshot> s = BuildSnapshot(host, o, settings, {h}, h);
    if (!s.ok()) {
      host.Err("exposure: " + s.status().message() + "\n");
      return 1;
    }
    history.push_back(std::move(*s));
  }
  for (const Result<Snapshot>* side : {&old_snap, &now}) {
    if (!side->ok()) {
      host.Err("exposure: " + side->status().message() + "\n");
      return 1;
    }
  }
  std::vector<const Snapshot*> earlier;
  earlier.reserve(history.size());
  for (const Snapshot& h : history)
    earlier.push_back(&h);
  const DiffResult diff = Diff(*old_snap, *now, earlier);
  if (!WriteStreamed(host, o.out_path, [&](const TextSink& sink) {
        return RenderDiff(*old_snap, *now, diff, o.format, o.top, sink);
      })) {
    return 1;
  }
  return TripGates(host, o.gates, CountDiffGateFindings(*now, diff, o.gates));
}

int TrendCommand(const std::vector<std::string>& args,
                 CliHost& host,
                 const std::string& intel_path) {
  AnalysisOptions o;
  if (int rc =
          ParseAnalysisOptions("trend", args, {"table", "json", "csv", "html"},
                               /*detail=*/false, host, &o, {"--decisions"}))
    return rc;
  if (o.format.empty())
    o.format = host.Interactive() && o.out_path.empty() ? "table" : "json";
  AnalysisSettings settings;
  if (int rc = LoadSettings(host, intel_path, o, &settings))
    return rc;
  std::vector<Snapshot> snapshots;
  for (const std::string& f : o.files) {
    Result<Snapshot> s = BuildSnapshot(host, o, settings, {f}, f);
    if (!s.ok()) {
      host.Err("exposure: " + s.status().message() + "\n");
      return 1;
    }
    snapshots.push_back(std::move(*s));
  }
  std::vector<const Snapshot*> all;
  all.reserve(snapshots.size());
  for (const Snapshot& s : snapshots)
    all.push_back(&s);
  const std::vector<TrendPoint> points = Trend(all);
  return WriteStreamed(host, o.out_path,
                       [&](const TextSink& sink) {
                         return RenderTrend(points, o.format, sink);
                       })
             ? 0
             : 1;
}

int Detect(const std::vector<std::string>& files, CliHost& host) {
  if (files.empty())
    return Usage(host, "detect needs at least one FILE");
  std::vector<char> buffer(kCliChunkBytes);
  bool any_read = false;
  for (const std::string& path : files) {
    Result<std::unique_ptr<InputStream>> in = host.Open(path);
    if (!in.ok()) {
      host.Err("exposure: cannot open " + path + ": " + in.status().message() +
               "\n");
      host.Out(path + "\terror\n");
      continue;
    }
    // Read until the format is known: the head for most formats, the whole
    // input for one whose signature may come last.
    FormatDetector detector;
    while (true) {
      Result<size_t> n = (*in)->Read(buffer.data(), buffer.size());
      if (!n.ok() || *n == 0) {
        // A read error leaves the head read so far to decide on.
        detector.Finish(/*complete=*/n.ok());
        break;
      }
      if (!detector.Feed(std::string_view(buffer.data(), *n)))
        break;
    }
    any_read = true;
    const std::string& format = detector.format();
    host.Out(path + "\t" + (format.empty() ? "unknown" : format) + "\n");
  }
  return any_read ? 0 : 1;
}

std::string ScoreTenths(int v) {
  if (v < 0)
    return "-";
  return std::to_string(v / 10) + "." + std::to_string(v % 10);
}

// One output line for one vector; invalid vectors are reported in the line
// (and make the exit code 1), not as a usage error.
bool ScoreLine(std::string_view vector, CliHost& host) {
  Result<CvssScores> r = ParseAndScoreCvss(vector);
  std::string line(Trim(vector));
  if (!r.ok()) {
    host.Out(line + "\terror: " + r.status().message() + "\n");
    return false;
  }
  const CvssScores& c = *r;
  if (c.version == CvssVersion::kV40) {
    host.Out(line + "\t" + ScoreTenths(c.score) + "\t" + c.severity + "\n");
  } else {
    host.Out(line + "\t" + ScoreTenths(c.base) + "\t" +
             ScoreTenths(c.temporal) + "\t" + ScoreTenths(c.environmental) +
             "\t" + c.severity + "\n");
  }
  return true;
}

int Cvss(const std::vector<std::string>& vectors, CliHost& host) {
  bool all_ok = true;
  if (!vectors.empty()) {
    for (const std::string& v : vectors)
      all_ok = ScoreLine(v, host) && all_ok;
    return all_ok ? 0 : 1;
  }
  // No arguments: one vector per line on stdin; blank lines are skipped.
  Result<std::unique_ptr<InputStream>> in = host.Open("-");
  if (!in.ok())
    return Usage(host, "cvss needs VECTOR arguments or stdin");
  std::vector<char> buffer(64 * 1024);
  std::string pending;
  while (true) {
    Result<size_t> n = (*in)->Read(buffer.data(), buffer.size());
    if (!n.ok() || *n == 0)
      break;
    pending.append(buffer.data(), *n);
    size_t start = 0;
    for (size_t nl = pending.find('\n'); nl != std::string::npos;
         nl = pending.find('\n', start)) {
      std::string_view line =
          Trim(std::string_view(pending).substr(start, nl - start));
      if (!line.empty())
        all_ok = ScoreLine(line, host) && all_ok;
      start = nl + 1;
    }
    pending.erase(0, start);
  }
  if (!Trim(pending).empty())
    all_ok = ScoreLine(Trim(pending), host) && all_ok;
  return all_ok ? 0 : 1;
}

int Formats(CliHost& host) {
  for (const ImporterSpec& spec : Importers()) {
    host.Out(std::string(spec.id) + "\t" + spec.name + "\n");
  }
  return 0;
}

}  // namespace

int RunCli(const std::vector<std::string>& all_args, CliHost& host) {
  // Global options, before the command: --intel BUNDLE (or --intel=BUNDLE)
  // selects the threat-intel bundle every command uses.
  std::string intel_path;
  size_t first = 0;
  while (first < all_args.size()) {
    const std::string& a = all_args[first];
    if (a == "--intel") {
      if (first + 1 >= all_args.size())
        return Usage(host, "--intel needs a value");
      intel_path = all_args[first + 1];
      first += 2;
    } else if (StartsWith(a, "--intel=")) {
      intel_path = a.substr(8);
      ++first;
    } else {
      break;
    }
  }
  std::vector<std::string> args(all_args.begin() + first, all_args.end());
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
    return Analyze(rest, host, intel_path);
  if (cmd == "coverage")
    return CoverageCommand(rest, host, intel_path);
  if (cmd == "plan")
    return PlanCommand(rest, host, intel_path);
  if (cmd == "paths")
    return PathsCommand(rest, host, intel_path);
  if (cmd == "export")
    return ExportCommand(rest, host, intel_path);
  if (cmd == "snapshot")
    return SnapshotCommand(rest, host, intel_path);
  if (cmd == "diff")
    return DiffCommand(rest, host, intel_path);
  if (cmd == "trend")
    return TrendCommand(rest, host, intel_path);
  if (cmd == "detect")
    return Detect(rest, host);
  if (cmd == "formats")
    return Formats(host);
  if (cmd == "cvss")
    return Cvss(rest, host);
  if (cmd == "intel") {
    IntelBundle intel;
    if (!LoadCliIntel(host, intel_path, &intel))
      return 1;
    return RunIntel(rest, host, intel);
  }
  return Usage(host, "unknown command: " + cmd);
}

}  // namespace exposure
