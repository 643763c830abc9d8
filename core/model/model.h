// The normalized model every importer maps into: assets (what is exposed),
// services (what listens on them) and findings (what is wrong). It is wide
// enough for host scanners (Nessus, Qualys, Nexpose, OpenVAS, Nmap), container
// and dependency scanners (Trivy, Grype, Snyk, CycloneDX, npm/yarn audit),
// code/web scanners (SARIF, ZAP, Burp, Nuclei) and cloud findings (ASFF,
// Prowler): fields a format lacks stay empty and are left out of reports.
#ifndef CORE_MODEL_MODEL_H_
#define CORE_MODEL_MODEL_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace exposure {

// Ordered so that a larger value is more severe.
enum class Severity : uint8_t { kInfo = 0, kLow, kMedium, kHigh, kCritical };

constexpr int kSeverityCount = 5;
const char* SeverityName(Severity s);  // "info" ... "critical"
// Maps the usual spellings ("CRITICAL", "Moderate", "negligible", "none",
// "informational", "unknown", ...) case-insensitively; false if unrecognized.
bool ParseSeverity(std::string_view text, Severity* out);

// What kind of problem a finding is. kUnset only before a finding is bound
// to its rule (see Rule): a finding read from the store always has one.
enum class Category : uint8_t {
  kUnset = 0,
  kVulnerability,
  kMisconfiguration,
  kSecret,
  kLicense,
  kWeakness,
  kInformation,
};
// "vulnerability", "misconfiguration", ...; "" for kUnset.
const char* CategoryName(Category c);
// The inverse of CategoryName; false for anything else.
bool ParseCategory(std::string_view name, Category* out);

// What a tool says about exploiting a finding: bits of Finding::evidence
// (and Rule::evidence, which its findings inherit). The validation ladder
// (core/score/validation.h) reads them with the threat intel; each bit
// names one piece of evidence, so reports can say which.
enum EvidenceFlag : uint16_t {
  kEvidenceExploit = 1 << 0,  // a public exploit exists ("exploit available")
  kEvidenceMetasploit = 1 << 1,  // a Metasploit module
  kEvidenceCoreImpact = 1 << 2,  // a Core Impact module
  kEvidenceCanvas = 1 << 3,      // an Immunity CANVAS module
  kEvidenceMalware = 1 << 4,     // exploited by malware
  // Another exploit kit or a mature exploit: D2 Elliot, ExploitHub,
  // Tenable's exploit code maturity "Functional" or "High".
  kEvidenceExploitKit = 1 << 5,
  // The tool exploited or proved the flaw on this asset: Nessus "exploited
  // by Nessus", ZAP confidence "Confirmed", Burp certainty "Certain", a
  // Nuclei matcher hit with its request.
  kEvidenceConfirmed = 1 << 6,
  // An imported pentest or breach-and-attack-simulation result.
  kEvidencePentest = 1 << 7,
};
// Weaponised: any of these makes the exploit point-and-shoot.
constexpr uint16_t kEvidenceWeaponised = kEvidenceMetasploit |
                                         kEvidenceCoreImpact | kEvidenceCanvas |
                                         kEvidenceMalware | kEvidenceExploitKit;

// Where a finding stands, as its tool says.
enum class FindingStatus : uint8_t {
  kOpen = 0,
  kFixed,          // the tool saw it gone (a rescan, a patch)
  kSuppressed,     // muted, ignored or accepted in the tool
  kNotAffected,    // VEX: the product does not use the vulnerable code
  kFalsePositive,  // marked so by a person in the tool
};
// "open", "fixed", "suppressed", "not_affected", "false_positive".
const char* FindingStatusName(FindingStatus s);
bool ParseFindingStatus(std::string_view name, FindingStatus* out);

// What an asset is.
enum class AssetKind : uint8_t {
  kUnknown = 0,  // until a record says
  kHost,
  kContainerImage,
  kRepository,
  kCloudResource,
  kKubernetesWorkload,
  kWebApplication,
  kArtifact,  // a file or package scanned on its own
};
// "host", "container_image", "repository", "cloud_resource",
// "kubernetes_workload", "web_application", "artifact"; "" for kUnknown.
const char* AssetKindName(AssetKind k);
bool ParseAssetKind(std::string_view name, AssetKind* out);

