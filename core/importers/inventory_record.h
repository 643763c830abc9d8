// What the inventory importers (inventory_csv, inventory_json,
// servicenow_cmdb) share: field names read by their normalised spelling,
// one record's values gathered field by field, and the asset they make.
//
// An inventory record is a flat set of named values (a CSV row, a JSON
// object, a ServiceNow CI). Each importer maps its names to an
// InventoryField, offers every value to an InventoryRecord and asks it for
// the asset at the end of the record. Where several names give one field
// (ip, ip_address, management_ip), the first name of the importer's list
// that has a value wins, whatever the column order.
#ifndef CORE_IMPORTERS_INVENTORY_RECORD_H_
#define CORE_IMPORTERS_INVENTORY_RECORD_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/model.h"

namespace exposure {

enum class InventoryField : uint8_t {
  kNone = 0,
  // A label that may also be the host name (see InventoryRecord::ToAsset).
  kName,
  kHostname,
  kFqdn,
  kDomain,  // DNS domain: with a short host name, the FQDN
  kIp,
  kMac,
  kSerial,
  kCloudId,
  kOwner,
  kBusinessUnit,
  kEnvironment,
  kCriticality,
  kInternetFacing,
  kTags,
  kSite,
  kOs,
  kOsVersion,
  kKind,      // asset type as written ("Server", "cloud_resource")
  kAssetTag,  // the inventory's own label (barcode): a tag, not an identity
  kClass,     // ServiceNow's sys_class_name (the importer reads it)
  kStatus,    // ServiceNow's install/operational status (the importer reads it)
  kCount
};

// True for the fields that recognise an asset across tools (a name too:
// the inventory's label is often the host name).
bool IsIdentityField(InventoryField field);
// True for what an inventory says beyond identity: owner, business unit,
// environment, criticality, internet facing, site, OS, asset tag.
bool IsContextField(InventoryField field);

// "IP Address", "ip_address", "ipAddress", "IP-Address" -> "ipaddress":
// lower case, ASCII letters and digits only.
std::string NormalizeFieldName(std::string_view name);

// How a generic inventory (CSV header, JSON key) names a field.
struct InventoryName {
  InventoryField field = InventoryField::kNone;
  int rank = 0;  // lower wins when several names give the field
  // A name that also means other things ("name", "address"): an identity
  // for the importer, not enough for a sniffer on its own.
  bool weak = false;
};
// The field a normalised generic name gives (kNone for anything else).
InventoryName GenericInventoryName(std::string_view normalized);

// A normalised name only a finding or check has (plugin, qid, cve*,
// cvss*, severity, vulnerability*, check id, rule id, solution, ...):
// a file with one is a scanner's export, not an inventory. A count
// ("vulnerability_count") is an inventory's column.
bool IsFindingLikeName(std::string_view normalized);
// A normalised name that marks another source's export an inventory must
// leave alone: ports (a network scan such as masscan's), AWS Config items,
// Google Cloud Asset Inventory and runZero records, CycloneDX BOMs.
bool IsForeignInventoryName(std::string_view normalized);

// What a header or a record's keys say, for sniffers: whether they have an
// identity (a strong one, or a weak one with context beside it) and
// nothing of a scanner's or another source's export (a name only such an
// export has, or the set of names an Azure Resource Graph or a Cloud Asset
// Inventory search result has).
bool LooksLikeGenericInventory(const std::vector<std::string>& names);

// `names` for an error message: the first ones quoted and comma
// separated, "and N more" for the rest.
std::string ListNames(const std::vector<std::string>& names);

// "yes", "true", "Internet", "external", "public", "DMZ" -> true; "no",
// "false", "Intranet", "internal", "private" -> false; nullopt otherwise.
std::optional<bool> ParseInternetFacing(std::string_view text);

// True for values written where nothing is known ("", "-", "N/A", "null",
// "none", "unknown"): a field with one is left empty.
bool IsPlaceholderValue(std::string_view text);

// One record's values, gathered field by field.
class InventoryRecord {
 public:
  void Clear();
  // Offers `value` for `field` (trimmed; placeholders such as "Unknown"
  // are no value, for a name too); kept when the field has no value yet or
  // only one of a higher rank. Tags are split on ',', ';' and '|', and
  // every tag field adds its tags.
  void Set(InventoryField field, int rank, std::string_view value);
  // A tag as it is, trimmed (tags from arrays and key/value objects).
  void AddTag(std::string_view tag);
  const std::string& Get(InventoryField field) const {
    return values_[static_cast<size_t>(field)];
  }

  // The asset the values describe, or false when they name none (neither
  // an identity nor a name). Multi-valued cells ("10.0.0.1, 10.0.0.2")
  // give their first value: the first valid IP address, the first MAC,
  // host name, FQDN, serial or cloud id. A host name with dots is an FQDN
  // (its first label the host name), one that is an address an IP; a
  // short host name with a DNS domain gives the FQDN. The name is the
  // label; when the record has no host name nor FQDN and
  // `name_may_be_host`, a name shaped like one is the host name (or the
  // FQDN, or the IP). The kind is the one written when the model knows
  // it, else a cloud resource for a cloud id, else a host.
  bool ToAsset(bool name_may_be_host, Asset* out) const;

 private:
  std::string values_[static_cast<size_t>(InventoryField::kCount)];
  int ranks_[static_cast<size_t>(InventoryField::kCount)] = {};
  std::vector<std::string> tags_;
};

}  // namespace exposure

#endif  // CORE_IMPORTERS_INVENTORY_RECORD_H_
