// CISA's SSVC decision points per CVE (Vulnrichment) for the intel builder:
// the tab-separated table and raw CVE JSON 5 records (intel_builder.h).
#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/base/strings.h"
#include "core/import/csv/csv_importer.h"
#include "core/import/json/json_importer.h"
#include "core/intel/intel_builder.h"
#include "core/intel/source_input.h"

namespace exposure {

using intel_internal::Quoted;
using intel_internal::ReadWhole;
using intel_internal::RowStart;
using intel_internal::SortUniqueRows;
using intel_internal::SourceInput;

namespace {

// The three decision points, parsed in any case. SSVC 2.0.3 spells the
// values "none", "poc", "active", "yes", "no", "partial", "total"; some
// records capitalise them ("PoC", "Total").
bool ParseExploitation(std::string_view v, uint8_t* out) {
  static constexpr const char* kNames[3] = {"none", "poc", "active"};
  for (uint8_t i = 0; i < 3; ++i) {
    if (EqualsIgnoreCase(v, kNames[i])) {
      *out = i;
      return true;
    }
  }
  return false;
}

bool ParseYesNo(std::string_view v, bool* out) {
  if (EqualsIgnoreCase(v, "yes") || EqualsIgnoreCase(v, "no")) {
    *out = EqualsIgnoreCase(v, "yes");
    return true;
  }
  return false;
}

bool ParseImpact(std::string_view v, bool* total) {
  if (EqualsIgnoreCase(v, "total") || EqualsIgnoreCase(v, "partial")) {
    *total = EqualsIgnoreCase(v, "total");
    return true;
  }
  return false;
}

// The values' error messages, shared by both layouts.
std::string BadExploitation(std::string_view v) {
  return "exploitation " + Quoted(v) + " is not none, poc or active";
}
std::string BadAutomatable(std::string_view v) {
  return "automatable " + Quoted(v) + " is not yes or no";
}
std::string BadImpact(std::string_view v) {
  return "technical impact " + Quoted(v) + " is not partial or total";
}

// ---- the table -------------------------------------------------------------

// cve, exploitation, automatable, technical_impact, assessed (YYYY-MM-DD);
// other columns are not read. A CVE listed twice is an error.
class VulnrichmentTable final : public CsvImporter {
 public:
  VulnrichmentTable() : CsvImporter(intel_internal::TsvOptions()) {}

  std::vector<SsvcEntry>& rows() { return rows_; }

 private:
  Status OnHeader(const CsvHeader& header) override {
    column_[0] = header.Index("cve");
    column_[1] = header.Index("exploitation");
    column_[2] = header.Index("automatable");
    column_[3] = header.Index("technical_impact");
    column_[4] = header.Index("assessed");
    for (size_t c : column_) {
      if (c == CsvHeader::kMissing)
        return intel_internal::HeaderError(header, IntelTable::kVulnrichment);
    }
    return Status::Ok();
  }

  Status OnRecord(const CsvRow& row) override {
    if (row.blank())
      return Status::Ok();
    std::string_view field[5];
    for (int i = 0; i < 5; ++i)
      field[i] = Trim(Get(row, column_[i]));
    SsvcEntry e;
    if (!ParseCveKey(field[0], &e.cve))
      return Status::Error(Quoted(field[0]) + " is not a CVE id");
    const std::string cve = FormatCveKey(e.cve) + ": ";
    if (!ParseExploitation(field[1], &e.exploitation))
      return Status::Error(cve + BadExploitation(field[1]));
    if (!ParseYesNo(field[2], &e.automatable))
      return Status::Error(cve + BadAutomatable(field[2]));
    if (!ParseImpact(field[3], &e.technical_impact_total))
      return Status::Error(cve + BadImpact(field[3]));
    if (!ParseIsoDate(field[4], &e.assessed)) {
      return Status::Error(cve + "assessed " + Quoted(field[4]) +
                           " is not a YYYY-MM-DD date");
    }
    rows_.push_back(e);
    where_.push_back(RowStart(row));
    return Status::Ok();
  }

  Status Check() override {
    if (!reader().header_seen()) {
      return Status::Error(
          "no header line (expected cve, exploitation, automatable, "
          "technical_impact and assessed, tab-separated)");
    }
    if (rows_.empty())
      return Status::Error("no rows after the header");
    return SortUniqueRows(&rows_, &where_);
  }

  size_t column_[5] = {};
  std::vector<SsvcEntry> rows_;  // in the file's order until Check
  std::vector<Location> where_;  // each row's start, for duplicates
};

// ---- one CVE JSON 5 record -------------------------------------------------

// Reads $.dataType, $.cveMetadata and each $.containers.adp[] entry whole;
// the CNA container and everything else are walked unread. An error in the
// SSVC entry is located at the closing brace of its ADP container.
class VulnrichmentRecord final : public JsonImporter {
 public:
  std::vector<SsvcEntry>& rows() { return rows_; }

 private:
  bool Want(const std::string& path) override {
    if (path == "$")
      return records_.root_type() == 's';  // refused in OnValue
    return path == "$.dataType" || path == "$.cveMetadata" ||
           path == "$.containers.adp[]";
  }

