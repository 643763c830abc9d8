#include "core/importers/servicenow_cmdb_importer.h"

#include <string>
#include <utility>
#include <vector>

#include "core/base/strings.h"
#include "core/import/csv/csv_columns.h"
#include "core/import/csv/csv_importer.h"
#include "core/import/csv/csv_reader.h"
#include "core/import/json/json_importer.h"
#include "core/import/xml/xml_importer.h"
#include "core/importers/inventory_record.h"
#include "core/importers/sniff_util.h"

namespace exposure {

namespace {

using F = InventoryField;

// What a field says beside the inventory fields: read by the record.
enum class Extra : uint8_t {
  kNone,
  kClass,
  kInstallStatus,
  kOperationalStatus
};

struct SnName {
  InventoryField field = F::kNone;
  Extra extra = Extra::kNone;
  int rank = 0;
};

struct SnEntry {
  const char* name;  // normalised field name or label
  InventoryField field;
  Extra extra;
};

// ServiceNow's field names and their labels, normalised (ip_address and
// "IP Address" are both "ipaddress"), the preferred name of a field first.
// Names from the cmdb_ci tables' dictionary as the Table API and list
// exports write them.
constexpr SnEntry kSnNames[] = {
    {"name", F::kName, Extra::kNone},
    {"hostname", F::kHostname, Extra::kNone},
    {"fqdn", F::kFqdn, Extra::kNone},
    {"fullyqualifieddomainname", F::kFqdn, Extra::kNone},
    {"dnsdomain", F::kDomain, Extra::kNone},
    {"ipaddress", F::kIp, Extra::kNone},
    {"macaddress", F::kMac, Extra::kNone},
    {"serialnumber", F::kSerial, Extra::kNone},
    {"objectid", F::kCloudId, Extra::kNone},
    {"ownedby", F::kOwner, Extra::kNone},
    {"managedby", F::kOwner, Extra::kNone},
    {"supportgroup", F::kOwner, Extra::kNone},
    {"businessunit", F::kBusinessUnit, Extra::kNone},
    {"department", F::kBusinessUnit, Extra::kNone},
    {"company", F::kBusinessUnit, Extra::kNone},
    {"environment", F::kEnvironment, Extra::kNone},
    {"usedfor", F::kEnvironment, Extra::kNone},
    {"classification", F::kEnvironment, Extra::kNone},
    {"businescriticality", F::kCriticality, Extra::kNone},
    {"businesscriticality", F::kCriticality, Extra::kNone},
    {"firewallstatus", F::kInternetFacing, Extra::kNone},
    {"location", F::kSite, Extra::kNone},
    {"os", F::kOs, Extra::kNone},
    {"operatingsystem", F::kOs, Extra::kNone},
    {"osversion", F::kOsVersion, Extra::kNone},
    {"assettag", F::kAssetTag, Extra::kNone},
    {"systags", F::kTags, Extra::kNone},
    {"tags", F::kTags, Extra::kNone},
    {"sysclassname", F::kNone, Extra::kClass},
    {"class", F::kNone, Extra::kClass},
    {"installstatus", F::kNone, Extra::kInstallStatus},
    // The label of install_status on cmdb_ci.
    {"status", F::kNone, Extra::kInstallStatus},
    {"operationalstatus", F::kNone, Extra::kOperationalStatus},
};

// Custom fields (u_environment) rank after every standard one.
constexpr int kCustomRank = 100;

SnName LookUp(std::string_view normalized, int rank_offset) {
  int rank = 0;
  for (const SnEntry& e : kSnNames) {
    if (normalized == e.name)
      return {e.field, e.extra, rank + rank_offset};
    ++rank;
  }
  return {};
}

SnName SnNameOf(std::string_view raw) {
  const std::string lower = ToLower(Trim(raw));
  if (StartsWith(lower, "u_"))
    return LookUp(NormalizeFieldName(lower.substr(2)), kCustomRank);
  return LookUp(NormalizeFieldName(lower), 0);
}

// Words of a class as a table name or a label: "cmdb_ci_linux_server" and
// "Linux Server" -> {"linux", "server"}.
std::vector<std::string> ClassWords(std::string_view cls) {
  std::string lower = ToLower(Trim(cls));
  if (StartsWith(lower, "cmdb_ci_"))
    lower = lower.substr(8);
  for (char& c : lower) {
    if (!IsAsciiDigit(c) && (c < 'a' || c > 'z'))
      c = ' ';
  }
  return SplitTrimmed(lower, " ");
}

// A class whose CIs are machines a scanner reaches by address or name:
// servers, computers, VMs, network gear, printers, storage. Software on a
// machine (an application, a database, a web server) is not one.
bool IsHostClass(std::string_view cls) {
  static constexpr std::string_view kHost[] = {
      "server",   "computer", "pc",        "workstation", "laptop",
      "desktop",  "linux",    "win",       "windows",     "unix",
      "aix",      "solaris",  "hpux",      "esx",         "hypervisor",
      "vm",       "virtual",  "mainframe", "router",      "switch",
      "firewall", "netgear",  "gear",      "lb",          "balancer",
      "printer",  "storage",  "host",      "osx",         "ec2"};
  static constexpr std::string_view kSoftware[] = {
      "app", "appl",    "application", "db",     "database",
      "web", "service", "software",    "cluster"};
  bool host = false;
  for (const std::string& w : ClassWords(cls)) {
    for (std::string_view s : kSoftware) {
      if (w == s)
        return false;
    }
    for (std::string_view h : kHost) {
      if (w == h)
        host = true;
    }
  }
  return host;
}

// A value as its field gives it: the display value of a reference (or of
// any field with sysparm_display_value=all) when it has one, else its
// value, else the text.
std::string SnValue(const JsonValue& v) {
  if (v.is_object()) {
    std::string display = JsonStr(v, "display_value");
    return display.empty() ? JsonStr(v, "value") : display;
  }
  if (v.is_string())
    return std::string(v.text());
  if (v.is_number() || v.is_boolean())
    return v.dump();
  return std::string();
}

// A sys_id: 32 hexadecimal digits. A reference field read without its
// display value (a list export, the Table API without
// sysparm_display_value) holds one: the key of a user, group, department
// or location record the export does not include.
bool IsSysId(std::string_view v) {
  if (v.size() != 32)
    return false;
  for (char c : v) {
    if (!IsAsciiDigit(c) && (c < 'a' || c > 'f') && (c < 'A' || c > 'F'))
      return false;
  }
  return true;
}

// One configuration item's fields, as they come.
class SnRecord {
 public:
  void Clear() {
    record_.Clear();
    class_.clear();
    table_.clear();
    install_.clear();
    operational_.clear();
  }

