#include "core/intel/intel_builder.h"

#include <algorithm>
#include <utility>

#include "core/base/strings.h"
#include "core/import/csv/csv_reader.h"
#include "core/import/decompress.h"
#include "core/import/json/json_tokenizer.h"
#include "core/intel/bundle_io.h"

#ifdef EXPOSURE_INTEL_CAN_COMPRESS
#include <zstd.h>
#endif

namespace exposure {

using intel_internal::ByteWriter;

IntelInput::~IntelInput() = default;

namespace {

// ---- compression, detected from the first bytes --------------------------

// Hands a derived reader its input decompressed, whatever the file was.
class DecodingInput : public IntelInput {
 public:
  Status Feed(std::string_view chunk) final {
    if (!error_.ok())
      return error_;
    if (!started_) {
      size_t want = kCompressionMagicBytes - magic_.size();
      magic_.append(chunk.substr(0, want));
      chunk.remove_prefix(std::min(want, chunk.size()));
      if (magic_.size() < kCompressionMagicBytes)
        return Status::Ok();
      Status s = Start();
      if (!s.ok())
        return s;
    }
    return Pass(chunk);
  }

  Status Finish() final {
    if (!error_.ok() || finished_)
      return error_;
    finished_ = true;
    if (!started_) {
      Status s = Start();
      if (!s.ok())
        return s;
    }
    if (decoder_ != nullptr) {
      Status s = Decoded(decoder_->Finish(Sink()));
      if (!s.ok())
        return s;
    }
    return Keep(FinishPlain());
  }

 protected:
  virtual Status FeedPlain(std::string_view chunk) = 0;
  virtual Status FinishPlain() = 0;

 private:
  Status Start() {
    started_ = true;
    decoder_ = Decompressor::Create(DetectCompression(magic_));
    std::string head;
    head.swap(magic_);
    return Pass(head);
  }

  Status Pass(std::string_view chunk) {
    if (chunk.empty())
      return Status::Ok();
    if (decoder_ == nullptr)
      return Keep(FeedPlain(chunk));
    return Decoded(decoder_->Feed(chunk, Sink()));
  }

  DecompressSink Sink() {
    return [this](std::string_view piece) {
      Status s = FeedPlain(piece);
      if (!s.ok())
        reader_error_ = s;
      return s;
    };
  }

  // A reader's error keeps its location (a decompressed line); the
  // decoder's own already names its compressed byte in the message.
  Status Decoded(const Status& s) {
    if (s.ok())
      return s;
    if (!reader_error_.ok())
      return Keep(reader_error_);
    return Keep(Status::Error(s.message()));
  }

  Status Keep(Status s) {
    if (!s.ok())
      error_ = s;
    return s;
  }

