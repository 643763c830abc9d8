// The only file that includes Emscripten: binds the core's Analyzer, intel
// and CLI to JavaScript. Bytes come in through wasm memory (core.mjs copies
// each chunk into a buffer the bound object owns), JSON text goes out.
//
// Every bound call, constructors included, answers with one envelope made
// by Guard() below:
//   {value: V}                         it succeeded (V undefined when the
//                                      call has no result)
//   {error: {message, location}}       it did not: an error Status, or any
//                                      C++ exception; location "" unknown
// so no C++ exception ever reaches JavaScript and JavaScript reads every
// outcome the same way (core.mjs opens envelopes in one function). The
// envelope is tagged rather than "the value or an error object" because a
// value may itself be an object (a report handle, a view of wasm memory).
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <algorithm>
#include <cstdint>
#include <exception>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/app/analyzer.h"
#include "core/app/cli.h"
#include "core/app/intel_refresh.h"
#include "core/app/snapshot_builder.h"
#include "core/base/json_writer.h"
#include "core/base/strings.h"
#include "core/base/version.h"
#include "core/importers/importer.h"
#include "core/plan/decisions.h"
#include "core/render/export_view.h"
#include "core/render/json_report.h"
#include "core/render/plan_report.h"
#include "core/render/track_report.h"
#include "core/track/diff.h"
#include "core/track/snapshot.h"
#include "core/track/trend.h"

namespace {

using emscripten::val;
using exposure::Result;
using exposure::Status;

// The envelopes. Both are built from JavaScript strings and objects only
// (val(const char*) allocates nothing in wasm), so an error can still be
// told when the heap is exhausted.
val ValueEnvelope(val value) {
  val envelope = val::object();
  envelope.set("value", std::move(value));
  return envelope;
}

val ErrorEnvelope(const char* message, const char* location) {
  val error = val::object();
  error.set("message", val(message));
  error.set("location", val(location));
  val envelope = val::object();
  envelope.set("error", std::move(error));
  return envelope;
}

val ErrorEnvelope(const Status& status) {
  return ErrorEnvelope(status.message().c_str(),
                       status.location().ToString().c_str());
}

template <typename T>
struct IsResult : std::false_type {};
template <typename T>
struct IsResult<Result<T>> : std::true_type {};

// The envelope of what a call returned: a Status gives no value or its
// error, a Result its value or its error, anything else is the value
// (Embind converts it: strings, numbers, views, bound objects handed over
// in a unique_ptr).
template <typename T>
val Settle(T&& result) {
  using R = std::decay_t<T>;
  if constexpr (std::is_same_v<R, Status>) {
    return result.ok() ? ValueEnvelope(val::undefined())
                       : ErrorEnvelope(result);
  } else if constexpr (IsResult<R>::value) {
    return result.ok() ? Settle(std::move(*result))
                       : ErrorEnvelope(result.status());
  } else if constexpr (std::is_same_v<R, val>) {
    return ValueEnvelope(std::forward<T>(result));
  } else {
    return ValueEnvelope(val(std::forward<T>(result)));
  }
}

// Guard's `cleanup` is what a bound object does when one of its calls
// threw, given the error's message: put itself back into a state its next
// calls can rely on. Most need nothing.
struct NoCleanup {
  void operator()(const std::string&) const {}
};

// The envelope of a call that threw. Never throws: a cleanup that throws
// is given up on, and a message that cannot be made is the plain `what`.
template <typename Cleanup>
val Failed(const char* what, const char* detail, Cleanup& cleanup) {
  std::string message;
  try {
    message.assign(what).append(detail);
    cleanup(message);
  } catch (...) {
  }
  return ErrorEnvelope(message.empty() ? what : message.c_str(), "");
}

// Runs one bound call: its result, error Status or exception becomes the
// envelope. The one place the bridge catches.
template <typename F, typename Cleanup = NoCleanup>
val Guard(F&& call, Cleanup&& cleanup = {}) {
  try {
    if constexpr (std::is_void_v<decltype(call())>) {
      call();
      return ValueEnvelope(val::undefined());
    } else {
      return Settle(call());
    }
  } catch (const std::bad_alloc&) {
    return Failed("out of memory", "", cleanup);
  } catch (const std::exception& e) {
    return Failed("internal error: ", e.what(), cleanup);
  } catch (...) {
    return Failed("internal error", "", cleanup);
  }
}

val Bytes(std::string_view s) {
  return val(emscripten::typed_memory_view(
      s.size(), reinterpret_cast<const unsigned char*>(s.data())));
}

// A growable byte buffer in wasm memory that JavaScript fills before a
// call; the address Reserve() gives is valid until the next Reserve().
class Buffer {
 public:
  uintptr_t Reserve(size_t size) {
    if (bytes_.size() < size)
      bytes_.resize(size);
    return reinterpret_cast<uintptr_t>(bytes_.data());
  }
  std::string_view View(size_t size) const {
    return std::string_view(bytes_.data(), std::min(size, bytes_.size()));
  }
  void Release() { std::vector<char>().swap(bytes_); }

 private:
  std::vector<char> bytes_;
};

// A loaded threat-intel bundle, owned by JavaScript (call delete()).
// Analyzers given it share the bundle, so deleting this object while they
// live is fine.
class WasmIntel {
 public:
  val buffer(size_t size) {
    return Guard([&] { return buffer_.Reserve(size); });
  }

