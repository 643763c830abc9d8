#include "core/intel/intel_builder.h"

#include <algorithm>
#include <utility>

#include "core/base/strings.h"
#include "core/import/csv/csv_importer.h"
#include "core/import/decompress.h"
#include "core/import/json/json_importer.h"
#include "core/import/stage.h"
#include "core/import/text_encoding.h"
#include "core/intel/bundle_io.h"
#include "core/intel/source_input.h"

#ifdef EXPOSURE_INTEL_CAN_COMPRESS
#include <zstd.h>
#endif

namespace exposure {

using intel_internal::ByteWriter;
using intel_internal::Quoted;
using intel_internal::ReadWhole;
using intel_internal::RowStart;
using intel_internal::SortUnique;
using intel_internal::SortUniqueRows;
using intel_internal::SourceInput;

IntelInput::~IntelInput() = default;

namespace {

// ---- KEV catalog JSON ------------------------------------------------------

// CISA's catalog as records: the top-level scalars the bundle stores
// (catalogVersion, dateReleased, count) and each entry of
// $.vulnerabilities[] whole; the title and anything else at the top are
// walked unread. An entry's errors are found once it is read whole, so they
// are located at its closing brace and name the entry, its CVE and the field.
class KevReader final : public JsonImporter {
 public:
  static constexpr const char* kSource = "KEV catalog";

  void Deliver(IntelBuilder* builder) {
    info_.present = true;
    builder->SetKev(std::move(info_), std::move(rows_));
  }

 private:
  bool Want(const std::string& path) override {
    if (path == "$")
      return records_.root_type() == 's';  // refused in OnValue
    if (in_vulnerabilities_)
      return true;  // an entry, or a member of an object (refused)
    if (path == "$.vulnerabilities") {
      vulnerabilities_named_ = true;  // not an array if never entered
      return false;
    }
    return path == "$.catalogVersion" || path == "$.dateReleased" ||
           path == "$.count";
  }

  Status OnEnter(const std::string& path) override {
    if (path == "$" && records_.root_type() == '[')
      return Status::Error("the top level must be an object, not an array");
    if (path == "$.vulnerabilities") {
      in_vulnerabilities_ = true;
      seen_vulnerabilities_ = true;
    }
    return Status::Ok();
  }

  Status OnLeave(const std::string& path) override {
    if (path == "$.vulnerabilities")
      in_vulnerabilities_ = false;
    return Status::Ok();
  }

  Status OnValue(const std::string& path, const JsonValue& value) override {
    if (path == "$.vulnerabilities[]")
      return Entry(value);
    if (path == "$")
      return Status::Error("the top level must be an object");
    if (path == "$.count") {
      if (!value.is_number())
        return Status::Error("count must be a number");
      if (!ParseUint32(value.text(), &declared_count_)) {
        return Status::Error("count " + std::string(value.text()) +
                             " is not a row count");
      }
      has_count_ = true;
      return Status::Ok();
    }
    if (in_vulnerabilities_) {
      // "$.vulnerabilities.<key>": a member, so an object, not an array.
      return Status::Error("vulnerabilities must be an array");
    }
    // $.catalogVersion or $.dateReleased.
    if (!value.is_string() || value.text().empty())
      return Status::Error(JsonPathKey(path) + " must be a non-empty string");
    std::string& target = path == "$.catalogVersion" ? info_.catalog_version
                                                     : info_.date_released;
    target.assign(value.text().data(), value.text().size());
    return Status::Ok();
  }

  // After a well-formed document: whole-catalog checks, then the rows sorted.
  Status Check() override {
    if (info_.catalog_version.empty()) {
      return Status::Error(
          "no catalogVersion (is this CISA's KEV catalog JSON?)");
    }
    if (info_.date_released.empty())
      return Status::Error("no dateReleased");
    if (!seen_vulnerabilities_) {
      // Named but never entered: a string, number, boolean or null.
      return Status::Error(vulnerabilities_named_
                               ? "vulnerabilities must be an array"
                               : "no vulnerabilities array");
    }
    if (rows_.empty())
      return Status::Error("the vulnerabilities array is empty");
    if (has_count_ && declared_count_ != rows_.size()) {
      return Status::Error("the catalog's count is " +
                           std::to_string(declared_count_) + " but it lists " +
                           std::to_string(rows_.size()) +
                           " vulnerabilities (truncated or edited?)");
    }
    size_t first = 0, second = 0;
    if (!SortUnique(&rows_, &first, &second)) {
      return Status::Error(FormatCveKey(rows_[second].cve) +
                           " is listed twice (vulnerabilities[" +
                           std::to_string(first) + "] and [" +
                           std::to_string(second) + "])");
    }
    return Status::Ok();
  }

