// OCSF 1.8.0 Vulnerability Finding events (class 2002), one JSON object a
// line, one event per finding in the report's order: for a SIEM or a data
// lake that takes OCSF (Amazon Security Lake, Splunk, ...).
//
// Every attribute OCSF marks required for the class (inherited from
// base_event and finding included) and for the objects written is filled;
// tests/ocsf_export_test.cc checks that against the schema files. Times
// come from the finding (last seen, else first seen) or the assessment's
// reference date, never from the clock: the same analysis gives the same
// bytes. Exposure Lens's own conclusions (risk, SSVC decision, due date,
// action, exposure) go in `unmapped`, which OCSF keeps for a source's
// attributes it has no place for.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/json_writer.h"
#include "core/base/time.h"
#include "core/base/version.h"
#include "core/model/model.h"
#include "core/render/export_view.h"
#include "core/score/ssvc.h"

namespace exposure {

namespace {

constexpr size_t kFlushBytes = size_t{1} << 20;
constexpr char kOcsfVersion[] = "1.8.0";
constexpr char kProduct[] = "Exposure Lens";

// The class and its activity: every event creates a finding.
constexpr int kCategoryUid = 2;  // Findings
constexpr int kClassUid = 2002;  // Vulnerability Finding
constexpr int kActivityCreate = 1;
constexpr int64_t kTypeUid = int64_t{kClassUid} * 100 + kActivityCreate;

// OCSF's severity_id: 1 Informational, 2 Low, 3 Medium, 4 High, 5 Critical.
int SeverityId(Severity s) {
  return static_cast<int>(s) + 1;
}
const char* SeverityCaption(Severity s) {
  static constexpr const char* kCaptions[] = {"Informational", "Low", "Medium",
                                              "High", "Critical"};
  return kCaptions[static_cast<int>(s)];
}

// The finding's status_id (OCSF's finding statuses): a decision that
// applies wins over the tool. Accepted risk, false positive and not
// affected are 3 Suppressed (reviewed, nothing to do); deferred is 2 In
// Progress (reviewed, the fix is scheduled). Without a decision: open is 1
// New, fixed 4 Resolved, and muted in the tool (suppressed, not affected,
// false positive) 3 Suppressed. status_detail keeps the report's status.
int StatusId(const ExportFinding& x) {
  if (x.decision)
    return x.decision->status == DecisionStatus::kDeferred ? 2 : 3;
  switch (x.finding->status) {
    case FindingStatus::kOpen:
      return 1;
    case FindingStatus::kFixed:
      return 4;
    case FindingStatus::kSuppressed:
    case FindingStatus::kNotAffected:
    case FindingStatus::kFalsePositive:
      return 3;
  }
  return 1;
}
const char* StatusCaption(int id) {
  switch (id) {
    case 1:
      return "New";
    case 2:
      return "In Progress";
    case 3:
      return "Suppressed";
    case 4:
      return "Resolved";
  }
  return "Unknown";
}

// Days from 1970-01-01 to the proleptic Gregorian date y-m-d.
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  // Count from 0000-03-01 so that the leap day ends a year.
  if (m <= 2)
    --y;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t year_of_era = y - era * 400;
  const int64_t day_of_year = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const int64_t day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

// Reads `n` digits at text[at]; false if they are not all digits.
bool Digits(std::string_view text, size_t at, size_t n, int64_t* out) {
  if (at + n > text.size())
    return false;
  int64_t v = 0;
  for (size_t i = at; i < at + n; ++i) {
    if (text[i] < '0' || text[i] > '9')
      return false;
    v = v * 10 + (text[i] - '0');
  }
  *out = v;
  return true;
}

// An ISO 8601 time as OCSF's timestamp_t, milliseconds since the epoch: a
// date-time in UTC (a time without a zone is taken as UTC, there being no
// better guess), or a bare date ("YYYY-MM-DD", the assessment's reference
// date) at midnight UTC. False when `text` is neither.
bool EpochMillis(std::string_view text, int64_t* ms) {
  const std::string t = NormalizeIso8601(text);
  std::string_view s = t;
  if (s.empty()) {
    // NormalizeIso8601 takes date-times only; a date is 10 characters.
    s = text;
    if (s.size() != 10)
      return false;
  }
  int64_t y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0;
  if (!Digits(s, 0, 4, &y) || s[4] != '-' || !Digits(s, 5, 2, &mo) ||
      s[7] != '-' || !Digits(s, 8, 2, &d) || mo < 1 || mo > 12 || d < 1 ||
      d > 31) {
    return false;
  }
  if (s.size() > 10 && (!Digits(s, 11, 2, &h) || !Digits(s, 14, 2, &mi) ||
                        !Digits(s, 17, 2, &se))) {
    return false;
  }
  *ms = ((DaysFromCivil(y, mo, d) * 24 + h) * 60 + mi) * 60 * 1000 + se * 1000;
  return true;
}

void OptionalTime(JsonWriter* w, const char* key, std::string_view iso) {
  int64_t ms = 0;
  if (!iso.empty() && EpochMillis(iso, &ms)) {
    w->Key(key);
    w->Int(ms);
  }
}

// One CVSS score of a CVE: {version, vector_string, base_score}.
void WriteCvss(JsonWriter* w,
               std::string_view version,
               std::string_view vector,
               int tenths,
               std::string_view source) {
  w->BeginObject();
  w->Key("version");
  w->String(version);
  w->OptionalString("vector_string", vector);
  w->Key("base_score");
  w->Decimal(tenths, 1);
  w->OptionalString("vendor_name", source);
  w->EndObject();
}

// What one vulnerability object is about. OCSF requires just one of
// `cve`, `cwe` and `advisory` in it, so a finding with several CVEs has a
// vulnerability per CVE; without one, a vulnerability per CWE; without
// either, one advisory: the tool's rule.
enum class VulnKind : uint8_t { kCve, kCwe, kAdvisory };

void WriteVulnerability(JsonWriter* w,
                        const ExportFinding& x,
                        VulnKind kind,
                        std::string_view id) {
  const Finding& f = *x.finding;
  const FindingAssessment& fa = *x.assessment;
  w->BeginObject();
  switch (kind) {
    case VulnKind::kCve: {
      w->Key("cve");
      w->BeginObject();
      w->Key("uid");
      w->String(id);
      // The score used, then the other scores the file states.
      bool any = fa.cvss_score >= 0 && !x.cvss_version.empty();
      if (any || !f.cvss.empty()) {
        w->Key("cvss");
        w->BeginArray();
        if (any)
          WriteCvss(w, x.cvss_version, x.cvss_vector, fa.cvss_score, "");
        for (const CvssVector& v : f.cvss) {
          if (v.score_tenths < 0 || v.version.empty() ||
              (any && v.vector == x.cvss_vector)) {
            continue;
          }
          WriteCvss(w, v.version, v.vector, v.score_tenths, v.source);
        }
        w->EndArray();
      }
      // EPSS is the strongest over the finding's CVEs: it belongs to a
      // CVE only when there is one (`unmapped` has it either way).
      if (fa.epss >= 0 && f.cves.size() == 1) {
        w->Key("epss");
        w->BeginObject();
        w->Key("score");
        std::string score;
        score = std::to_string(fa.epss / 100000) + ".";
        const std::string frac = std::to_string(fa.epss % 100000);
        score.append(5 - frac.size(), '0');
        score += frac;
        w->String(score);
        if (fa.epss_percentile >= 0) {
          w->Key("percentile");
          w->Decimal(fa.epss_percentile, 5);
        }
        w->EndObject();
      }
      w->EndObject();
      break;
    }
    case VulnKind::kCwe:
      w->Key("cwe");
      w->BeginObject();
      w->Key("uid");
      w->String(id);
      w->EndObject();
      break;
    case VulnKind::kAdvisory:
      w->Key("advisory");
      w->BeginObject();
      w->Key("uid");
      w->String(id);
      w->OptionalString("title", f.title);
      w->EndObject();
      break;
  }
  w->OptionalString("title", f.title);
  w->OptionalString("desc", f.description);
  w->Key("severity");
  w->String(SeverityCaption(f.severity));
  // OCSF 1.8.0 has no KEV attribute: a CVE on KEV is exploited, so it has
  // an exploit available (`unmapped.kev` says which).
  w->Key("is_exploit_available");
  w->Bool(fa.kev ||
          (fa.evidence_flags & (kEvidenceExploit | kEvidenceWeaponised)) != 0);
  if (!f.component.fixed.empty()) {
    w->Key("is_fix_available");
    w->Bool(true);
  }
  // A package needs a name and a version.
  if (!f.component.name.empty() && !f.component.installed.empty()) {
    w->Key("affected_packages");
    w->BeginArray();
    w->BeginObject();
    w->Key("name");
    w->String(f.component.name);
    w->Key("version");
    w->String(f.component.installed);
    w->OptionalString("fixed_in_version", f.component.fixed);
    w->OptionalString("package_manager", f.component.type);
    w->OptionalString("path", f.component.path);
    w->OptionalString("purl", f.component.purl);
    w->EndObject();
    w->EndArray();
  }
  if (!f.solution.empty()) {
    w->Key("remediation");
    w->BeginObject();
    w->Key("desc");
    w->String(f.solution);
    w->EndObject();
  }
  if (!f.references.empty())
    w->StringArray("references", f.references);
  OptionalTime(w, "first_seen_time", f.first_seen);
  OptionalTime(w, "last_seen_time", f.last_seen);
  w->OptionalString("vendor_name", f.tool);
  w->EndObject();
}

void WriteEvent(JsonWriter* w, const ExportView& view, const ExportFinding& x) {
  const Finding& f = *x.finding;
  const FindingAssessment& fa = *x.assessment;
  w->BeginObject();
  w->Key("activity_id");
  w->Int(kActivityCreate);
  w->Key("activity_name");
  w->String("Create");
  w->Key("category_uid");
  w->Int(kCategoryUid);
  w->Key("category_name");
  w->String("Findings");
  w->Key("class_uid");
  w->Int(kClassUid);
  w->Key("class_name");
  w->String("Vulnerability Finding");
  w->Key("type_uid");
  w->Int(kTypeUid);
  w->Key("type_name");
  w->String("Vulnerability Finding: Create");
  w->Key("severity_id");
  w->Int(SeverityId(f.severity));
  w->Key("severity");
  w->String(SeverityCaption(f.severity));
  const int status = StatusId(x);
  w->Key("status_id");
  w->Int(status);
  w->Key("status");
  w->String(StatusCaption(status));
  w->Key("status_detail");
  w->String(x.status);
  // When the finding was last (else first) seen, else when its asset was
  // last scanned (a Trivy or Grype report dates the scan, not each
  // finding), else the reference date of the assessment; the epoch when
  // nothing says (required, never the clock).
  int64_t time = 0;
  if (!EpochMillis(f.last_seen, &time) && !EpochMillis(f.first_seen, &time) &&
      (f.asset == Finding::kNoAsset ||
       !EpochMillis(view.store().sightings(f.asset).last_scanned, &time)) &&
      !EpochMillis(view.assessment().as_of, &time)) {
    time = 0;
  }
  w->Key("time");
  w->Int(time);
  w->Key("message");
  w->String(f.title.empty() ? x.rule_key : std::string_view(f.title));

  w->Key("metadata");
  w->BeginObject();
  w->Key("version");
  w->String(kOcsfVersion);
  w->Key("product");
  w->BeginObject();
  w->Key("name");
  w->String(kProduct);
  w->Key("vendor_name");
  w->String(kProduct);
  w->Key("version");
  w->String(kVersion);
  w->EndObject();
  w->Key("uid");
  w->String(x.id);
  w->EndObject();

  w->Key("finding_info");
  w->BeginObject();
  w->Key("uid");
  w->String(x.id);
  w->Key("title");
  w->String(f.title.empty() ? x.rule_key : std::string_view(f.title));
  w->OptionalString("desc", f.description);
  const char* category = CategoryName(f.category);
  if (*category != '\0') {
    w->Key("types");
    w->BeginArray();
    w->String(category);
    w->EndArray();
  }
  OptionalTime(w, "first_seen_time", f.first_seen);
  OptionalTime(w, "last_seen_time", f.last_seen);
  // The rule that fired, and the tool that reported it.
  w->Key("analytic");
  w->BeginObject();
  w->Key("uid");
  w->String(x.rule_key);
  w->OptionalString("name", f.title);
  w->Key("type_id");
  w->Int(1);
  w->Key("type");
  w->String("Rule");
  w->EndObject();
  const std::string_view tool = f.tool.empty() ? f.format : f.tool;
  if (!tool.empty()) {
    w->Key("product");
    w->BeginObject();
    w->Key("name");
    w->String(tool);
    w->EndObject();
  }
  w->EndObject();

  w->Key("vulnerabilities");
  w->BeginArray();
  if (!f.cves.empty()) {
    for (const std::string& cve : f.cves)
      WriteVulnerability(w, x, VulnKind::kCve, cve);
  } else if (!f.cwes.empty()) {
    for (const std::string& cwe : f.cwes)
      WriteVulnerability(w, x, VulnKind::kCwe, cwe);
  } else {
    WriteVulnerability(
        w, x, VulnKind::kAdvisory,
        f.rule_id.empty() ? x.rule_key : std::string_view(f.rule_id));
  }
  w->EndArray();

  if (x.asset) {
    const Asset& a = *x.asset;
    w->Key("resources");
    w->BeginArray();
    w->BeginObject();
    w->Key("uid");
    w->String(x.asset_id);
    w->OptionalString("name", a.name);
    const char* kind = AssetKindName(a.kind);
    w->OptionalString("type", kind);
    w->OptionalString("hostname",
                      a.ids.fqdn.empty() ? a.ids.hostname : a.ids.fqdn);
    w->OptionalString("ip", a.ids.ip);
    if (a.context.criticality)
      w->OptionalString("criticality", CriticalityName(*a.context.criticality));
    if (!a.tags.empty())
      w->StringArray("labels", a.tags);
    w->EndObject();
    w->EndArray();
  }

  w->Key("unmapped");
  w->BeginObject();
  w->Key("risk");
  w->Int(fa.risk);
  w->Key("kev");
  w->Bool(fa.kev);
  if (fa.epss >= 0) {
    w->Key("epss");
    w->Decimal(fa.epss, 5);
  }
  w->Key("decision");
  w->String(Name(fa.decision));
  w->OptionalString("due", x.due);
  w->Key("status");
  w->String(x.status);
  if (x.decision) {
    w->Key("triage");
    w->BeginObject();
    w->Key("status");
    w->String(DecisionStatusName(x.decision->status));
    w->OptionalString("reason", x.decision->reason);
    w->OptionalString("by", x.decision->by);
    w->OptionalString("until", x.decision->until);
    w->EndObject();
  }
  if (x.action)
    w->OptionalString("action", x.action->id);
  w->OptionalString("exposure", x.exposure_id);
  w->Key("rule");
  w->String(x.rule_key);
  w->OptionalString("input", x.input);
  w->EndObject();
  w->EndObject();
}

}  // namespace

Status WriteOcsf(const ExportView& view, ExportOutput* out) {
  std::string buf;
  Status status;
  Status walk = view.ForEachFinding([&](const ExportFinding& x) {
    {
      // A writer per event: each is a root object on its own line.
      JsonWriter w(&buf, JsonWriter::Style::kCompact);
      WriteEvent(&w, view, x);
    }
    buf += '\n';
    if (buf.size() >= kFlushBytes) {
      status = out->Write(buf);
      buf.clear();
    }
    return status.ok();
  });
  if (!walk.ok())
    return walk;
  if (!status.ok())
    return status;
  // Written even when empty, so that the export has its (empty) file.
  return out->Write(buf);
}

}  // namespace exposure
