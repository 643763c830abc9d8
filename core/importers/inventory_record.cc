#include "core/importers/inventory_record.h"

#include <utility>

#include "core/base/net.h"
#include "core/base/strings.h"

namespace exposure {

namespace {

struct NameEntry {
  const char* name;  // normalised
  InventoryField field;
  bool weak;
};

using F = InventoryField;

// Generic inventories' names for each field, most specific first (the
// rank is the position). Sources: the synonyms, Active Directory
// (dNSHostName), Ralph DCIM exports (sn, management_ip, barcode), Dell
// service tags (the serial number), cloud consoles (arn, instance id,
// resource id).
constexpr NameEntry kGenericNames[] = {
    {"hostname", F::kHostname, false},
    {"host", F::kHostname, false},
    {"computername", F::kHostname, false},
    {"computer", F::kHostname, false},
    {"machinename", F::kHostname, false},
    {"servername", F::kHostname, false},
    {"devicename", F::kHostname, false},
    {"nodename", F::kHostname, false},
    {"netbiosname", F::kHostname, false},
    {"netbios", F::kHostname, false},
    {"shortname", F::kHostname, false},
    {"systemname", F::kHostname, false},
    {"name", F::kName, true},
    {"assetname", F::kName, true},
    {"displayname", F::kName, true},
    {"ciname", F::kName, true},
    {"fqdn", F::kFqdn, false},
    {"dnsname", F::kFqdn, false},
    {"dnshostname", F::kFqdn, false},
    {"fullyqualifieddomainname", F::kFqdn, false},
    {"hostfqdn", F::kFqdn, false},
    {"dns", F::kFqdn, false},
    {"dnsdomain", F::kDomain, false},
    {"domain", F::kDomain, false},
    {"domainname", F::kDomain, false},
    {"ip", F::kIp, false},
    {"ipaddress", F::kIp, false},
    {"ipv4", F::kIp, false},
    {"ipv4address", F::kIp, false},
    {"primaryip", F::kIp, false},
    {"primaryipaddress", F::kIp, false},
    {"privateip", F::kIp, false},
    {"privateipaddress", F::kIp, false},
    {"managementip", F::kIp, false},
    {"mgmtip", F::kIp, false},
    {"ipaddresses", F::kIp, false},
    {"ips", F::kIp, false},
    {"publicip", F::kIp, false},
    {"publicipaddress", F::kIp, false},
    {"address", F::kIp, true},
    {"mac", F::kMac, false},
    {"macaddress", F::kMac, false},
    {"macaddr", F::kMac, false},
    {"primarymac", F::kMac, false},
    {"macaddresses", F::kMac, false},
    {"macs", F::kMac, false},
    {"serial", F::kSerial, false},
    {"serialnumber", F::kSerial, false},
    {"serialno", F::kSerial, false},
    {"sn", F::kSerial, false},
    {"systemserialnumber", F::kSerial, false},
    {"biosserialnumber", F::kSerial, false},
    {"hardwareserial", F::kSerial, false},
    {"servicetag", F::kSerial, false},
    {"arn", F::kCloudId, false},
    {"resourcearn", F::kCloudId, false},
    {"instancearn", F::kCloudId, false},
    {"cloudid", F::kCloudId, false},
    {"cloudresourceid", F::kCloudId, false},
    {"azureresourceid", F::kCloudId, false},
    {"selflink", F::kCloudId, false},
    {"resourceid", F::kCloudId, false},
    {"instanceid", F::kCloudId, false},
    {"owner", F::kOwner, false},
    {"ownedby", F::kOwner, false},
    {"assetowner", F::kOwner, false},
    {"systemowner", F::kOwner, false},
    {"businessowner", F::kOwner, false},
    {"technicalowner", F::kOwner, false},
    {"managedby", F::kOwner, false},
    {"custodian", F::kOwner, false},
    {"businessunit", F::kBusinessUnit, false},
    {"bu", F::kBusinessUnit, false},
    {"department", F::kBusinessUnit, false},
    {"dept", F::kBusinessUnit, false},
    {"division", F::kBusinessUnit, false},
    {"environment", F::kEnvironment, false},
    {"env", F::kEnvironment, false},
    {"stage", F::kEnvironment, false},
    {"usedfor", F::kEnvironment, false},
    {"criticality", F::kCriticality, false},
    {"businesscriticality", F::kCriticality, false},
    {"businescriticality", F::kCriticality, false},
    {"assetcriticality", F::kCriticality, false},
    {"criticalitylevel", F::kCriticality, false},
    {"importance", F::kCriticality, false},
    {"internetfacing", F::kInternetFacing, false},
    {"isinternetfacing", F::kInternetFacing, false},
    {"internetexposed", F::kInternetFacing, false},
    {"exposedtointernet", F::kInternetFacing, false},
    {"externalfacing", F::kInternetFacing, false},
    {"publicfacing", F::kInternetFacing, false},
    {"ispublic", F::kInternetFacing, false},
    {"public", F::kInternetFacing, false},
    {"external", F::kInternetFacing, false},
    {"exposure", F::kInternetFacing, false},
    {"firewallstatus", F::kInternetFacing, false},
    {"tags", F::kTags, false},
    {"tag", F::kTags, false},
    {"labels", F::kTags, false},
    {"assettags", F::kTags, false},
    {"site", F::kSite, false},
    {"location", F::kSite, false},
    {"sitename", F::kSite, false},
    {"datacenter", F::kSite, false},
    {"datacentre", F::kSite, false},
    {"os", F::kOs, false},
    {"operatingsystem", F::kOs, false},
    {"osname", F::kOs, false},
    {"osfamily", F::kOs, false},
    {"osversion", F::kOsVersion, false},
    {"operatingsystemversion", F::kOsVersion, false},
    {"assettype", F::kKind, false},
    {"type", F::kKind, false},
    {"devicetype", F::kKind, false},
    {"kind", F::kKind, false},
    {"assetkind", F::kKind, false},
    {"category", F::kKind, false},
    {"class", F::kKind, false},
    {"assettag", F::kAssetTag, false},
    {"barcode", F::kAssetTag, false},
    {"inventorynumber", F::kAssetTag, false},
    {"assetnumber", F::kAssetTag, false},
};

// Separators between the values of a multi-valued identity cell.
constexpr std::string_view kListSeparators = ",; |\t\r\n";

std::string FirstOf(std::string_view text, std::string_view separators) {
  std::vector<std::string> parts = SplitTrimmed(text, separators);
  return parts.empty() ? std::string() : std::move(parts.front());
}

// "10.0.0.5/24" (NetBox, CIDR notation) -> "10.0.0.5"; "" for what is no
// address.
std::string Address(std::string_view text) {
  std::string_view t = Trim(text);
  const size_t slash = t.find('/');
  if (slash != std::string_view::npos)
    t = t.substr(0, slash);
  // A MAC address has the shape of an IPv6 one; six groups of two hex
  // digits are the MAC.
  const bool mac_shaped = t.size() == 17 && t[2] == ':' && t[5] == ':' &&
                          t[8] == ':' && t[11] == ':' && t[14] == ':';
  return LooksLikeIpAddress(t) && !mac_shaped ? std::string(t) : std::string();
}

// The first value of a cell that is an IP address.
std::string FirstAddress(std::string_view text) {
  for (const std::string& part : SplitTrimmed(text, kListSeparators)) {
    std::string ip = Address(part);
    if (!ip.empty())
      return ip;
  }
  return std::string();
}

// A DNS name or a single label: letters, digits, '-', '_' and '.', with a
// letter or digit first.
bool HostShaped(std::string_view s) {
  if (s.empty() || s.size() > 253)
    return false;
  const auto alnum = [](char c) {
    return IsAsciiDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  };
  if (!alnum(s[0]))
    return false;
  for (char c : s) {
    if (!alnum(c) && c != '-' && c != '_' && c != '.')
      return false;
  }
  return true;
}

// Reads one host name value into the identities: an address is the IP, a
// dotted name the FQDN (its first label the host name), else the host
// name. Fields already set are kept.
void PlaceHostValue(std::string_view value, Identities* ids) {
  std::string v = FirstOf(value, kListSeparators);
  // Windows computer accounts end in '$' ("WS01$").
  if (!v.empty() && v.back() == '$')
    v.pop_back();
  if (v.empty())
    return;
  std::string ip = Address(v);
  if (!ip.empty()) {
    if (ids->ip.empty())
      ids->ip = std::move(ip);
    return;
  }
  while (!v.empty() && v.back() == '.')
    v.pop_back();
  const size_t dot = v.find('.');
  if (dot != std::string::npos) {
    if (ids->fqdn.empty())
      ids->fqdn = v;
    if (ids->hostname.empty())
      ids->hostname = v.substr(0, dot);
  } else if (ids->hostname.empty()) {
    ids->hostname = std::move(v);
  }
}

// The asset kind a record's type says, when the model has it: its names
// ("cloud_resource", "Container Image") and a few more ("cloud", "web
// site"). Anything else (server, workstation, router) leaves the default.
bool KindFromText(std::string_view text, AssetKind* out) {
  std::string t = ToLower(Trim(text));
  for (char& c : t) {
    if (c == ' ' || c == '-')
      c = '_';
  }
  if (ParseAssetKind(t, out))
    return true;
  if (t == "cloud" || t == "cloud_asset") {
    *out = AssetKind::kCloudResource;
  } else if (t == "website" || t == "web_site" || t == "web_app" ||
             t == "webapp") {
    *out = AssetKind::kWebApplication;
  } else if (t == "container" || t == "image") {
    *out = AssetKind::kContainerImage;
  } else {
    return false;
  }
  return true;
}

}  // namespace

bool IsIdentityField(InventoryField field) {
  switch (field) {
    case F::kName:
    case F::kHostname:
    case F::kFqdn:
    case F::kIp:
    case F::kMac:
    case F::kSerial:
    case F::kCloudId:
      return true;
    default:
      return false;
  }
}

bool IsContextField(InventoryField field) {
  switch (field) {
    case F::kOwner:
    case F::kBusinessUnit:
    case F::kEnvironment:
    case F::kCriticality:
    case F::kInternetFacing:
    case F::kSite:
    case F::kOs:
    case F::kAssetTag:
      return true;
    default:
      return false;
  }
}

std::string NormalizeFieldName(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (char c : name) {
    if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c - 'A' + 'a');
    } else if ((c >= 'a' && c <= 'z') || IsAsciiDigit(c)) {
      out += c;
    }
  }
  return out;
}

