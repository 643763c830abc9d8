#include "core/app/intel_refresh.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "core/base/json_writer.h"
#include "core/base/strings.h"
#include "core/import/decompress.h"
#include "core/import/stage.h"
#include "core/import/text_encoding.h"
#include "core/importers/importer.h"
#include "core/importers/sniff_util.h"

namespace exposure {

namespace {

// The last stage of a chain that only looks: keeps the first kSniffBytes of
// text and then stops the input.
class HeadStage final : public Stage {
 public:
  Status Feed(std::string_view chunk) override {
    head_.append(chunk.substr(0, kSniffBytes - head_.size()));
    return head_.size() < kSniffBytes ? Status::Ok()
                                      : Status::Error("head complete");
  }
  Status Finish() override { return Status::Ok(); }

  const std::string& head() const { return head_; }

 private:
  std::string head_;
};

// The first kSniffBytes of text in `head`, through the stages that read the
// file later (IntelBuilder's inputs): decompressed and converted to UTF-8 as
// far as the bytes at hand allow. A cut-off stream is expected here, not an
// error; `complete` lets an input shorter than the stages' magic bytes
// through.
std::string TextHead(std::string_view head, bool complete) {
  StageLog log;
  HeadStage collect;
  TextStage text(&collect, &log);
  DecompressStage decompress(&text, &log);
  // The "head complete" stop and decoding errors end the look alike.
  if (decompress.Feed(head).ok() && complete)
    (void)decompress.Finish();
  return collect.head();
}

bool LooksLikeEpss(std::string_view text) {
  if (StartsWith(text, "#")) {
    std::string first = ToLower(text.substr(0, text.find('\n')));
    return Contains(first, "model_version") || Contains(first, "score_date");
  }
  size_t end = text.find('\n');
  if (end == std::string_view::npos)
    end = text.size();
  bool cve = false, epss = false, percentile = false;
  for (const std::string& field : SplitTrimmed(text.substr(0, end), ",")) {
    std::string name = ToLower(field);
    name.erase(std::remove(name.begin(), name.end(), '"'), name.end());
    name = std::string(Trim(name));
    cve = cve || name == "cve";
    epss = epss || name == "epss";
    percentile = percentile || Contains(name, "percentile");
  }
  return cve && epss && percentile;
}

// A CVE JSON 5 record: "dataType": "CVE_RECORD" (any spacing), or the
// record's two top-level objects when dataType comes later than the head.
bool LooksLikeCveRecord(std::string_view text) {
  if (!StartsWith(text, "{"))
    return false;
  for (size_t at = text.find("\"dataType\""); at != std::string_view::npos;
       at = text.find("\"dataType\"", at + 1)) {
    std::string_view rest = Trim(text.substr(at + 10));
    if (StartsWith(rest, ":") &&
        StartsWith(Trim(rest.substr(1)), "\"CVE_RECORD\"")) {
      return true;
    }
  }
  return Contains(text, "\"cveMetadata\"") && Contains(text, "\"containers\"");
}

// A table of ours (Vulnrichment or an exploit catalogue), by its header.
IntelFileKind TableKind(std::string_view text) {
  std::string_view first = text.substr(0, text.find('\n'));
  switch (IntelTableOfHeader(first)) {
    case IntelTable::kVulnrichment:
      return IntelFileKind::kVulnrichment;
    case IntelTable::kMetasploit:
      return IntelFileKind::kMetasploit;
    case IntelTable::kExploitDb:
      return IntelFileKind::kExploitDb;
    case IntelTable::kNuclei:
      return IntelFileKind::kNuclei;
    case IntelTable::kNone:
      break;
  }
  return IntelFileKind::kUnknown;
}

bool LooksLikeKev(std::string_view text) {
  if (!StartsWith(text, "{"))
    return false;
  return Contains(text, "\"catalogVersion\"") ||
         (Contains(text, "\"vulnerabilities\"") && Contains(text, "\"cveID\""));
}

void Member(std::string* out, const char* key, std::string_view value) {
  AppendJsonString(key, out);
  *out += ':';
  AppendJsonString(value, out);
}

void Member(std::string* out, const char* key, uint64_t value) {
  AppendJsonString(key, out);
  *out += ':';
  *out += std::to_string(value);
}

// A date of an exploit source: null when the bundle lacks the source.
void SourceDate(std::string* out,
                const char* key,
                bool present,
                const std::string& date) {
  if (present) {
    Member(out, key, date);
    return;
  }
  AppendJsonString(key, out);
  *out += ":null";
}

}  // namespace

const char* IntelFileKindId(IntelFileKind kind) {
  switch (kind) {
    case IntelFileKind::kKev:
      return "kev";
    case IntelFileKind::kEpss:
      return "epss";
    case IntelFileKind::kVulnrichment:
      return "vulnrichment";
    case IntelFileKind::kMetasploit:
      return "metasploit";
    case IntelFileKind::kExploitDb:
      return "exploitdb";
    case IntelFileKind::kNuclei:
      return "nuclei";
    case IntelFileKind::kUnknown:
      break;
  }
  return "";
}

IntelFileKind IntelFileKindFromId(std::string_view id) {
  for (IntelFileKind kind :
       {IntelFileKind::kKev, IntelFileKind::kEpss, IntelFileKind::kVulnrichment,
        IntelFileKind::kMetasploit, IntelFileKind::kExploitDb,
        IntelFileKind::kNuclei}) {
    if (id == IntelFileKindId(kind))
      return kind;
  }
  return IntelFileKind::kUnknown;
}

IntelFileKind DetectIntelFile(std::string_view head, bool complete) {
  std::string plain = TextHead(head, complete);
  std::string_view text = SkipBomAndSpace(plain);
  if (LooksLikeCveRecord(text))
    return IntelFileKind::kVulnrichment;
  if (LooksLikeKev(text))
    return IntelFileKind::kKev;
  if (LooksLikeEpss(text))
    return IntelFileKind::kEpss;
  return TableKind(text);
}

std::string IntelBundleJson(const IntelBundle& b) {
  std::string out = "{";
  Member(&out, "origin", b.origin());
  out += ',';
  Member(&out, "format",
         "exposure-intel/" + std::to_string(kIntelFormatVersion));
  out += ",\"compressed\":";
  out += b.compressed() ? "true" : "false";
  out += ',';
  Member(&out, "bytes", b.stored_bytes());
  out += ",\"kev\":";
  const KevSourceInfo& kev = b.kev_source();
  if (kev.present) {
    out += '{';
    Member(&out, "catalog_version", kev.catalog_version);
    out += ',';
    Member(&out, "date_released", kev.date_released);
    out += ',';
    Member(&out, "cves", b.kev_size());
    out += ',';
    Member(&out, "ransomware_known", b.kev_ransomware_known());
    out += '}';
  } else {
    out += "null";
  }
  out += ",\"epss\":";
  const EpssSourceInfo& epss = b.epss_source();
  if (epss.present) {
    out += '{';
    Member(&out, "model_version", epss.model_version);
    out += ',';
    Member(&out, "score_date", epss.score_date);
    out += ',';
    Member(&out, "cves", b.epss_size());
    out += ',';
    Member(&out, "coverage", epss.partial ? "partial" : "full");
    out += '}';
  } else {
    out += "null";
  }
  out += ",\"ssvc\":";
  const SsvcSourceInfo& ssvc = b.ssvc_source();
  if (ssvc.present) {
    out += '{';
    Member(&out, "label", ssvc.label);
    out += ',';
    Member(&out, "latest_assessed", ssvc.latest_assessed);
    out += ',';
    Member(&out, "cves", b.ssvc_size());
    out += '}';
  } else {
    out += "null";
  }
  out += ",\"exploits\":";
  const ExploitSourceInfo& ex = b.exploit_source();
  if (ex.present) {
    out += '{';
    SourceDate(&out, "metasploit_date", ex.metasploit, ex.metasploit_date);
    out += ',';
    SourceDate(&out, "exploitdb_date", ex.exploitdb, ex.exploitdb_date);
    out += ',';
    SourceDate(&out, "nuclei_date", ex.nuclei, ex.nuclei_date);
    out += ',';
    Member(&out, "cves", b.exploit_size());
    out += '}';
  } else {
    out += "null";
  }
  out += '}';
  return out;
}

std::string IntelErrorJson(const Status& status) {
  std::string out = "{\"error\":{";
  Member(&out, "message", status.message());
  out += ',';
  Member(&out, "location", status.location().ToString());
  out += "}}";
  return out;
}

std::string IntelRefreshJson(const IntelRefreshResult& result) {
  std::string out = "{";
  Member(&out, "kev_from", result.kev_from);
  out += ',';
  Member(&out, "epss_from", result.epss_from);
  out += ',';
  Member(&out, "ssvc_from", result.ssvc_from);
  out += ",\"ssvc_base\":";
  out += result.ssvc_base ? "true" : "false";
  out += ',';
  Member(&out, "metasploit_from", result.metasploit_from);
  out += ',';
  Member(&out, "exploitdb_from", result.exploitdb_from);
  out += ',';
  Member(&out, "nuclei_from", result.nuclei_from);
  out += ",\"bundle\":";
  out += IntelBundleJson(result.bundle);
  out += '}';
  return out;
}

IntelRefresh::IntelRefresh() = default;
IntelRefresh::~IntelRefresh() = default;

Status IntelRefresh::Named(const Status& s) const {
  if (s.ok())
    return s;
  return Status::Error(name_ + ": " + s.message(), s.location());
}

Status IntelRefresh::Begin(IntelFileKind kind, std::string name) {
  input_.reset();
  name_ = std::move(name);
  kind_ = kind;
  error_ = Status::Ok();
  switch (kind) {
    case IntelFileKind::kKev:
      input_ = builder_.KevInput();
      break;
    case IntelFileKind::kEpss:
      input_ = builder_.EpssInput();
      break;
    case IntelFileKind::kVulnrichment:
      input_ = builder_.VulnrichmentInput();
      break;
    case IntelFileKind::kMetasploit:
      input_ = builder_.MetasploitInput();
      break;
    case IntelFileKind::kExploitDb:
      input_ = builder_.ExploitDbInput();
      break;
    case IntelFileKind::kNuclei:
      input_ = builder_.NucleiInput();
      break;
    case IntelFileKind::kUnknown:
      error_ = Named(Status::Error(
          "neither a CISA KEV catalog (JSON), an EPSS CSV, CISA Vulnrichment "
          "data nor an exploit catalogue (Metasploit, Exploit-DB or Nuclei "
          "TSV)"));
      break;
  }
  return error_;
}

Status IntelRefresh::Feed(std::string_view chunk) {
  if (!error_.ok())
    return error_;
  if (input_ == nullptr)
    return Status::Error("intel: Feed without Begin");
  error_ = Named(input_->Feed(chunk));
  return error_;
}

Status IntelRefresh::End() {
  if (!error_.ok())
    return error_;
  if (input_ == nullptr)
    return Status::Error("intel: End without Begin");
  error_ = Named(input_->Finish());
  input_.reset();
  if (error_.ok()) {
    switch (kind_) {
      case IntelFileKind::kKev:
        kev_name_ = name_;
        break;
      case IntelFileKind::kEpss:
        epss_name_ = name_;
        break;
      case IntelFileKind::kVulnrichment:
        vulnrichment_names_.push_back(name_);
        break;
      case IntelFileKind::kMetasploit:
        metasploit_name_ = name_;
        break;
      case IntelFileKind::kExploitDb:
        exploitdb_name_ = name_;
        break;
      case IntelFileKind::kNuclei:
        nuclei_name_ = name_;
        break;
      case IntelFileKind::kUnknown:
        break;
    }
  }
  return error_;
}

Result<IntelRefreshResult> IntelRefresh::Build(const IntelBundle& base,
                                               bool compress,
                                               const std::string& origin) {
  input_.reset();
  if (kev_name_.empty() && epss_name_.empty() && vulnrichment_names_.empty() &&
      metasploit_name_.empty() && exploitdb_name_.empty() &&
      nuclei_name_.empty()) {
    return Status::Error("intel: no threat-intel file was read");
  }
  IntelRefreshResult r;
  r.kev_from = kev_name_;
  r.epss_from = epss_name_;
  r.metasploit_from = metasploit_name_;
  r.exploitdb_from = exploitdb_name_;
  r.nuclei_from = nuclei_name_;
  if (vulnrichment_names_.size() == 1)
    r.ssvc_from = vulnrichment_names_[0];
  else if (!vulnrichment_names_.empty())
    r.ssvc_from = std::to_string(vulnrichment_names_.size()) + " files";
  if (kev_name_.empty() && builder_.CopyKev(base))
    r.kev_from = "base";
  if (epss_name_.empty() && builder_.CopyEpss(base))
    r.epss_from = "base";
  if (vulnrichment_names_.empty()) {
    if (builder_.CopySsvc(base))
      r.ssvc_from = "base";
  } else {
    r.ssvc_base = builder_.MergeSsvc(base);
  }
  if (metasploit_name_.empty() && builder_.CopyMetasploit(base))
    r.metasploit_from = "base";
  if (exploitdb_name_.empty() && builder_.CopyExploitDb(base))
    r.exploitdb_from = "base";
  if (nuclei_name_.empty() && builder_.CopyNuclei(base))
    r.nuclei_from = "base";
  Result<std::string> bytes = builder_.Build(compress);
  if (!bytes.ok())
    return bytes.status();
  Result<IntelBundle> bundle = IntelBundle::Parse(*bytes, origin);
  if (!bundle.ok()) {
    return Status::Error(
        "intel: internal error: the new bundle does not load: " +
        bundle.status().message());
  }
  r.bytes = std::move(*bytes);
  r.bundle = std::move(*bundle);
  return r;
}

}  // namespace exposure
