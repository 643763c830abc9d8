#include "core/import/csv/csv_reader.h"

#include <utility>

#include "core/base/strings.h"

namespace exposure {

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

}  // namespace

std::string_view CsvRow::operator[](size_t i) const {
  if (i >= ends_.size())
    return std::string_view();
  size_t begin = i == 0 ? 0 : ends_[i - 1];
  return std::string_view(data_).substr(begin, ends_[i] - begin);
}

bool CsvRow::blank() const {
  return data_.empty();
}

void CsvHeader::Assign(const CsvRow& row) {
  names_.clear();
  keys_.clear();
  for (size_t i = 0; i < row.size(); ++i) {
    names_.emplace_back(Trim(row[i]));
    keys_.push_back(ToLower(names_.back()));
  }
}

size_t CsvHeader::Index(std::string_view name) const {
  std::string key = ToLower(Trim(name));
  for (size_t i = 0; i < keys_.size(); ++i) {
    if (keys_[i] == key)
      return i;
  }
  return kMissing;
}

std::string_view CsvHeader::Get(const CsvRow& row,
                                std::string_view name) const {
  size_t i = Index(name);
  return i == kMissing ? std::string_view() : row[i];
}

CsvReader::CsvReader(CsvHandler* handler, CsvOptions options)
    : handler_(handler), options_(options), delimiter_(options.delimiter) {}

Status CsvReader::Fail(std::string message,
                       uint64_t at,
                       uint64_t line,
                       uint64_t column) {
  Location where;
  where.byte_offset = at;
  where.line = line;
  where.column = column;
  error_ = Status::Error(std::move(message), where);
  return error_;
}

bool CsvReader::DetectDelimiter(bool final) {
  std::string_view text(pending_);
  if (StartsWith(text, kBom))
    text.remove_prefix(kBom.size());
  size_t counts[4] = {0, 0, 0, 0};
  const char kCandidates[4] = {',', ';', '\t', '|'};
  bool quoted = false;
  bool line_done = false;
  for (char c : text) {
    if (c == '"') {
      quoted = !quoted;
    } else if (!quoted && (c == '\n' || c == '\r')) {
      line_done = true;
      break;
    } else if (!quoted) {
      for (int k = 0; k < 4; ++k) {
        if (c == kCandidates[k])
          ++counts[k];
      }
    }
  }
  if (!line_done && !final && pending_.size() <= options_.max_field_bytes)
    return false;
  int best = 0;
  for (int k = 1; k < 4; ++k) {
    if (counts[k] > counts[best])
      best = k;
  }
  delimiter_ = kCandidates[best];
  return true;
}

Status CsvReader::Feed(std::string_view chunk) {
  if (!error_.ok())
    return error_;
  if (started_)
    return Consume(chunk);
  pending_.append(chunk.data(), chunk.size());
  // Wait until a BOM can be recognised...
  if (pending_.size() < kBom.size() &&
      std::string_view(kBom).substr(0, pending_.size()) == pending_) {
    return Status::Ok();
  }
  // ...and the delimiter is known.
  if (delimiter_ == 0 && !DetectDelimiter(false))
    return Status::Ok();
  started_ = true;
  std::string held = std::move(pending_);
  pending_.clear();
  std::string_view rest(held);
  if (StartsWith(rest, kBom)) {
    rest.remove_prefix(kBom.size());
    offset_ = line_start_ = kBom.size();
  }
  return Consume(rest);
}

Status CsvReader::Finish() {
  if (!error_.ok())
    return error_;
  if (finished_)
    return Status::Ok();
  finished_ = true;
  if (!started_) {
    if (delimiter_ == 0)
      DetectDelimiter(true);
    started_ = true;
    std::string held = std::move(pending_);
    pending_.clear();
    std::string_view rest(held);
    if (StartsWith(rest, kBom)) {
      rest.remove_prefix(kBom.size());
      offset_ = line_start_ = kBom.size();
    }
    EXPOSURE_RETURN_IF_ERROR(Consume(rest));
  }
  if (state_ == State::kQuoted) {
    return Fail("unterminated quoted field (input ends inside quotes)",
                quote_offset_, quote_line_, quote_column_);
  }
  if (record_open_) {
    EXPOSURE_RETURN_IF_ERROR(EndField());
    return EndRecord();
  }
  return Status::Ok();
}

