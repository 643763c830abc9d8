#include "core/importers/gcp_assets_importer.h"

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "core/base/strings.h"
#include "core/import/json/json_importer.h"
#include "core/importers/inventory_asset.h"
#include "core/importers/json_members.h"
#include "core/importers/sniff_util.h"

namespace exposure {

namespace {

// The first of members `keys` of `v` (the current and the 2018 spelling).
JsonValue Member(const JsonValue& v,
                 std::initializer_list<std::string_view> keys) {
  for (std::string_view k : keys) {
    JsonValue m = JsonGet(v, k);
    if (!m.is_null())
      return m;
  }
  return JsonValue();
}

void AddStrings(const JsonValue& list, std::vector<std::string>* out) {
  if (!list.is_array())
    return;
  for (const JsonValue& s : list) {
    if (s.is_string())
      out->push_back(s.get<std::string>());
  }
}

bool IsInstance(const std::string& type) {
  return type == "compute.googleapis.com/Instance" ||
         type == "google.compute.Instance";
}

class GcpAssetsImporter : public WrappedRecordsImporter {
 public:
  explicit GcpAssetsImporter(ImportSink* sink)
      : WrappedRecordsImporter("a Cloud Asset Inventory export",
                               {"$.assets", "$.results"}),
        sink_(sink) {}

 private:
  bool IsRecord(RootMembers* members) override {
    return members->Has("name") &&
           (members->Has("asset_type") || members->Has("assetType"));
  }

  Status OnRecord(const JsonValue& r) override {
    const std::string type = JsonField(r, {"asset_type", "assetType"});
    const std::string name = JsonStr(r, "name");
    if (name.empty())
      return Status::Ok();
    const JsonValue resource = JsonGet(r, "resource");
    const JsonValue data = JsonGet(resource, "data");
    if (data.is_object()) {
      AddResource(type, name, data);
    } else if (!resource.is_object() &&
               (r.contains("displayName") || r.contains("labels") ||
                r.contains("additionalAttributes") || r.contains("location"))) {
      AddSearchResult(type, name, r);
    } else {
      const JsonValue inventory = Member(r, {"os_inventory", "osInventory"});
      if (inventory.is_object() && IsInstance(type))
        AddOsInventory(name, inventory);
    }
    return Status::Ok();
  }

  static void AddLabels(const JsonValue& labels, Asset* a) {
    if (!labels.is_object())
      return;
    for (auto it = labels.begin(); it != labels.end(); ++it)
      AddInventoryTag(it.key(), (*it).text(), a);
  }

  static Asset Base(const std::string& type,
                    const std::string& name,
                    const JsonValue& labels) {
    Asset a;
    a.kind = IsInstance(type) ? AssetKind::kHost : AssetKind::kCloudResource;
    a.ids.cloud_id = name;
    AddLabels(labels, &a);
    if (!type.empty())
      AppendUnique(&a.tags, "type:" + type);
    return a;
  }

