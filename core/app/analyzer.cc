#include "core/app/analyzer.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <utility>

#include "core/base/strings.h"
#include "core/render/coverage_report.h"
#include "core/render/json_report.h"
#include "core/render/paths_report.h"

namespace exposure {
namespace {

// The analysis holds more findings than `max_findings` (0: no limit).
// finding_count(), not findings(): that one resolves the assets, which must
// wait for the end of the input.
bool OverLimit(const Store& store, uint64_t max_findings) {
  return max_findings != 0 && store.finding_count() > max_findings;
}

}  // namespace

Analyzer::Analyzer() = default;
Analyzer::~Analyzer() = default;

void Analyzer::CloseChain() {
  chain_.reset();  // before the sink its importer writes to
  sink_.reset();
}

void Analyzer::BeginFile(std::string name) {
  if (open_)
    EndFile();
  input_ = store_.AddInput(std::move(name));
  open_ = true;
  stopped_ = false;
  CloseChain();
  chain_ = std::make_unique<InputChain>(
      [this](const ImporterSpec& spec) {
        sink_ = std::make_unique<StoreSink>(&store_, input_, spec.id);
        return sink_.get();
      },
      allowance_.get());
}

void Analyzer::Feed(std::string_view chunk) {
  if (!open_ || stopped_)
    return;
  if (findings_exceeded_) {  // an earlier input passed it
    StopAtFindingLimit();
    return;
  }
  if (!chain_->Feed(chunk).ok())
    stopped_ = true;
  // Checked per chunk: a chunk adds at most the findings of the bytes it
  // decompresses to, which the byte allowance bounds.
  if (OverLimit(store_, max_findings_)) {
    findings_exceeded_ = true;
    StopAtFindingLimit();
  }
}

void Analyzer::StopAtFindingLimit() {
  stopped_ = true;
  Input& in = store_.input(input_);
  in.errors.push_back({in.name + ": the inputs exceed the limit of " +
                           std::to_string(max_findings_) +
                           " findings per analysis",
                       ""});
  in.partial = true;
}

std::string Analyzer::LimitExceeded() const {
  if (allowance_->exceeded)
    return allowance_->Message();
  if (findings_exceeded_) {
    return "the inputs exceed the limit of " + std::to_string(max_findings_) +
           " findings per analysis";
  }
  return "";
}

void Analyzer::RecordInput() {
  const StageLog& log = chain_->log();
  Input& in = store_.input(input_);
  in.compression = log.compression;
  in.encoding = log.encoding;
  in.format = log.format;
  if (const ImporterSpec* spec = chain_->sniff().spec())
    in.source = spec->source;
  in.bytes = log.plain_bytes;
  for (const Status& e : log.errors)
    in.errors.push_back(
        {in.name + ": " + e.message(), e.location().ToString()});
  in.partial = in.partial || log.partial;
}

const Input& Analyzer::EndFile() {
  if (open_) {
    open_ = false;
    // Also after an error: a stage whose own input broke hands on what it
    // read before.
    (void)chain_->Finish();  // its errors are in the log
    RecordInput();
    CloseChain();
    // Importers may hand on what they hold when they finish.
    if (!findings_exceeded_ && OverLimit(store_, max_findings_)) {
      findings_exceeded_ = true;
      StopAtFindingLimit();
    }
  }
  return store_.inputs()[input_];  // its assets and services counted
}

const Input& Analyzer::AbortFile(const std::string& message) {
  if (open_) {
    open_ = false;
    RecordInput();
    if (!chain_->sniff().failed()) {
      Input& in = store_.input(input_);
      const std::string& format = chain_->log().format;
      in.errors.push_back({in.name + ": " +
                               (format.empty() ? "unknown format" : format) +
                               ": " + message,
                           ""});
      in.partial = true;
    }
    CloseChain();
  }
  return store_.inputs()[input_];
}

const Input& Analyzer::Adopt(std::unique_ptr<ReadAhead> ahead) {
  if (open_)
    EndFile();
  input_ = store_.AddInput(std::move(ahead->name_));
  stopped_ = false;
  CloseChain();
  ahead->Finish();
  chain_ = std::move(ahead->chain_);
  if (const ImporterSpec* spec = chain_->sniff().spec()) {
    StoreSink sink(&store_, input_, spec->id);
    ahead->records_.Drain(&sink);
  }
  RecordInput();
  CloseChain();  // before `ahead`, whose records its importer wrote to
  return store_.inputs()[input_];
}

void Analyzer::AddUnreadable(std::string name, const std::string& message) {
  if (open_)
    EndFile();
  input_ = store_.AddInput(std::move(name));
  Input& in = store_.input(input_);
  in.errors.push_back({in.name + ": " + message, ""});
}

Status Analyzer::WriteReportJson(
    const std::function<void(std::string_view)>& sink,
    ReportDetail detail,
    ReportLayout layout) const {
  const Assessment assessment = Assess();
  const Plan plan = MakePlan(assessment);
  const PathReport paths = AttackPaths(assessment, plan);
  return RenderJsonReport(store_, assessment, sink, detail, &plan, &paths,
                          layout);
}

constexpr bool SameBit(ExploitFlag a, CatalogueExploit b) {
  return static_cast<int>(a) == static_cast<int>(b);
}
static_assert(SameBit(kExploitMetasploitModule, kCatalogueMetasploitExploit) &&
                  SameBit(kExploitMetasploitAux, kCatalogueMetasploitAux) &&
                  SameBit(kExploitDb, kCatalogueExploitDb) &&
                  SameBit(kExploitNuclei, kCatalogueNuclei),
              "the bundle's exploit flags and the score layer's differ");

IntelLookup IntelLookupIn(const std::shared_ptr<const IntelBundle>& bundle) {
  return [bundle](std::string_view cve) {
    CveIntel ci;
    std::optional<EpssScore> e = bundle->FindEpss(cve);
    if (e) {
      ci.covered_by_epss = true;
      ci.epss = static_cast<int>(e->epss);
      ci.percentile = static_cast<int>(e->percentile);
    }
    std::optional<KevEntry> k = bundle->FindKev(cve);
    if (k) {
      ci.kev = true;
      ci.kev_added = FormatIsoDate(k->date_added);
      ci.kev_due = k->due_date == 0 ? "" : FormatIsoDate(k->due_date);
      ci.ransomware = k->ransomware == RansomwareUse::kKnown;
    }
    if (std::optional<SsvcEntry> v = bundle->FindSsvc(cve)) {
      ci.cisa = static_cast<uint8_t>(
          kCisaAssessed | (v->exploitation & kCisaExploitationMask) |
          (v->automatable ? kCisaAutomatable : 0) |
          (v->technical_impact_total ? kCisaTotalImpact : 0));
      ci.cisa_assessed = FormatIsoDate(v->assessed);
    }
    if (std::optional<ExploitEntry> x = bundle->FindExploits(cve)) {
      // The bundle's ExploitFlag bits are the score layer's
      // CatalogueExploit bits (static_asserts below).
      ci.exploits = x->flags;
      ci.metasploit_module = std::string(x->metasploit_module);
      ci.exploitdb_id = x->exploitdb_id;
      ci.nuclei_template = std::string(x->nuclei_template);
    }
    return ci;
  };
}

namespace {

// The built-in bundle, loaded once per process (a broken or missing one
// means no intelligence, never a failure to analyze).
const IntelLookup& BuiltInIntel() {
  static const IntelLookup lookup = [] {
    Result<IntelBundle> b = IntelBundle::LoadDefault();
    return IntelLookupIn(std::make_shared<const IntelBundle>(
        b.ok() ? std::move(*b) : IntelBundle()));
  }();
  return lookup;
}

}  // namespace

Assessment Analyzer::Assess() const {
  return exposure::Assess(store_, policy_, intel_ ? intel_ : BuiltInIntel());
}

namespace {

bool JewelSelected(const std::vector<std::string>& selectors,
                   const PathNames& names,
                   uint32_t node) {
  const std::string id = names.Id(node);
  const std::string label = names.Label(node);
  for (const std::string& s : selectors) {
    if (s == id || (StartsWith(id, "asset:") && s == id.substr(6)) ||
        GlobMatch(s, label))
      return true;
  }
  return false;
}

}  // namespace

Result<std::string> Analyzer::RenderAttackPaths(
    std::string_view format,
    const std::vector<std::string>& jewels,
    bool* no_jewel) const {
  if (no_jewel != nullptr)
    *no_jewel = false;
  const Assessment assessment = Assess();
  const Plan plan = MakePlan(assessment);
  PathReport paths = AttackPaths(assessment, plan);
  if (!jewels.empty()) {
    // Names need a report: select on the whole graph, search again.
    std::vector<uint32_t> chosen;
    {
      const PathNames all(store_, assessment, plan, paths);
      for (uint32_t j : paths.graph.jewels) {
        if (JewelSelected(jewels, all, j))
          chosen.push_back(j);
      }
    }
    if (chosen.empty()) {
      if (no_jewel != nullptr)
        *no_jewel = true;
      return Status::Error("--jewel matches no crown jewel (" +
                           std::to_string(paths.graph.jewels.size()) +
                           " in the analysis)");
    }
    paths = MakePathReport(
        store_, assessment, plan, policy_, [&chosen](uint32_t node) {
          return std::binary_search(chosen.begin(), chosen.end(), node);
        });
  }
  const PathNames names(store_, assessment, plan, paths);
  return RenderPaths(names, format);
}

std::string Analyzer::ReportJson(ReportLayout layout) const {
  std::string out;
  (void)WriteReportJson([&out](std::string_view piece) { out.append(piece); },
                        ReportDetail::kFull, layout);
  return out;
}

std::string Analyzer::CoverageJson() const {
  return RenderCoverageJson(store_, Assess());
}

std::string DetectFormat(std::string_view head, bool complete) {
  FormatDetector detector;
  if (detector.Feed(head))
    detector.Finish(complete);
  return detector.format();
}

}  // namespace exposure
