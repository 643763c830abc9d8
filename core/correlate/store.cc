#include "core/correlate/store.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "core/base/strings.h"

namespace exposure {

size_t Store::AddInput(std::string name) {
  inputs_.emplace_back();
  inputs_.back().name = std::move(name);
  dirty_ = true;
  return inputs_.size() - 1;
}

void Store::MergeInto(Asset* into, const Asset& from) {
  auto fill = [](std::string* dst, const std::string& src) {
    if (dst->empty())
      *dst = src;
  };
  if (into->kind == AssetKind::kUnknown)
    into->kind = from.kind;
  fill(&into->name, from.name);
  fill(&into->os, from.os);
  fill(&into->ids.ip, from.ids.ip);
  fill(&into->ids.hostname, from.ids.hostname);
  fill(&into->ids.fqdn, from.ids.fqdn);
  fill(&into->ids.mac, from.ids.mac);
  fill(&into->ids.serial, from.ids.serial);
  fill(&into->ids.cloud_id, from.ids.cloud_id);
  fill(&into->ids.image, from.ids.image);
  fill(&into->ids.repository, from.ids.repository);
  fill(&into->ids.k8s, from.ids.k8s);
  fill(&into->ids.url, from.ids.url);
  for (const std::string& tag : from.tags)
    AppendUnique(&into->tags, tag);
  AssetContext& c = into->context;
  fill(&c.owner, from.context.owner);
  fill(&c.business_unit, from.context.business_unit);
  fill(&c.environment, from.context.environment);
  fill(&c.site, from.context.site);
  if (!c.criticality)
    c.criticality = from.context.criticality;
  if (!c.internet_facing)
    c.internet_facing = from.context.internet_facing;
}

size_t Store::AddAsset(size_t input, const Asset& asset) {
  // One record per distinct set of identities: a host named in 5,000
  // findings is one record.
  std::string& key = identity_buffer_;
  key.clear();
  const Identities& id = asset.ids;
  bool any = false;
  for (const std::string* part :
       {&id.ip, &id.hostname, &id.fqdn, &id.mac, &id.serial, &id.cloud_id,
        &id.image, &id.repository, &id.k8s, &id.url}) {
    key += *part;
    key += '\x1f';
    any = any || !part->empty();
  }
  key += AssetKindName(asset.kind);
  if (!any) {
    key += '\x1f';
    key += asset.name;  // no identity: the name is all there is
  }
  auto [it, added] =
      record_by_identity_.emplace(key, static_cast<uint32_t>(records_.size()));
  const uint32_t record = it->second;
  if (added) {
    records_.push_back(asset);
    record_inputs_.emplace_back();
  } else {
    MergeInto(&records_[record], asset);
  }
  std::vector<uint32_t>& inputs = record_inputs_[record];
  if (inputs.empty() || inputs.back() != input)
    inputs.push_back(static_cast<uint32_t>(input));
  dirty_ = true;
  return record;
}

void Store::AddAssetScan(size_t input, const AssetScan& scan) {
  scans_.emplace_back(static_cast<uint32_t>(input), scan);
  dirty_ = true;
}

void Store::AddService(size_t input, const Service& service) {
  // Record and port as fixed-width numbers, then the protocol: equal keys
  // exactly for equal services.
  char key[16];
  const uint64_t asset = service.asset;
  std::memcpy(key, &asset, sizeof(asset));
  std::memcpy(key + 8, &service.port, sizeof(service.port));
  std::string& k = service_key_;
  k.assign(key, 12);
  k += service.protocol;
  bool added = false;
  const uint32_t index = service_keys_.Add(k, &added);
  if (added) {
    record_services_.push_back(service);
    service_input_.push_back(UINT32_MAX);
  } else {
    Service& s = record_services_[index];
    if (s.name.empty())
      s.name = service.name;
    if (s.product.empty())
      s.product = service.product;
    if (s.version.empty())
      s.version = service.version;
  }
  // Inputs are read one after another, so a service new to this input is
  // one last mentioned by another.
  if (service_input_[index] != input) {
    service_input_[index] = static_cast<uint32_t>(input);
    service_mentions_.emplace_back(index, static_cast<uint32_t>(input));
  }
  dirty_ = true;
}

void Store::Resolve() const {
  if (!dirty_)
    return;
  dirty_ = false;
  const size_t n = records_.size();

  // Which records are one asset.
  std::vector<IdentityRecord> records(n);
  std::vector<const std::string*> names;
  for (size_t r = 0; r < n; ++r) {
    names.clear();
    for (uint32_t i : record_inputs_[r])
      names.push_back(&inputs_[i].name);
    records[r].asset = &records_[r];
    records[r].site = SiteOf(sites_, names, records_[r]);
  }
  IdentityResult result = ResolveIdentities(records);
  asset_of_record_ = std::move(result.asset_of);
  identities_ = std::move(result.assets);

  // Their data, merged in record order; the site an asset was resolved in
  // is its site, the inventory's location otherwise.
  assets_.clear();
  assets_.resize(identities_.size());
  std::vector<bool> started(identities_.size(), false);
  std::vector<const std::string*> site(identities_.size(), nullptr);
  for (size_t r = 0; r < n; ++r) {
    const uint32_t a = asset_of_record_[r];
    if (!started[a]) {
      assets_[a] = records_[r];
      started[a] = true;
    } else {
      MergeInto(&assets_[a], records_[r]);
    }
    if (site[a] == nullptr && !records[r].site.empty())
      site[a] = &records[r].site;
  }
  for (size_t a = 0; a < assets_.size(); ++a) {
    if (site[a] != nullptr)
      assets_[a].context.site = *site[a];
  }

  // Where each asset was seen.
  sightings_.assign(identities_.size(), Sightings());
  for (Input& in : inputs_)
    in.assets.clear();
  for (size_t r = 0; r < n; ++r) {
    const uint32_t a = asset_of_record_[r];
    for (uint32_t i : record_inputs_[r]) {
      sightings_[a].inputs.push_back(i);
      inputs_[i].assets.insert(a);
    }
  }
  for (Sightings& s : sightings_) {
    std::sort(s.inputs.begin(), s.inputs.end());
    s.inputs.erase(std::unique(s.inputs.begin(), s.inputs.end()),
                   s.inputs.end());
  }
  for (const auto& [input, scan] : scans_) {
    if (scan.asset >= n)
      continue;
    Sightings& s = sightings_[asset_of_record_[scan.asset]];
    if (scan.time > s.last_scanned)
      s.last_scanned = scan.time;
    if (scan.credentialed.has_value() &&
        inputs_[input].source == SourceClass::kHost) {
      (*scan.credentialed ? s.credentialed : s.uncredentialed) = true;
    }
  }

  // Services of one asset on one port are one service.
  services_.clear();
  TextIndex keys;
  std::string key;
  std::vector<uint32_t> service_of(record_services_.size());
  for (size_t i = 0; i < record_services_.size(); ++i) {
    Service svc = record_services_[i];
    svc.asset = asset_of_record_[svc.asset];
    char fixed[12];
    const uint64_t asset = svc.asset;
    std::memcpy(fixed, &asset, sizeof(asset));
    std::memcpy(fixed + 8, &svc.port, sizeof(svc.port));
    key.assign(fixed, 12);
    key += svc.protocol;
    bool added = false;
    const uint32_t index = keys.Add(key, &added);
    service_of[i] = index;
    if (added) {
      services_.push_back(std::move(svc));
    } else {
      Service& s = services_[index];
      if (s.name.empty())
        s.name = svc.name;
      if (s.product.empty())
        s.product = svc.product;
      if (s.version.empty())
        s.version = svc.version;
    }
  }
  std::vector<std::set<uint32_t>> input_services(inputs_.size());
  for (const auto& [service, input] : service_mentions_)
    input_services[input].insert(service_of[service]);
  for (size_t i = 0; i < inputs_.size(); ++i)
    inputs_[i].services = input_services[i].size();

  findings_.SetAssetMap(&asset_of_record_);
}

void Store::AddFinding(const Finding& finding) {
  inputs_[finding.input].findings++;
  findings_.Add(finding);
}

std::string_view Store::Intern(std::string_view text) {
  if (text.empty())
    return {};
  // Most texts are one seen before (a plugin's description on every host):
  // a slot chosen by the length and a few bytes names a candidate, which a
  // compare confirms far more cheaply than hashing the whole text.
  uint64_t head = 0;
  uint64_t tail = 0;
  const size_t n = std::min<size_t>(text.size(), 8);
  std::memcpy(&head, text.data(), n);
  std::memcpy(&tail, text.data() + text.size() - n, n);
  const uint64_t mix = (head ^ (tail * 0x9E3779B97F4A7C15ULL) ^ text.size()) *
                       0xBF58476D1CE4E5B9ULL;
  uint32_t& slot = intern_cache_[(mix >> 40) % kInternCache];
  if (slot != TextIndex::kNone && texts_[slot] == text)
    return texts_[slot];
  slot = texts_.Add(text);
  return texts_[slot];
}

}  // namespace exposure
