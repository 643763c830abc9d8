#include "core/plan/vex.h"

#include <algorithm>
#include <unordered_map>
#include <utility>

#include "core/base/hex.h"
#include "core/base/strings.h"
#include "core/correlate/finding_table.h"
#include "core/plan/versions.h"

namespace exposure {

namespace {

constexpr std::string_view kAssetUrn = "urn:exposure-lens:asset:";
constexpr std::string_view kFindingUrn = "urn:exposure-lens:finding:";

// A version or range condition: the product's, and a version its id holds.
bool VersionFits(std::string_view actual,
                 std::string_view id_version,
                 const VexProduct& p) {
  if (!id_version.empty())
    return SameVersion(actual, id_version);
  if (!p.version.empty())
    return SameVersion(actual, p.version);
  if (!p.range.empty())
    return VersionInRange(actual, p.range);
  return true;
}

bool PurlsMatch(const Purl& want, const VexProduct& p, const Purl& got) {
  if (want.type != got.type || want.ns != got.ns || want.name != got.name)
    return false;
  if (!want.arch.empty() && !got.arch.empty() && want.arch != got.arch)
    return false;
  return VersionFits(got.version, want.version, p);
}

// A container image reference's name (its last path segment, without tag
// or digest), tag and digest.
void SplitImage(std::string_view image,
                std::string_view* name,
                std::string_view* tag,
                std::string_view* digest) {
  *digest = {};
  *tag = {};
  const size_t at = image.find('@');
  if (at != std::string_view::npos) {
    *digest = image.substr(at + 1);
    image = image.substr(0, at);
  }
  const size_t slash = image.rfind('/');
  const size_t colon = image.rfind(':');
  if (colon != std::string_view::npos &&
      (slash == std::string_view::npos || colon > slash)) {
    *tag = image.substr(colon + 1);
    image = image.substr(0, colon);
  }
  *name = slash == std::string_view::npos || slash >= image.size()
              ? image
              : image.substr(slash + 1);
}

bool ImageMatches(const Purl& want, const VexProduct& p, const Asset& a) {
  if (a.ids.image.empty() || (want.type != "oci" && want.type != "docker"))
    return false;
  std::string_view name, tag, digest;
  SplitImage(a.ids.image, &name, &tag, &digest);
  if (!EqualsIgnoreCase(name, want.name))
    return false;
  if (!want.version.empty()) {
    return StartsWith(want.version, "sha256:")
               ? EqualsIgnoreCase(digest, want.version)
               : EqualsIgnoreCase(tag, want.version);
  }
  return VersionFits(tag, {}, p);
}

bool CpesMatch(const Cpe& want, const VexProduct& p, const Cpe& got) {
  auto any = [](const std::string& v) { return v.empty() || v == "*"; };
  if (!any(want.part) && !any(got.part) && want.part != got.part)
    return false;
  if (!any(want.vendor) && want.vendor != got.vendor)
    return false;
  if (!any(want.product) && want.product != got.product)
    return false;
  if (!any(want.version) && want.version != "-")
    return SameVersion(got.version, want.version);
  if (!p.range.empty())
    return VersionInRange(got.version, p.range);
  return true;
}

// The name and version of a name product, split off an asset's name
// ("billing-portal@5.2.1").
bool AssetNameMatches(const VexProduct& p, const Asset& a) {
  if (EqualsIgnoreCase(a.name, p.name))
    return p.version.empty() && p.range.empty();
  const size_t at = a.name.rfind('@');
  if (at == std::string::npos ||
      !EqualsIgnoreCase(std::string_view(a.name).substr(0, at), p.name))
    return false;
  const std::string_view version = std::string_view(a.name).substr(at + 1);
  return (p.version.empty() && p.range.empty()) || VersionFits(version, {}, p);
}

// A statement's product, parsed once.
struct Product {
  const VexProduct* product = nullptr;
  bool is_purl = false;
  Purl purl;
  bool is_cpe = false;
  Cpe cpe;
};

// What a finding offers to match, parsed once per finding.
struct Subject {
  const Finding* f = nullptr;
  const Asset* asset = nullptr;
  bool has_purl = false;
  Purl purl;
  std::vector<Cpe> cpes;
};

Subject MakeSubject(const Finding& f, const Asset* asset) {
  Subject s;
  s.f = &f;
  s.asset = asset;
  s.has_purl = ParsePurl(f.component.purl, &s.purl);
  Cpe c;
  for (const std::string* text : {&f.component.purl, &f.component.name}) {
    if (ParseCpe(*text, &c))
      s.cpes.push_back(c);
  }
  if (asset != nullptr && ParseCpe(asset->os, &c))
    s.cpes.push_back(c);
  return s;
}

Product MakeProduct(const VexProduct& p) {
  Product out;
  out.product = &p;
  out.is_purl = ParsePurl(p.purl, &out.purl);
  out.is_cpe = ParseCpe(p.cpe, &out.cpe);
  return out;
}

bool Matches(const Product& p, const Subject& s) {
  const Finding& f = *s.f;
  const VexProduct& vp = *p.product;
  if (p.is_purl) {
    if (s.has_purl && PurlsMatch(p.purl, vp, s.purl))
      return true;
    if (!s.has_purl && !f.component.name.empty()) {
      const std::string& n = f.component.name;
      if (EqualsIgnoreCase(n, p.purl.name) ||
          (!p.purl.ns.empty() &&
           (EqualsIgnoreCase(n, p.purl.ns + "/" + p.purl.name) ||
            EqualsIgnoreCase(n, p.purl.ns + ":" + p.purl.name)))) {
        if (VersionFits(f.component.installed, p.purl.version, vp))
          return true;
      }
    }
    if (s.asset != nullptr && ImageMatches(p.purl, vp, *s.asset))
      return true;
  }
  if (p.is_cpe) {
    for (const Cpe& c : s.cpes) {
      if (CpesMatch(p.cpe, vp, c))
        return true;
    }
  }
  if (!vp.name.empty()) {
    if (EqualsIgnoreCase(f.component.name, vp.name) &&
        VersionFits(f.component.installed, {}, vp))
      return true;
    if (s.asset != nullptr && AssetNameMatches(vp, *s.asset))
      return true;
  }
  return false;
}

}  // namespace

bool ParsePurl(std::string_view text, Purl* out) {
  std::string_view t = Trim(text);
  if (t.size() < 5 || !EqualsIgnoreCase(t.substr(0, 4), "pkg:"))
    return false;
  t.remove_prefix(4);
  while (!t.empty() && t[0] == '/')
    t.remove_prefix(1);
  const size_t hash = t.find('#');
  if (hash != std::string_view::npos)
    t = t.substr(0, hash);
  std::string_view qualifiers;
  const size_t q = t.find('?');
  if (q != std::string_view::npos) {
    qualifiers = t.substr(q + 1);
    t = t.substr(0, q);
  }
  const size_t slash = t.find('/');
  if (slash == std::string_view::npos || slash == 0)
    return false;
  Purl p;
  p.type = ToLower(t.substr(0, slash));
  std::string_view rest = t.substr(slash + 1);
  // The version follows the '@' after the last '/' (an npm scope's '@' is
  // before it, escaped or not).
  const size_t last = rest.rfind('/');
  const size_t at = rest.find('@', last == std::string_view::npos ? 0 : last);
  if (at != std::string_view::npos) {
    p.version = PercentDecode(rest.substr(at + 1));
    rest = rest.substr(0, at);
  }
  while (!rest.empty() && rest.back() == '/')
    rest.remove_suffix(1);
  const size_t name_at = rest.rfind('/');
  if (name_at == std::string_view::npos) {
    p.name = ToLower(PercentDecode(rest));
  } else {
    p.ns = ToLower(PercentDecode(rest.substr(0, name_at)));
    p.name = ToLower(PercentDecode(rest.substr(name_at + 1)));
  }
  if (p.name.empty())
    return false;
  while (!qualifiers.empty()) {
    const size_t amp = qualifiers.find('&');
    const std::string_view pair = qualifiers.substr(0, amp);
    qualifiers = amp == std::string_view::npos ? std::string_view()
                                               : qualifiers.substr(amp + 1);
    const size_t eq = pair.find('=');
    if (eq != std::string_view::npos &&
        EqualsIgnoreCase(pair.substr(0, eq), "arch"))
      p.arch = ToLower(PercentDecode(pair.substr(eq + 1)));
  }
  *out = std::move(p);
  return true;
}

bool ParseCpe(std::string_view text, Cpe* out) {
  std::string t = ToLower(Trim(text));
  std::string_view fields;
  if (StartsWith(t, "cpe:2.3:")) {
    fields = std::string_view(t).substr(8);
  } else if (StartsWith(t, "cpe:/")) {
    fields = std::string_view(t).substr(5);
  } else {
    return false;
  }
  // Fields split at ':' that no backslash escapes; escapes removed.
  std::vector<std::string> parts(1);
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i] == '\\' && i + 1 < fields.size()) {
      parts.back() += fields[++i];
    } else if (fields[i] == ':') {
      parts.emplace_back();
    } else {
      parts.back() += fields[i];
    }
  }
  if (parts.size() < 3 || parts[1].empty() || parts[2].empty())
    return false;
  Cpe c;
  c.part = parts[0];
  c.vendor = parts[1];
  c.product = parts[2];
  if (parts.size() > 3)
    c.version = parts[3];
  *out = std::move(c);
  return true;
}