// How much an asset matters to its owner, as an inventory or a policy says.
enum class Criticality : uint8_t { kLow = 0, kMedium, kHigh, kCritical };
// "low", "medium", "high", "critical".
const char* CriticalityName(Criticality c);
// Those names, case-insensitively, and the usual inventory spellings: a
// level 1..5 (1 the most critical: 1 critical, 2 high, 3 medium, 4 and 5
// low), "1 - Most Critical" and the like, "very high", "mission
// critical". false for anything else.
bool ParseCriticality(std::string_view text, Criticality* out);

// What kind of source an input is: an inventory of assets, or a scanner of
// one class. A host scanner's scan of an asset counts as a network scan
// unless it logged in (AssetScan::credentialed).
enum class SourceClass : uint8_t {
  kInventory = 0,
  kNetwork,       // port and service discovery (Nmap)
  kHost,          // vulnerability scans of hosts (Nessus, Qualys, ...)
  kContainerSca,  // images and dependencies (Trivy, Grype, Snyk, SBOMs)
  kCodeWeb,       // code, secrets, IaC and web applications (SARIF, ZAP)
  kCloud,         // cloud posture (Security Hub, Prowler)
};
// "inventory", "network", "host", "container_sca", "code_web", "cloud".
const char* SourceClassName(SourceClass c);

// Ways one asset can be recognised across tools. An asset may carry several;
// two records describe the same asset when their strongest identities match.
struct Identities {
  std::string ip;
  std::string hostname;  // short or NetBIOS name
  std::string fqdn;
  std::string mac;
  std::string serial;      // hardware serial number or system (BIOS) UUID
  std::string cloud_id;    // ARN, Azure resource id, GCP self link
  std::string image;       // container image reference (name:tag or digest)
  std::string repository;  // source repository or project path
  std::string k8s;         // namespace/kind/name of a Kubernetes workload
  std::string url;         // web application base URL
};

// What an inventory says of an asset beyond how to recognise it: who owns
// it, where it runs, how much it matters. Empty when no inventory says.
struct AssetContext {
  std::string owner;
  std::string business_unit;
  std::string environment;  // production, staging, ... as written
  std::string site;         // the location or site as the inventory names it
  std::optional<Criticality> criticality;
  std::optional<bool> internet_facing;
};

struct Asset {
  AssetKind kind = AssetKind::kUnknown;
  std::string name;  // the best human-readable label
  Identities ids;
  std::string os;
  std::vector<std::string> tags;
  AssetContext context;
};

// What a scanner says of its scan of one asset: when it ended, and for a
// host scanner whether it logged in (Nessus plugin 19506 "Credentialed
// checks : yes"). Coverage reads it: never scanned, scanned without
// credentials, not scanned lately.
struct AssetScan {
  size_t asset = 0;  // index as the sink returned it
  std::string time;  // ISO 8601, when the scanner gives it
  std::optional<bool> credentialed;
};

// What a scan was set to look at, as its file states it. An empty field
// is unknown: the comparison of two scans then assumes no more than it can
// see (a finding outside what the later scan is known to have covered is
// "not reassessed", never "fixed").
struct ScanScope {
  std::string policy;   // the scan policy's name
  std::string targets;  // the targets as the scan lists them
  // The ports it probed, as stated: "1-1024,8080", "T:1-65535,U:53",
  // "all", or "default" (the scanner's own list, not known here).
  std::string ports;
  // The checks it ran (Nessus's plugin_set), sorted and unique; empty when
  // the file does not say.
  std::vector<std::string> rules;
};

struct Service {
  size_t asset = 0;  // index into Store::assets()
  uint32_t port = 0;
  std::string protocol;  // tcp, udp, icmp
  std::string name;      // e.g. www, ssh, cifs
  std::string product;
  std::string version;
};

struct CvssVector {
  std::string version;  // "2.0", "3.0", "3.1", "4.0"
  std::string vector;
  std::string source;     // who scored it: nvd, redhat, the scanner, ...
  int score_tenths = -1;  // the score the file states, x10; -1 = not given
};

struct Component {
  std::string name;
  std::string installed;
  std::string fixed;
  std::string type;  // package ecosystem or class: alpine, npm, jar, ...
  std::string path;  // where it was found (lock file, jar path, layer)
  std::string purl;
};

