#include "core/importers/aws_config_importer.h"

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

// Splits "a,b" lists (SSM writes several addresses of one interface so)
// and adds each non-empty part to `out`.
void AddList(std::string_view text, std::vector<std::string>* out) {
  for (std::string& part : SplitTrimmed(text, ","))
    out->push_back(std::move(part));
}

class AwsConfigImporter : public WrappedRecordsImporter {
 public:
  explicit AwsConfigImporter(ImportSink* sink)
      : WrappedRecordsImporter(
            "an AWS Config file",
            {"$.configurationItems", "$.baseConfigurationItems"},
            {"$.configurationItem", "$.configurationItemSummary",
             "$.detail.configurationItem"}),
        sink_(sink) {}

 private:
  // The fields every CI has, read once.
  struct Item {
    std::string type;
    std::string id;
    std::string arn;
    std::string account;
    std::string region;
    std::string name;  // resourceName
    JsonValue configuration;
    JsonValue tags;  // the CI's map
  };

  bool IsRecord(RootMembers* members) override {
    return members->Has("resourceType");
  }

  Status OnRecord(const JsonValue& ci) override {
    const std::string status = JsonStr(ci, "configurationItemStatus");
    if (status == "ResourceDeleted" || status == "ResourceDeletedNotRecorded")
      return Status::Ok();
    Item item;
    item.type = JsonStr(ci, "resourceType");
    item.id = JsonStr(ci, "resourceId");
    item.arn = JsonField(ci, {"ARN", "arn"});
    item.account = JsonField(ci, {"awsAccountId", "accountId"});
    item.region = JsonStr(ci, "awsRegion");
    item.name = JsonStr(ci, "resourceName");
    item.tags = JsonGet(ci, "tags");
    item.configuration = JsonGet(ci, "configuration");
    if (item.configuration.is_string()) {
      // The API writes the configuration as JSON text.
      Result<JsonDoc> parsed = JsonDoc::Parse(item.configuration.text());
      configuration_ = parsed.ok() ? std::move(*parsed) : JsonDoc();
      item.configuration = configuration_.root();
    }
    if (item.type == "AWS::EC2::Instance") {
      AddInstance(item);
    } else if (item.type == "AWS::SSM::ManagedInstanceInventory") {
      AddManagedInstance(item);
    } else if (item.type == "AWS::EC2::NetworkInterface") {
      AddNetworkInterface(item);
    } else if (item.type == "AWS::EC2::EIP") {
      AddElasticIp(item);
    } else if (!item.type.empty()) {
      sink_->AddAsset(Resource(item));
    }
    return Status::Ok();
  }

  // "arn:aws" from the CI's own ARN (aws-cn, aws-us-gov keep theirs).
  static std::string Partition(const Item& item) {
    if (StartsWith(item.arn, "arn:")) {
      const size_t colon = item.arn.find(':', 4);
      if (colon != std::string::npos)
        return item.arn.substr(0, colon);
    }
    return "arn:aws";
  }

  static std::string InstanceArn(const Item& item,
                                 const std::string& instance) {
    return Partition(item) + ":ec2:" + item.region + ":" + item.account +
           ":instance/" + instance;
  }

  // The CI's tags, the "type:" and "region:" tags and the context they
  // give, on `a`; the Name tag names it if nothing did.
  static void AddTags(const Item& item, Asset* a) {
    std::string name_tag;
    auto add = [&](std::string_view key, std::string_view value) {
      AddInventoryTag(key, value, a);
      if (key == "Name" && name_tag.empty())
        name_tag = std::string(Trim(value));
    };
    if (item.tags.is_object() && !item.tags.empty()) {
      for (auto it = item.tags.begin(); it != item.tags.end(); ++it) {
        add(it.key(), (*it).is_string() ? (*it).text() : std::string_view());
      }
    } else {
      // The configuration's own list, [{"key": ..., "value": ...}], under
      // the name the resource's API gives it.
      for (const char* name : {"tags", "tagList", "tagSet", "TagList"}) {
        const JsonValue list = JsonGet(item.configuration, name);
        if (!list.is_array() || list.empty())
          continue;
        for (const JsonValue& t : list)
          add(JsonField(t, {"key", "Key"}), JsonField(t, {"value", "Value"}));
        break;
      }
    }
    if (!item.type.empty())
      AppendUnique(&a->tags, "type:" + item.type);
    if (!item.region.empty())
      AppendUnique(&a->tags, "region:" + item.region);
    if (a->name.empty())
      a->name = name_tag;
  }

