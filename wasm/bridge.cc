// The only file that includes Emscripten: binds the core's Analyzer and CLI
// to JavaScript. Bytes come in through wasm memory (core.mjs copies each
// chunk into a buffer the Analyzer owns), JSON text goes out. Every entry
// point catches everything, so no C++ exception ever reaches JavaScript.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <algorithm>
#include <cstdint>
#include <exception>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/app/analyzer.h"
#include "core/app/cli.h"
#include "core/app/intel_refresh.h"
#include "core/importers/importer.h"
#include "core/render/json_report.h"
#include "core/render/json_writer.h"

namespace {

using emscripten::val;

std::string Describe(const std::exception& e) {
  return std::string("internal error: ") + e.what();
}

std::string IntelError(const std::string& message) {
  return exposure::IntelErrorJson(exposure::Status::Error(message));
}

// A growable byte buffer in wasm memory that JavaScript fills before a
// call; address() is valid until the next Reserve().
class Buffer {
 public:
  uintptr_t Reserve(size_t size) {
    try {
      if (bytes_.size() < size)
        bytes_.resize(size);
      return reinterpret_cast<uintptr_t>(bytes_.data());
    } catch (...) {
      return 0;
    }
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
  uintptr_t buffer(size_t size) { return buffer_.Reserve(size); }

  // Loads the first `size` bytes of buffer() as a bundle file. Returns ""
  // or an error JSON ({"error": {"message", "location"}}).
  std::string load(size_t size, const std::string& origin) {
    try {
      exposure::Result<exposure::IntelBundle> b =
          exposure::IntelBundle::Parse(buffer_.View(size), origin);
      buffer_.Release();
      if (!b.ok())
        return exposure::IntelErrorJson(b.status());
      bundle_ = std::make_shared<const exposure::IntelBundle>(std::move(*b));
      return "";
    } catch (const std::exception& e) {
      return IntelError(Describe(e));
    } catch (...) {
      return IntelError("internal error");
    }
  }

  // Loads the bundle compiled into the core; "" or an error JSON.
  std::string loadBuiltIn() {
    try {
      exposure::Result<exposure::IntelBundle> b =
          exposure::IntelBundle::LoadDefault();
      if (!b.ok())
        return exposure::IntelErrorJson(b.status());
      bundle_ = std::make_shared<const exposure::IntelBundle>(std::move(*b));
      return "";
    } catch (const std::exception& e) {
      return IntelError(Describe(e));
    } catch (...) {
      return IntelError("internal error");
    }
  }

  // IntelBundleJson of the loaded bundle, or "null" before a load.
  std::string describe() const {
    try {
      return bundle_ ? exposure::IntelBundleJson(*bundle_) : "null";
    } catch (...) {
      return "null";
    }
  }

  // nullptr until a load succeeded.
  const std::shared_ptr<const exposure::IntelBundle>& bundle() const {
    return bundle_;
  }

 private:
  Buffer buffer_;
  std::shared_ptr<const exposure::IntelBundle> bundle_;
};

// Builds a bundle from a KEV catalog and/or an EPSS CSV fed in chunks
// (exposure::IntelRefresh), owned by JavaScript (call delete()).
class WasmIntelBuilder {
 public:
  uintptr_t buffer(size_t size) { return buffer_.Reserve(size); }

  // kind: "kev" or "epss". Each returns "" or an error JSON naming the file
  // and the location.
  std::string begin(const std::string& kind, const std::string& name) {
    return Run([&] {
      return refresh_.Begin(exposure::IntelFileKindFromId(kind), name);
    });
  }
  // Feeds the first `size` bytes of buffer().
  std::string feed(size_t size) {
    return Run([&] { return refresh_.Feed(buffer_.View(size)); });
  }
  std::string end() {
    return Run([&] { return refresh_.End(); });
  }

