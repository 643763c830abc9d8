// Errors as values. A Status names what went wrong and where (file, format,
// byte offset or line), so a user can find the broken spot in a 300 MB export
// without a debugger. Nothing in core/ throws across its public API.
//
// Both Status and Result are [[nodiscard]]: an error nobody looks at is a
// bug. Where one is deliberately dropped, say why and cast to void.
#ifndef CORE_BASE_STATUS_H_
#define CORE_BASE_STATUS_H_

#include <cassert>
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

class [[nodiscard]] Status {
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

// A value or the Status that explains why there is none: ok() exactly when
// it holds a value. Made from a Status, that Status must be an error; an
// ok one (a bug: no value and no reason) becomes an internal error, and
// fails an assertion in debug builds, so that ok() never lies.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status error)                           // NOLINT: implicit by design
      : status_(error.ok() ? Status::Error("internal error: a result with "
                                           "neither value nor error")
                           : std::move(error)) {
    assert(!status_.ok() && "Result made from an ok Status");
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() { return *value_; }
  const T& value() const { return *value_; }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() { return *value_; }
  const T& operator*() const { return *value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace exposure

// Evaluates `expr` (a Status) and returns it from the enclosing function
// (returning Status or Result<T>) when it is an error.
#define EXPOSURE_RETURN_IF_ERROR(expr)            \
  do {                                            \
    ::exposure::Status exposure_status_ = (expr); \
    if (!exposure_status_.ok())                   \
      return exposure_status_;                    \
  } while (0)

// Evaluates `expr` (a Result<T>); on error returns its status from the
// enclosing function, else moves the value into `lhs` (a declaration such
// as `std::string text` or an existing variable).
#define EXPOSURE_ASSIGN_OR_RETURN(lhs, expr) \
  EXPOSURE_ASSIGN_OR_RETURN_IMPL_(           \
      EXPOSURE_STATUS_CONCAT_(exposure_result_, __LINE__), lhs, expr)
// `result` is a name and `lhs` may be a declaration: neither can be
// parenthesized.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define EXPOSURE_ASSIGN_OR_RETURN_IMPL_(result, lhs, expr) \
  auto result = (expr);                                    \
  if (!result.ok())                                        \
    return result.status();                                \
  lhs = std::move(*result)
// NOLINTEND(bugprone-macro-parentheses)
#define EXPOSURE_STATUS_CONCAT_(a, b) EXPOSURE_STATUS_CONCAT_IMPL_(a, b)
#define EXPOSURE_STATUS_CONCAT_IMPL_(a, b) a##b

#endif  // CORE_BASE_STATUS_H_