  // A resource identified by its ARN (its id without one).
  static Asset Resource(const Item& item) {
    Asset a;
    a.kind = AssetKind::kCloudResource;
    a.ids.cloud_id = !item.arn.empty() ? item.arn : item.id;
    a.name = item.name;
    AddTags(item, &a);
    if (a.name.empty())
      a.name = !item.id.empty() ? item.id : a.ids.cloud_id;
    return a;
  }

  // A record of instance `instance` that only adds addresses (an
  // interface's, an Elastic IP's): it merges with the instance's own.
  void AddToInstance(const Item& item,
                     const std::string& instance,
                     const std::vector<std::string>& ips,
                     bool internet_facing) {
    Asset a;
    a.kind = AssetKind::kHost;
    a.name = instance;
    a.ids.cloud_id = InstanceArn(item, instance);
    if (internet_facing)
      a.context.internet_facing = true;
    AddAssetWithAddresses(sink_, std::move(a), ips);
  }

  void AddInstance(const Item& item) {
    const JsonValue& c = item.configuration;
    Asset a;
    a.kind = AssetKind::kHost;
    const std::string instance =
        !item.id.empty() ? item.id : JsonStr(c, "instanceId");
    a.ids.cloud_id = !item.arn.empty() ? item.arn : InstanceArn(item, instance);
    a.name = item.name;
    AddTags(item, &a);
    if (a.name.empty())
      a.name = instance;
    a.ids.ip = JsonStr(c, "privateIpAddress");
    SetHostName(JsonStr(c, "privateDnsName"), &a.ids);
    a.os = JsonStr(c, "platformDetails");
    if (a.os.empty() && EqualsIgnoreCase(JsonStr(c, "platform"), "windows"))
      a.os = "Windows";

    std::vector<std::string> ips;
    std::vector<std::string> public_ips;
    const std::string public_ip = JsonStr(c, "publicIpAddress");
    if (!public_ip.empty())
      public_ips.push_back(public_ip);
    const JsonValue nics = JsonGet(c, "networkInterfaces");
    std::string first_mac;
    if (nics.is_array()) {
      for (const JsonValue& nic : nics) {
        const std::string mac = InventoryMac(JsonStr(nic, "macAddress"));
        const JsonValue attachment = JsonGet(nic, "attachment");
        if (JsonStr(attachment, "deviceIndex") == "0" && a.ids.mac.empty())
          a.ids.mac = mac;
        if (first_mac.empty())
          first_mac = mac;
        ips.push_back(JsonStr(nic, "privateIpAddress"));
        const JsonValue privates = JsonGet(nic, "privateIpAddresses");
        if (privates.is_array()) {
          for (const JsonValue& p : privates) {
            ips.push_back(JsonStr(p, "privateIpAddress"));
            const std::string pub =
                JsonStr(JsonGet(p, "association"), "publicIp");
            if (!pub.empty())
              public_ips.push_back(pub);
          }
        }
        const std::string pub =
            JsonStr(JsonGet(nic, "association"), "publicIp");
        if (!pub.empty())
          public_ips.push_back(pub);
        const JsonValue v6 = JsonGet(nic, "ipv6Addresses");
        if (v6.is_array()) {
          for (const JsonValue& p : v6)
            ips.push_back(JsonStr(p, "ipv6Address"));
        }
      }
    }
    if (a.ids.mac.empty())
      a.ids.mac = first_mac;
    if (!public_ips.empty())
      a.context.internet_facing = true;
    ips.insert(ips.end(), public_ips.begin(), public_ips.end());
    AddAssetWithAddresses(sink_, std::move(a), ips);
  }