  // Loads the first `size` bytes of buffer() as a bundle file; the value is
  // its description (IntelBundleJson).
  val load(size_t size, const std::string& origin) {
    return Guard([&]() -> Result<std::string> {
      Result<exposure::IntelBundle> b =
          exposure::IntelBundle::Parse(buffer_.View(size), origin);
      buffer_.Release();
      if (!b.ok())
        return b.status();
      return Keep(std::move(*b));
    });
  }

  // Loads the bundle compiled into the core; the value is its description.
  val loadBuiltIn() {
    return Guard([&]() -> Result<std::string> {
      Result<exposure::IntelBundle> b = exposure::IntelBundle::LoadDefault();
      if (!b.ok())
        return b.status();
      return Keep(std::move(*b));
    });
  }

  // nullptr until a load succeeded.
  const std::shared_ptr<const exposure::IntelBundle>& bundle() const {
    return bundle_;
  }

 private:
  std::string Keep(exposure::IntelBundle bundle) {
    bundle_ = std::make_shared<const exposure::IntelBundle>(std::move(bundle));
    return exposure::IntelBundleJson(*bundle_);
  }

  Buffer buffer_;
  std::shared_ptr<const exposure::IntelBundle> bundle_;
};

// Builds a bundle from threat-intel files fed in chunks (KEV catalog, EPSS
// CSV, Vulnrichment records or table, exploit catalogue tables:
// exposure::IntelRefresh), owned by JavaScript (call delete()).
class WasmIntelBuilder {
 public:
  val buffer(size_t size) {
    return Guard([&] { return buffer_.Reserve(size); });
  }

  // kind: an IntelFileKindId ("kev", "epss", "vulnrichment", "metasploit",
  // "exploitdb", "nuclei"). Errors name the file and the location; after
  // one, feed() and end() give it again (IntelRefresh).
  val begin(const std::string& kind, const std::string& name) {
    return Guard([&] {
      return refresh_.Begin(exposure::IntelFileKindFromId(kind), name);
    });
  }
  // Feeds the first `size` bytes of buffer().
  val feed(size_t size) {
    return Guard([&] { return refresh_.Feed(buffer_.View(size)); });
  }
  val end() {
    return Guard([&] { return refresh_.End(); });
  }

  // Builds the bundle (uncompressed: the wasm core has no zstd encoder),
  // taking the parts no file gave from `base` (an Intel never loaded: no
  // base). The value is IntelRefreshJson; the bundle's bytes are then in
  // bytes().
  val build(const WasmIntel& base, const std::string& origin) {
    return Guard([&]() -> Result<std::string> {
      buffer_.Release();
      static const exposure::IntelBundle kNone;
      Result<exposure::IntelRefreshResult> r =
          refresh_.Build(base.bundle() ? *base.bundle() : kNone,
                         exposure::IntelBuilder::CanCompress(), origin);
      if (!r.ok())
        return r.status();
      bytes_ = std::move(r->bytes);
      r->bytes.clear();
      return exposure::IntelRefreshJson(*r);
    });
  }

  // The built bundle's bytes, a view of wasm memory: copy it before the
  // next call into the core.
  val bytes() const {
    return Guard([&] { return Bytes(bytes_); });
  }

 private:
  Buffer buffer_;
  exposure::IntelRefresh refresh_;
  std::string bytes_;
};

// Spill space kept by JavaScript: a host object with
//   spillAppend(bytes: Uint8Array) -> "" or an error message (copy before
//       returning; the bytes go at the end)
//   spillRead(offset, address, size) -> "" or an error message, the bytes
//       written into wasm memory at `address`
//   spillTruncate(size)
//   spillClose()  (when the analysis that used it is freed)
// An export's pieces, handed to JavaScript as they are written (see
// WasmAnalyzer::exportTo).
class JsExportOutput : public exposure::ExportOutput {
 public:
  explicit JsExportOutput(val host) : host_(std::move(host)) {}
  exposure::Status BeginPart(size_t part) override {
    if (!host_.call<bool>("part", static_cast<double>(part)))
      return exposure::Status::Error("the page could not start file " +
                                     std::to_string(part + 1));
    return exposure::Status::Ok();
  }
  exposure::Status Write(std::string_view data) override {
    if (!data.empty() && !host_.call<bool>("write", Bytes(data)))
      return exposure::Status::Error("the page could not take the export");
    return exposure::Status::Ok();
  }

 private:
  val host_;
};

class JsSpill : public exposure::SpillSpace {
 public:
  explicit JsSpill(val host) : host_(std::move(host)) {}
  ~JsSpill() override { host_.call<void>("spillClose"); }
  JsSpill(const JsSpill&) = delete;
  JsSpill& operator=(const JsSpill&) = delete;

  exposure::Result<uint64_t> Append(std::string_view bytes) override {
    std::string error = host_.call<std::string>("spillAppend", Bytes(bytes));
    if (!error.empty())
      return exposure::Status::Error(error);
    const uint64_t at = size_;
    size_ += bytes.size();
    return at;
  }
  exposure::Status Read(uint64_t offset, size_t size, char* out) override {
    std::string error = host_.call<std::string>(
        "spillRead", static_cast<double>(offset),
        static_cast<double>(reinterpret_cast<uintptr_t>(out)),
        static_cast<double>(size));
    if (!error.empty())
      return exposure::Status::Error(error);
    return exposure::Status::Ok();
  }
  uint64_t size() const override { return size_; }
  void Truncate(uint64_t size) override {
    if (size >= size_)
      return;
    size_ = size;
    host_.call<void>("spillTruncate", static_cast<double>(size));
  }