  Status OnEnter(const std::string& path) override {
    if (path == "$" && records_.root_type() == '[') {
      return Status::Error(
          "a CVE record is a JSON object, not an array (give one record a "
          "file)");
    }
    return Status::Ok();
  }

  Status OnValue(const std::string& path, const JsonValue& value) override {
    if (path == "$")
      return Status::Error("a CVE record is a JSON object");
    if (path == "$.dataType") {
      if (!value.is_string() || value.text() != "CVE_RECORD") {
        return Status::Error("dataType " +
                             (value.is_string()
                                  ? Quoted(value.text())
                                  : std::string("(not a string)")) +
                             " is not \"CVE_RECORD\"");
      }
      is_record_ = true;
      return Status::Ok();
    }
    if (path == "$.cveMetadata")
      return Metadata(value);
    return Adp(value, adp_index_++);
  }

  Status Check() override {
    if (!is_record_) {
      return Status::Error(
          "not a CVE JSON 5 record (no \"dataType\": \"CVE_RECORD\")");
    }
    if (!has_cve_)
      return Status::Error("the record has no cveMetadata.cveId");
    if (!rejected_ && found_) {
      entry_.cve = cve_;
      rows_.push_back(entry_);
    }
    return Status::Ok();
  }

  Status Metadata(const JsonValue& meta) {
    if (!meta.is_object())
      return Status::Error("cveMetadata must be an object");
    JsonValue id = meta["cveId"];
    if (!id.is_string() || !ParseCveKey(id.text(), &cve_)) {
      return Status::Error(
          "cveMetadata.cveId " +
          (id.is_string() ? Quoted(id.text()) : std::string("(not a string)")) +
          " is not a CVE id");
    }
    has_cve_ = true;
    JsonValue state = meta["state"];
    rejected_ = state.is_string() && EqualsIgnoreCase(state.text(), "REJECTED");
    return Status::Ok();
  }

  // One ADP container: only CISA's ("CISA ADP Vulnrichment") is read.
  Status Adp(const JsonValue& adp, size_t index) {
    JsonValue provider = adp["providerMetadata"];
    JsonValue name = provider["shortName"];
    if (!name.is_string() || name.text() != "CISA-ADP")
      return Status::Ok();
    JsonValue metrics = adp["metrics"];
    if (!metrics.is_array())
      return Status::Ok();
    for (JsonValue metric : metrics) {
      JsonValue other = metric["other"];
      JsonValue type = other["type"];
      if (!type.is_string() || !EqualsIgnoreCase(type.text(), "ssvc"))
        continue;
      Status s = Ssvc(other["content"]);
      if (!s.ok()) {
        return Status::Error("containers.adp[" + std::to_string(index) +
                             "] (CISA-ADP): SSVC " + s.message());
      }
    }
    return Status::Ok();
  }

  // content: {"options": [{"Exploitation": ...}, {"Automatable": ...},
  // {"Technical Impact": ...}], "timestamp": "2024-08-20T20:31:14Z", ...}.
  // Of two entries, the later assessment counts.
  Status Ssvc(const JsonValue& content) {
    if (!content.is_object())
      return Status::Error("content must be an object");
    JsonValue options = content["options"];
    if (!options.is_array())
      return Status::Error("content has no options list");
    SsvcEntry e;
    bool seen[3] = {false, false, false};
    for (JsonValue option : options) {
      if (!option.is_object())
        return Status::Error("an option is not an object");
      for (auto it = option.begin(); it != option.end(); ++it) {
        std::string_view key = it.key();
        int point = EqualsIgnoreCase(key, "Exploitation")       ? 0
                    : EqualsIgnoreCase(key, "Automatable")      ? 1
                    : EqualsIgnoreCase(key, "Technical Impact") ? 2
                                                                : -1;
        if (point < 0)
          continue;  // a decision point CISA may add later
        JsonValue v = *it;
        if (!v.is_string())
          return Status::Error(std::string(key) + " must be a string");
        if (seen[point])
          return Status::Error(std::string(key) + " is given twice");
        seen[point] = true;
        std::string_view text = v.text();
        if (point == 0 && !ParseExploitation(text, &e.exploitation))
          return Status::Error(BadExploitation(text));
        if (point == 1 && !ParseYesNo(text, &e.automatable))
          return Status::Error(BadAutomatable(text));
        if (point == 2 && !ParseImpact(text, &e.technical_impact_total))
          return Status::Error(BadImpact(text));
      }
    }
    static constexpr const char* kPoints[3] = {"Exploitation", "Automatable",
                                               "Technical Impact"};
    for (int i = 0; i < 3; ++i) {
      if (!seen[i])
        return Status::Error(std::string("has no ") + kPoints[i] + " option");
    }
    JsonValue timestamp = content["timestamp"];
    std::string_view ts = timestamp.is_string() ? timestamp.text() : "";
    if (!ParseIsoDate(ts.substr(0, 10), &e.assessed)) {
      return Status::Error("timestamp " + Quoted(ts) +
                           " does not start with a YYYY-MM-DD date");
    }
    if (!found_ || e.assessed >= entry_.assessed)
      entry_ = e;
    found_ = true;
    return Status::Ok();
  }

