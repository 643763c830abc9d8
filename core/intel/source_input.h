// How the intel builder reads one input (intel_builder.h): the chain of
// stages every input goes through and helpers its readers share. Internal
// to core/intel.
#ifndef CORE_INTEL_SOURCE_INPUT_H_
#define CORE_INTEL_SOURCE_INPUT_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/base/status.h"
#include "core/import/csv/csv_reader.h"
#include "core/import/decompress.h"
#include "core/import/stage.h"
#include "core/import/text_encoding.h"
#include "core/intel/intel_builder.h"

namespace exposure {
namespace intel_internal {

// ---- the chain of one input ------------------------------------------------

// The last stage before a source's reader: the reader's errors get the
// source's name ("KEV catalog: ..."), keeping their location, and an input
// without a byte of text is refused as empty before the reader sees its end
// (a reader would call it a syntax error).
class SourceStage final : public Stage {
 public:
  SourceStage(const char* source, Stage* reader)
      : source_(source), reader_(reader) {}

  Status Feed(std::string_view chunk) override {
    text_bytes_ += chunk.size();
    return Named(reader_->Feed(chunk));
  }
  Status Finish() override {
    if (text_bytes_ == 0)
      return Named(Status::Error("the file is empty"));
    return Named(reader_->Finish());
  }

 private:
  Status Named(const Status& s) const {
    if (s.ok())
      return s;
    return Status::Error(std::string(source_) + ": " + s.message(),
                         s.location());
  }

  const char* source_;
  Stage* reader_;
  uint64_t text_bytes_ = 0;
};

// One input as the builder reads it, through the stages every scanner input
// goes through: decompression (gzip and zstd, told from the content), text
// decoding (UTF-16 and UTF-32, as PowerShell saves files, to UTF-8) and
// then `Reader`, which names its source (Reader::kSource)
// and hands its rows over (Reader::Deliver) only when asked. It is asked once
// the whole input was read without an error in any stage: a reader may well
// finish what was decoded before a damaged compressed byte, but that is not
// the file. The first error sticks (IntelInput's contract).
template <typename Reader>
class SourceInput final : public IntelInput {
 public:
  template <typename... Args>
  explicit SourceInput(IntelBuilder* builder, Args&&... reader_args)
      : builder_(builder), reader_(std::forward<Args>(reader_args)...) {}

  Status Feed(std::string_view chunk) override {
    if (!error_.ok())
      return error_;
    return Keep(decompress_.Feed(chunk));
  }

  Status Finish() override {
    if (!error_.ok() || finished_)
      return error_;
    finished_ = true;
    Status s = decompress_.Finish();
    // A decoding error met at the end (truncation, a checksum) is only in
    // the log: the stage finishes the reader with what was decoded, and the
    // reader's verdict on that part is beside the point. The decoder's
    // message names the compressed byte.
    if (!log_.errors.empty())
      return Keep(log_.errors.front());
    if (!s.ok())
      return Keep(s);
    reader_.Deliver(builder_);
    return Status::Ok();
  }

 private:
  Status Keep(Status s) {
    if (!s.ok())
      error_ = s;
    return s;
  }

  IntelBuilder* builder_;
  Reader reader_;
  StageLog log_;  // before the stages, which write to it
  SourceStage source_{Reader::kSource, &reader_};
  TextStage text_{&source_, &log_};
  DecompressStage decompress_{&text_, &log_};
  bool finished_ = false;
  Status error_;
};

// A field's text for an error message: quoted, cut short, with control
// characters and non-ASCII bytes escaped (inputs may hold any bytes).
inline std::string Quoted(std::string_view s) {
  constexpr size_t kMax = 60;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (unsigned char c : s.substr(0, kMax)) {
    if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  if (s.size() > kMax)
    out += "...";
  out += "\"";
  return out;
}

// Sorts `rows` by CVE. When a CVE is listed twice, returns false with the
// positions (in the input's order) of its first and second listing.
template <typename Row>
bool SortUnique(std::vector<Row>* rows, size_t* first, size_t* second) {
  std::vector<size_t> order(rows->size());
  for (size_t i = 0; i < order.size(); ++i)
    order[i] = i;
  std::stable_sort(order.begin(), order.end(), [rows](size_t a, size_t b) {
    return (*rows)[a].cve < (*rows)[b].cve;
  });
  for (size_t i = 1; i < order.size(); ++i) {
    if ((*rows)[order[i]].cve == (*rows)[order[i - 1]].cve) {
      *first = order[i - 1];
      *second = order[i];
      return false;
    }
  }
  std::vector<Row> sorted;
  sorted.reserve(rows->size());
  for (size_t i : order)
    sorted.push_back(std::move((*rows)[i]));
  *rows = std::move(sorted);
  return true;
}

// Where CSV row `row` starts, for an error that names it later.
inline Location RowStart(const CsvRow& row) {
  Location where;
  where.line = row.line();
  where.byte_offset = row.byte_offset();
  where.column = 1;
  return where;
}

// SortUnique for rows read from lines `where` (RowStart, in the rows'
// order): a CVE listed twice is an error at its second row naming the
// first's line. `where` is released either way.
template <typename Row>
Status SortUniqueRows(std::vector<Row>* rows, std::vector<Location>* where) {
  size_t first = 0, second = 0;
  Status status;
  if (!SortUnique(rows, &first, &second)) {
    status = Status::Error(FormatCveKey((*rows)[second].cve) +
                               " is listed twice (first on line " +
                               std::to_string((*where)[first].line) + ")",
                           (*where)[second]);
  }
  std::vector<Location>().swap(*where);
  return status;
}

// Tab-separated tables with a header row (the Vulnrichment and exploit
// inputs).
CsvOptions TsvOptions();
// A table reader's error for a header that lacks the columns of `expected`,
// naming the table it is when it is another one.
Status HeaderError(const CsvHeader& header, IntelTable expected);

// Feeds a whole file to `input` and finishes it.
inline Status ReadWhole(IntelInput* input, std::string_view file) {
  EXPOSURE_RETURN_IF_ERROR(input->Feed(file));
  return input->Finish();
}

}  // namespace intel_internal
}  // namespace exposure

#endif  // CORE_INTEL_SOURCE_INPUT_H_