 private:
  val host_;
  uint64_t size_ = 0;
};

// A report being read, owned by JavaScript (call delete()): rendered as
// its pieces are asked for, so that only one piece at a time is in wasm
// memory whatever the report's size. It keeps its analysis alive after the
// analyzer's delete(); once the analysis changes (an input or the intel),
// it stops with an error rather than mix two states.
class WasmReport {
 public:
  WasmReport(std::shared_ptr<const exposure::Analyzer> analyzer,
             std::shared_ptr<const uint64_t> changes,
             std::unique_ptr<exposure::Analyzer::Report> report)
      : analyzer_(std::move(analyzer)),
        changes_(std::move(changes)),
        opened_at_(*changes_),
        report_(std::move(report)) {}

  // The next piece, a view of wasm memory valid until the next call into
  // the core (copy it); an empty view at the end. An error when the report
  // is incomplete (ReportStream::status) or was overtaken by a change of
  // its analysis; every later call gives that error again.
  val next() {
    return Guard(
        [&]() -> Result<val> {
          if (!error_.ok())
            return error_;
          if (report_ == nullptr)
            return Bytes({});
          if (*changes_ != opened_at_)
            return Stop(Status::Error(
                "the analysis changed while its report was read"));
          std::string_view piece = report_->Next();
          if (piece.empty()) {
            Status s = report_->status();
            if (!s.ok())
              return Stop(std::move(s));
            Release();
          }
          return Bytes(piece);
        },
        // The error is kept for error(); the envelope carries it already.
        [&](const std::string& message) {
          (void)Stop(Status::Error(message));
        });
  }

 private:
  Status Stop(Status error) {
    error_ = std::move(error);
    Release();
    return error_;
  }
  void Release() {
    report_.reset();
    analyzer_.reset();
  }

  std::shared_ptr<const exposure::Analyzer> analyzer_;
  std::shared_ptr<const uint64_t> changes_;
  uint64_t opened_at_ = 0;
  std::unique_ptr<exposure::Analyzer::Report> report_;
  Status error_;
};

// Guard's cleanup for the calls that feed an input: the input ends, its
// record saying why, so that the analysis stays usable.
struct AbortInput {
  exposure::Analyzer* analyzer;
  void operator()(const std::string& message) const {
    analyzer->AbortFile(message);
  }
};

// A count from JavaScript as an integer: NaN and negatives are 0, and
// values beyond 2^53 (already inexact as doubles) saturate.
uint64_t Count(double value) {
  if (!(value > 0))
    return 0;
  if (value >= 9007199254740992.0)
    return uint64_t{1} << 53;
  return static_cast<uint64_t>(value);
}

// One analysis session, owned by JavaScript (call delete()).
class WasmAnalyzer {
 public:
  // A buffer in wasm memory that JavaScript fills before calling feed();
  // the value is its address, valid until the next call to buffer().
  val buffer(size_t size) {
    return Guard([&] { return buffer_.Reserve(size); });
  }

  // Problems with the input itself are never errors of these three calls:
  // they are recorded in the input (see end()). A call that throws ends
  // the input with its message, so that end() still gives the record.
  val begin(const std::string& name) {
    return Guard(
        [&] {
          ++*changes_;
          open_ = true;
          analyzer_->BeginFile(name);
        },
        AbortInput{analyzer_.get()});
  }

  // Feeds the first `size` bytes of buffer().
  val feed(size_t size) {
    return Guard(
        [&]() -> Status {
          if (!open_)
            return NotOpen("feed");
          ++*changes_;
          analyzer_->Feed(buffer_.View(size));
          return Status::Ok();
        },
        AbortInput{analyzer_.get()});
  }

  // Ends the input; the value is its record (RenderInputJson).
  val end() {
    return Guard(
        [&]() -> Result<std::string> {
          if (!open_)
            return NotOpen("end");
          open_ = false;
          ++*changes_;
          analyzer_->EndFile();
          const size_t inputs = analyzer_->store().inputs().size();
          if (inputs == 0)  // begin() failed before adding the input
            return Status::Error("no input was recorded");
          return exposure::RenderInputJson(analyzer_->store(), inputs - 1);
        },
        AbortInput{analyzer_.get()});
  }