  // One entry of the catalog. Values are checked before presence, so that
  // a field of the wrong type is reported as such even when the entry also
  // lacks another; cveID comes first, so that later messages name the CVE.
  Status Entry(const JsonValue& entry) {
    entry_cve_known_ = false;
    if (!entry.is_object())
      return EntryError("not an object");
    IntelBuilder::KevRow row;
    std::string_view text;
    bool has_cve = false;
    EXPOSURE_RETURN_IF_ERROR(Stored(entry, "cveID", &text, &has_cve));
    if (has_cve) {
      if (!ParseCveKey(text, &row.cve))
        return EntryError("cveID " + Quoted(text) + " is not a CVE id");
      entry_cve_ = row.cve;
      entry_cve_known_ = true;
    }
    bool has_added = false;
    EXPOSURE_RETURN_IF_ERROR(
        Date(entry, "dateAdded", &row.date_added, &has_added));
    bool has_due = false;
    EXPOSURE_RETURN_IF_ERROR(Date(entry, "dueDate", &row.due_date, &has_due));
    bool present = false;
    EXPOSURE_RETURN_IF_ERROR(
        Stored(entry, "knownRansomwareCampaignUse", &text, &present));
    if (EqualsIgnoreCase(text, "Known")) {
      row.ransomware = RansomwareUse::kKnown;
    } else if (!EqualsIgnoreCase(text, "Unknown") && !text.empty()) {
      return EntryError("knownRansomwareCampaignUse " + Quoted(text) +
                        " is neither Known nor Unknown");
    }
    EXPOSURE_RETURN_IF_ERROR(Stored(entry, "vendorProject", &text, &present));
    row.vendor_project.assign(text.data(), text.size());
    EXPOSURE_RETURN_IF_ERROR(Stored(entry, "product", &text, &present));
    row.product.assign(text.data(), text.size());
    EXPOSURE_RETURN_IF_ERROR(
        Stored(entry, "vulnerabilityName", &text, &present));
    row.vulnerability_name.assign(text.data(), text.size());
    if (!has_cve)
      return EntryError("no cveID");
    if (!has_added)
      return EntryError("no dateAdded");
    if (!has_due)
      return EntryError("no dueDate");
    rows_.push_back(std::move(row));
    return Status::Ok();
  }

  // A field the bundle stores: a string when present ("" and false when
  // absent); any other type, null included, is an error.
  Status Stored(const JsonValue& entry,
                const char* name,
                std::string_view* text,
                bool* present) const {
    JsonValue v = entry[name];
    *text = v.text();
    *present = !v.is_null() || entry.contains(name);
    if (*present && !v.is_string())
      return EntryError(std::string(name) + " must be a string");
    return Status::Ok();
  }

  Status Date(const JsonValue& entry,
              const char* name,
              uint32_t* date,
              bool* present) const {
    std::string_view text;
    EXPOSURE_RETURN_IF_ERROR(Stored(entry, name, &text, present));
    if (*present && !ParseIsoDate(text, date)) {
      return EntryError(std::string(name) + " " + Quoted(text) +
                        " is not a YYYY-MM-DD date");
    }
    return Status::Ok();
  }

  // "vulnerabilities[3] (CVE-2024-3094): <message>"; the CVE once known.
  Status EntryError(const std::string& message) const {
    std::string where = "vulnerabilities[" + std::to_string(rows_.size()) + "]";
    if (entry_cve_known_)
      where += " (" + FormatCveKey(entry_cve_) + ")";
    return Status::Error(where + ": " + message);
  }

  bool vulnerabilities_named_ = false;  // the top level has the key
  bool seen_vulnerabilities_ = false;   // ... holding an array (or object)
  bool in_vulnerabilities_ = false;
  bool has_count_ = false;
  uint32_t declared_count_ = 0;
  bool entry_cve_known_ = false;  // the entry being read has a valid cveID
  CveKey entry_cve_ = 0;
  KevSourceInfo info_;
  std::vector<IntelBuilder::KevRow> rows_;  // in the catalog's order
};

// ---- EPSS CSV
// ----------------------------------------------------------------

CsvOptions EpssCsvOptions() {
  CsvOptions o;
  o.delimiter = ',';
  o.header = false;  // comments come first; EpssReader finds the header
  return o;
}

// FIRST's daily file or another CSV naming the columns cve, epss and a
// percentile. Rows before the header starting with '#' are FIRST's comments.
class EpssReader final : public CsvImporter {
 public:
  static constexpr const char* kSource = "EPSS";