InventoryName GenericInventoryName(std::string_view normalized) {
  int rank = 0;
  for (const NameEntry& e : kGenericNames) {
    if (normalized == e.name)
      return {e.field, rank, e.weak};
    ++rank;
  }
  return {};
}

bool IsFindingLikeName(std::string_view n) {
  if (EndsWith(n, "count"))
    return false;
  static constexpr std::string_view kPrefixes[] = {
      "plugin",    "qid",         "cve",         "cvss",       "cwe",
      "vuln",      "severity",    "finding",     "nvt",        "exploit",
      "solution",  "remediation", "synopsis",    "templateid", "matcher",
      "ruleid",    "checkid",     "checkresult", "checktitle", "checkseverity",
      "checkname", "checktype",   "titleid"};
  for (std::string_view p : kPrefixes) {
    if (StartsWith(n, p))
      return true;
  }
  return n == "check" || n == "rule" || n == "template";
}

bool IsForeignInventoryName(std::string_view n) {
  static constexpr std::string_view kNames[] = {
      // A network scan's records: addresses and their open ports.
      "port", "ports",
      // AWS Config configuration items.
      "configurationitem", "configurationitemcapturetime",
      "configurationitemstatus", "configurationitemversion",
      "configurationitemdiff",
      // Google Cloud Asset Inventory (its asset_type is a generic type).
      "iampolicy", "orgpolicy", "ancestors",
      // runZero assets.
      "addressesextra", "macvendors", "newestmac", "servicecount",
      // A CycloneDX BOM (its serialNumber is no hardware serial).
      "bomformat", "specversion"};
  for (std::string_view k : kNames) {
    if (n == k)
      return true;
  }
  return false;
}