  bool is_record_ = false;
  bool has_cve_ = false;
  bool rejected_ = false;
  CveKey cve_ = 0;
  size_t adp_index_ = 0;
  bool found_ = false;  // a CISA-ADP SSVC entry was read into entry_
  SsvcEntry entry_;
  std::vector<SsvcEntry> rows_;
};

// Either layout, told from the first character that is not a byte order
// mark or white space: '{' (or '[', refused by the record reader) starts a
// record, anything else a table.
class VulnrichmentReader final : public Stage {
 public:
  static constexpr const char* kSource = "Vulnrichment";

  Status Feed(std::string_view chunk) override {
    if (chosen_ != nullptr)
      return chosen_->Feed(chunk);
    held_.append(chunk.data(), chunk.size());
    constexpr std::string_view kBom = "\xEF\xBB\xBF";
    std::string_view rest = held_;
    if (rest.size() < kBom.size() && kBom.substr(0, rest.size()) == rest)
      return Status::Ok();  // perhaps a byte order mark
    if (StartsWith(rest, kBom))
      rest.remove_prefix(kBom.size());
    size_t at = rest.find_first_not_of(" \t\r\n");
    if (at == std::string_view::npos)
      return Status::Ok();  // undecided yet
    return Choose(rest[at] == '{' || rest[at] == '[');
  }

  Status Finish() override {
    if (chosen_ == nullptr) {
      // Only blanks: the table reader says what is missing.
      EXPOSURE_RETURN_IF_ERROR(Choose(false));
    }
    return chosen_->Finish();
  }

  void Deliver(IntelBuilder* builder) {
    builder->AddSsvc(json_ ? record_.rows() : table_.rows());
  }

 private:
  Status Choose(bool json) {
    json_ = json;
    chosen_ = json ? static_cast<Stage*>(&record_) : &table_;
    std::string held;
    held.swap(held_);
    return chosen_->Feed(held);
  }

  std::string held_;
  Stage* chosen_ = nullptr;
  bool json_ = false;
  VulnrichmentTable table_;
  VulnrichmentRecord record_;
};

}  // namespace

// ---- IntelBuilder
// ------------------------------------------------------------

std::unique_ptr<IntelInput> IntelBuilder::VulnrichmentInput() {
  return std::make_unique<SourceInput<VulnrichmentReader>>(this);
}

Status IntelBuilder::AddVulnrichment(std::string_view file) {
  return ReadWhole(VulnrichmentInput().get(), file);
}

void IntelBuilder::AddSsvc(const std::vector<SsvcEntry>& rows) {
  has_ssvc_ = true;
  ssvc_rows_.insert(ssvc_rows_.end(), rows.begin(), rows.end());
}

void IntelBuilder::NormalizeSsvc(std::vector<SsvcEntry>* rows) {
  // Stable: of a CVE's assessments of the same day, the last added wins.
  std::stable_sort(
      rows->begin(), rows->end(),
      [](const SsvcEntry& a, const SsvcEntry& b) { return a.cve < b.cve; });
  size_t out = 0;
  for (size_t i = 0; i < rows->size(); ++i) {
    const SsvcEntry& e = (*rows)[i];
    if (out > 0 && (*rows)[out - 1].cve == e.cve) {
      if (e.assessed >= (*rows)[out - 1].assessed)
        (*rows)[out - 1] = e;
    } else {
      (*rows)[out++] = e;
    }
  }
  rows->resize(out);
}

bool IntelBuilder::CopySsvc(const IntelBundle& bundle) {
  if (!bundle.ssvc_source().present)
    return false;
  has_ssvc_ = true;
  ssvc_rows_.resize(bundle.ssvc_size());
  for (size_t i = 0; i < ssvc_rows_.size(); ++i)
    ssvc_rows_[i] = bundle.ssvc_at(i);
  return true;
}

bool IntelBuilder::MergeSsvc(const IntelBundle& bundle) {
  if (!bundle.ssvc_source().present)
    return false;
  has_ssvc_ = true;
  NormalizeSsvc(&ssvc_rows_);
  std::vector<SsvcEntry> merged;
  merged.reserve(ssvc_rows_.size() + bundle.ssvc_size());
  size_t mine = 0;
  for (size_t i = 0; i < bundle.ssvc_size(); ++i) {
    SsvcEntry theirs = bundle.ssvc_at(i);
    while (mine < ssvc_rows_.size() && ssvc_rows_[mine].cve < theirs.cve)
      merged.push_back(ssvc_rows_[mine++]);
    if (mine < ssvc_rows_.size() && ssvc_rows_[mine].cve == theirs.cve) {
      const SsvcEntry& own = ssvc_rows_[mine++];
      merged.push_back(theirs.assessed > own.assessed ? theirs : own);
    } else {
      merged.push_back(theirs);
    }
  }
  merged.insert(merged.end(), ssvc_rows_.begin() + mine, ssvc_rows_.end());
  ssvc_rows_ = std::move(merged);
  return true;
}

}  // namespace exposure
