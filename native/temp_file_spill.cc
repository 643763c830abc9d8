#include "native/temp_file_spill.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>

namespace exposure {

namespace {

class TempFileSpill : public SpillSpace {
 public:
  explicit TempFileSpill(int fd) : fd_(fd) {}
  ~TempFileSpill() override { close(fd_); }
  TempFileSpill(const TempFileSpill&) = delete;
  TempFileSpill& operator=(const TempFileSpill&) = delete;

  Result<uint64_t> Append(std::string_view bytes) override {
    const uint64_t at = size_;
    size_t done = 0;
    while (done < bytes.size()) {
      ssize_t n = pwrite(fd_, bytes.data() + done, bytes.size() - done,
                         static_cast<off_t>(at + done));
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0) {
        // What was written of it lies past size_: the next Append writes
        // over it, and Truncate cuts it.
        return Status::Error(std::strerror(n < 0 ? errno : ENOSPC));
      }
      done += static_cast<size_t>(n);
    }
    size_ += bytes.size();
    return at;
  }

  Status Read(uint64_t offset, size_t size, char* out) override {
    size_t done = 0;
    while (done < size) {
      ssize_t n = pread(fd_, out + done, size - done,
                        static_cast<off_t>(offset + done));
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0) {
        return Status::Error(n < 0 ? std::strerror(errno)
                                   : "unexpected end of the spill file");
      }
      done += static_cast<size_t>(n);
    }
    return Status::Ok();
  }

  uint64_t size() const override { return size_; }

  void Truncate(uint64_t size) override {
    if (size >= size_)
      return;
    size_ = size;
    // Gives the disk space back; should it fail, the bytes past size_ are
    // merely unused.
    (void)ftruncate(fd_, static_cast<off_t>(size));
  }

 private:
  int fd_;
  uint64_t size_ = 0;
};

}  // namespace

Result<std::unique_ptr<SpillSpace>> CreateTempFileSpill() {
  const char* dir = std::getenv("TMPDIR");
  std::string path =
      std::string(dir != nullptr && *dir != '\0' ? dir : "/tmp") +
      "/exposure-spill-XXXXXX";
  int fd = mkstemp(path.data());
  if (fd < 0)
    return Status::Error(path + ": " + std::strerror(errno));
  unlink(path.c_str());
  return std::unique_ptr<SpillSpace>(std::make_unique<TempFileSpill>(fd));
}

}  // namespace exposure
