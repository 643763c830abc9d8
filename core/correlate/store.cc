#include "core/correlate/store.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "core/base/strings.h"

namespace exposure {

size_t Store::AddInput(std::string name) {
  inputs_.emplace_back();
  inputs_.back().name = std::move(name);
  return inputs_.size() - 1;
}

std::vector<std::string> Store::IdentityKeys(const Asset& a) {
  // Strongest first. A bare short hostname is only used when nothing better
  // is known, because "db01" in two networks is not one machine.
  std::vector<std::string> keys;
  const Identities& id = a.ids;
  if (!id.cloud_id.empty())
    keys.push_back("cloud:" + id.cloud_id);
  if (!id.k8s.empty())
    keys.push_back("k8s:" + id.k8s);
  if (!id.image.empty())
    keys.push_back("image:" + id.image);
  if (!id.repository.empty())
    keys.push_back("repo:" + id.repository);
  if (!id.url.empty())
    keys.push_back("url:" + ToLower(id.url));
  if (!id.ip.empty())
    keys.push_back("ip:" + id.ip);
  if (!id.fqdn.empty())
    keys.push_back("fqdn:" + ToLower(id.fqdn));
  if (keys.empty() && !id.hostname.empty()) {
    keys.push_back("host:" + ToLower(id.hostname));
  }
  if (keys.empty() && !id.mac.empty())
    keys.push_back("mac:" + ToLower(id.mac));
  if (keys.empty() && !a.name.empty()) {
    keys.push_back(std::string("name:") + AssetKindName(a.kind) + ":" + a.name);
  }
  return keys;
}

std::string Store::PrimaryKey(const Asset& asset) {
  std::vector<std::string> keys = IdentityKeys(asset);
  return keys.empty() ? std::string("unknown") : keys.front();
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
  fill(&into->ids.cloud_id, from.ids.cloud_id);
  fill(&into->ids.image, from.ids.image);
  fill(&into->ids.repository, from.ids.repository);
  fill(&into->ids.k8s, from.ids.k8s);
  fill(&into->ids.url, from.ids.url);
  for (const std::string& tag : from.tags)
    AppendUnique(&into->tags, tag);
}

size_t Store::AddAsset(size_t input, const Asset& asset) {
  std::vector<std::string> keys = IdentityKeys(asset);
  size_t index = assets_.size();
  for (const std::string& key : keys) {
    auto it = asset_by_key_.find(key);
    if (it != asset_by_key_.end()) {
      index = it->second;
      break;
    }
  }
  if (index == assets_.size()) {
    assets_.push_back(asset);
  } else {
    MergeInto(&assets_[index], asset);
  }
  // Index every key the merged asset now has, so later records that only
  // know one of its identities still land on it.
  for (const std::string& key : IdentityKeys(assets_[index])) {
    asset_by_key_.emplace(key, index);
  }
  for (const std::string& key : keys)
    asset_by_key_.emplace(key, index);
  inputs_[input].assets.insert(index);
  return index;
}

void Store::AddService(size_t input, const Service& service) {
  // Asset and port as fixed-width numbers, then the protocol: equal keys
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
    services_.push_back(service);
    service_input_.push_back(UINT32_MAX);
  } else {
    Service& s = services_[index];
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
    inputs_[input].services++;
  }
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