  // Prioritizes with `intel` from now on (the report is assessed when it
  // is rendered, so this also changes the next report() of files already
  // ended). A WasmIntel never loaded means no threat intel at all.
  val setIntel(const WasmIntel& intel) {
    return Guard([&] {
      ++*changes_;
      static const auto kNone = std::make_shared<const exposure::IntelBundle>();
      analyzer_->SetIntel(
          exposure::IntelLookupIn(intel.bundle() ? intel.bundle() : kNone));
    });
  }
  // Sets the policy (docs/risk-model.md) from its JSON text; an error
  // (naming the member) when the text is not a valid policy, which then
  // changes nothing.
  val setPolicy(const std::string& json) {
    return Guard([&]() -> exposure::Status {
      exposure::Result<exposure::Policy> policy = exposure::ParsePolicy(json);
      if (!policy.ok())
        return policy.status();
      ++*changes_;
      analyzer_->SetPolicy(std::move(*policy));
      return exposure::Status::Ok();
    });
  }
  // Applies the decisions file `json` (docs/mobilization.md) from now on;
  // an error (naming the entry) when it is not valid, which then changes
  // nothing.
  val setDecisions(const std::string& json) {
    return Guard([&]() -> exposure::Status {
      exposure::Result<exposure::Decisions> decisions =
          exposure::ParseDecisions(json);
      if (!decisions.ok())
        return decisions.status();
      ++*changes_;
      analyzer_->SetDecisions(std::move(*decisions));
      return exposure::Status::Ok();
    });
  }
  // `exposure plan --format FORMAT --top TOP` of the files ended so far
  // (TOP 0: the CLI's default).
  val plan(const std::string& format, double top) const {
    return Guard([&]() -> exposure::Result<std::string> {
      const exposure::Assessment assessment = analyzer_->Assess();
      const exposure::Plan plan = analyzer_->MakePlan(assessment);
      const exposure::ExportView view(analyzer_->store(), assessment, plan);
      return exposure::RenderPlan(view, format,
                                  top > 0 ? static_cast<size_t>(top) : 0);
    });
  }
  // `exposure paths --format FORMAT --jewel SELECTOR...` of the files ended
  // so far; `jewels` is a JavaScript array of selector strings.
  val paths(const std::string& format, val jewels) const {
    std::vector<std::string> selectors;
    if (jewels.isArray()) {
      const size_t n = jewels["length"].as<size_t>();
      for (size_t i = 0; i < n; ++i)
        selectors.push_back(jewels[i].as<std::string>());
    }
    return Guard([&]() -> exposure::Result<std::string> {
      return analyzer_->RenderAttackPaths(format, selectors);
    });
  }
  // `exposure export --to FORMAT`, handed to `host` a piece (about 1 MiB)
  // at a time as it is written, so only a piece of the export is ever in
  // wasm memory: host.part(n) starts file n (an export that splits;
  // before it, pieces go to file 0), host.write(view) takes a view of
  // the next bytes, to copy before it returns. Both return true, or false
  // when JavaScript could not take them (then the export stops with an
  // error).
  val exportTo(const std::string& format, val host) const {
    return Guard([&]() -> exposure::Status {
      exposure::ExportFormat f;
      if (!exposure::ParseExportFormat(format, &f)) {
        return exposure::Status::Error("unknown export format: " + format +
                                       " (one of " +
                                       exposure::ExportFormatList() + ")");
      }
      const exposure::Assessment assessment = analyzer_->Assess();
      const exposure::Plan plan = analyzer_->MakePlan(assessment);
      const exposure::ExportView view(analyzer_->store(), assessment, plan);
      JsExportOutput out(std::move(host));
      return exposure::WriteExport(f, view, &out);
    });
  }
  // The snapshot of the files ended so far (`exposure snapshot`): a view
  // of its zstd-compressed bytes in wasm memory, valid until the next call
  // into the core (copy it).
  val snapshot() {
    return Guard([&]() -> Result<val> {
      const exposure::Assessment assessment = analyzer_->Assess();
      const exposure::Plan plan = analyzer_->MakePlan(assessment);
      const exposure::Snapshot snap =
          exposure::MakeSnapshot(analyzer_->store(), assessment, plan);
      snapshot_.clear();
      Status s = exposure::WriteSnapshot(
          snap, [this](std::string_view piece) { snapshot_.append(piece); });
      if (!s.ok())
        return s;
      return Bytes(snapshot_);
    });
  }
  // Back to the built-in bundle.
  val useBuiltInIntel() {
    return Guard([&] {
      ++*changes_;
      analyzer_->SetIntel(exposure::IntelLookup());
    });
  }

  val report() const {
    return Guard([&] { return analyzer_->ReportJson(); });
  }
  // The bytes of `exposure coverage --format json`.
  val coverage() const {
    return Guard([&] { return analyzer_->CoverageJson(); });
  }

  // Lets the analysis keep about `budget` bytes of findings and report
  // layout in wasm memory and move the rest to `host`'s spill space (see
  // JsSpill). Before the first begin(); the value is false (and `host` is
  // left alone) when it came too late.
  val setSpill(val host, double budget) {
    return Guard([&] {
      if (!analyzer_->store().inputs().empty())
        return false;
      // A double from JavaScript: NaN and negatives mean no budget at all
      // (spill everything). A plain cast of 4 GiB or more wrapped to 0 on
      // wasm32; like the CLI, a budget beyond half the address space is
      // capped there, which never spills.
      constexpr size_t kNoLimit = SIZE_MAX / 2;
      size_t bytes = 0;
      if (budget >= static_cast<double>(kNoLimit))
        bytes = kNoLimit;
      else if (budget > 0)
        bytes = static_cast<size_t>(budget);
      analyzer_->SetSpill(std::make_unique<JsSpill>(std::move(host)), bytes);
      return true;
    });
  }
  // Limits for an untrusted upload (Analyzer::SetLimits; 0: none), before
  // the first begin(). Doubles from JavaScript: negative or NaN is 0.
  val setLimits(double max_plain_bytes, double max_findings) {
    return Guard([&] {
      analyzer_->SetLimits(Count(max_plain_bytes), Count(max_findings));
    });
  }
  // "" within the limits, else the message naming the one passed.
  val limitExceeded() const {
    return Guard([&] { return analyzer_->LimitExceeded(); });
  }
  // Bytes of findings moved to the spill space so far.
  val spilledBytes() const {
    return Guard([&] {
      return static_cast<double>(analyzer_->store().findings().spilled_bytes());
    });
  }

