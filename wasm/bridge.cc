// The only file that includes Emscripten: binds the core's Analyzer and CLI
// to JavaScript. Bytes come in through wasm memory (core.mjs copies each
// chunk into a buffer the Analyzer owns), JSON text goes out. Every entry
// point catches everything, so no C++ exception ever reaches JavaScript.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cstdint>
#include <exception>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "core/app/analyzer.h"
#include "core/app/cli.h"
#include "core/importers/importer.h"
#include "core/render/json_report.h"
#include "core/render/json_writer.h"

namespace {

using emscripten::val;

std::string Describe(const std::exception& e) {
  return std::string("internal error: ") + e.what();
}

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
      analyzer_.BeginFile(name);
    } catch (const std::exception& e) {
      analyzer_.AbortFile(Describe(e));
    } catch (...) {
      analyzer_.AbortFile("internal error");
    }
  }

  // Feeds the first `size` bytes of buffer().
  void feed(size_t size) {
    try {
      if (size > buffer_.size())
        size = buffer_.size();
      analyzer_.Feed(std::string_view(buffer_.data(), size));
    } catch (const std::exception& e) {
      analyzer_.AbortFile(Describe(e));
    } catch (...) {
      analyzer_.AbortFile("internal error");
    }
  }

  std::string end() {
    try {
      analyzer_.EndFile();
      size_t last = analyzer_.store().inputs().size() - 1;
      return exposure::RenderInputJson(analyzer_.store(), last);
    } catch (const std::exception& e) {
      return ErrorJson(Describe(e));
    } catch (...) {
      return ErrorJson("internal error");
    }
  }

  std::string report() const {
    try {
      return analyzer_.ReportJson();
    } catch (const std::exception& e) {
      return ErrorJson(Describe(e));
    } catch (...) {
      return ErrorJson("internal error");
    }
  }

 private:
  static std::string ErrorJson(const std::string& message) {
    std::string out = "{\"error\": ";
    exposure::AppendJsonString(message, &out);
    out += "}";
    return out;
  }

  exposure::Analyzer analyzer_;
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
//   out(bytes: Uint8Array), err(bytes: Uint8Array) (copy before returning)
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
  void Out(std::string_view text) override {
    host_.call<void>("out", Bytes(text));
  }
  void Err(std::string_view text) override {
    host_.call<void>("err", Bytes(text));
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
      .function("report", &WasmAnalyzer::report);
  emscripten::function("version", &Version);
  emscripten::function("formats", &Formats);
  emscripten::function("detectBuffer", &DetectBufferAddress);
  emscripten::function("detect", &Detect);
  emscripten::function(
      "sniffBytes", +[]() { return exposure::kSniffBytes; });
  emscripten::function("runCli", &RunCli);
}