  explicit EpssReader(EpssInputOptions options)
      : CsvImporter(EpssCsvOptions()), options_(std::move(options)) {}

  void Deliver(IntelBuilder* builder) {
    info_.partial = info_.partial || options_.partial;
    info_.present = true;
    builder->SetEpss(std::move(info_), std::move(rows_));
  }

 private:
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
      return Status::Error(Quoted(cve) + " is not a CVE id");
    if (epss.empty() && percentile.empty())
      return Status::Ok();  // listed without a score: as good as absent
    if (!ParseEpssFixed(epss, &out.score.epss)) {
      return Status::Error(FormatCveKey(out.cve) + ": epss " + Quoted(epss) +
                           " is not a number between 0 and 1");
    }
    if (!ParseEpssFixed(percentile, &out.score.percentile)) {
      return Status::Error(FormatCveKey(out.cve) + ": percentile " +
                           Quoted(percentile) +
                           " is not a number between 0 and 1");
    }
    rows_.push_back(out);
    where_.push_back(RowStart(row));
    return Status::Ok();
  }

  // After a well-formed file: the date (from the file, from the caller, or
  // both agreeing), then the rows sorted.
  Status Check() override {
    if (!header_seen_) {
      return Status::Error(
          "no header line (expected cve,epss,percentile after the # "
          "comments)");
    }
    if (rows_.empty())
      return Status::Error("no scores after the header");
    const std::string& date = info_.score_date;
    if (!date.empty()) {
      uint32_t ymd;
      if (!ParseIsoDate(std::string_view(date).substr(0, 10), &ymd)) {
        return Status::Error("score_date " + Quoted(date) +
                             " does not start with a YYYY-MM-DD date");
      }
      if (!options_.score_date.empty() &&
          options_.score_date != date.substr(0, 10)) {
        return Status::Error("the file's score_date " + date +
                             " disagrees with the given date " +
                             options_.score_date);
      }
    } else if (options_.score_date.empty()) {
      return Status::Error(
          "the file does not state its score date (no #score_date "
          "comment); give it (--epss-date YYYY-MM-DD)");
    } else {
      info_.score_date = options_.score_date;
    }
    return SortUniqueRows(&rows_, &where_);
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
      return Status::Error("the header " + Quoted(names) +
                           " does not name the columns cve, epss and "
                           "percentile");
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
  std::vector<IntelBuilder::EpssRow> rows_;  // in the file's order
  std::vector<Location> where_;              // each row's start, for duplicates
};

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
  return std::make_unique<SourceInput<KevReader>>(this);
}

std::unique_ptr<IntelInput> IntelBuilder::EpssInput(EpssInputOptions options) {
  return std::make_unique<SourceInput<EpssReader>>(this, std::move(options));
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

namespace {

// The days from `date` to `snapshot` as a section stores them: 0 for an
// unknown date, else 1 + the difference (the builder keeps snapshot >=
// date).
uint32_t DaysBack(uint32_t snapshot, uint32_t date) {
  if (date == 0)
    return 0;
  return 1 + intel_internal::DayOrdinal(snapshot) -
         intel_internal::DayOrdinal(date);
}

// One CVE's row of the exploit section: which part of each source it has.
struct ExploitRow {
  CveKey cve = 0;
  uint8_t flags = 0;
  const IntelBuilder::MetasploitPart* metasploit = nullptr;
  const IntelBuilder::ExploitDbPart* exploitdb = nullptr;
  const IntelBuilder::NucleiPart* nuclei = nullptr;
};

}  // namespace

void IntelBuilder::WriteSsvc(std::string* payload) const {
  // Normalized on a copy: Build() is const.
  std::vector<SsvcEntry> rows = ssvc_rows_;
  NormalizeSsvc(&rows);
  uint32_t latest = 0;
  for (const SsvcEntry& e : rows)
    latest = std::max(latest, e.assessed);
  ByteWriter body;
  body.Str("CISA Vulnrichment");
  body.Varint(latest);
  body.Varint(rows.size());
  WriteKeys(rows, &body);
  for (const SsvcEntry& e : rows) {
    body.U8(static_cast<uint8_t>(
        e.exploitation |
        (e.automatable ? intel_internal::kSsvcAutomatable : 0) |
        (e.technical_impact_total ? intel_internal::kSsvcTotalImpact : 0)));
  }
  for (const SsvcEntry& e : rows) {
    body.Varint(intel_internal::DayOrdinal(latest) -
                intel_internal::DayOrdinal(e.assessed));
  }
  ByteWriter section;
  section.U8(intel_internal::kSsvcSection);
  section.Str(body.bytes());
  payload->append(section.bytes());
}

void IntelBuilder::WriteExploits(std::string* payload) const {
  // The three sources' parts merged by CVE.
  std::vector<ExploitRow> rows;
  rows.reserve(exploitdb_.size() + metasploit_.size() + nuclei_.size());
  size_t m = 0, e = 0, n = 0;
  while (m < metasploit_.size() || e < exploitdb_.size() ||
         n < nuclei_.size()) {
    CveKey cve = ~CveKey{0};
    if (m < metasploit_.size())
      cve = std::min(cve, metasploit_[m].cve);
    if (e < exploitdb_.size())
      cve = std::min(cve, exploitdb_[e].cve);
    if (n < nuclei_.size())
      cve = std::min(cve, nuclei_[n].cve);
    ExploitRow row;
    row.cve = cve;
    if (m < metasploit_.size() && metasploit_[m].cve == cve) {
      row.metasploit = &metasploit_[m++];
      row.flags |= row.metasploit->flags;
    }
    if (e < exploitdb_.size() && exploitdb_[e].cve == cve) {
      row.exploitdb = &exploitdb_[e++];
      row.flags |= kExploitDb;
    }
    if (n < nuclei_.size() && nuclei_[n].cve == cve) {
      row.nuclei = &nuclei_[n++];
      row.flags |= kExploitNuclei;
    }
    rows.push_back(row);
  }
  ByteWriter body;
  body.Varint((has_metasploit_ ? intel_internal::kExploitHasMetasploit : 0) |
              (has_exploitdb_ ? intel_internal::kExploitHasExploitDb : 0) |
              (has_nuclei_ ? intel_internal::kExploitHasNuclei : 0));
  body.Varint(metasploit_snapshot_);
  body.Varint(exploitdb_snapshot_);
  body.Varint(nuclei_snapshot_);
  body.Varint(rows.size());
  WriteKeys(rows, &body);
  for (const ExploitRow& r : rows)
    body.U8(r.flags);
  for (const ExploitRow& r : rows) {
    if (r.metasploit != nullptr)
      body.Varint(DaysBack(metasploit_snapshot_, r.metasploit->added));
  }
  for (const ExploitRow& r : rows) {
    if (r.metasploit != nullptr)
      body.Str(r.metasploit->module);
  }
  for (const ExploitRow& r : rows) {
    if (r.exploitdb != nullptr)
      body.Varint(DaysBack(exploitdb_snapshot_, r.exploitdb->date));
  }
  // Ids as differences from the previous row's (zigzag): entries about
  // neighbouring CVEs are often neighbours.
  int64_t previous_id = 0;
  for (const ExploitRow& r : rows) {
    if (r.exploitdb == nullptr)
      continue;
    int64_t delta = static_cast<int64_t>(r.exploitdb->id) - previous_id;
    body.Varint(intel_internal::ZigZag(delta));
    previous_id = r.exploitdb->id;
  }
  for (const ExploitRow& r : rows) {
    if (r.nuclei != nullptr)
      body.Varint(DaysBack(nuclei_snapshot_, r.nuclei->added));
  }
  for (const ExploitRow& r : rows) {
    if (r.nuclei != nullptr)
      body.Str(r.nuclei->template_path);
  }
  ByteWriter section;
  section.U8(intel_internal::kExploitSection);
  section.Str(body.bytes());
  payload->append(section.bytes());
}

Result<std::string> IntelBuilder::Build(bool compress) const {
  if (!has_kev_ && !has_epss_ && !has_ssvc_ && !has_exploits()) {
    return Status::Error(
        "intel bundle: no data to bundle (KEV, EPSS, Vulnrichment or exploit "
        "catalogues)");
  }
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
  if (has_ssvc_)
    WriteSsvc(&payload.bytes());
  if (has_exploits())
    WriteExploits(&payload.bytes());
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
