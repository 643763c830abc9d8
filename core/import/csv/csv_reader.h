// A streaming CSV reader (RFC 4180, read leniently) fed in chunks of any size.
//
// Records are delivered one at a time as soon as their last byte is seen, so
// memory stays bounded by the largest record, not by the file. The reader
// handles quoted fields with embedded delimiters, doubled quotes ("") and
// line breaks, CRLF / LF / lone CR line ends, a leading UTF-8 BOM, and an
// optional header row whose names are looked up case-insensitively.
//
// Leniency, as scanner exports need it:
// - a quote inside an unquoted field is kept as a literal character
//   (`The "root" account`), and text after a closing quote is appended
//   (`"abc"def` reads as `abcdef`);
// - rows may have fewer or more fields than the header (ragged rows): a
//   missing field reads as "";
// - completely empty lines are skipped.
// Hard errors (with line, column and byte): a quoted field still open at the
// end of input, a field longer than `max_field_bytes`, a record with more
// than `max_columns` fields.
#ifndef CORE_IMPORT_CSV_CSV_READER_H_
#define CORE_IMPORT_CSV_CSV_READER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/status.h"

namespace exposure {

// One record. Views are valid only during the handler call.
class CsvRow {
 public:
  size_t size() const { return ends_.size(); }
  // Field `i`, or "" when the row is shorter.
  std::string_view operator[](size_t i) const;
  // Where the record starts: 1-based line and 0-based byte offset.
  uint64_t line() const { return line_; }
  uint64_t byte_offset() const { return offset_; }
  // True when every field is empty (e.g. a line of bare delimiters).
  bool blank() const;

 private:
  friend class CsvReader;
  std::string data_;          // all fields, back to back
  std::vector<size_t> ends_;  // end of each field in data_
  uint64_t line_ = 0;
  uint64_t offset_ = 0;
};

// Column names of a header row, looked up case-insensitively (and with
// surrounding spaces ignored).
class CsvHeader {
 public:
  static constexpr size_t kMissing = static_cast<size_t>(-1);

  void Assign(const CsvRow& row);
  size_t size() const { return names_.size(); }
  const std::string& name(size_t i) const { return names_[i]; }
  // The index of column `name`, or kMissing. The first match wins.
  size_t Index(std::string_view name) const;
  bool Has(std::string_view name) const { return Index(name) != kMissing; }
  // The field of `row` under column `name`, or "" if there is no such column
  // or the row is shorter.
  std::string_view Get(const CsvRow& row, std::string_view name) const;

 private:
  std::vector<std::string> names_;  // as written (trimmed)
  std::vector<std::string> keys_;   // lowercased, for lookup
};

class CsvHandler {
 public:
  virtual ~CsvHandler() = default;
  // The header row, when the reader was told there is one. An error stops
  // parsing (e.g. required columns are missing).
  virtual Status OnHeader(const CsvHeader& header) {
    (void)header;
    return Status::Ok();
  }
  // One data record. An error stops parsing; the reader adds the record's
  // location.
  virtual Status OnRecord(const CsvRow& row) = 0;
};

struct CsvOptions {
  // ',' ';' '\t' ...; 0 = detect from the first line: the most frequent of
  // ',', ';', '\t' and '|' outside quotes (',' when none occurs).
  char delimiter = ',';
  // The first non-empty record names the columns (see CsvHandler::OnHeader).
  bool header = true;
  size_t max_field_bytes = size_t{16} << 20;
  size_t max_columns = 4096;
};

class CsvReader {
 public:
  CsvReader(CsvHandler* handler, CsvOptions options = {});

  // Parses as much as the bytes so far allow. After an error, further calls
  // return the same error.
  Status Feed(std::string_view chunk);
  // Declares the end of input: delivers the last record (which needs no
  // final line break) and reports an unterminated quoted field.
  Status Finish();

  const CsvHeader& header() const { return header_; }
  bool header_seen() const { return header_seen_; }
  char delimiter() const { return delimiter_; }
  uint64_t records() const { return records_; }
  uint64_t offset() const { return offset_; }

 private:
  enum class State : uint8_t {
    kFieldStart,     // at the start of a field
    kUnquoted,       // inside an unquoted field
    kQuoted,         // inside a quoted field
    kQuoteInQuoted,  // saw '"' inside a quoted field: "" or the closing quote
    kAfterCr,        // saw '\r' ending a record; swallow a following '\n'
  };

  Status Consume(std::string_view bytes);
  // Decides the delimiter from the bytes held so far (`final`: no more come).
  bool DetectDelimiter(bool final);
  Status EndField();
  Status EndRecord();
  Status Fail(std::string message, uint64_t at, uint64_t line, uint64_t column);

  CsvHandler* handler_;
  CsvOptions options_;
  char delimiter_;
  Status error_;
  bool finished_ = false;

  // Start-up: bytes held until the BOM and the delimiter are decided.
  bool started_ = false;
  std::string pending_;

  State state_ = State::kFieldStart;
  CsvRow row_;
  size_t field_start_ = 0;  // where the current field starts in row_.data_
  bool record_open_ = false;

  uint64_t offset_ = 0;  // input offset of the next byte
  uint64_t line_ = 1;
  uint64_t line_start_ = 0;
  uint64_t quote_line_ = 0;  // where the open quoted field started
  uint64_t quote_offset_ = 0;
  uint64_t quote_column_ = 0;

  CsvHeader header_;
  bool header_seen_ = false;
  uint64_t records_ = 0;
};

}  // namespace exposure

#endif  // CORE_IMPORT_CSV_CSV_READER_H_