  // The report, read a piece at a time (see WasmReport). `detail` is
  // "full" or "table" (ReportDetail); `pretty` indents it (the CLI's
  // --pretty) instead of a line per list element.
  val openReport(const std::string& detail, bool pretty) const {
    return Guard([&]() -> Result<std::unique_ptr<WasmReport>> {
      exposure::ReportDetail d = exposure::ReportDetail::kFull;
      if (!exposure::ParseReportDetail(detail, &d))
        return Status::Error("unknown report detail: " + detail);
      return std::make_unique<WasmReport>(
          analyzer_, changes_,
          analyzer_->OpenReport(d, pretty ? exposure::ReportLayout::kIndented
                                          : exposure::ReportLayout::kLines));
    });
  }

 private:
  static Status NotOpen(const char* call) {
    return Status::Error(std::string(call) +
                         "() without an input: call begin(name) first");
  }

  // Shared with the reports being read, which keep it alive; `changes`
  // tells them when an input or the intel changed under them.
  std::shared_ptr<exposure::Analyzer> analyzer_ =
      std::make_shared<exposure::Analyzer>();
  std::shared_ptr<uint64_t> changes_ = std::make_shared<uint64_t>(0);
  Buffer buffer_;
  std::string snapshot_;  // snapshot()'s bytes, until the next call
  // Between begin() and end(), as JavaScript called them: the analyzer
  // itself closes an input early when it aborts it, and end() must still
  // give that input's record.
  bool open_ = false;
};

// Snapshots compared over time (`exposure diff` and `exposure trend`),
// owned by JavaScript (call delete()). Files are given per snapshot:
// side(kind) starts one ("old", "new", "history" or "point"; each
// "history" and "point" is another snapshot), begin/feed/end give it
// files (Exposure Lens snapshots, reports or scanner exports, in any mix:
// SnapshotBuilder), close() finishes it.
class WasmTracker {
 public:
  val buffer(size_t size) {
    return Guard([&] { return buffer_.Reserve(size); });
  }

  val setIntel(const WasmIntel& intel) {
    return Guard([&] {
      static const auto kNone = std::make_shared<const exposure::IntelBundle>();
      intel_ = exposure::IntelLookupIn(intel.bundle() ? intel.bundle() : kNone);
      has_intel_ = true;
    });
  }
  val setPolicy(const std::string& json) {
    return Guard([&]() -> Status {
      Result<exposure::Policy> policy = exposure::ParsePolicy(json);
      if (!policy.ok())
        return policy.status();
      policy_ = std::make_shared<exposure::Policy>(std::move(*policy));
      return Status::Ok();
    });
  }
  val setDecisions(const std::string& json) {
    return Guard([&]() -> Status {
      Result<exposure::Decisions> decisions = exposure::ParseDecisions(json);
      if (!decisions.ok())
        return decisions.status();
      decisions_ = std::make_shared<exposure::Decisions>(std::move(*decisions));
      return Status::Ok();
    });
  }

  val side(const std::string& kind) {
    return Guard([&]() -> Status {
      if (kind != "old" && kind != "new" && kind != "history" &&
          kind != "point") {
        return Status::Error("unknown side \"" + kind +
                             "\" (old, new, history, point)");
      }
      kind_ = kind;
      std::shared_ptr<exposure::Policy> policy = policy_;
      std::shared_ptr<exposure::Decisions> decisions = decisions_;
      const bool has_intel = has_intel_;
      exposure::IntelLookup intel = intel_;
      std::shared_ptr<exposure::ByteAllowance> allowance = allowance_;
      const uint64_t max_findings = max_findings_;
      builder_ = std::make_unique<exposure::SnapshotBuilder>(
          [policy, decisions, has_intel, intel, allowance,
           max_findings](exposure::Analyzer* a) {
            a->ShareByteAllowance(allowance);
            a->SetLimits(allowance->limit, max_findings);
            if (has_intel)
              a->SetIntel(intel);
            if (policy)
              a->SetPolicy(*policy);
            if (decisions)
              a->SetDecisions(*decisions);
          });
      return Status::Ok();
    });
  }
  // The analyzer's limits, for the scanner exports of every snapshot of
  // this tracker: the decompressed bytes counted over all of them, the
  // findings per snapshot. Before the first side().
  val setLimits(double max_plain_bytes, double max_findings) {
    return Guard([&] {
      allowance_->limit = Count(max_plain_bytes);
      max_findings_ = Count(max_findings);
    });
  }
  val limitExceeded() const {
    return Guard([&]() -> std::string {
      if (allowance_->exceeded)
        return allowance_->Message();
      return builder_ ? builder_->LimitExceeded() : std::string();
    });
  }
  val begin(const std::string& name) {
    return Guard([&]() -> Status {
      if (!builder_)
        return NoSide();
      builder_->BeginFile(name);
      return Status::Ok();
    });
  }
  val feed(size_t size) {
    return Guard([&]() -> Status {
      if (!builder_)
        return NoSide();
      builder_->Feed(buffer_.View(size));
      return Status::Ok();
    });
  }
  val end() {
    return Guard([&]() -> Status {
      if (!builder_)
        return NoSide();
      builder_->EndFile();
      return Status::Ok();
    });
  }
  // Finishes the snapshot side() started; the value is JSON {"as_of",
  // "sources", "findings", "assets", "open", "open_risk", "errors"}, an
  // error when no file gave anything.
  val close() {
    return Guard([&]() -> Result<std::string> {
      if (!builder_)
        return NoSide();
      buffer_.Release();
      Result<exposure::Snapshot> snap = builder_->Finish();
      const std::vector<std::string> errors = builder_->errors();
      builder_.reset();
      if (!snap.ok())
        return snap.status();
      std::string out;
      {
        exposure::JsonWriter w(&out, exposure::JsonWriter::Style::kCompact);
        w.BeginObject();
        w.StringOrNull("as_of", snap->as_of);
        w.StringArray("sources", snap->sources);
        w.Key("findings");
        w.Uint(snap->findings.size());
        w.Key("assets");
        w.Uint(snap->assets.size());
        uint64_t open = 0;
        for (const exposure::SnapshotFinding& f : snap->findings)
          open += snap->IsOpen(f) ? 1 : 0;
        w.Key("open");
        w.Uint(open);
        w.Key("open_risk");
        w.Uint(snap->OpenRisk());
        w.StringArray("errors", errors);
        w.EndObject();
      }
      if (kind_ == "old") {
        old_ = std::make_unique<exposure::Snapshot>(std::move(*snap));
      } else if (kind_ == "new") {
        new_ = std::make_unique<exposure::Snapshot>(std::move(*snap));
      } else if (kind_ == "history") {
        history_.push_back(std::move(*snap));
      } else {
        points_.push_back(std::move(*snap));
      }
      diff_.reset();
      return out;
    });
  }