  void Set(const SnName& name, std::string_view value) {
    switch (name.extra) {
      case Extra::kClass:
        Keep(&class_, &class_rank_, name.rank, value);
        return;
      case Extra::kInstallStatus:
        Keep(&install_, &install_rank_, name.rank, value);
        return;
      case Extra::kOperationalStatus:
        Keep(&operational_, &operational_rank_, name.rank, value);
        return;
      case Extra::kNone:
        // An owner, department or location that is only a sys_id names
        // nobody a reader of the report knows: it is no value, and a
        // custom field or a later name (managed_by, support_group) that
        // has text fills the field instead. Identities keep theirs.
        if (!IsIdentityField(name.field) && IsSysId(Trim(value)))
          return;
        record_.Set(name.field, name.rank, value);
        return;
    }
  }
  void Set(std::string_view raw_name, std::string_view value) {
    Set(SnNameOf(raw_name), value);
  }
  // The table an XML record's element names: its class unless a
  // sys_class_name says which subclass.
  void SetTable(std::string_view table) { table_.assign(table); }

  // The asset, or false for a record that gives none (see the header).
  bool ToAsset(Asset* out) const {
    const std::string install = ToLower(install_);
    const std::string operational = ToLower(operational_);
    if (install == "retired" || install == "stolen" || install == "absent" ||
        operational == "retired" || operational == "6") {
      return false;
    }
    const std::string& cls = class_.empty() ? table_ : class_;
    const bool host = cls.empty() || IsHostClass(cls);
    Asset a;
    if (!record_.ToAsset(host, &a))
      return false;
    if (!host) {
      // An application or a service is not what scanners see: kept, of no
      // kind, only with an identity a scanner's record may share.
      const Identities& id = a.ids;
      if (id.ip.empty() && id.hostname.empty() && id.fqdn.empty() &&
          id.mac.empty() && id.serial.empty() && id.cloud_id.empty()) {
        return false;
      }
      if (id.cloud_id.empty())
        a.kind = AssetKind::kUnknown;
    }
    if (!cls.empty())
      AppendUnique(&a.tags, "class:" + cls);
    if (!install.empty() && !AllAsciiDigits(install) && install != "installed")
      AppendUnique(&a.tags, "install_status:" + install_);
    if (!operational.empty() && !AllAsciiDigits(operational) &&
        operational != "operational") {
      AppendUnique(&a.tags, "operational_status:" + operational_);
    }
    *out = std::move(a);
    return true;
  }

