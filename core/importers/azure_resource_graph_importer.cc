#include "core/importers/azure_resource_graph_importer.h"

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/base/strings.h"
#include "core/import/csv/csv_columns.h"
#include "core/import/csv/csv_importer.h"
#include "core/import/json/json_importer.h"
#include "core/importers/inventory_asset.h"
#include "core/importers/json_members.h"
#include "core/importers/json_or_csv.h"
#include "core/importers/sniff_util.h"

namespace exposure {

namespace {

constexpr std::string_view kNicPath =
    "/providers/microsoft.network/networkinterfaces/";

bool IsVm(const std::string& type) {
  return type == "microsoft.compute/virtualmachines" ||
         type == "microsoft.compute/virtualmachinescalesets/virtualmachines" ||
         type == "microsoft.hybridcompute/machines";
}

// The interface an IP configuration id belongs to
// (".../networkinterfaces/nic1/ipconfigurations/ipconfig1" ->
// ".../networkinterfaces/nic1"), lowercased; "" for other owners (load
// balancers, NAT gateways).
std::string NicOfIpConfiguration(const std::string& config) {
  const std::string id = ToLower(config);
  const size_t nic = id.find(kNicPath);
  if (nic == std::string::npos)
    return {};
  const size_t end = id.find('/', nic + kNicPath.size());
  return end == std::string::npos ? id : id.substr(0, end);
}

// Maps resources to assets, for the JSON and the CSV reader alike; holds
// what links interfaces and public addresses to their VMs.
class AzureResources {
 public:
  explicit AzureResources(ImportSink* sink) : sink_(sink) {}

  void Add(const JsonValue& r) {
    const std::string id = ToLower(Trim(JsonStr(r, "id")));
    if (id.empty())
      return;
    const std::string type = ToLower(Trim(JsonStr(r, "type")));
    const JsonValue props = JsonGet(r, "properties");
    Asset a = Resource(r, id, type);
    if (IsVm(type)) {
      AddVm(props, std::move(a));
    } else if (type == "microsoft.network/networkinterfaces") {
      AddNic(props, std::move(a));
    } else if (type == "microsoft.network/publicipaddresses") {
      AddPublicIp(props, std::move(a));
    } else {
      sink_->AddAsset(a);
    }
  }

  // Public addresses whose interface never came: to the VM that names the
  // interface, else they stay with their own resources.
  void Flush() {
    for (auto& [nic, held] : pending_) {
      for (Pending& p : held)
        Emit(&p);
    }
    pending_.clear();
  }

 private:
  struct Pending {
    Asset resource;
    std::string ip;
    std::string nic;
  };

  static void AddTags(const JsonValue& tags, Asset* a) {
    if (tags.is_object()) {
      for (auto it = tags.begin(); it != tags.end(); ++it)
        AddInventoryTag(it.key(), (*it).text(), a);
      return;
    }
    if (!tags.is_string())
      return;
    const std::string_view text = Trim(tags.text());
    if (StartsWith(text, "{")) {
      Result<JsonDoc> parsed = JsonDoc::Parse(text);
      if (parsed.ok() && parsed->root().is_object()) {
        AddTags(parsed->root(), a);
        return;
      }
    }
    // A plain string ("dev"): words, each a tag of its own.
    for (const std::string& word : SplitTrimmed(text, ",;"))
      AddInventoryTag(word, "", a);
  }

  static Asset Resource(const JsonValue& r,
                        const std::string& id,
                        const std::string& type) {
    Asset a;
    a.kind = IsVm(type) ? AssetKind::kHost : AssetKind::kCloudResource;
    a.ids.cloud_id = id;
    a.name = JsonStr(r, "name");
    if (a.name.empty())  // the id as written, not lowercased
      a.name = std::string(LastSegment(Trim(JsonStr(r, "id"))));
    AddTags(JsonGet(r, "tags"), &a);
    if (!type.empty())
      AppendUnique(&a.tags, "type:" + type);
    const std::string location = JsonStr(r, "location");
    if (!location.empty())
      AppendUnique(&a.tags, "location:" + location);
    const std::string group = JsonStr(r, "resourceGroup");
    if (!group.empty())
      AppendUnique(&a.tags, "resource_group:" + group);
    return a;
  }