  // Builds the bundle (uncompressed: the wasm core has no zstd encoder),
  // taking the part no file gave from `base`. Returns IntelRefreshJson or
  // an error JSON; the bundle's bytes are then in bytes().
  std::string build(const WasmIntel& base, const std::string& origin) {
    try {
      buffer_.Release();
      static const exposure::IntelBundle kNone;
      exposure::Result<exposure::IntelRefreshResult> r =
          refresh_.Build(base.bundle() ? *base.bundle() : kNone,
                         exposure::IntelBuilder::CanCompress(), origin);
      if (!r.ok())
        return exposure::IntelErrorJson(r.status());
      bytes_ = std::move(r->bytes);
      r->bytes.clear();
      return exposure::IntelRefreshJson(*r);
    } catch (const std::exception& e) {
      return IntelError(Describe(e));
    } catch (...) {
      return IntelError("internal error");
    }
  }

  // A view of the built bundle's bytes in wasm memory: copy it before the
  // next call into the core.
  val bytes() const {
    return val(emscripten::typed_memory_view(
        bytes_.size(), reinterpret_cast<const unsigned char*>(bytes_.data())));
  }

 private:
  template <typename F>
  std::string Run(F f) {
    try {
      exposure::Status s = f();
      return s.ok() ? "" : exposure::IntelErrorJson(s);
    } catch (const std::exception& e) {
      return IntelError(Describe(e));
    } catch (...) {
      return IntelError("internal error");
    }
  }

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
class JsSpill : public exposure::SpillSpace {
 public:
  explicit JsSpill(val host) : host_(std::move(host)) {}
  ~JsSpill() override { host_.call<void>("spillClose"); }
  JsSpill(const JsSpill&) = delete;
  JsSpill& operator=(const JsSpill&) = delete;

  exposure::Result<uint64_t> Append(std::string_view bytes) override {
    std::string error = host_.call<std::string>(
        "spillAppend", val(emscripten::typed_memory_view(
                           bytes.size(), reinterpret_cast<const unsigned char*>(
                                             bytes.data()))));
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
  explicit WasmReport(std::string error) : error_(std::move(error)) {}

  // The next piece as a view of wasm memory, valid until the next call
  // into the core (copy it); an empty view at the end, and on an error.
  val next() {
    std::string_view piece;
    try {
      if (report_ != nullptr && *changes_ != opened_at_) {
        Stop("the analysis changed while its report was read");
      } else if (report_ != nullptr) {
        piece = report_->Next();
        if (piece.empty()) {
          const exposure::Status s = report_->status();
          Stop(s.ok() ? std::string() : s.message());
        }
      }
    } catch (const std::exception& e) {
      piece = {};
      Stop(Describe(e));
    } catch (...) {
      piece = {};
      Stop("internal error");
    }
    return val(emscripten::typed_memory_view(
        piece.size(), reinterpret_cast<const unsigned char*>(piece.data())));
  }

  // "" or an error JSON: the report is then incomplete (see
  // ReportStream::status) or could not be made.
  std::string error() const {
    if (error_.empty())
      return "";
    std::string out = "{\"error\": {\"message\": ";
    exposure::AppendJsonString(error_, &out);
    out += ", \"location\": \"\"}}";
    return out;
  }

 private:
  void Stop(std::string error) {
    error_ = std::move(error);
    report_.reset();
    analyzer_.reset();
  }

  std::shared_ptr<const exposure::Analyzer> analyzer_;
  std::shared_ptr<const uint64_t> changes_;
  uint64_t opened_at_ = 0;
  std::unique_ptr<exposure::Analyzer::Report> report_;
  std::string error_;
};

// One analysis session, owned by JavaScript (call delete()).
class WasmAnalyzer {
 public:
  // A buffer in wasm memory that JavaScript fills before calling feed();
  // returns its address. Valid until the next call to buffer().
  uintptr_t buffer(size_t size) {
    try {
      if (buffer_.size() < size)
        buffer_.resize(size);
      return reinterpret_cast<uintptr_t>(buffer_.data());
    } catch (...) {
      return 0;
    }
  }

  void begin(const std::string& name) {
    try {
      ++*changes_;
      analyzer_->BeginFile(name);
    } catch (const std::exception& e) {
      analyzer_->AbortFile(Describe(e));
    } catch (...) {
      analyzer_->AbortFile("internal error");
    }
  }