struct Finding {
  // Where it came from.
  std::string format;  // importer id, e.g. "nessus": stamped by the sink
  std::string tool;    // producing tool as the file names it
  size_t input = 0;    // index of the input file within the analysis

  static constexpr size_t kNoAsset = static_cast<size_t>(-1);
  size_t asset = kNoAsset;  // index into Store::assets()

  Category category = Category::kUnset;
  std::string rule_id;  // the tool's own id: plugin id, CVE, check id, ...
  std::string title;
  Severity severity = Severity::kInfo;
  // The rule's severity, when it has one, replaces `severity` (then the
  // severity to use without one): a record whose definition says how bad
  // it is.
  bool severity_from_rule = false;
  std::string tool_severity;  // the tool's own severity text, kept verbatim
  FindingStatus status = FindingStatus::kOpen;

  std::vector<std::string> cves;
  std::vector<std::string> aliases;  // GHSA, OSV, vendor advisories, ...
  std::vector<std::string> cwes;     // "CWE-79"
  std::vector<CvssVector> cvss;

  Component component;
  uint32_t port = 0;
  std::string protocol;
  std::string service;
  std::string location;  // file path:line, URL, resource, target

  // Long texts repeat across assets (one plugin on 5,000 hosts), so they
  // are interned by the Store and shared; these views point into it.
  std::string_view description;
  std::string_view solution;
  std::string evidence;
  std::vector<std::string> references;
  uint16_t evidence_flags = 0;  // EvidenceFlag bits
  // EPSS as the file itself states it (Grype, Snyk, Amazon Inspector),
  // x100000; -1 when not given. Used only when the intel bundle has no EPSS
  // for the finding's CVEs (docs/risk-model.md).
  int file_epss = -1;
  int file_epss_percentile = -1;

  std::string first_seen;  // ISO 8601 when the tool gives it
  std::string last_seen;
  std::string published;
};

// What a tool says about one of its checks wherever it fires: a Nessus
// plugin, a Qualys QID, a Nexpose vulnerability definition, an npm
// advisory. Findings refer to their rule by (format, rule_id), the format
// being their input's. The store binds late: a rule may be defined before
// or after the findings that refer to it, and every field below that a
// finding leaves empty is its rule's when the finding is read (the
// severity only when the finding asks for it: severity_from_rule). Several
// definitions of one rule merge, the first one set for each field winning.
//
// This is also the identity that deduplication across tools, actions
// grouped by fix and the diff between scans key on.
struct Rule {
  std::string rule_id;
  std::string title;
  std::optional<Severity> severity;
  std::string tool_severity;
  Category category = Category::kUnset;
  // Interned by the sink (ImportSink::Intern), like a finding's.
  std::string_view description;
  std::string_view solution;
  std::vector<std::string> references;
  std::vector<std::string> cves;
  std::vector<std::string> aliases;
  std::vector<std::string> cwes;
  std::vector<CvssVector> cvss;
  std::string published;
  uint16_t evidence_flags = 0;  // EvidenceFlag bits every finding of it has
};

// What a VEX statement says of a vulnerability in its products (OpenVEX,
// CycloneDX analysis.state and CSAF product_status, mapped).
enum class VexStatus : uint8_t {
  kNotAffected = 0,
  kAffected,
  kFixed,
  kUnderInvestigation,
};
// "not_affected", "affected", "fixed", "under_investigation".
const char* VexStatusName(VexStatus s);
bool ParseVexStatus(std::string_view name, VexStatus* out);

// A product a VEX statement names. Which members are set depends on what
// the document says; a finding matches when one of the set ones does
// (core/plan/vex.h).
struct VexProduct {
  std::string purl;     // "pkg:npm/lodash@4.17.20", with or without version
  std::string cpe;      // "cpe:2.3:a:apache:http_server:2.4.51:..."
  std::string name;     // a product name when the document gives no id
  std::string version;  // an exact version ("" = any, unless `range`)
  std::string range;    // a version range: "vers:npm/>=1.0.0|<1.2.3", "<2.4.52"
};