  void AddVm(const JsonValue& props, Asset a) {
    const JsonValue view = JsonGet(JsonGet(props, "extended"), "instanceView");
    const std::string os_name = JsonStr(view, "osName");
    const std::string os_version = JsonStr(view, "osVersion");
    const JsonValue profile = JsonGet(props, "osProfile");
    if (!os_name.empty()) {
      a.os = os_version.empty() ? os_name : os_name + " " + os_version;
    } else if (!JsonStr(props, "osSku").empty()) {
      a.os = JsonStr(props, "osSku");  // Arc
    } else {
      a.os = JsonStr(JsonGet(JsonGet(props, "storageProfile"), "osDisk"),
                     "osType");
      if (a.os.empty() && profile.contains("windowsConfiguration"))
        a.os = "Windows";
      if (a.os.empty() && profile.contains("linuxConfiguration"))
        a.os = "Linux";
      if (a.os.empty())
        a.os = JsonStr(props, "osName");  // Arc
    }
    SetHostName(JsonField(props, {"dnsFqdn", "machineFqdn"}), &a.ids);
    SetHostName(JsonField(profile, {"computerName"}), &a.ids);
    SetHostName(JsonField(view, {"computerName"}), &a.ids);
    const std::string vm = a.ids.cloud_id;
    sink_->AddAsset(a);
    const JsonValue nics =
        JsonGet(JsonGet(props, "networkProfile"), "networkInterfaces");
    if (nics.is_array()) {
      for (const JsonValue& nic : nics) {
        const std::string nic_id = ToLower(Trim(JsonStr(nic, "id")));
        if (!nic_id.empty())
          vm_of_nic_.emplace(nic_id, vm);
      }
    }
  }

  // A record of VM `vm` that only adds what an interface or address knows
  // of it; it merges with the VM's own.
  void AddToVm(const std::string& vm,
               const std::vector<std::string>& ips,
               const std::string& mac,
               bool internet_facing) {
    Asset a;
    a.kind = AssetKind::kHost;
    a.name = std::string(LastSegment(vm));
    a.ids.cloud_id = vm;
    a.ids.mac = mac;
    if (internet_facing)
      a.context.internet_facing = true;
    AddAssetWithAddresses(sink_, std::move(a), ips);
  }

  void AddNic(const JsonValue& props, Asset a) {
    std::vector<std::string> ips;
    const JsonValue configs = JsonGet(props, "ipConfigurations");
    if (configs.is_array()) {
      // The primary configuration's address first.
      for (int primary = 1; primary >= 0; --primary) {
        for (const JsonValue& config : configs) {
          const JsonValue p = JsonGet(config, "properties");
          if ((JsonGet(p, "primary") == true) == (primary == 1))
            ips.push_back(JsonStr(p, "privateIPAddress"));
        }
      }
    }
    const std::string mac = InventoryMac(JsonStr(props, "macAddress"));
    const std::string vm =
        ToLower(Trim(JsonStr(JsonGet(props, "virtualMachine"), "id")));
    const std::string nic = a.ids.cloud_id;
    if (vm.empty()) {
      a.ids.mac = mac;
      AddAssetWithAddresses(sink_, std::move(a), ips);
    } else {
      vm_of_nic_.emplace(nic, vm);
      sink_->AddAsset(a);
      // Only the primary interface's MAC: a VM's record has one.
      AddToVm(vm, ips, JsonGet(props, "primary") == true ? mac : "", false);
    }
    // The public addresses held for it follow its private ones.
    nics_read_.insert(nic);
    auto held = pending_.find(nic);
    if (held != pending_.end()) {
      for (Pending& p : held->second)
        Emit(&p);
      pending_.erase(held);
    }
  }

  void AddPublicIp(const JsonValue& props, Asset a) {
    const std::string ip = JsonStr(props, "ipAddress");
    const std::string config = JsonStr(JsonGet(props, "ipConfiguration"), "id");
    const std::string nic = NicOfIpConfiguration(config);
    if (ip.empty()) {
      sink_->AddAsset(a);
    } else if (!nic.empty() && nics_read_.count(nic) == 0) {
      pending_[nic].push_back({std::move(a), ip, nic});
    } else if (!nic.empty()) {
      Pending p{std::move(a), ip, nic};
      Emit(&p);
    } else {
      // Unattached, or in front of a load balancer or NAT gateway.
      a.ids.ip = ip;
      if (!config.empty())
        a.context.internet_facing = true;
      sink_->AddAsset(a);
    }
  }

  // A held public address goes to its VM if one is known, else stays with
  // its own resource.
  void Emit(Pending* p) {
    auto vm = vm_of_nic_.find(p->nic);
    if (vm != vm_of_nic_.end()) {
      sink_->AddAsset(p->resource);
      AddToVm(vm->second, {p->ip}, "", true);
    } else {
      p->resource.ids.ip = p->ip;
      p->resource.context.internet_facing = true;
      sink_->AddAsset(p->resource);
    }
  }

