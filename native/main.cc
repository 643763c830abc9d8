// The native `exposure` CLI: RunCli() with real files and stdio.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <unistd.h>

#include "core/app/cli.h"
#include "native/temp_file_spill.h"

namespace {

class FileStream : public exposure::InputStream {
 public:
  explicit FileStream(std::FILE* f) : f_(f) {}
  ~FileStream() override {
    if (f_ != stdin)
      std::fclose(f_);
  }
  exposure::Result<size_t> Read(char* buffer, size_t capacity) override {
    size_t n = std::fread(buffer, 1, capacity, f_);
    if (n == 0 && std::ferror(f_)) {
      return exposure::Status::Error(std::strerror(errno));
    }
    return n;
  }

 private:
  std::FILE* f_;
};

class FileOutput : public exposure::OutputStream {
 public:
  explicit FileOutput(std::FILE* f) : f_(f) {}
  ~FileOutput() override {
    if (f_ != nullptr)
      std::fclose(f_);
  }
  FileOutput(const FileOutput&) = delete;
  FileOutput& operator=(const FileOutput&) = delete;

  exposure::Status Write(std::string_view data) override {
    if (std::fwrite(data.data(), 1, data.size(), f_) != data.size())
      return exposure::Status::Error(std::strerror(errno));
    return exposure::Status::Ok();
  }
  exposure::Status Close() override {
    std::FILE* f = f_;
    f_ = nullptr;
    if (std::fclose(f) != 0)
      return exposure::Status::Error(std::strerror(errno));
    return exposure::Status::Ok();
  }

 private:
  std::FILE* f_;
};

class NativeHost : public exposure::CliHost {
 public:
  exposure::Result<std::unique_ptr<exposure::InputStream>> Open(
      const std::string& path) override {
    if (path == "-") {
      return std::unique_ptr<exposure::InputStream>(
          std::make_unique<FileStream>(stdin));
    }
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (f == nullptr)
      return exposure::Status::Error(std::strerror(errno));
    return std::unique_ptr<exposure::InputStream>(
        std::make_unique<FileStream>(f));
  }

  exposure::Status WriteFile(const std::string& path,
                             std::string_view data) override {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (f == nullptr)
      return exposure::Status::Error(std::strerror(errno));
    size_t n = std::fwrite(data.data(), 1, data.size(), f);
    bool ok = n == data.size();
    if (std::fclose(f) != 0)
      ok = false;
    if (!ok)
      return exposure::Status::Error(std::strerror(errno));
    return exposure::Status::Ok();
  }

  exposure::Result<std::unique_ptr<exposure::OutputStream>> Create(
      const std::string& path) override {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (f == nullptr)
      return exposure::Status::Error(std::strerror(errno));
    return std::unique_ptr<exposure::OutputStream>(
        std::make_unique<FileOutput>(f));
  }

  void Out(std::string_view text) override {
    std::fwrite(text.data(), 1, text.size(), stdout);
  }
  void Err(std::string_view text) override {
    std::fwrite(text.data(), 1, text.size(), stderr);
  }
  exposure::Result<std::unique_ptr<exposure::SpillSpace>> CreateSpill()
      override {
    return exposure::CreateTempFileSpill();
  }
  bool Interactive() const override { return isatty(fileno(stdout)) != 0; }
  bool ErrInteractive() const override { return isatty(fileno(stderr)) != 0; }
};

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  NativeHost host;
  int code = exposure::RunCli(args, host);
  if (std::fflush(stdout) != 0 && code == 0)
    code = 1;
  return code;
}