// One statement of a VEX document about one vulnerability.
struct VexStatement {
  std::string format;                // importer id: stamped by the sink
  size_t input = 0;                  // stamped by the sink
  std::string vulnerability;         // "CVE-2021-44228", a GHSA, ...
  std::vector<std::string> aliases;  // other ids of the same vulnerability
  // Empty: the statement holds for every product (a document about one
  // product whose findings carry no product id).
  std::vector<VexProduct> products;
  VexStatus status = VexStatus::kUnderInvestigation;
  std::string justification;  // as the document spells it
  std::string statement;      // impact statement or analysis detail
  std::string action;         // action statement (affected)
  std::string author;
  std::string timestamp;  // ISO 8601; the latest statement wins
  std::string location;   // where in the document: "statements[3]"
};

// An object of a directory's identity graph, as a collection of it
// (BloodHound) names it: who can log on, what groups grant, which
// computers hold whose credentials.
enum class PrincipalKind : uint8_t {
  kUnknown = 0,  // named by a relation only
  kUser,
  kGroup,
  kComputer,
  kDomain,
  kOu,
  kGpo,
  kContainer,
};
// "", "user", "group", "computer", "domain", "ou", "gpo", "container".
const char* PrincipalKindName(PrincipalKind k);
bool ParsePrincipalKind(std::string_view name, PrincipalKind* out);

struct Principal {
  PrincipalKind kind = PrincipalKind::kUnknown;
  // The directory's own id (BloodHound ObjectIdentifier): a SID for users,
  // groups, computers and domains, a GUID for OUs, GPOs and containers,
  // "DOMAIN-S-1-5-32-544" for built-ins. Relations name principals by it.
  std::string id;
  std::string name;    // "ALICE@CORP.LOCAL"; a computer's upper-case FQDN
  std::string domain;  // "CORP.LOCAL"
  bool enabled = true;
  // The collection marks it as controlling the domain (BloodHound's
  // "highvalue" / Tier Zero: Domain Admins, domain controllers, ...).
  bool tier_zero = false;
  // A computer's host, as AddAsset() returned it; kNoAsset otherwise.
  size_t asset = static_cast<size_t>(-1);
};

// What one principal can do to another, in the attacker's direction:
// control of `from` gives (some) control of `to`. The names are
// BloodHound's edge names.
enum class RelationKind : uint8_t {
  kMemberOf = 0,       // user/computer/group -> group: holds the group's rights
  kHasSession,         // computer -> user: the computer holds the user's logon
  kAdminTo,            // -> computer: local administrator
  kCanRdp,             // -> computer: remote desktop logon
  kCanPsRemote,        // -> computer: PowerShell remoting
  kExecuteDcom,        // -> computer: DCOM execution
  kSqlAdmin,           // -> computer: SQL Server sysadmin
  kAllowedToDelegate,  // -> computer: constrained delegation to it
  kAllowedToAct,       // -> computer: resource-based constrained delegation
  kGenericAll,
  kGenericWrite,
  kWriteDacl,
  kWriteOwner,
  kOwns,
  kForceChangePassword,
  kAddMember,
  kAllExtendedRights,
  kAddKeyCredentialLink,
  kReadLapsPassword,
  kReadGmsaPassword,
  kDcSync,    // -> domain: GetChanges + GetChangesAll (or GenericAll on it)
  kContains,  // domain/OU/container -> object: control of the parent
              // (through GPOs and inheritance) reaches what it contains
  kGpLink,    // GPO -> domain/OU: the policy applies there
};
// BloodHound's edge names: "MemberOf", "HasSession", "AdminTo", "CanRDP",
// "CanPSRemote", "ExecuteDCOM", "SQLAdmin", "AllowedToDelegate",
// "AllowedToAct", "GenericAll", ..., "DCSync", "Contains", "GPLink".
const char* RelationKindName(RelationKind k);
bool ParseRelationKind(std::string_view name, RelationKind* out);
constexpr size_t kRelationKinds =
    static_cast<size_t>(RelationKind::kGpLink) + 1;

// One relation between two principals named by their ids; either may be
// a principal no record of the collection describes.
struct Relation {
  std::string from;
  std::string to;
  RelationKind kind = RelationKind::kMemberOf;
};

}  // namespace exposure

#endif  // CORE_MODEL_MODEL_H_