  bool started_ = false;
  bool finished_ = false;
  std::string magic_;
  std::unique_ptr<Decompressor> decoder_;
  Status reader_error_;
  Status error_;
};

// A field's text for an error message: quoted, cut short, with control
// characters and non-ASCII bytes escaped (inputs may hold any bytes).
std::string Quoted(std::string_view s) {
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

// ---- KEV catalog JSON ----------------------------------------------------

// Walks the catalog with the streaming tokenizer, keeping only the fields
// the bundle stores; descriptions, notes and CWEs are skipped unread.
class KevJson : public JsonHandler {
 public:
  Status StartObject() override { return Open(true); }
  Status StartArray() override { return Open(false); }
  Status EndObject() override { return Close(); }
  Status EndArray() override { return Close(); }
  Status Key(std::string_view key) override {
    key_.assign(key.data(), key.size());
    return Status::Ok();
  }
  Status String(std::string_view value) override { return Scalar(&value); }
  Status Number(std::string_view text) override {
    if (depth_ == 1 && key_ == "count") {
      uint32_t v;
      if (!ParseUint32(text, &v))
        return Error("count " + std::string(text) + " is not a row count");
      declared_count_ = v;
      has_count_ = true;
      return Status::Ok();
    }
    return Scalar(nullptr);
  }
  Status Bool(bool) override { return Scalar(nullptr); }
  Status Null() override { return Scalar(nullptr); }

  // After the tokenizer finished: whole-catalog checks.
  Status Check() {
    if (info_.catalog_version.empty())
      return Error("no catalogVersion (is this CISA's KEV catalog JSON?)");
    if (info_.date_released.empty())
      return Error("no dateReleased");
    if (!seen_vulnerabilities_)
      return Error("no vulnerabilities array");
    if (rows_.empty())
      return Error("the vulnerabilities array is empty");
    if (has_count_ && declared_count_ != rows_.size()) {
      return Error("the catalog's count is " + std::to_string(declared_count_) +
                   " but it lists " + std::to_string(rows_.size()) +
                   " vulnerabilities (truncated or edited?)");
    }
    // Sort, keeping each row's position for the duplicate message.
    std::vector<size_t> order(rows_.size());
    for (size_t i = 0; i < order.size(); ++i)
      order[i] = i;
    std::stable_sort(order.begin(), order.end(), [this](size_t a, size_t b) {
      return rows_[a].cve < rows_[b].cve;
    });
    for (size_t i = 1; i < order.size(); ++i) {
      if (rows_[order[i]].cve == rows_[order[i - 1]].cve) {
        return Error(FormatCveKey(rows_[order[i]].cve) +
                     " is listed twice (vulnerabilities[" +
                     std::to_string(order[i - 1]) + "] and [" +
                     std::to_string(order[i]) + "])");
      }
    }
    std::vector<IntelBuilder::KevRow> sorted;
    sorted.reserve(rows_.size());
    for (size_t i : order)
      sorted.push_back(std::move(rows_[i]));
    rows_ = std::move(sorted);
    return Status::Ok();
  }

  KevSourceInfo& info() { return info_; }
  std::vector<IntelBuilder::KevRow>& rows() { return rows_; }

 private:
  // Which of an entry's fields were seen.
  enum Field : unsigned { kCve = 1, kAdded = 2, kDue = 4 };

  static Status Error(const std::string& message) {
    return Status::Error("KEV catalog: " + message);
  }
  Status EntryError(const std::string& message) const {
    std::string where = "vulnerabilities[" + std::to_string(rows_.size()) + "]";
    if ((seen_ & kCve) != 0)
      where += " (" + FormatCveKey(entry_.cve) + ")";
    return Error(where + ": " + message);
  }

  Status Open(bool object) {
    if (depth_ == 0 && !object)
      return Error("the top level must be an object, not an array");
    if (depth_ == 1 && key_ == "vulnerabilities") {
      if (object)
        return Error("vulnerabilities must be an array");
      in_vulnerabilities_ = true;
      seen_vulnerabilities_ = true;
    } else if (depth_ == 2 && in_vulnerabilities_) {
      if (!object)
        return EntryError("not an object");
      in_entry_ = true;
      entry_ = IntelBuilder::KevRow();
      seen_ = 0;
    } else if (depth_ == 3 && in_entry_) {
      Status s = FieldType();
      if (!s.ok())
        return s;
    }
    ++depth_;
    return Status::Ok();
  }

  Status Close() {
    --depth_;
    if (depth_ == 2 && in_entry_) {
      in_entry_ = false;
      if ((seen_ & kCve) == 0)
        return EntryError("no cveID");
      if ((seen_ & kAdded) == 0)
        return EntryError("no dateAdded");
      if ((seen_ & kDue) == 0)
        return EntryError("no dueDate");
      rows_.push_back(std::move(entry_));
    } else if (depth_ == 1 && in_vulnerabilities_) {
      in_vulnerabilities_ = false;
    }
    return Status::Ok();
  }

  // A string (`value`) or another scalar (nullptr).
  Status Scalar(const std::string_view* value) {
    if (depth_ == 0)
      return Error("the top level must be an object");
    if (depth_ == 1) {
      std::string* target = key_ == "catalogVersion" ? &info_.catalog_version
                            : key_ == "dateReleased" ? &info_.date_released
                                                     : nullptr;
      if (target != nullptr) {
        if (value == nullptr || value->empty())
          return Error(key_ + " must be a non-empty string");
        target->assign(value->data(), value->size());
      } else if (key_ == "vulnerabilities") {
        return Error("vulnerabilities must be an array");
      } else if (key_ == "count") {
        return Error("count must be a number");
      }
      return Status::Ok();
    }
    if (depth_ == 2 && in_vulnerabilities_)
      return EntryError("not an object");
    if (depth_ == 3 && in_entry_)
      return value == nullptr ? FieldType() : EntryField(*value);
    return Status::Ok();
  }

  // Rejects a non-string value for a field the bundle stores.
  Status FieldType() {
    static constexpr const char* kStored[] = {"cveID",
                                              "dateAdded",
                                              "dueDate",
                                              "knownRansomwareCampaignUse",
                                              "product",
                                              "vendorProject",
                                              "vulnerabilityName"};
    for (const char* name : kStored) {
      if (key_ == name)
        return EntryError(key_ + " must be a string");
    }
    return Status::Ok();
  }

  Status EntryField(std::string_view v) {
    if (key_ == "cveID") {
      if (!ParseCveKey(v, &entry_.cve))
        return EntryError("cveID " + Quoted(v) + " is not a CVE id");
      seen_ |= kCve;
    } else if (key_ == "dateAdded" || key_ == "dueDate") {
      uint32_t* date =
          key_ == "dateAdded" ? &entry_.date_added : &entry_.due_date;
      if (!ParseIsoDate(v, date))
        return EntryError(key_ + " " + Quoted(v) + " is not a YYYY-MM-DD date");
      seen_ |= key_ == "dateAdded" ? kAdded : kDue;
    } else if (key_ == "knownRansomwareCampaignUse") {
      if (EqualsIgnoreCase(v, "Known")) {
        entry_.ransomware = RansomwareUse::kKnown;
      } else if (EqualsIgnoreCase(v, "Unknown") || v.empty()) {
        entry_.ransomware = RansomwareUse::kUnknown;
      } else {
        return EntryError("knownRansomwareCampaignUse " + Quoted(v) +
                          " is neither Known nor Unknown");
      }
    } else if (key_ == "vendorProject") {
      entry_.vendor_project.assign(v.data(), v.size());
    } else if (key_ == "product") {
      entry_.product.assign(v.data(), v.size());
    } else if (key_ == "vulnerabilityName") {
      entry_.vulnerability_name.assign(v.data(), v.size());
    }
    return Status::Ok();
  }

  int depth_ = 0;  // containers open around the next value
  std::string key_;
  bool in_vulnerabilities_ = false;
  bool seen_vulnerabilities_ = false;
  bool in_entry_ = false;
  IntelBuilder::KevRow entry_;
  unsigned seen_ = 0;
  bool has_count_ = false;
  uint64_t declared_count_ = 0;
  KevSourceInfo info_;
  std::vector<IntelBuilder::KevRow> rows_;
};

class KevReader : public DecodingInput {
 public:
  explicit KevReader(IntelBuilder* builder)
      : builder_(builder), tokenizer_(&json_) {}

 protected:
  Status FeedPlain(std::string_view chunk) override {
    fed_ += chunk.size();
    return Prefixed(tokenizer_.Feed(chunk));
  }
  Status FinishPlain() override {
    if (fed_ == 0)
      return Status::Error("KEV catalog: the file is empty");
    Status s = Prefixed(tokenizer_.Finish());
    if (!s.ok())
      return s;
    s = json_.Check();
    if (!s.ok())
      return s;
    json_.info().present = true;
    builder_->SetKev(std::move(json_.info()), std::move(json_.rows()));
    return Status::Ok();
  }

 private:
  // Syntax errors get the source's name; the handler's have it already.
  static Status Prefixed(const Status& s) {
    if (s.ok() || StartsWith(s.message(), "KEV catalog: "))
      return s;
    return Status::Error("KEV catalog: " + s.message(), s.location());
  }

  IntelBuilder* builder_;
  KevJson json_;
  JsonTokenizer tokenizer_;
  uint64_t fed_ = 0;
};

// ---- EPSS CSV --------------------------------------------------------------

class EpssCsv : public CsvHandler {
 public:
  explicit EpssCsv(EpssInputOptions options) : options_(std::move(options)) {}

  Status OnRecord(const CsvRow& row) override {
    if (!header_seen_) {
      if (StartsWith(Trim(row[0]), "#"))
        return Comment(row);
      return Header(row);
    }
    if (row.blank())
      return Status::Ok();
    std::string_view cve = Trim(row[cve_column_]);
    std::string_view epss = Trim(row[epss_column_]);
    std::string_view percentile = Trim(row[percentile_column_]);
    IntelBuilder::EpssRow out;
    if (!ParseCveKey(cve, &out.cve))
      return Error(Quoted(cve) + " is not a CVE id");
    if (epss.empty() && percentile.empty())
      return Status::Ok();  // listed without a score: as good as absent
    if (!ParseEpssFixed(epss, &out.score.epss)) {
      return Error(FormatCveKey(out.cve) + ": epss " + Quoted(epss) +
                   " is not a number between 0 and 1");
    }
    if (!ParseEpssFixed(percentile, &out.score.percentile)) {
      return Error(FormatCveKey(out.cve) + ": percentile " +
                   Quoted(percentile) + " is not a number between 0 and 1");
    }
    rows_.push_back(out);
    Location where;
    where.line = row.line();
    where.byte_offset = row.byte_offset();
    where.column = 1;
    where_.push_back(where);
    return Status::Ok();
  }

  Status Check() {
    if (!header_seen_) {
      return Error(
          "no header line (expected cve,epss,percentile after the # "
          "comments)");
    }
    if (rows_.empty())
      return Error("no scores after the header");
    // The date: from the file, from the caller, or both agreeing.
    std::string date = info_.score_date;
    if (!date.empty()) {
      uint32_t ymd;
      if (!ParseIsoDate(std::string_view(date).substr(0, 10), &ymd))
        return Error("score_date " + Quoted(date) +
                     " does not start with a "
                     "YYYY-MM-DD date");
      if (!options_.score_date.empty() &&
          options_.score_date != date.substr(0, 10)) {
        return Error("the file's score_date " + date +
                     " disagrees with the given date " + options_.score_date);
      }
    } else if (options_.score_date.empty()) {
      return Error(
          "the file does not state its score date (no #score_date "
          "comment); give it (--epss-date YYYY-MM-DD)");
    } else {
      info_.score_date = options_.score_date;
    }
    std::vector<size_t> order(rows_.size());
    for (size_t i = 0; i < order.size(); ++i)
      order[i] = i;
    std::stable_sort(order.begin(), order.end(), [this](size_t a, size_t b) {
      return rows_[a].cve < rows_[b].cve;
    });
    for (size_t i = 1; i < order.size(); ++i) {
      const IntelBuilder::EpssRow& a = rows_[order[i - 1]];
      const IntelBuilder::EpssRow& b = rows_[order[i]];
      if (a.cve == b.cve) {
        return Status::Error("EPSS: " + FormatCveKey(b.cve) +
                                 " is listed twice (first on line " +
                                 std::to_string(where_[order[i - 1]].line) +
                                 ")",
                             where_[order[i]]);
      }
    }
    std::vector<IntelBuilder::EpssRow> sorted;
    sorted.reserve(rows_.size());
    for (size_t i : order)
      sorted.push_back(rows_[i]);
    rows_ = std::move(sorted);
    where_.clear();
    info_.partial = info_.partial || options_.partial;
    info_.present = true;
    return Status::Ok();
  }

  EpssSourceInfo& info() { return info_; }
  std::vector<IntelBuilder::EpssRow>& rows() { return rows_; }

 private:
  static Status Error(const std::string& message) {
    return Status::Error("EPSS: " + message);
  }

  // "#model_version:v2025.03.14,score_date:2026-08-21T00:00:00+0000", or the
  // same split over two lines, each starting with '#'.
  Status Comment(const CsvRow& row) {
    for (size_t i = 0; i < row.size(); ++i) {
      std::string_view field = Trim(row[i]);
      if (StartsWith(field, "#"))
        field = Trim(field.substr(1));
      size_t colon = field.find(':');
      if (colon == std::string_view::npos)
        continue;
      std::string key = ToLower(Trim(field.substr(0, colon)));
      std::string_view value = Trim(field.substr(colon + 1));
      if (key == "model_version")
        info_.model_version.assign(value.data(), value.size());
      else if (key == "score_date")
        info_.score_date.assign(value.data(), value.size());
    }
    return Status::Ok();
  }

  Status Header(const CsvRow& row) {
    header_seen_ = true;
    CsvHeader header;
    header.Assign(row);
    cve_column_ = header.Index("cve");
    epss_column_ = header.Index("epss");
    percentile_column_ = header.Index("percentile");
    for (const char* name : {"epss percentile", "epss_percentile"}) {
      if (percentile_column_ == CsvHeader::kMissing)
        percentile_column_ = header.Index(name);
    }
    if (cve_column_ == CsvHeader::kMissing ||
        epss_column_ == CsvHeader::kMissing ||
        percentile_column_ == CsvHeader::kMissing) {
      std::string names;
      for (size_t i = 0; i < header.size() && i < 8; ++i)
        names += (i > 0 ? "," : "") + header.name(i);
      return Error("the header " + Quoted(names) +
                   " does not name the columns cve, epss and percentile");
    }
    // FIRST's daily file has exactly these columns; anything else is a
    // derived file that scores only some CVEs.
    info_.partial = !(header.size() == 3 && cve_column_ == 0 &&
                      epss_column_ == 1 && percentile_column_ == 2 &&
                      EqualsIgnoreCase(header.name(2), "percentile"));
    return Status::Ok();
  }

  EpssInputOptions options_;
  bool header_seen_ = false;
  size_t cve_column_ = 0;
  size_t epss_column_ = 0;
  size_t percentile_column_ = 0;
  EpssSourceInfo info_;
  std::vector<IntelBuilder::EpssRow> rows_;
  std::vector<Location> where_;  // each row's start, for duplicates
};

CsvOptions EpssCsvOptions() {
  CsvOptions o;
  o.delimiter = ',';
  o.header = false;  // comments come first; EpssCsv finds the header itself
  return o;
}

class EpssReader : public DecodingInput {
 public:
  EpssReader(IntelBuilder* builder, EpssInputOptions options)
      : builder_(builder),
        csv_(std::move(options)),
        reader_(&csv_, EpssCsvOptions()) {}

 protected:
  Status FeedPlain(std::string_view chunk) override {
    fed_ += chunk.size();
    return Prefixed(reader_.Feed(chunk));
  }
  Status FinishPlain() override {
    if (fed_ == 0)
      return Status::Error("EPSS: the file is empty");
    Status s = Prefixed(reader_.Finish());
    if (!s.ok())
      return s;
    s = csv_.Check();
    if (!s.ok())
      return s;
    builder_->SetEpss(std::move(csv_.info()), std::move(csv_.rows()));
    return Status::Ok();
  }

 private:
  // The CSV reader's own errors (unterminated quotes) get the source name;
  // ours already have it.
  static Status Prefixed(const Status& s) {
    if (s.ok() || StartsWith(s.message(), "EPSS: "))
      return s;
    return Status::Error("EPSS: " + s.message(), s.location());
  }

  IntelBuilder* builder_;
  EpssCsv csv_;
  CsvReader reader_;
  uint64_t fed_ = 0;
};

Status ReadWhole(IntelInput* input, std::string_view file) {
  Status s = input->Feed(file);
  if (!s.ok())
    return s;
  return input->Finish();
}

// Writes n keys as deltas from their predecessor.
template <typename Row>
void WriteKeys(const std::vector<Row>& rows, ByteWriter* w) {
  CveKey previous = 0;
  for (const Row& r : rows) {
    w->Varint(r.cve - previous);
    previous = r.cve;
  }
}

}  // namespace

// ---- IntelBuilder ----------------------------------------------------------

IntelBuilder::IntelBuilder() = default;
IntelBuilder::~IntelBuilder() = default;

std::unique_ptr<IntelInput> IntelBuilder::KevInput() {
  return std::make_unique<KevReader>(this);
}

std::unique_ptr<IntelInput> IntelBuilder::EpssInput(EpssInputOptions options) {
  return std::make_unique<EpssReader>(this, std::move(options));
}

Status IntelBuilder::AddKev(std::string_view file) {
  return ReadWhole(KevInput().get(), file);
}

Status IntelBuilder::AddEpss(std::string_view file, EpssInputOptions options) {
  return ReadWhole(EpssInput(std::move(options)).get(), file);
}

void IntelBuilder::SetKev(KevSourceInfo info, std::vector<KevRow> rows) {
  has_kev_ = true;
  kev_info_ = std::move(info);
  kev_rows_ = std::move(rows);
}

void IntelBuilder::SetEpss(EpssSourceInfo info, std::vector<EpssRow> rows) {
  has_epss_ = true;
  epss_info_ = std::move(info);
  epss_rows_ = std::move(rows);
}

bool IntelBuilder::CopyKev(const IntelBundle& bundle) {
  if (!bundle.kev_source().present)
    return false;
  std::vector<KevRow> rows(bundle.kev_size());
  for (size_t i = 0; i < rows.size(); ++i) {
    KevEntry e = bundle.kev_at(i);
    KevRow& r = rows[i];
    r.cve = e.cve;
    r.date_added = e.date_added;
    r.due_date = e.due_date;
    r.ransomware = e.ransomware;
    r.vendor_project.assign(e.vendor_project.data(), e.vendor_project.size());
    r.product.assign(e.product.data(), e.product.size());
    r.vulnerability_name.assign(e.vulnerability_name.data(),
                                e.vulnerability_name.size());
  }
  // A loaded bundle's keys are sorted and unique, as SetKev expects.
  SetKev(bundle.kev_source(), std::move(rows));
  return true;
}

bool IntelBuilder::CopyEpss(const IntelBundle& bundle) {
  if (!bundle.epss_source().present)
    return false;
  std::vector<EpssRow> rows(bundle.epss_size());
  for (size_t i = 0; i < rows.size(); ++i) {
    rows[i].cve = bundle.epss_key_at(i);
    rows[i].score = bundle.epss_at(i);
  }
  SetEpss(bundle.epss_source(), std::move(rows));
  return true;
}

bool IntelBuilder::CanCompress() {
#ifdef EXPOSURE_INTEL_CAN_COMPRESS
  return true;
#else
  return false;
#endif
}

Result<std::string> IntelBuilder::Build(bool compress) const {
  if (!has_kev_ && !has_epss_)
    return Status::Error("intel bundle: no KEV or EPSS data to bundle");
  if (compress && !CanCompress()) {
    return Status::Error(
        "intel bundle: this build cannot compress (zstd decoder only); build "
        "an uncompressed bundle");
  }
  ByteWriter payload;
  if (has_kev_) {
    ByteWriter body;
    body.Str(kev_info_.catalog_version);
    body.Str(kev_info_.date_released);
    body.Varint(kev_rows_.size());
    WriteKeys(kev_rows_, &body);
    for (const KevRow& r : kev_rows_)
      body.Varint(r.date_added);
    for (const KevRow& r : kev_rows_)
      body.Varint(r.due_date);
    for (const KevRow& r : kev_rows_)
      body.U8(static_cast<uint8_t>(r.ransomware));
    for (const KevRow& r : kev_rows_)
      body.Str(r.vendor_project);
    for (const KevRow& r : kev_rows_)
      body.Str(r.product);
    for (const KevRow& r : kev_rows_)
      body.Str(r.vulnerability_name);
    payload.U8(intel_internal::kKevSection);
    payload.Str(body.bytes());
  }
  if (has_epss_) {
    ByteWriter body;
    body.Str(epss_info_.model_version);
    body.Str(epss_info_.score_date);
    body.Varint(epss_info_.partial ? intel_internal::kEpssPartial : 0);
    body.Varint(epss_rows_.size());
    WriteKeys(epss_rows_, &body);
    for (const EpssRow& r : epss_rows_)
      body.Varint(r.score.epss);
    for (const EpssRow& r : epss_rows_)
      body.Varint(r.score.percentile);
    payload.U8(intel_internal::kEpssSection);
    payload.Str(body.bytes());
  }
  const std::string& raw = payload.bytes();
  if (raw.size() > kMaxIntelPayloadBytes)
    return Status::Error("intel bundle: too much data for one bundle");

  std::string stored;
#ifdef EXPOSURE_INTEL_CAN_COMPRESS
  if (compress) {
    // Level 19: the bundle is written once and loaded at every start, so
    // size matters and compression time does not; decoding speed is the
    // same at every level.
    stored.resize(ZSTD_compressBound(raw.size()));
    size_t n =
        ZSTD_compress(stored.data(), stored.size(), raw.data(), raw.size(), 19);
    if (ZSTD_isError(n)) {
      return Status::Error(std::string("intel bundle: zstd: ") +
                           ZSTD_getErrorName(n));
    }
    stored.resize(n);
  }
#endif
  ByteWriter out;
  out.Raw(kIntelMagic);
  out.U16(kIntelFormatVersion);
  out.U16(compress ? intel_internal::kFlagZstd : 0);
  out.U32(0);
  out.U64(raw.size());
  out.U64(Fnv64().Add(raw).value());
  out.Raw(compress ? std::string_view(stored) : std::string_view(raw));
  return std::move(out.bytes());
}

}  // namespace exposure