 private:
  static void Keep(std::string* dst,
                   int* dst_rank,
                   int rank,
                   std::string_view value) {
    value = Trim(value);
    if (value.empty() || (!dst->empty() && *dst_rank <= rank))
      return;
    dst->assign(value);
    *dst_rank = rank;
  }

  InventoryRecord record_;
  std::string class_, table_, install_, operational_;
  int class_rank_ = 0, install_rank_ = 0, operational_rank_ = 0;
};

void Emit(const SnRecord& record, ImportSink* sink) {
  Asset asset;
  if (record.ToAsset(&asset))
    sink->AddAsset(asset);
}

// ---- CSV ------------------------------------------------------------------

class SnCsvImporter : public CsvImporter {
 public:
  explicit SnCsvImporter(ImportSink* sink)
      : CsvImporter(Options()), sink_(sink) {}

 private:
  static CsvOptions Options() {
    CsvOptions o;
    o.delimiter = 0;  // ',' unless the instance's export delimiter differs
    return o;
  }

  Status OnHeader(const CsvHeader& header) override {
    columns_.clear();
    std::vector<std::string> names;
    bool identity = false;
    for (size_t i = 0; i < header.size(); ++i) {
      names.push_back(header.name(i));
      columns_.push_back(SnNameOf(header.name(i)));
      identity = identity || IsIdentityField(columns_.back().field);
    }
    if (!identity) {
      return Status::Error(
          "not a ServiceNow CMDB export: no identity column (name, "
          "host_name, fqdn, ip_address, mac_address, serial_number or "
          "object_id) among the columns " +
          ListNames(names));
    }
    return Status::Ok();
  }

  Status OnRecord(const CsvRow& row) override {
    record_.Clear();
    for (size_t i = 0; i < columns_.size() && i < row.size(); ++i)
      record_.Set(columns_[i], row[i]);
    Emit(record_, sink_);
    return Status::Ok();
  }

  ImportSink* sink_;  // outlives the importer
  std::vector<SnName> columns_;
  SnRecord record_;
};

// ---- JSON -----------------------------------------------------------------

class SnJsonImporter : public JsonImporter {
 public:
  explicit SnJsonImporter(ImportSink* sink) : sink_(sink) {}

 private:
  static constexpr std::string_view kSingle = "$.result.";

  static bool IsWrapper(const std::string& path) {
    return path == "$.result" || path == "$.records";
  }

  bool Want(const std::string& path) override {
    if (path == "$.result[]" || path == "$.records[]")
      return true;
    // The members of the one record {"result": {...}} holds: each is
    // taken whole, so no deeper path is asked.
    return StartsWith(path, kSingle);
  }

  Status OnEnter(const std::string& path) override {
    if (IsWrapper(path))
      seen_wrapper_ = true;
    return Status::Ok();
  }