  // `exposure diff --format FORMAT --top TOP` of the old and new snapshots.
  val diff(const std::string& format, double top) {
    return Guard([&]() -> Result<std::string> {
      EXPOSURE_RETURN_IF_ERROR(Compare());
      std::string out;
      Status s = exposure::RenderDiff(
          *old_, *new_, *diff_, format, top > 0 ? static_cast<size_t>(top) : 0,
          [&out](std::string_view piece) { out.append(piece); });
      if (!s.ok())
        return s;
      return out;
    });
  }
  // The --fail-on gates (one expression per line) over the diff: JSON
  // [{"gate", "count"}], an error naming a gate that does not parse.
  val gates(const std::string& lines) {
    return Guard([&]() -> Result<std::string> {
      std::vector<exposure::Gate> gates;
      size_t start = 0;
      while (start <= lines.size()) {
        size_t end = lines.find('\n', start);
        if (end == std::string::npos)
          end = lines.size();
        const std::string_view expr =
            exposure::Trim(std::string_view(lines).substr(start, end - start));
        if (!expr.empty()) {
          Result<exposure::Gate> g = exposure::ParseGate(expr);
          if (!g.ok())
            return g.status();
          gates.push_back(std::move(*g));
        }
        start = end + 1;
      }
      EXPOSURE_RETURN_IF_ERROR(Compare());
      const std::vector<uint64_t> counts =
          exposure::CountDiffGateFindings(*new_, *diff_, gates);
      std::string out;
      exposure::JsonWriter w(&out, exposure::JsonWriter::Style::kCompact);
      w.BeginArray();
      for (size_t i = 0; i < gates.size(); ++i) {
        w.BeginObject();
        w.Key("gate");
        w.String(gates[i].text);
        w.Key("count");
        w.Uint(counts[i]);
        w.EndObject();
      }
      w.EndArray();
      w.Flush();
      return out;
    });
  }
  // `exposure trend --format FORMAT` of the "point" snapshots.
  val trend(const std::string& format) {
    return Guard([&]() -> Result<std::string> {
      std::vector<const exposure::Snapshot*> all;
      for (const exposure::Snapshot& s : points_)
        all.push_back(&s);
      std::string out;
      Status s = exposure::RenderTrend(
          exposure::Trend(all), format,
          [&out](std::string_view piece) { out.append(piece); });
      if (!s.ok())
        return s;
      return out;
    });
  }

 private:
  static Status NoSide() {
    return Status::Error("no snapshot started: call side(kind) first");
  }
  Status Compare() {
    if (!old_ || !new_)
      return Status::Error("diff needs an old and a new snapshot");
    if (!diff_) {
      std::vector<const exposure::Snapshot*> earlier;
      for (const exposure::Snapshot& h : history_)
        earlier.push_back(&h);
      diff_ = std::make_unique<exposure::DiffResult>(
          exposure::Diff(*old_, *new_, earlier));
    }
    return Status::Ok();
  }