bool LooksLikeGenericInventory(const std::vector<std::string>& names) {
  bool strong = false;
  bool weak = false;
  bool context = false;
  // Names that alone are an inventory's, together another source's: an
  // Azure Resource Graph result (resource group, subscription and type) or
  // a Cloud Asset Inventory search result (asset type, project and
  // folders).
  int azure = 0;
  int gcp = 0;
  for (const std::string& raw : names) {
    const std::string n = NormalizeFieldName(raw);
    if (IsFindingLikeName(n) || IsForeignInventoryName(n))
      return false;
    azure += n == "resourcegroup" || n == "subscriptionid" || n == "type";
    gcp += n == "assettype" || n == "project" || n == "folders";
    if (azure == 3 || gcp == 3)
      return false;
    const InventoryName name = GenericInventoryName(n);
    if (IsIdentityField(name.field)) {
      (name.weak ? weak : strong) = true;
    } else if (IsContextField(name.field)) {
      context = true;
    }
  }
  return strong || (weak && context);
}

std::string ListNames(const std::vector<std::string>& names) {
  constexpr size_t kShown = 24;
  std::string out;
  for (size_t i = 0; i < names.size() && i < kShown; ++i) {
    if (i > 0)
      out += ", ";
    out += "\"" + names[i] + "\"";
  }
  if (names.size() > kShown)
    out += " and " + std::to_string(names.size() - kShown) + " more";
  return out.empty() ? "none" : out;
}