  Status OnValue(const std::string& path, const JsonValue& value) override {
    if (EndsWith(path, "[]")) {
      if (!value.is_object()) {
        return Status::Error(
            "not a ServiceNow CMDB export: a record is not a JSON object");
      }
      record_.Clear();
      for (auto it = value.begin(); it != value.end(); ++it)
        record_.Set(it.key(), SnValue(*it));
      Emit(record_, sink_);
      return Status::Ok();
    }
    // A member of the single record, which ends with its object.
    if (!in_single_) {
      record_.Clear();
      in_single_ = true;
    }
    record_.Set(std::string_view(path).substr(kSingle.size()), SnValue(value));
    return Status::Ok();
  }

  Status OnLeave(const std::string& path) override {
    if (path == "$.result" && in_single_) {
      Emit(record_, sink_);
      in_single_ = false;
    }
    return Status::Ok();
  }

  Status Check() override {
    if (records_.root_type() != '{' || !seen_wrapper_) {
      return Status::Error(
          "not a ServiceNow CMDB export: no \"result\" or \"records\"");
    }
    return Status::Ok();
  }

  ImportSink* sink_;  // outlives the importer
  SnRecord record_;
  bool in_single_ = false;
  bool seen_wrapper_ = false;
};

// ---- XML ------------------------------------------------------------------

class SnXmlImporter : public XmlImporter {
 public:
  explicit SnXmlImporter(ImportSink* sink)
      : XmlImporter("not a ServiceNow CMDB export: no <xml> or <unload>"),
        sink_(sink) {}

 private:
  Status StartElement(std::string_view name,
                      const std::vector<XmlAttribute>& attrs) override {
    ++depth_;
    if (depth_ == 1) {
      if (name != "xml" && name != "unload")
        return UnexpectedRoot("<xml> or <unload>", name);
      seen_root_ = true;
    } else if (depth_ == 2) {
      record_.Clear();
      record_.SetTable(name);
      deleted_ = EqualsIgnoreCase(XmlAttr(attrs, "action"), "DELETE");
    } else if (depth_ == 3) {
      field_.assign(name);
      text_.clear();
      display_ = XmlAttr(attrs, "display_value");
    }
    return Status::Ok();
  }

  Status Text(std::string_view text) override {
    if (depth_ == 3)
      text_.append(text);
    return Status::Ok();
  }

  Status EndElement(std::string_view name) override {
    (void)name;
    if (depth_ == 3) {
      record_.Set(field_, display_.empty() ? std::string_view(text_)
                                           : std::string_view(display_));
    } else if (depth_ == 2 && !deleted_) {
      Emit(record_, sink_);
    }
    --depth_;
    return Status::Ok();
  }

  ImportSink* sink_;  // outlives the importer
  int depth_ = 0;
  SnRecord record_;
  bool deleted_ = false;
  std::string field_, text_, display_;
};

// ---- one format, three syntaxes -------------------------------------------

// Hands the input to the reader of its syntax, told by its first byte
// after a byte order mark and white space: '{' JSON, '<' XML, else CSV.
class SnImporter : public Stage {
 public:
  explicit SnImporter(ImportSink* sink) : sink_(sink) {}

  Status Feed(std::string_view chunk) override {
    if (inner_)
      return inner_->Feed(chunk);
    held_.append(chunk);
    constexpr std::string_view kBom = "\xEF\xBB\xBF";
    if (held_.size() < kBom.size() && kBom.substr(0, held_.size()) == held_)
      return Status::Ok();  // a byte order mark may be coming
    const std::string_view h = SkipBomAndSpace(held_);
    if (h.empty())
      return Status::Ok();
    Choose(h[0]);
    const std::string held = std::move(held_);
    held_.clear();
    return inner_->Feed(held);
  }

  Status Finish() override {
    if (!inner_) {
      Choose(0);
      if (!held_.empty()) {
        Status s = inner_->Feed(held_);
        if (!s.ok()) {
          (void)inner_->Finish();
          return s;
        }
      }
    }
    return inner_->Finish();
  }

