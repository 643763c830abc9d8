// The native `exposure` CLI: RunCli() with real files and stdio.
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include <unistd.h>

#include "core/app/cli.h"
#include "native/temp_file_spill.h"
#include "native/thread_runner.h"

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
  bool IsDirectory(const std::string& path) override {
    std::error_code ec;
    return std::filesystem::is_directory(path, ec);
  }
  exposure::Result<std::vector<std::string>> ListFiles(
      const std::string& path,
      std::string_view suffix) override {
    namespace fs = std::filesystem;
    std::vector<std::string> files;
    std::error_code ec;
    fs::recursive_directory_iterator it(
        path, fs::directory_options::follow_directory_symlink, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      std::string name = it->path().string();
      if (name.size() >= suffix.size() &&
          name.compare(name.size() - suffix.size(), suffix.size(), suffix) ==
              0 &&
          it->is_regular_file(ec)) {
        files.push_back(std::move(name));
      }
    }
    if (ec)
      return exposure::Status::Error(path + ": " + ec.message());
    std::sort(files.begin(), files.end());
    return files;
  }
  size_t Cores() const override { return exposure::ThreadRunner::Cores(); }
  std::unique_ptr<exposure::TaskRunner> MakeRunner(size_t threads) override {
    return std::make_unique<exposure::ThreadRunner>(threads);
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