  Buffer buffer_;
  exposure::IntelLookup intel_;
  bool has_intel_ = false;
  std::shared_ptr<exposure::Policy> policy_;
  std::shared_ptr<exposure::Decisions> decisions_;
  // See setLimits(): shared by the analyzers of every side.
  std::shared_ptr<exposure::ByteAllowance> allowance_ =
      std::make_shared<exposure::ByteAllowance>();
  uint64_t max_findings_ = 0;
  std::string kind_;
  std::unique_ptr<exposure::SnapshotBuilder> builder_;
  std::unique_ptr<exposure::Snapshot> old_;
  std::unique_ptr<exposure::Snapshot> new_;
  std::vector<exposure::Snapshot> history_;
  std::vector<exposure::Snapshot> points_;
  std::unique_ptr<exposure::DiffResult> diff_;
};

// The bound objects are made here rather than by Embind constructors, so
// that even their allocation answers with an envelope.
template <typename T>
val Make() {
  return Guard([] { return std::make_unique<T>(); });
}

val Version() {
  return Guard([] { return std::string(exposure::kVersion); });
}

// [{id, mediaType, extension}] of every export format, as JSON.
val ExportFormats() {
  return Guard([] {
    std::string out = "[";
    for (int i = 0; i <= static_cast<int>(exposure::ExportFormat::kMarkdown);
         ++i) {
      const auto f = static_cast<exposure::ExportFormat>(i);
      if (i > 0)
        out += ",";
      out += "{\"id\":";
      exposure::AppendJsonString(exposure::ExportFormatName(f), &out);
      out += ",\"mediaType\":";
      exposure::AppendJsonString(exposure::ExportMediaType(f), &out);
      out += ",\"extension\":";
      exposure::AppendJsonString(exposure::ExportExtension(f), &out);
      out += "}";
    }
    return out + "]";
  });
}

val Formats() {
  return Guard([] {
    std::string out = "[";
    bool first = true;
    for (const exposure::ImporterSpec& spec : exposure::Importers()) {
      if (!first)
        out += ",";
      first = false;
      out += "{\"id\":";
      exposure::AppendJsonString(spec.id, &out);
      out += ",\"name\":";
      exposure::AppendJsonString(spec.name, &out);
      out += "}";
    }
    return out + "]";
  });
}

// A process-wide buffer for detect() and detectIntel(): JavaScript copies
// the head of a file there, then calls them with its length.
std::vector<char>& DetectBuffer() {
  static std::vector<char> buffer(exposure::kSniffBytes);
  return buffer;
}

std::string_view DetectHead(size_t size) {
  const std::vector<char>& b = DetectBuffer();
  return std::string_view(b.data(), std::min(size, b.size()));
}

val DetectBufferAddress() {
  return Guard(
      [] { return reinterpret_cast<uintptr_t>(DetectBuffer().data()); });
}

val SniffBytes() {
  return Guard([] { return exposure::kSniffBytes; });
}

// The format id of the head in DetectBuffer(), or "".
val Detect(size_t size, bool complete) {
  return Guard(
      [&] { return exposure::DetectFormat(DetectHead(size), complete); });
}

// "kev", "epss" or "" for the head in DetectBuffer().
val DetectIntel(size_t size, bool complete) {
  return Guard([&] {
    return exposure::IntelFileKindId(
        exposure::DetectIntelFile(DetectHead(size), complete));
  });
}

// The description (IntelBundleJson) of the built-in bundle.
val BuiltInIntel() {
  return Guard([]() -> Result<std::string> {
    Result<exposure::IntelBundle> b = exposure::IntelBundle::LoadDefault();
    if (!b.ok())
      return b.status();
    return exposure::IntelBundleJson(*b);
  });
}

// Runs the CLI with a JavaScript host object providing:
//   open(path) -> handle >= 0, or < 0 with host.lastError set
//   read(handle, address, capacity) -> bytes (0 at EOF, < 0 on error),
//       written into wasm memory at `address`
//   close(handle)
//   writeFile(path, bytes: Uint8Array) -> "" or an error message
//   create(path) -> handle >= 0, or < 0 with host.lastError set
//   write(handle, bytes: Uint8Array) -> "" or an error message (copy
//       before returning)
//   closeOutput(handle) -> "" or an error message
//   out(bytes: Uint8Array), err(bytes: Uint8Array) (copy before returning)
// and, optionally, spill space for analyses larger than memory:
//   spillCreate() -> "" or an error message
//   spillAppend(bytes: Uint8Array) -> "" or an error message (copy
//       before returning; the bytes go at the end, offset spillSize())
//   spillRead(offset, address, size) -> "" or an error message, the bytes
//       written into wasm memory at `address`
//   spillTruncate(size)
//   spillClose()

class JsStream : public exposure::InputStream {
 public:
  JsStream(val host, int handle) : host_(std::move(host)), handle_(handle) {}
  ~JsStream() override { host_.call<void>("close", handle_); }
  exposure::Result<size_t> Read(char* buffer, size_t capacity) override {
    int n = host_.call<int>(
        "read", handle_,
        static_cast<double>(reinterpret_cast<uintptr_t>(buffer)),
        static_cast<double>(capacity));
    if (n < 0) {
      return exposure::Status::Error(host_["lastError"].as<std::string>());
    }
    return static_cast<size_t>(n);
  }

 private:
  val host_;
  int handle_;
};

class JsOutput : public exposure::OutputStream {
 public:
  JsOutput(val host, int handle) : host_(std::move(host)), handle_(handle) {}
  ~JsOutput() override {
    if (handle_ >= 0)
      host_.call<std::string>("closeOutput", handle_);
  }
  JsOutput(const JsOutput&) = delete;
  JsOutput& operator=(const JsOutput&) = delete;

  exposure::Status Write(std::string_view data) override {
    std::string error = host_.call<std::string>("write", handle_, Bytes(data));
    if (!error.empty())
      return exposure::Status::Error(error);
    return exposure::Status::Ok();
  }
  exposure::Status Close() override {
    int handle = handle_;
    handle_ = -1;
    std::string error = host_.call<std::string>("closeOutput", handle);
    if (!error.empty())
      return exposure::Status::Error(error);
    return exposure::Status::Ok();
  }

