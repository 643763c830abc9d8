// Scratch space for what an analysis of a large input cannot keep in
// memory: finding records beyond the memory budget and the sorted runs of
// the report. The host provides it (the native CLI a temporary file, the
// Node CLI one through the wasm bridge); the core does no I/O itself.
//
// Append-only: a region is written once and read back any number of times,
// so an implementation is a file written at its end and read with pread.
// What a pass needs only while it runs (the report's runs) is given back by
// truncating to where the pass began; the rest lives as long as the space.
#ifndef CORE_BASE_SPILL_H_
#define CORE_BASE_SPILL_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/status.h"

namespace exposure {

class SpillSpace {
 public:
  virtual ~SpillSpace() = default;
  // Appends `bytes`; returns the offset they start at.
  virtual Result<uint64_t> Append(std::string_view bytes) = 0;
  // Reads `size` bytes written before at `offset` into `out`.
  virtual Status Read(uint64_t offset, size_t size, char* out) = 0;
  // Bytes appended so far.
  virtual uint64_t size() const = 0;
  // Discards the bytes from `size` on (a size() taken earlier).
  virtual void Truncate(uint64_t size) = 0;
};

// Spill space in memory: for tests (every spilling path runs without a
// file) and for hosts with nowhere to spill to, where it only moves the
// bytes. Optionally fails after `fail_after` bytes, to test how callers
// handle a full disk.
class MemorySpill : public SpillSpace {
 public:
  explicit MemorySpill(uint64_t fail_after = UINT64_MAX)
      : fail_after_(fail_after) {}

  Result<uint64_t> Append(std::string_view bytes) override {
    if (bytes_.size() + bytes.size() > fail_after_)
      return Status::Error("spill space is full");
    const uint64_t at = bytes_.size();
    bytes_.append(bytes.data(), bytes.size());
    ++appends_;
    return at;
  }
  Status Read(uint64_t offset, size_t size, char* out) override {
    if (offset > bytes_.size() || size > bytes_.size() - offset)
      return Status::Error("read past the end of the spill space");
    bytes_.copy(out, size, static_cast<size_t>(offset));
    ++reads_;
    return Status::Ok();
  }
  uint64_t size() const override { return bytes_.size(); }
  void Truncate(uint64_t size) override {
    if (size < bytes_.size())
      bytes_.resize(static_cast<size_t>(size));
  }

  size_t appends() const { return appends_; }
  size_t reads() const { return reads_; }

 private:
  std::string bytes_;
  uint64_t fail_after_;
  size_t appends_ = 0;
  size_t reads_ = 0;
};

}  // namespace exposure

#endif  // CORE_BASE_SPILL_H_
