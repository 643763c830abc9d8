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
constexpr uint8_t kSsvcSection = 3;
constexpr uint8_t kExploitSection = 4;
// Header flags.
constexpr uint16_t kFlagZstd = 1;
// EPSS section flags.
constexpr uint64_t kEpssPartial = 1;
// SSVC rows: one byte each.
constexpr uint8_t kSsvcExploitationMask = 3;  // 0 none, 1 poc, 2 active
constexpr uint8_t kSsvcAutomatable = 4;
constexpr uint8_t kSsvcTotalImpact = 8;
// Exploit section: which sources it holds (the same bits as the sources'
// flags in ExploitSourceInfo order).
constexpr uint64_t kExploitHasMetasploit = 1;
constexpr uint64_t kExploitHasExploitDb = 2;
constexpr uint64_t kExploitHasNuclei = 4;
// Years are 4 digits, so a CveKey's year fits in 14 bits above 50 bits of
// sequence number (15 decimal digits).
constexpr int kCveNumberBits = 50;
constexpr uint64_t kMaxCveNumber = 999999999999999;  // 15 digits

// Calendar days: the number of days from 0001-01-01 to the valid date
// yyyymmdd (proleptic Gregorian calendar), and back. Sections store dates as
// day differences, which are small.
inline bool IsLeapYear(uint32_t y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}
inline uint32_t DaysInMonth(uint32_t y, uint32_t m) {
  static constexpr uint8_t kDays[12] = {31, 28, 31, 30, 31, 30,
                                        31, 31, 30, 31, 30, 31};
  return kDays[m - 1] + (m == 2 && IsLeapYear(y) ? 1 : 0);
}
// Days from 0001-01-01 to January 1st of year y (y >= 1).
inline uint32_t DaysBeforeYear(uint32_t y) {
  uint32_t p = y - 1;
  return 365 * p + p / 4 - p / 100 + p / 400;
}
inline uint32_t DayOrdinal(uint32_t yyyymmdd) {
  uint32_t y = yyyymmdd / 10000;
  uint32_t m = yyyymmdd / 100 % 100;
  uint32_t days = DaysBeforeYear(y);
  for (uint32_t i = 1; i < m; ++i)
    days += DaysInMonth(y, i);
  return days + yyyymmdd % 100 - 1;
}
// The inverse of DayOrdinal, for ordinals of years 1 to 9999.
inline uint32_t DateOfOrdinal(uint32_t ordinal) {
  uint32_t y = ordinal / 366 + 1;  // never past the year
  while (DaysBeforeYear(y + 1) <= ordinal)
    ++y;
  uint32_t rest = ordinal - DaysBeforeYear(y);
  uint32_t m = 1;
  while (rest >= DaysInMonth(y, m))
    rest -= DaysInMonth(y, m++);
  return y * 10000 + m * 100 + rest + 1;
}
// The ordinal of 9999-12-31, the last date a yyyymmdd can hold.
constexpr uint32_t kMaxDayOrdinal = 3652058;

// Signed differences as varints: 0, -1, 1, -2, ... -> 0, 1, 2, 3, ...
inline uint64_t ZigZag(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}
inline int64_t UnZigZag(uint64_t v) {
  return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
}

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
