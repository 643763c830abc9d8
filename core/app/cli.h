// The `exposure` command line, written once for every target: the native
// binary and the wasm build run by Node both call RunCli(), with a Host that
// does the actual I/O, so their output is the same bytes.
//
// Exit codes (documented in README.md):
//   0  success (for analyze: at least one input was read, even if some
//      inputs reported errors in the report)
//   1  nothing could be read (every input failed to open or was not
//      recognised), the output could not be written, or spilled data could
//      not be read back (the report is then incomplete)
//   2  bad usage
//   3  a --fail-on gate tripped: open findings met its condition (the
//      report is complete; stderr says which gates and how many findings)
#ifndef CORE_APP_CLI_H_
#define CORE_APP_CLI_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/spill.h"
#include "core/base/status.h"
#include "core/base/task_runner.h"

namespace exposure {

// A file being read sequentially.
class InputStream {
 public:
  virtual ~InputStream() = default;
  // Reads up to `capacity` bytes into `buffer`; 0 at end of file.
  virtual Result<size_t> Read(char* buffer, size_t capacity) = 0;
};

// A file being written sequentially.
class OutputStream {
 public:
  virtual ~OutputStream() = default;
  virtual Status Write(std::string_view data) = 0;
  // Completes the file; an error here means it may be incomplete.
  virtual Status Close() = 0;
};

// What RunCli needs from its environment.
class CliHost {
 public:
  virtual ~CliHost() = default;
  virtual Result<std::unique_ptr<InputStream>> Open(
      const std::string& path) = 0;
  // Replaces the file at `path` with `data`.
  virtual Status WriteFile(const std::string& path, std::string_view data) = 0;
  // Creates (or truncates) the file at `path` for writing in pieces, so an
  // output larger than memory never has to exist as a whole.
  virtual Result<std::unique_ptr<OutputStream>> Create(
      const std::string& path) = 0;
  virtual void Out(std::string_view text) = 0;  // stdout
  virtual void Err(std::string_view text) = 0;  // stderr
  // Whether stdout is a terminal (a person reads it): commands that have
  // a text form use it by default then, and JSON otherwise.
  virtual bool Interactive() const { return false; }
  // Whether stderr is a terminal: progress lines for large inputs go
  // there then (never into any output).
  virtual bool ErrInteractive() const { return false; }
  // Scratch space for analyses larger than memory (a temporary file that
  // is gone when the space is), or null where there is none: then
  // everything stays in memory. An error is shown as a warning.
  virtual Result<std::unique_ptr<SpillSpace>> CreateSpill() {
    return std::unique_ptr<SpillSpace>();
  }
  // Whether `path` names a directory; a host without directories (the
  // default) says false, so the path is opened as a file.
  virtual bool IsDirectory(const std::string& path) {
    (void)path;
    return false;
  }
  // The regular files under the directory `path`, recursively, whose names
  // end in `suffix`, sorted by path (byte order), so that every host reads
  // them in the same order.
  virtual Result<std::vector<std::string>> ListFiles(const std::string& path,
                                                     std::string_view suffix) {
    (void)suffix;
    return Status::Error(path + ": not a directory");
  }
  // How many threads the host can run (`--threads` defaults to it); 1 on
  // a host without threads (the wasm builds).
  virtual size_t Cores() const { return 1; }
  // A runner of `threads` threads (at least 2), or null where the host
  // has none: the work then runs on one thread, to the same bytes.
  virtual std::unique_ptr<TaskRunner> MakeRunner(size_t threads) {
    (void)threads;
    return nullptr;
  }
};

// `args` excludes the program name.
int RunCli(const std::vector<std::string>& args, CliHost& host);

// The exit code of a tripped --fail-on gate.
constexpr int kExitGate = 3;

// Read granularity, identical on every target.
constexpr size_t kCliChunkBytes = size_t{1} << 20;
// What `analyze` keeps in memory before it spills (--memory).
constexpr size_t kDefaultMemoryMb = 32;

}  // namespace exposure

#endif  // CORE_APP_CLI_H_
