#include "core/model/model.h"

#include <utility>

#include "core/base/strings.h"
#include "core/model/sink.h"

namespace exposure {

const char* SeverityName(Severity s) {
  switch (s) {
    case Severity::kInfo:
      return "info";
    case Severity::kLow:
      return "low";
    case Severity::kMedium:
      return "medium";
    case Severity::kHigh:
      return "high";
    case Severity::kCritical:
      return "critical";
  }
  return "info";
}

bool ParseSeverity(std::string_view text, Severity* out) {
  const std::string lower = ToLower(Trim(text));
  // Compared as a view: each test is a length check and a memcmp.
  const std::string_view s = lower;
  if (s == "critical" || s == "urgent") {
    *out = Severity::kCritical;
  } else if (s == "high" || s == "important" || s == "serious" ||
             s == "error") {
    *out = Severity::kHigh;
  } else if (s == "medium" || s == "moderate" || s == "warning") {
    *out = Severity::kMedium;
  } else if (s == "low" || s == "minor" || s == "note") {
    *out = Severity::kLow;
  } else if (s == "info" || s == "informational" || s == "information" ||
             s == "none" || s == "negligible" || s == "unknown" ||
             s == "unspecified" || s.empty()) {
    *out = Severity::kInfo;
  } else {
    return false;
  }
  return true;
}

void ImportSink::AddFindingAndService(Finding&& finding) {
  if (finding.asset != Finding::kNoAsset && finding.port != 0) {
    Service svc;
    svc.asset = finding.asset;
    svc.port = finding.port;
    svc.protocol = finding.protocol;
    svc.name = finding.service;
    AddService(svc);
  }
  AddFinding(std::move(finding));
}

}  // namespace exposure