  // Feeds the first `size` bytes of buffer().
  void feed(size_t size) {
    try {
      ++*changes_;
      if (size > buffer_.size())
        size = buffer_.size();
      analyzer_->Feed(std::string_view(buffer_.data(), size));
    } catch (const std::exception& e) {
      analyzer_->AbortFile(Describe(e));
    } catch (...) {
      analyzer_->AbortFile("internal error");
    }
  }

  std::string end() {
    try {
      ++*changes_;
      analyzer_->EndFile();
      size_t last = analyzer_->store().inputs().size() - 1;
      return exposure::RenderInputJson(analyzer_->store(), last);
    } catch (const std::exception& e) {
      return ErrorJson(Describe(e));
    } catch (...) {
      return ErrorJson("internal error");
    }
  }

  // Prioritizes with `intel` from now on (the report is assessed when it
  // is rendered, so this also changes the next report() of files already
  // ended). An empty WasmIntel means no threat intel at all.
  void setIntel(const WasmIntel& intel) {
    try {
      ++*changes_;
      static const auto kNone = std::make_shared<const exposure::IntelBundle>();
      analyzer_->SetIntel(
          exposure::IntelLookupIn(intel.bundle() ? intel.bundle() : kNone));
    } catch (...) {
      // Keeps the previous intel: there is nothing to report it to.
    }
  }
  // Back to the built-in bundle.
  void useBuiltInIntel() {
    try {
      ++*changes_;
      analyzer_->SetIntel(exposure::IntelLookup());
    } catch (...) {
    }
  }

  std::string report() const {
    try {
      return analyzer_->ReportJson();
    } catch (const std::exception& e) {
      return ErrorJson(Describe(e));
    } catch (...) {
      return ErrorJson("internal error");
    }
  }

  // Lets the analysis keep about `budget` bytes of findings and report
  // layout in wasm memory and move the rest to `host`'s spill space (see
  // JsSpill). Before the first begin(); false if it came too late.
  bool setSpill(val host, double budget) {
    try {
      if (!analyzer_->store().inputs().empty())
        return false;
      analyzer_->SetSpill(std::make_unique<JsSpill>(std::move(host)),
                          static_cast<size_t>(budget));
      return true;
    } catch (...) {
      return false;
    }
  }
  // Bytes of findings moved to the spill space so far.
  double spilledBytes() const {
    return static_cast<double>(analyzer_->store().findings().spilled_bytes());
  }

  // The report, read a piece at a time (see WasmReport). `detail` is
  // "full" or "table" (ReportDetail); any other value gives a report whose
  // error() says so.
  WasmReport openReport(const std::string& detail) const {
    exposure::ReportDetail d = exposure::ReportDetail::kFull;
    if (!exposure::ParseReportDetail(detail, &d))
      return WasmReport("unknown report detail: " + detail);
    try {
      return WasmReport(analyzer_, changes_, analyzer_->OpenReport(d));
    } catch (const std::exception& e) {
      return WasmReport(Describe(e));
    } catch (...) {
      return WasmReport("internal error");
    }
  }

 private:
  static std::string ErrorJson(const std::string& message) {
    std::string out = "{\"error\": ";
    exposure::AppendJsonString(message, &out);
    out += "}";
    return out;
  }