 private:
  void Choose(char first) {
    if (first == '{') {
      inner_ = std::make_unique<SnJsonImporter>(sink_);
    } else if (first == '<') {
      inner_ = std::make_unique<SnXmlImporter>(sink_);
    } else {
      inner_ = std::make_unique<SnCsvImporter>(sink_);
    }
  }

  ImportSink* sink_;  // outlives the importer
  std::unique_ptr<Stage> inner_;
  std::string held_;  // leading bytes until the syntax is known
};

// True when `head` names `field` as a JSON key ("field") or an XML
// element (<field>, <field/>, <field attr=...>).
bool NamesField(std::string_view head, std::string_view field, bool xml) {
  const std::string needle = (xml ? "<" : "\"") + std::string(field);
  for (size_t at = head.find(needle); at != std::string_view::npos;
       at = head.find(needle, at + 1)) {
    const size_t end = at + needle.size();
    if (end >= head.size())
      return false;
    const char c = head[end];
    if (xml ? (c == '>' || c == '/' || c == ' ') : c == '"')
      return true;
  }
  return false;
}

// A document holding ServiceNow records (a system field) of configuration
// items (an identity field): an incident table's export names CIs
// (cmdb_ci) but has none of these.
bool HasCmdbFields(std::string_view head, bool xml) {
  if (!NamesField(head, "sys_id", xml) &&
      !NamesField(head, "sys_class_name", xml)) {
    return false;
  }
  for (std::string_view f : {"ip_address", "host_name", "fqdn", "mac_address",
                             "serial_number", "object_id"}) {
    if (NamesField(head, f, xml))
      return true;
  }
  return false;
}

// {"result": ... or {"records": ...
bool SniffJson(std::string_view h) {
  std::string_view rest = SkipBomAndSpace(h.substr(1));
  const bool wrapper =
      StartsWith(rest, "\"result\"") || StartsWith(rest, "\"records\"");
  return wrapper && HasCmdbFields(h, false);
}

bool SniffXml(std::string_view head) {
  const std::string_view root = FirstXmlElement(head);
  return (root == "xml" || root == "unload") && HasCmdbFields(head, true);
}

}  // namespace

bool IsServiceNowCsvHeader(const std::vector<std::string>& fields) {
  // Normalised names no other export uses so.
  static constexpr std::string_view kSystem[] = {
      "sysid", "sysclassname", "syscreatedon", "sysupdatedon"};
  static constexpr std::string_view kLabels[] = {"class",
                                                 "operationalstatus",
                                                 "installstatus",
                                                 "supportgroup",
                                                 "assignmentgroup",
                                                 "managedbygroup",
                                                 "modelid",
                                                 "usedfor",
                                                 "firewallstatus",
                                                 "discoverysource",
                                                 "mostrecentdiscovery",
                                                 "businescriticality"};
  bool identity = false;
  bool system = false;
  int labels = 0;
  for (const std::string& raw : fields) {
    const std::string n = NormalizeFieldName(raw);
    for (std::string_view s : kSystem)
      system = system || n == s;
    for (std::string_view l : kLabels)
      labels += n == l ? 1 : 0;
    identity = identity || IsIdentityField(SnNameOf(raw).field);
  }
  return identity && (system || labels >= 2);
}

bool SniffServiceNowCmdb(std::string_view head, bool complete) {
  const std::string_view h = SkipBomAndSpace(head);
  if (h.empty())
    return false;
  if (h[0] == '{')
    return SniffJson(h);
  if (h[0] == '<')
    return SniffXml(h);
  if (h[0] == '[')
    return false;
  std::vector<std::vector<std::string>> records =
      CsvHeadRecords(head, complete, 1);
  return !records.empty() && IsServiceNowCsvHeader(records.front());
}

std::unique_ptr<Importer> CreateServiceNowCmdbImporter(ImportSink* sink) {
  return std::make_unique<SnImporter>(sink);
}

}  // namespace exposure
