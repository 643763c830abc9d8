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

namespace {

// One name table per enum: the names are what reports, policies and the
// dashboard read, so they never change once written.
constexpr const char* kCategoryNames[] = {
    "",        "vulnerability", "misconfiguration", "secret",
    "license", "weakness",      "information"};
constexpr const char* kFindingStatusNames[] = {
    "open", "fixed", "suppressed", "not_affected", "false_positive"};
constexpr const char* kAssetKindNames[] = {"",
                                           "host",
                                           "container_image",
                                           "repository",
                                           "cloud_resource",
                                           "kubernetes_workload",
                                           "web_application",
                                           "artifact"};

constexpr const char* kPrincipalKindNames[] = {
    "", "user", "group", "computer", "domain", "ou", "gpo", "container"};
constexpr const char* kRelationKindNames[] = {"MemberOf",
                                              "HasSession",
                                              "AdminTo",
                                              "CanRDP",
                                              "CanPSRemote",
                                              "ExecuteDCOM",
                                              "SQLAdmin",
                                              "AllowedToDelegate",
                                              "AllowedToAct",
                                              "GenericAll",
                                              "GenericWrite",
                                              "WriteDacl",
                                              "WriteOwner",
                                              "Owns",
                                              "ForceChangePassword",
                                              "AddMember",
                                              "AllExtendedRights",
                                              "AddKeyCredentialLink",
                                              "ReadLAPSPassword",
                                              "ReadGMSAPassword",
                                              "DCSync",
                                              "Contains",
                                              "GPLink"};
static_assert(sizeof(kRelationKindNames) / sizeof(kRelationKindNames[0]) ==
                  kRelationKinds,
              "one name per relation kind");

constexpr const char* kCriticalityNames[] = {"low", "medium", "high",
                                             "critical"};
constexpr const char* kSourceClassNames[] = {
    "inventory", "network", "host", "container_sca", "code_web", "cloud"};

template <typename Enum, size_t N>
bool ParseName(const char* const (&names)[N],
               std::string_view name,
               Enum* out) {
  for (size_t i = 0; i < N; ++i) {
    if (name == names[i] && !name.empty()) {
      *out = static_cast<Enum>(i);
      return true;
    }
  }
  return false;
}

}  // namespace

const char* CategoryName(Category c) {
  return kCategoryNames[static_cast<size_t>(c)];
}
bool ParseCategory(std::string_view name, Category* out) {
  return ParseName(kCategoryNames, name, out);
}
const char* FindingStatusName(FindingStatus s) {
  return kFindingStatusNames[static_cast<size_t>(s)];
}
bool ParseFindingStatus(std::string_view name, FindingStatus* out) {
  return ParseName(kFindingStatusNames, name, out);
}
const char* AssetKindName(AssetKind k) {
  return kAssetKindNames[static_cast<size_t>(k)];
}
bool ParseAssetKind(std::string_view name, AssetKind* out) {
  return ParseName(kAssetKindNames, name, out);
}

const char* PrincipalKindName(PrincipalKind k) {
  return kPrincipalKindNames[static_cast<size_t>(k)];
}
bool ParsePrincipalKind(std::string_view name, PrincipalKind* out) {
  return ParseName(kPrincipalKindNames, name, out);
}

const char* RelationKindName(RelationKind k) {
  return kRelationKindNames[static_cast<size_t>(k)];
}
bool ParseRelationKind(std::string_view name, RelationKind* out) {
  return ParseName(kRelationKindNames, name, out);
}

const char* CriticalityName(Criticality c) {
  return kCriticalityNames[static_cast<size_t>(c)];
}

bool ParseCriticality(std::string_view text, Criticality* out) {
  std::string t = ToLower(Trim(text));
  // "1 - Most Critical", "2-High", "3 (medium)": the level leads.
  if (!t.empty() && t[0] >= '1' && t[0] <= '5' &&
      (t.size() == 1 || !IsAsciiDigit(t[1]))) {
    static constexpr Criticality kByLevel[] = {
        Criticality::kCritical, Criticality::kHigh, Criticality::kMedium,
        Criticality::kLow, Criticality::kLow};
    *out = kByLevel[t[0] - '1'];
    return true;
  }
  if (ParseName(kCriticalityNames, t, out))
    return true;
  if (t == "very high" || t == "mission critical" || t == "most critical" ||
      t == "crown jewel" || t == "tier 0" || t == "tier0") {
    *out = Criticality::kCritical;
  } else if (t == "very low" || t == "minimal" || t == "none") {
    *out = Criticality::kLow;
  } else if (t == "moderate" || t == "normal" || t == "average") {
    *out = Criticality::kMedium;
  } else {
    return false;
  }
  return true;
}

const char* SourceClassName(SourceClass c) {
  return kSourceClassNames[static_cast<size_t>(c)];
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

const char* VexStatusName(VexStatus s) {
  switch (s) {
    case VexStatus::kNotAffected:
      return "not_affected";
    case VexStatus::kAffected:
      return "affected";
    case VexStatus::kFixed:
      return "fixed";
    case VexStatus::kUnderInvestigation:
      return "under_investigation";
  }
  return "";
}

bool ParseVexStatus(std::string_view name, VexStatus* out) {
  for (VexStatus s : {VexStatus::kNotAffected, VexStatus::kAffected,
                      VexStatus::kFixed, VexStatus::kUnderInvestigation}) {
    if (name == VexStatusName(s)) {
      *out = s;
      return true;
    }
  }
  return false;
}

}  // namespace exposure