  // Shared with the reports being read, which keep it alive; `changes`
  // tells them when an input or the intel changed under them.
  std::shared_ptr<exposure::Analyzer> analyzer_ =
      std::make_shared<exposure::Analyzer>();
  std::shared_ptr<uint64_t> changes_ = std::make_shared<uint64_t>(0);
  std::vector<char> buffer_;
};

std::string Version() {
  return exposure::kVersion;
}

std::string Formats() {
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
}

// A process-wide buffer for detect(): JavaScript copies the head of a file
// there, then calls detect() with its length.
std::vector<char>& DetectBuffer() {
  static std::vector<char> buffer(exposure::kSniffBytes);
  return buffer;
}

uintptr_t DetectBufferAddress() {
  return reinterpret_cast<uintptr_t>(DetectBuffer().data());
}

// "kev", "epss" or "" for the head in DetectBuffer().
std::string DetectIntel(size_t size, bool complete) {
  try {
    std::vector<char>& b = DetectBuffer();
    if (size > b.size())
      size = b.size();
    return exposure::IntelFileKindId(
        exposure::DetectIntelFile(std::string_view(b.data(), size), complete));
  } catch (...) {
    return "";
  }
}

// IntelBundleJson of the built-in bundle, or an error JSON.
std::string BuiltInIntel() {
  try {
    exposure::Result<exposure::IntelBundle> b =
        exposure::IntelBundle::LoadDefault();
    return b.ok() ? exposure::IntelBundleJson(*b)
                  : exposure::IntelErrorJson(b.status());
  } catch (const std::exception& e) {
    return IntelError(Describe(e));
  } catch (...) {
    return IntelError("internal error");
  }
}

std::string Detect(size_t size, bool complete) {
  try {
    std::vector<char>& b = DetectBuffer();
    if (size > b.size())
      size = b.size();
    return exposure::DetectFormat(std::string_view(b.data(), size), complete);
  } catch (...) {
    return "";
  }
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
    std::string error = host_.call<std::string>(
        "write", handle_,
        val(emscripten::typed_memory_view(
            data.size(), reinterpret_cast<const unsigned char*>(data.data()))));
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

 private:
  static val Bytes(std::string_view s) {
    return val(emscripten::typed_memory_view(
        s.size(), reinterpret_cast<const unsigned char*>(s.data())));
  }
  val host_;
};

int RunCli(val args, val host) {
  try {
    std::vector<std::string> argv;
    const int n = args["length"].as<int>();
    for (int i = 0; i < n; ++i)
      argv.push_back(args[i].as<std::string>());
    JsHost js_host(host);
    return exposure::RunCli(argv, js_host);
  } catch (const std::exception& e) {
    std::string msg = "exposure: " + Describe(e) + "\n";
    host.call<void>("err", val(msg));
    return 1;
  } catch (...) {
    host.call<void>("err", val(std::string("exposure: internal error\n")));
    return 1;
  }
}

}  // namespace

EMSCRIPTEN_BINDINGS(exposure_core) {
  emscripten::class_<WasmAnalyzer>("Analyzer")
      .constructor<>()
      .function("buffer", &WasmAnalyzer::buffer)
      .function("begin", &WasmAnalyzer::begin)
      .function("feed", &WasmAnalyzer::feed)
      .function("end", &WasmAnalyzer::end)
      .function("setIntel", &WasmAnalyzer::setIntel)
      .function("useBuiltInIntel", &WasmAnalyzer::useBuiltInIntel)
      .function("report", &WasmAnalyzer::report)
      .function("setSpill", &WasmAnalyzer::setSpill)
      .function("spilledBytes", &WasmAnalyzer::spilledBytes)
      .function("openReport", &WasmAnalyzer::openReport);
  emscripten::class_<WasmReport>("Report")
      .function("next", &WasmReport::next)
      .function("error", &WasmReport::error);
  emscripten::class_<WasmIntel>("Intel")
      .constructor<>()
      .function("buffer", &WasmIntel::buffer)
      .function("load", &WasmIntel::load)
      .function("loadBuiltIn", &WasmIntel::loadBuiltIn)
      .function("describe", &WasmIntel::describe);
  emscripten::class_<WasmIntelBuilder>("IntelBuilder")
      .constructor<>()
      .function("buffer", &WasmIntelBuilder::buffer)
      .function("begin", &WasmIntelBuilder::begin)
      .function("feed", &WasmIntelBuilder::feed)
      .function("end", &WasmIntelBuilder::end)
      .function("build", &WasmIntelBuilder::build)
      .function("bytes", &WasmIntelBuilder::bytes);
  emscripten::function("version", &Version);
  emscripten::function("formats", &Formats);
  emscripten::function("detectBuffer", &DetectBufferAddress);
  emscripten::function("detect", &Detect);
  emscripten::function("detectIntel", &DetectIntel);
  emscripten::function("builtInIntel", &BuiltInIntel);
  emscripten::function(
      "sniffBytes", +[]() { return exposure::kSniffBytes; });
  emscripten::function("runCli", &RunCli);
}