Status CsvReader::EndField() {
  if (row_.ends_.size() >= options_.max_columns) {
    return Fail("record has more than " + std::to_string(options_.max_columns) +
                    " fields",
                offset_, line_, offset_ - line_start_ + 1);
  }
  row_.ends_.push_back(row_.data_.size());
  field_start_ = row_.data_.size();
  return Status::Ok();
}

Status CsvReader::EndRecord() {
  record_open_ = false;
  state_ = State::kFieldStart;
  Status s;
  if (options_.header && !header_seen_) {
    header_seen_ = true;
    header_.Assign(row_);
    s = handler_->OnHeader(header_);
  } else {
    ++records_;
    s = handler_->OnRecord(row_);
  }
  if (!s.ok()) {
    Location where = s.location();
    if (!where.known()) {
      where.line = row_.line_;
      where.byte_offset = row_.offset_;
      where.column = 1;
    }
    error_ = Status::Error(s.message(), where);
    return error_;
  }
  return Status::Ok();
}

Status CsvReader::Consume(std::string_view bytes) {
  const char delim = delimiter_;
  const size_t n = bytes.size();
  for (size_t i = 0; i < n; ++i, ++offset_) {
    const char c = bytes[i];
    switch (state_) {
      case State::kAfterCr:
        state_ = State::kFieldStart;
        if (c == '\n') {
          line_start_ = offset_ + 1;
          continue;
        }
        [[fallthrough]];
      case State::kFieldStart:
        if (!record_open_) {
          if (c == '\n' || c == '\r') {  // an empty line
            ++line_;
            line_start_ = offset_ + 1;
            if (c == '\r')
              state_ = State::kAfterCr;
            continue;
          }
          record_open_ = true;
          row_.data_.clear();
          row_.ends_.clear();
          row_.line_ = line_;
          row_.offset_ = offset_;
          field_start_ = 0;
        }
        if (c == '"') {
          state_ = State::kQuoted;
          quote_line_ = line_;
          quote_offset_ = offset_;
          quote_column_ = offset_ - line_start_ + 1;
          continue;
        }
        break;
      case State::kUnquoted:
        break;
      case State::kQuoted:
        if (c == '"') {
          state_ = State::kQuoteInQuoted;
          continue;
        }
        if (c == '\n') {
          ++line_;
          line_start_ = offset_ + 1;
        }
        if (row_.data_.size() - field_start_ >= options_.max_field_bytes) {
          return Fail("field longer than " +
                          std::to_string(options_.max_field_bytes) + " bytes",
                      offset_, line_, offset_ - line_start_ + 1);
        }
        row_.data_.push_back(c);
        continue;
      case State::kQuoteInQuoted:
        if (c == '"') {  // "" stands for one quote
          row_.data_.push_back('"');
          state_ = State::kQuoted;
          continue;
        }
        break;
    }
    // Unquoted text, or what follows a closing quote.
    if (c == delim) {
      EXPOSURE_RETURN_IF_ERROR(EndField());
      state_ = State::kFieldStart;
    } else if (c == '\n' || c == '\r') {
      Status s = EndField();
      if (s.ok())
        s = EndRecord();
      ++line_;
      line_start_ = offset_ + 1;
      if (!s.ok()) {
        ++offset_;
        return s;
      }
      state_ = c == '\r' ? State::kAfterCr : State::kFieldStart;
    } else {
      if (row_.data_.size() - field_start_ >= options_.max_field_bytes) {
        return Fail("field longer than " +
                        std::to_string(options_.max_field_bytes) + " bytes",
                    offset_, line_, offset_ - line_start_ + 1);
      }
      row_.data_.push_back(c);
      state_ = State::kUnquoted;
    }
  }
  return Status::Ok();
}

}  // namespace exposure