std::optional<bool> ParseInternetFacing(std::string_view text) {
  const std::string t = ToLower(Trim(text));
  static constexpr std::string_view kYes[] = {"yes",
                                              "y",
                                              "true",
                                              "1",
                                              "internet",
                                              "internet facing",
                                              "internet-facing",
                                              "external",
                                              "public",
                                              "dmz",
                                              "exposed"};
  static constexpr std::string_view kNo[] = {
      "no",       "n",        "false",   "0",
      "intranet", "internal", "private", "not exposed"};
  for (std::string_view y : kYes) {
    if (t == y)
      return true;
  }
  for (std::string_view n : kNo) {
    if (t == n)
      return false;
  }
  return std::nullopt;
}

bool IsPlaceholderValue(std::string_view text) {
  const std::string t = ToLower(Trim(text));
  static constexpr std::string_view kNone[] = {
      "",     "-",    "--",     "n/a",     "na",
      "null", "none", "(none)", "unknown", "(empty)"};
  for (std::string_view n : kNone) {
    if (t == n)
      return true;
  }
  return false;
}

void InventoryRecord::Clear() {
  for (std::string& v : values_)
    v.clear();
  tags_.clear();
}

void InventoryRecord::Set(InventoryField field,
                          int rank,
                          std::string_view value) {
  if (field == F::kNone || field == F::kCount)
    return;
  value = Trim(value);
  if (IsPlaceholderValue(value))
    return;
  if (field == F::kTags) {
    for (std::string& tag : SplitTrimmed(value, ",;|"))
      AppendUnique(&tags_, std::move(tag));
    return;
  }
  const size_t i = static_cast<size_t>(field);
  if (!values_[i].empty() && ranks_[i] <= rank)
    return;
  values_[i].assign(value);
  ranks_[i] = rank;
}

void InventoryRecord::AddTag(std::string_view tag) {
  const std::string_view t = Trim(tag);
  if (t.empty())
    return;
  AppendUnique(&tags_, std::string(t));
}

bool InventoryRecord::ToAsset(bool name_may_be_host, Asset* out) const {
  Asset a;
  Identities& ids = a.ids;
  ids.ip = FirstAddress(Get(F::kIp));
  PlaceHostValue(Get(F::kHostname), &ids);
  // An FQDN column holding a short name or an address says that instead.
  PlaceHostValue(Get(F::kFqdn), &ids);
  ids.mac = FirstOf(Get(F::kMac), kListSeparators);
  ids.serial = FirstOf(Get(F::kSerial), ",;|\r\n");
  ids.cloud_id = FirstOf(Get(F::kCloudId), kListSeparators);

  const std::string& name = Get(F::kName);
  if (name_may_be_host && ids.hostname.empty() && ids.fqdn.empty() &&
      HostShaped(name)) {
    PlaceHostValue(name, &ids);
  }
  const std::string domain = FirstOf(Get(F::kDomain), kListSeparators);
  if (ids.fqdn.empty() && !ids.hostname.empty() &&
      domain.find('.') != std::string::npos && HostShaped(domain)) {
    ids.fqdn = ids.hostname + "." + domain;
  }

  const bool identified = !ids.ip.empty() || !ids.hostname.empty() ||
                          !ids.fqdn.empty() || !ids.mac.empty() ||
                          !ids.serial.empty() || !ids.cloud_id.empty();
  if (!identified && name.empty())
    return false;

  a.name = !name.empty()           ? name
           : !ids.fqdn.empty()     ? ids.fqdn
           : !ids.hostname.empty() ? ids.hostname
           : !ids.ip.empty()       ? ids.ip
           : !ids.cloud_id.empty() ? ids.cloud_id
           : !ids.serial.empty()   ? ids.serial
                                   : ids.mac;
  if (!KindFromText(Get(F::kKind), &a.kind)) {
    a.kind =
        ids.cloud_id.empty() ? AssetKind::kHost : AssetKind::kCloudResource;
  }

  a.os = Get(F::kOs);
  const std::string& version = Get(F::kOsVersion);
  if (!version.empty() && a.os.find(version) == std::string::npos)
    a.os += a.os.empty() ? version : " " + version;

  a.tags = tags_;
  if (!Get(F::kAssetTag).empty())
    AppendUnique(&a.tags, "asset_tag:" + Get(F::kAssetTag));

  AssetContext& c = a.context;
  c.owner = Get(F::kOwner);
  c.business_unit = Get(F::kBusinessUnit);
  c.environment = Get(F::kEnvironment);
  c.site = Get(F::kSite);
  Criticality criticality;
  if (ParseCriticality(Get(F::kCriticality), &criticality))
    c.criticality = criticality;
  c.internet_facing = ParseInternetFacing(Get(F::kInternetFacing));
  *out = std::move(a);
  return true;
}

}  // namespace exposure
