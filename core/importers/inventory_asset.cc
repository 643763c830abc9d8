#include "core/importers/inventory_asset.h"

#include <initializer_list>
#include <utility>

#include "core/base/net.h"
#include "core/base/strings.h"

namespace exposure {

namespace {

// `key` lowercased without separators: "Cost-Center" -> "costcenter".
std::string TagKey(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '-' || c == '_' || c == '.' || c == ':' || c == ' ')
      continue;
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

bool OneOf(const std::string& key, std::initializer_list<const char*> names) {
  for (const char* n : names) {
    if (key == n)
      return true;
  }
  return false;
}

void Fill(std::string* field, std::string_view value) {
  if (field->empty())
    *field = std::string(value);
}

}  // namespace

void AddInventoryTag(std::string_view key, std::string_view value, Asset* a) {
  key = Trim(key);
  value = Trim(value);
  if (key.empty())
    return;
  std::string tag(key);
  if (!value.empty())
    tag += "=" + std::string(value);
  AppendUnique(&a->tags, std::move(tag));

  const std::string k = TagKey(key);
  AssetContext& c = a->context;
  if (OneOf(k, {"internetfacing", "publicfacing"})) {
    const std::string v = ToLower(value);
    if (c.internet_facing.has_value())
      return;
    if (v.empty() || v == "true" || v == "yes" || v == "1") {
      c.internet_facing = true;
    } else if (v == "false" || v == "no" || v == "0") {
      c.internet_facing = false;
    }
    return;
  }
  if (value.empty())
    return;
  if (OneOf(k, {"env", "environment"})) {
    Fill(&c.environment, value);
  } else if (OneOf(k, {"owner", "owners", "ownedby", "owneremail",
                       "technicalowner", "businessowner"})) {
    Fill(&c.owner, value);
  } else if (OneOf(k, {"businessunit", "bu", "department", "dept", "division",
                       "costcenter", "costcentre"})) {
    Fill(&c.business_unit, value);
  } else if (OneOf(k, {"criticality", "businesscriticality",
                       "assetcriticality"})) {
    Criticality level;
    if (!c.criticality.has_value() && ParseCriticality(value, &level))
      c.criticality = level;
  }
}

void SetHostName(std::string_view name, Identities* ids) {
  name = Trim(name);
  while (!name.empty() && name.back() == '.')
    name.remove_suffix(1);
  if (name.empty() || LooksLikeIpAddress(name))
    return;
  const size_t dot = name.find('.');
  std::string_view domain =
      dot == std::string_view::npos ? std::string_view() : name.substr(dot + 1);
  if (EqualsIgnoreCase(domain, "workgroup") ||
      EqualsIgnoreCase(domain, "localdomain")) {
    domain = {};
  }
  if (!domain.empty() && ids->fqdn.empty())
    ids->fqdn = std::string(name);
  if (ids->hostname.empty())
    ids->hostname = std::string(name.substr(0, dot));
}

std::string InventoryMac(std::string_view text) {
  text = Trim(text);
  std::string hex = MacHexDigits(text, ":-.");
  if (hex.size() == 16 && EndsWith(hex, "0000"))
    hex.resize(12);
  if (hex.size() != 12 && hex.size() != 16)
    return std::string(text);
  return ColonOctets(hex);
}

bool IsLinkLocalAddress(std::string_view ip) {
  ip = Trim(ip);
  if (!LooksLikeIpv6(ip) || ip.size() < 4)
    return false;
  // fe80::/10: a first group of four digits from fe80 to febf.
  const std::string head = ToLower(ip.substr(0, 3));
  return (head == "fe8" || head == "fe9" || head == "fea" || head == "feb") &&
         ip[3] != ':';
}

size_t AddAssetWithAddresses(ImportSink* sink,
                             Asset a,
                             const std::vector<std::string>& more_ips) {
  auto usable = [](const std::string& ip) {
    return !Trim(ip).empty() && !IsLinkLocalAddress(ip);
  };
  if (IsLinkLocalAddress(a.ids.ip))
    a.ids.ip.clear();
  std::vector<std::string> rest;
  for (const std::string& ip : more_ips) {
    if (!usable(ip))
      continue;
    const std::string trimmed(Trim(ip));
    if (a.ids.ip.empty()) {
      a.ids.ip = trimmed;
    } else if (trimmed != a.ids.ip) {
      AppendUnique(&rest, trimmed);
    }
  }
  const size_t index = sink->AddAsset(a);
  const Identities& id = a.ids;
  const bool anchored = !id.cloud_id.empty() || !id.serial.empty() ||
                        !id.fqdn.empty() || !id.mac.empty() ||
                        !id.hostname.empty() || !id.image.empty();
  if (!anchored)
    return index;
  Asset more;
  more.kind = a.kind;
  more.name = a.name;
  more.ids = a.ids;
  more.context.site = a.context.site;
  for (std::string& ip : rest) {
    more.ids.ip = std::move(ip);
    sink->AddAsset(more);
  }
  return index;
}

std::string_view LastSegment(std::string_view id) {
  while (!id.empty() && id.back() == '/')
    id.remove_suffix(1);
  const size_t slash = id.rfind('/');
  return slash == std::string_view::npos ? id : id.substr(slash + 1);
}

}  // namespace exposure