  void AddResource(const std::string& type,
                   const std::string& name,
                   const JsonValue& data) {
    // Labels, where the resource's API keeps them (Cloud SQL, GKE).
    JsonValue labels = JsonGet(data, "labels");
    if (!labels.is_object())
      labels = JsonGet(JsonGet(data, "settings"), "userLabels");
    if (!labels.is_object())
      labels = JsonGet(data, "resourceLabels");
    Asset a = Base(type, name, labels);
    std::string display = JsonStr(data, "displayName");
    if (display.empty())
      display = std::string(LastSegment(JsonStr(data, "name")));
    a.name = !display.empty() ? display : std::string(LastSegment(name));
    if (type == "artifactregistry.googleapis.com/DockerImage") {
      a.kind = AssetKind::kContainerImage;
      a.ids.image = JsonStr(data, "uri");
      if (!a.ids.image.empty())
        a.name = a.ids.image;
    }
    const std::string zone(LastSegment(JsonStr(data, "zone")));
    if (!zone.empty()) {
      AppendUnique(&a.tags, "zone:" + zone);
    } else if (!JsonStr(data, "location").empty()) {
      AppendUnique(&a.tags, "location:" + JsonStr(data, "location"));
    }
    if (!IsInstance(type)) {
      sink_->AddAsset(a);
      return;
    }
    // Network tags (firewall targets), plain words.
    const JsonValue network_tags = JsonGet(data, "tags");
    std::vector<std::string> words;
    AddStrings(Member(network_tags, {"items", "item"}), &words);
    for (const std::string& w : words)
      AddInventoryTag(w, "", &a);
    // The OS host name is the instance name unless a custom one is set.
    const std::string hostname = JsonStr(data, "hostname");
    SetHostName(!hostname.empty() ? hostname : JsonStr(data, "name"), &a.ids);
    // The OS: the boot disk's license, "debian-8-jessie".
    const JsonValue disks = Member(data, {"disks", "disk"});
    if (disks.is_array()) {
      for (const JsonValue& disk : disks) {
        if (JsonGet(disk, "boot") != true)
          continue;
        std::vector<std::string> licenses;
        AddStrings(Member(disk, {"licenses", "license"}), &licenses);
        if (!licenses.empty())
          a.os = std::string(LastSegment(licenses.front()));
      }
    }
    std::vector<std::string> ips;
    std::vector<std::string> external;
    const JsonValue nics =
        Member(data, {"networkInterfaces", "networkInterface"});
    if (nics.is_array()) {
      for (const JsonValue& nic : nics) {
        ips.push_back(JsonField(nic, {"networkIP", "ipAddress"}));
        ips.push_back(JsonField(nic, {"ipv6Address"}));
        const JsonValue access = Member(nic, {"accessConfigs", "accessConfig"});
        if (access.is_array()) {
          for (const JsonValue& config : access) {
            const std::string nat = JsonField(config, {"natIP", "natIp"});
            if (!nat.empty())
              external.push_back(nat);
          }
        }
      }
    }
    AddInstance(std::move(a), ips, external);
  }

  void AddInstance(Asset a,
                   std::vector<std::string> ips,
                   const std::vector<std::string>& external) {
    if (!external.empty())
      a.context.internet_facing = true;
    ips.insert(ips.end(), external.begin(), external.end());
    AddAssetWithAddresses(sink_, std::move(a), ips);
  }

  // A search-all-resources result: the resource's summary at the top.
  void AddSearchResult(const std::string& type,
                       const std::string& name,
                       const JsonValue& r) {
    Asset a = Base(type, name, JsonGet(r, "labels"));
    a.name = JsonStr(r, "displayName");
    if (a.name.empty())
      a.name = std::string(LastSegment(name));
    const std::string location = JsonStr(r, "location");
    if (!location.empty())
      AppendUnique(&a.tags, "location:" + location);
    if (!IsInstance(type)) {
      sink_->AddAsset(a);
      return;
    }
    std::vector<std::string> words;
    AddStrings(JsonGet(r, "networkTags"), &words);
    for (const std::string& w : words)
      AddInventoryTag(w, "", &a);
    SetHostName(LastSegment(name), &a.ids);
    const JsonValue attributes = JsonGet(r, "additionalAttributes");
    std::vector<std::string> ips;
    std::vector<std::string> external;
    AddStrings(JsonGet(attributes, "internalIPs"), &ips);
    AddStrings(JsonGet(attributes, "externalIPs"), &external);
    AddInstance(std::move(a), ips, external);
  }

  void AddOsInventory(const std::string& name, const JsonValue& inventory) {
    const JsonValue info = Member(inventory, {"osInfo", "os_info"});
    Asset a;
    a.kind = AssetKind::kHost;
    a.ids.cloud_id = name;
    a.name = std::string(LastSegment(name));
    a.os = JsonField(info, {"longName", "long_name"});
    SetHostName(JsonStr(info, "hostname"), &a.ids);
    sink_->AddAsset(a);
  }

  ImportSink* sink_;  // outlives the importer
};

}  // namespace

bool SniffGcpAssets(std::string_view head, bool complete) {
  (void)complete;
  std::string_view h = SkipBomAndSpace(head);
  if (h.empty() || (h[0] != '{' && h[0] != '['))
    return false;
  // Asset types and full resource names name Google APIs.
  return (Contains(h, "\"asset_type\"") || Contains(h, "\"assetType\"")) &&
         Contains(h, "googleapis.com");
}

std::unique_ptr<Importer> CreateGcpAssetsImporter(ImportSink* sink) {
  return std::make_unique<GcpAssetsImporter>(sink);
}

}  // namespace exposure