  ImportSink* sink_;                              // outlives the importer
  std::map<std::string, std::string> vm_of_nic_;  // interface id -> VM id
  std::set<std::string> nics_read_;  // interfaces whose record came
  // Public addresses by the interface they wait for.
  std::map<std::string, std::vector<Pending>> pending_;
};

// The prefixes under which a query result's members sit.
constexpr const char* kBodies[] = {"$", "$.responses.200.body", "$.body"};

class AzureJsonImporter : public WrappedRecordsImporter {
 public:
  explicit AzureJsonImporter(ImportSink* sink)
      : WrappedRecordsImporter(
            "an Azure Resource Graph result",
            {"$.data", "$.responses.200.body.data", "$.body.data"}),
        resources_(sink) {}

 private:
  bool IsRecord(RootMembers* members) override {
    (void)members;
    return false;
  }

  Status OnRecord(const JsonValue& r) override {
    resources_.Add(r);
    return Status::Ok();
  }

  // The table form: data.columns, then data.rows.
  bool WantOther(const std::string& path) override {
    for (const char* body : kBodies) {
      const std::string data = std::string(body) + ".data";
      if (path == data + ".columns" || path == data + ".rows[]")
        return true;
    }
    return false;
  }

  Status OnOther(const std::string& path, const JsonValue& v) override {
    if (EndsWith(path, ".columns")) {
      columns_.clear();
      if (v.is_array()) {
        for (const JsonValue& c : v)
          columns_.push_back(c.is_string() ? c.get<std::string>()
                                           : JsonStr(c, "name"));
      }
      return Status::Ok();
    }
    if (!v.is_array())
      return Status::Error(
          "not an Azure Resource Graph result: a row is not an array");
    JsonDocBuilder b;
    b.Reset(&row_);
    b.StartObject();
    size_t i = 0;
    for (const JsonValue& cell : v) {
      if (i < columns_.size()) {
        b.Key(columns_[i]);
        CopyJson(cell, &b);
      }
      ++i;
    }
    b.End();
    resources_.Add(row_.root());
    return Status::Ok();
  }

  void Flush() override { resources_.Flush(); }

  AzureResources resources_;
  std::vector<std::string> columns_;
  JsonDoc row_;
};

class AzureCsvImporter : public CsvImporter {
 public:
  explicit AzureCsvImporter(ImportSink* sink)
      : CsvImporter(Options()), resources_(sink) {}

 private:
  static CsvOptions Options() {
    CsvOptions o;
    o.delimiter = 0;
    return o;
  }

  Status OnHeader(const CsvHeader& h) override {
    if (!h.Has("id") || !h.Has("type")) {
      return Status::Error(
          "not an Azure Resource Graph CSV: no id and type columns");
    }
    return Status::Ok();
  }

  Status OnRecord(const CsvRow& row) override {
    if (row.blank())
      return Status::Ok();
    // The row as the object the JSON result would hold: objects and arrays
    // are written as JSON text.
    const CsvHeader& h = header();
    JsonDocBuilder b;
    b.Reset(&record_);
    b.StartObject();
    for (size_t i = 0; i < h.size(); ++i) {
      const std::string_view cell = Trim(row[i]);
      b.Key(h.name(i));
      if (StartsWith(cell, "{") || StartsWith(cell, "[")) {
        Result<JsonDoc> parsed = JsonDoc::Parse(cell);
        if (parsed.ok()) {
          CopyJson(parsed->root(), &b);
          continue;
        }
      }
      b.String(cell);
    }
    b.End();
    resources_.Add(record_.root());
    return Status::Ok();
  }

  void Flush() override { resources_.Flush(); }

  AzureResources resources_;
  JsonDoc record_;
};

}  // namespace

bool SniffAzureResourceGraph(std::string_view head, bool complete) {
  std::string_view h = SkipBomAndSpace(head);
  if (h.empty())
    return false;
  if (h[0] == '{') {
    // A result: its data, its counts, ARM ids.
    return Contains(h, "\"data\"") && Contains(h, "/subscriptions/") &&
           (Contains(h, "\"totalRecords\"") || Contains(h, "\"count\"") ||
            Contains(h, "\"total_records\"") ||
            Contains(h, "\"resultTruncated\""));
  }
  if (h[0] == '[')
    return false;
  // CSV: id and type columns, the first row's id an ARM id.
  std::vector<std::vector<std::string>> records =
      CsvHeadRecords(head, complete, 2);
  if (records.size() < 2 || !HasColumns(records[0], {"id", "type"}))
    return false;
  for (size_t i = 0; i < records[0].size(); ++i) {
    if (EqualsIgnoreCase(Trim(records[0][i]), "id")) {
      return i < records[1].size() &&
             StartsWith(ToLower(Trim(records[1][i])), "/subscriptions/");
    }
  }
  return false;
}

std::unique_ptr<Importer> CreateAzureResourceGraphImporter(ImportSink* sink) {
  return JsonOrCsvImporter(std::make_unique<AzureJsonImporter>(sink),
                           std::make_unique<AzureCsvImporter>(sink));
}

}  // namespace exposure