  void AddManagedInstance(const Item& item) {
    const JsonValue& c = item.configuration;
    Asset a;
    a.kind = AssetKind::kHost;
    if (StartsWith(item.id, "i-")) {
      a.ids.cloud_id = InstanceArn(item, item.id);
    } else if (!item.id.empty()) {
      a.ids.cloud_id = Partition(item) + ":ssm:" + item.region + ":" +
                       item.account + ":managed-instance/" + item.id;
    }
    AddTags(item, &a);
    // InstanceInformation's content is keyed by instance id: the CI's, or
    // (as it may differ) the one entry there is.
    const JsonValue content =
        JsonGet(JsonGet(c, "AWS:InstanceInformation"), "Content");
    JsonValue info = JsonGet(content, item.id);
    if (!info.is_object() && content.is_object() && !content.empty())
      info = *content.begin();
    SetHostName(JsonStr(info, "ComputerName"), &a.ids);
    a.ids.ip = JsonStr(info, "IpAddress");
    const std::string platform = JsonStr(info, "PlatformName");
    const std::string version = JsonStr(info, "PlatformVersion");
    a.os = platform.empty() || version.empty() ? platform
                                               : platform + " " + version;
    std::vector<std::string> ips;
    const JsonValue network = JsonGet(JsonGet(c, "AWS:Network"), "Content");
    if (network.is_array()) {
      for (const JsonValue& nic : network) {
        if (a.ids.mac.empty())
          a.ids.mac = InventoryMac(JsonStr(nic, "MacAddress"));
        AddList(JsonStr(nic, "IPV4"), &ips);
        AddList(JsonStr(nic, "IPV6"), &ips);
      }
    }
    if (a.name.empty()) {
      a.name = !a.ids.fqdn.empty()       ? a.ids.fqdn
               : !a.ids.hostname.empty() ? a.ids.hostname
                                         : item.id;
    }
    AddAssetWithAddresses(sink_, std::move(a), ips);
  }

  void AddNetworkInterface(const Item& item) {
    const JsonValue& c = item.configuration;
    std::vector<std::string> ips;
    std::vector<std::string> public_ips;
    ips.push_back(JsonStr(c, "privateIpAddress"));
    const JsonValue privates = JsonGet(c, "privateIpAddresses");
    if (privates.is_array()) {
      for (const JsonValue& p : privates) {
        ips.push_back(JsonStr(p, "privateIpAddress"));
        const std::string pub = JsonStr(JsonGet(p, "association"), "publicIp");
        if (!pub.empty())
          public_ips.push_back(pub);
      }
    }
    const std::string pub = JsonStr(JsonGet(c, "association"), "publicIp");
    if (!pub.empty())
      public_ips.push_back(pub);
    const JsonValue v6 = JsonGet(c, "ipv6Addresses");
    if (v6.is_array()) {
      for (const JsonValue& p : v6)
        ips.push_back(JsonStr(p, "ipv6Address"));
    }
    ips.insert(ips.end(), public_ips.begin(), public_ips.end());

    Asset a = Resource(item);
    const std::string instance =
        JsonStr(JsonGet(c, "attachment"), "instanceId");
    if (!instance.empty()) {
      sink_->AddAsset(a);
      AddToInstance(item, instance, ips, !public_ips.empty());
      return;
    }
    a.ids.mac = InventoryMac(JsonStr(c, "macAddress"));
    if (!public_ips.empty())
      a.context.internet_facing = true;
    AddAssetWithAddresses(sink_, std::move(a), ips);
  }

  void AddElasticIp(const Item& item) {
    const JsonValue& c = item.configuration;
    const std::string ip = JsonStr(c, "publicIp");
    Asset a = Resource(item);
    const std::string instance = JsonStr(c, "instanceId");
    if (!instance.empty() && !ip.empty()) {
      sink_->AddAsset(a);
      AddToInstance(item, instance, {JsonStr(c, "privateIpAddress"), ip}, true);
      return;
    }
    a.ids.ip = ip;
    sink_->AddAsset(a);
  }

  ImportSink* sink_;  // outlives the importer
  JsonDoc configuration_;
};

}  // namespace

bool SniffAwsConfig(std::string_view head, bool complete) {
  (void)complete;
  std::string_view h = SkipBomAndSpace(head);
  if (h.empty() || (h[0] != '{' && h[0] != '['))
    return false;
  // Every CI has its capture time and type; a snapshot names itself.
  return (Contains(h, "\"configurationItemCaptureTime\"") &&
          Contains(h, "\"resourceType\"")) ||
         Contains(h, "\"configSnapshotId\"");
}

std::unique_ptr<Importer> CreateAwsConfigImporter(ImportSink* sink) {
  return std::make_unique<AwsConfigImporter>(sink);
}

}  // namespace exposure
