// Errors as values. A Status names what went wrong and where (file, format,
// byte offset or line), so a user can find the broken spot in a 300 MB export
// without a debugger. Nothing in core/ throws across its public API.
#ifndef CORE_BASE_STATUS_H_
#define CORE_BASE_STATUS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

namespace exposure {

// Where in an input an error was found. Unknown parts are left empty/zero and
// omitted when printed.
struct Location {
  uint64_t byte_offset = 0;  // 0-based offset into the (decompressed) input
  uint64_t line = 0;         // 1-based; 0 = unknown
  uint64_t column = 0;       // 1-based; 0 = unknown

  // Whether anything is known. An error at the very first byte of an input
  // with no line known reads as unknown: all-zero is what Status::Error
  // gets by default, and the two cannot be told apart.
  bool known() const { return line != 0 || byte_offset != 0; }

  // "line 12, column 4 (byte 311)" or "byte 311"; empty when nothing is known.
  std::string ToString() const;
};

class Status {
 public:
  Status() = default;  // ok
  static Status Ok() { return Status(); }
  static Status Error(std::string message, Location where = {}) {
    Status s;
    s.ok_ = false;
    s.message_ = std::move(message);
    s.location_ = where;
    return s;
  }

  bool ok() const { return ok_; }
  const std::string& message() const { return message_; }
  const Location& location() const { return location_; }

 private:
  bool ok_ = true;
  std::string message_;
  Location location_;
};

// A value or the Status that explains why there is none.
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status error) : status_(std::move(error)) {}  // NOLINT

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() { return *value_; }
  const T& value() const { return *value_; }
  T* operator->() { return &*value_; }
  T& operator*() { return *value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace exposure

#endif  // CORE_BASE_STATUS_H_