 private:
  val host_;
  int handle_;
};

class JsHost : public exposure::CliHost {
 public:
  explicit JsHost(val host) : host_(std::move(host)) {}
  exposure::Result<std::unique_ptr<exposure::InputStream>> Open(
      const std::string& path) override {
    int handle = host_.call<int>("open", path);
    if (handle < 0) {
      return exposure::Status::Error(host_["lastError"].as<std::string>());
    }
    return std::unique_ptr<exposure::InputStream>(
        std::make_unique<JsStream>(host_, handle));
  }
  exposure::Status WriteFile(const std::string& path,
                             std::string_view data) override {
    std::string error = host_.call<std::string>("writeFile", path, Bytes(data));
    if (!error.empty())
      return exposure::Status::Error(error);
    return exposure::Status::Ok();
  }
  exposure::Result<std::unique_ptr<exposure::OutputStream>> Create(
      const std::string& path) override {
    int handle = host_.call<int>("create", path);
    if (handle < 0) {
      return exposure::Status::Error(host_["lastError"].as<std::string>());
    }
    return std::unique_ptr<exposure::OutputStream>(
        std::make_unique<JsOutput>(host_, handle));
  }
  void Out(std::string_view text) override {
    host_.call<void>("out", Bytes(text));
  }
  void Err(std::string_view text) override {
    host_.call<void>("err", Bytes(text));
  }
  exposure::Result<std::unique_ptr<exposure::SpillSpace>> CreateSpill()
      override {
    if (host_["spillCreate"].isUndefined())
      return std::unique_ptr<exposure::SpillSpace>();
    std::string error = host_.call<std::string>("spillCreate");
    if (!error.empty())
      return exposure::Status::Error(error);
    return std::unique_ptr<exposure::SpillSpace>(
        std::make_unique<JsSpill>(host_));
  }
  // A host without the member (the dashboard, the worker) is no terminal.
  bool Interactive() const override {
    const val interactive = host_["interactive"];
    return !interactive.isUndefined() && interactive.as<bool>();
  }
  bool ErrInteractive() const override {
    const val interactive = host_["errInteractive"];
    return !interactive.isUndefined() && interactive.as<bool>();
  }

 private:
  val host_;
};

// The value is the CLI's exit code.
val RunCli(val args, val host) {
  return Guard([&] {
    std::vector<std::string> argv;
    const int n = args["length"].as<int>();
    for (int i = 0; i < n; ++i)
      argv.push_back(args[i].as<std::string>());
    JsHost js_host(host);
    return exposure::RunCli(argv, js_host);
  });
}

}  // namespace

EMSCRIPTEN_BINDINGS(exposure_core) {
  emscripten::class_<WasmAnalyzer>("Analyzer")
      .function("buffer", &WasmAnalyzer::buffer)
      .function("begin", &WasmAnalyzer::begin)
      .function("feed", &WasmAnalyzer::feed)
      .function("end", &WasmAnalyzer::end)
      .function("setIntel", &WasmAnalyzer::setIntel)
      .function("setPolicy", &WasmAnalyzer::setPolicy)
      .function("setDecisions", &WasmAnalyzer::setDecisions)
      .function("plan", &WasmAnalyzer::plan)
      .function("paths", &WasmAnalyzer::paths)
      .function("exportTo", &WasmAnalyzer::exportTo)
      .function("snapshot", &WasmAnalyzer::snapshot)
      .function("useBuiltInIntel", &WasmAnalyzer::useBuiltInIntel)
      .function("report", &WasmAnalyzer::report)
      .function("coverage", &WasmAnalyzer::coverage)
      .function("setSpill", &WasmAnalyzer::setSpill)
      .function("spilledBytes", &WasmAnalyzer::spilledBytes)
      .function("setLimits", &WasmAnalyzer::setLimits)
      .function("limitExceeded", &WasmAnalyzer::limitExceeded)
      .function("openReport", &WasmAnalyzer::openReport);
  emscripten::class_<WasmReport>("Report").function("next", &WasmReport::next);
  emscripten::class_<WasmTracker>("Tracker")
      .function("buffer", &WasmTracker::buffer)
      .function("setIntel", &WasmTracker::setIntel)
      .function("setPolicy", &WasmTracker::setPolicy)
      .function("setDecisions", &WasmTracker::setDecisions)
      .function("side", &WasmTracker::side)
      .function("begin", &WasmTracker::begin)
      .function("feed", &WasmTracker::feed)
      .function("setLimits", &WasmTracker::setLimits)
      .function("limitExceeded", &WasmTracker::limitExceeded)
      .function("end", &WasmTracker::end)
      .function("close", &WasmTracker::close)
      .function("diff", &WasmTracker::diff)
      .function("gates", &WasmTracker::gates)
      .function("trend", &WasmTracker::trend);
  emscripten::class_<WasmIntel>("Intel")
      .function("buffer", &WasmIntel::buffer)
      .function("load", &WasmIntel::load)
      .function("loadBuiltIn", &WasmIntel::loadBuiltIn);
  emscripten::class_<WasmIntelBuilder>("IntelBuilder")
      .function("buffer", &WasmIntelBuilder::buffer)
      .function("begin", &WasmIntelBuilder::begin)
      .function("feed", &WasmIntelBuilder::feed)
      .function("end", &WasmIntelBuilder::end)
      .function("build", &WasmIntelBuilder::build)
      .function("bytes", &WasmIntelBuilder::bytes);
  emscripten::function("newAnalyzer", &Make<WasmAnalyzer>);
  emscripten::function("newIntel", &Make<WasmIntel>);
  emscripten::function("newTracker", &Make<WasmTracker>);
  emscripten::function("newIntelBuilder", &Make<WasmIntelBuilder>);
  emscripten::function("version", &Version);
  emscripten::function("formats", &Formats);
  emscripten::function("exportFormats", &ExportFormats);
  emscripten::function("detectBuffer", &DetectBufferAddress);
  emscripten::function("sniffBytes", &SniffBytes);
  emscripten::function("detect", &Detect);
  emscripten::function("detectIntel", &DetectIntel);
  emscripten::function("builtInIntel", &BuiltInIntel);
  emscripten::function("runCli", &RunCli);
}