bool VexProductMatches(const VexProduct& product,
                       const Finding& f,
                       const Asset* asset) {
  return Matches(MakeProduct(product), MakeSubject(f, asset));
}

VexResults ApplyVex(const Store& store, const FindingIds& ids) {
  VexResults r;
  const std::vector<VexStatement>& list = store.vex();
  r.statements = list.size();
  if (list.empty())
    return r;
  const FindingTable& table = store.findings();
  const size_t n = table.size();
  r.statement.assign(n, VexResults::kNone);
  r.status.assign(n, VexResults::kNoStatus);
  r.matched.assign(list.size(), 0);

  // Each statement's products, parsed, and the statements by vulnerability
  // id (lower case).
  std::vector<std::vector<Product>> products(list.size());
  std::unordered_map<std::string, std::vector<uint32_t>> by_id;
  bool urns = false;
  for (size_t s = 0; s < list.size(); ++s) {
    const VexStatement& st = list[s];
    for (const VexProduct& p : st.products) {
      products[s].push_back(MakeProduct(p));
      urns = urns || StartsWith(p.name, "urn:exposure-lens:");
    }
    std::vector<std::string> names = {ToLower(st.vulnerability)};
    for (const std::string& a : st.aliases)
      names.push_back(ToLower(a));
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    for (const std::string& name : names) {
      if (!name.empty())
        by_id[name].push_back(static_cast<uint32_t>(s));
    }
  }
  // The exports name assets by their report ids.
  std::vector<std::string> asset_ids;
  if (urns) {
    asset_ids.resize(store.assets().size());
    for (size_t a = 0; a < asset_ids.size(); ++a)
      asset_ids[a] = AssetReportId(store, a);
  }
  auto later = [&list](uint32_t a, uint32_t b) {
    const std::string& ta = list[a].timestamp;
    const std::string& tb = list[b].timestamp;
    return ta != tb ? ta > tb : a > b;
  };

  std::vector<uint32_t> candidates;
  std::vector<uint32_t> applying;
  FindingTable::Reader reader(table);
  for (size_t i = 0; i < n; ++i) {
    const Finding& f = reader.Read(i);
    candidates.clear();
    for (const auto* names : {&f.cves, &f.aliases}) {
      for (const std::string& id : *names) {
        auto it = by_id.find(ToLower(id));
        if (it != by_id.end())
          candidates.insert(candidates.end(), it->second.begin(),
                            it->second.end());
      }
    }
    if (candidates.empty())
      continue;
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()),
                     candidates.end());
    const Asset* asset =
        f.asset == Finding::kNoAsset ? nullptr : &store.assets()[f.asset];
    const Subject subject = MakeSubject(f, asset);
    std::string finding_id;
    applying.clear();
    for (const uint32_t s : candidates) {
      bool applies = products[s].empty();
      for (const Product& p : products[s]) {
        if (applies)
          break;
        const std::string& name = p.product->name;
        if (urns && StartsWith(name, kAssetUrn)) {
          applies = asset != nullptr &&
                    name.compare(kAssetUrn.size(), std::string::npos,
                                 asset_ids[f.asset]) == 0;
        } else if (urns && StartsWith(name, kFindingUrn)) {
          if (finding_id.empty())
            finding_id = ids.Id(i);
          applies = name.compare(kFindingUrn.size(), std::string::npos,
                                 finding_id) == 0;
        } else {
          applies = Matches(p, subject);
        }
      }
      if (applies)
        applying.push_back(s);
    }
    if (applying.empty())
      continue;
    uint32_t won = applying[0];
    for (const uint32_t s : applying) {
      r.matched[s] = 1;
      if (later(s, won))
        won = s;
    }
    const VexStatus status = list[won].status;
    r.statement[i] = won;
    r.status[i] = static_cast<uint8_t>(status);
    ++r.applied[static_cast<int>(status)];
    for (const uint32_t s : applying) {
      if (s != won && list[s].status != status)
        r.conflicts.push_back({static_cast<uint32_t>(i), won, s});
    }
  }
  for (const uint8_t m : r.matched)
    r.unmatched += m == 0 ? 1 : 0;
  return r;
}

}  // namespace exposure
