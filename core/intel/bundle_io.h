// Byte-level reading and writing of intel bundles (format in intel.h), shared
// by the loader and the builder. Internal to core/intel.
#ifndef CORE_INTEL_BUNDLE_IO_H_
#define CORE_INTEL_BUNDLE_IO_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace exposure {
namespace intel_internal {

// Section tags of the payload.
constexpr uint8_t kKevSection = 1;
constexpr uint8_t kEpssSection = 2;
// Header flags.
constexpr uint16_t kFlagZstd = 1;
// EPSS section flags.
constexpr uint64_t kEpssPartial = 1;
// Years are 4 digits, so a CveKey's year fits in 14 bits above 50 bits of
// sequence number (15 decimal digits).
constexpr int kCveNumberBits = 50;
constexpr uint64_t kMaxCveNumber = 999999999999999;  // 15 digits

// Appends to a string; cannot fail.
class ByteWriter {
 public:
  void U8(uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void U16(uint16_t v) { Fixed(v, 2); }
  void U32(uint32_t v) { Fixed(v, 4); }
  void U64(uint64_t v) { Fixed(v, 8); }
  void Varint(uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<char>((v & 0x7f) | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<char>(v));
  }
  void Str(std::string_view s) {
    Varint(s.size());
    out_.append(s.data(), s.size());
  }
  void Raw(std::string_view s) { out_.append(s.data(), s.size()); }
  std::string& bytes() { return out_; }

 private:
  void Fixed(uint64_t v, int n) {
    for (int i = 0; i < n; ++i)
      out_.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  }
  std::string out_;
};

// Reads from a view. A read past the end (or an over-long varint) sets
// failed() and returns 0 / empty, so a parser can read a whole structure and
// check once; offset() says how far it got for error messages.
class ByteReader {
 public:
  explicit ByteReader(std::string_view data) : data_(data) {}

  bool failed() const { return failed_; }
  bool at_end() const { return pos_ == data_.size(); }
  size_t offset() const { return pos_; }
  size_t remaining() const { return data_.size() - pos_; }

  uint8_t U8() { return static_cast<uint8_t>(Fixed(1)); }
  uint16_t U16() { return static_cast<uint16_t>(Fixed(2)); }
  uint32_t U32() { return static_cast<uint32_t>(Fixed(4)); }
  uint64_t U64() { return Fixed(8); }
  uint64_t Varint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= data_.size())
        return Fail();
      uint8_t b = static_cast<uint8_t>(data_[pos_++]);
      // The 10th byte may only hold the top bit of a 64-bit value.
      if (shift == 63 && b > 1)
        return Fail();
      v |= static_cast<uint64_t>(b & 0x7f) << shift;
      if ((b & 0x80) == 0)
        return v;
    }
    return Fail();
  }
  std::string_view Bytes(uint64_t n) {
    if (failed_ || n > remaining()) {
      Fail();
      return std::string_view();
    }
    std::string_view s = data_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  std::string_view Str() { return Bytes(Varint()); }

 private:
  uint64_t Fixed(int n) {
    if (failed_ || remaining() < static_cast<size_t>(n))
      return Fail();
    uint64_t v = 0;
    for (int i = 0; i < n; ++i)
      v |= static_cast<uint64_t>(static_cast<uint8_t>(data_[pos_ + i]))
           << (8 * i);
    pos_ += n;
    return v;
  }
  uint64_t Fail() {
    failed_ = true;
    pos_ = data_.size();
    return 0;
  }

  std::string_view data_;
  size_t pos_ = 0;
  bool failed_ = false;
};

}  // namespace intel_internal
}  // namespace exposure

#endif  // CORE_INTEL_BUNDLE_IO_H_
