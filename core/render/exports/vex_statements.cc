#include "core/render/exports/vex_statements.h"

#include <map>
#include <set>
#include <tuple>
#include <utility>

#include "core/base/strings.h"
#include "core/model/model.h"

namespace exposure {

namespace {

// Whether `s` can stand as an IRI (RFC 3987) where the VEX formats want
// one: a scheme, then no space, control character or character IRIs
// exclude. Purls and URLs from scanners normally are; a purl with a raw
// space is not, and is then not used as an id.
bool UsableIri(std::string_view s) {
  const size_t colon = s.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == s.size())
    return false;
  for (size_t i = 0; i < colon; ++i) {
    const char c = s[i];
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!alpha &&
        (i == 0 || (!IsAsciiDigit(c) && c != '+' && c != '-' && c != '.'))) {
      return false;
    }
  }
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7F || c == '<' || c == '>' || c == '"' ||
        c == '{' || c == '}' || c == '|' || c == '\\' || c == '^' || c == '`') {
      return false;
    }
  }
  return true;
}

bool IsHttpUrl(std::string_view s) {
  return (StartsWith(s, "https://") || StartsWith(s, "http://")) &&
         UsableIri(s);
}

const char* CycloneDxAssetType(AssetKind k) {
  switch (k) {
    case AssetKind::kHost:
      return "device";
    case AssetKind::kContainerImage:
      return "container";
    case AssetKind::kCloudResource:
      return "platform";
    case AssetKind::kArtifact:
      return "file";
    case AssetKind::kUnknown:
    case AssetKind::kRepository:
    case AssetKind::kKubernetesWorkload:
    case AssetKind::kWebApplication:
      break;
  }
  return "application";
}

VexExportProduct ProductOf(const ExportFinding& x) {
  const Finding& f = *x.finding;
  VexExportProduct p;
  p.cyclonedx_type = "application";
  if (StartsWith(f.component.purl, "pkg:") && UsableIri(f.component.purl)) {
    p.iri = p.ref = p.purl = f.component.purl;
    p.name = f.component.name.empty() ? f.component.purl : f.component.name;
    p.version = f.component.installed;
    p.cyclonedx_type = "library";
    return p;
  }
  if (x.asset) {
    const Asset& a = *x.asset;
    if (a.kind == AssetKind::kRepository && IsHttpUrl(a.ids.repository)) {
      p.iri = a.ids.repository;
    } else if (a.kind == AssetKind::kWebApplication && IsHttpUrl(a.ids.url)) {
      p.iri = a.ids.url;
    } else {
      p.iri = "urn:exposure-lens:asset:" + std::string(x.asset_id);
    }
    p.ref = std::string(x.asset_id);
    p.name = a.name.empty() ? std::string(x.asset_id) : a.name;
    p.cyclonedx_type = CycloneDxAssetType(a.kind);
    return p;
  }
  p.iri = "urn:exposure-lens:finding:" + std::string(x.id);
  p.ref = std::string(x.id);
  p.name = std::string(x.id);
  return p;
}

// The id among the finding's names that equals `wanted` (as HasId in the
// plan matches it: case-insensitively), in the finding's spelling.
std::string SpellingOf(const Finding& f, std::string_view wanted) {
  for (const std::vector<std::string>* ids : {&f.cves, &f.aliases}) {
    for (const std::string& id : *ids) {
      if (EqualsIgnoreCase(id, wanted))
        return id;
    }
  }
  if (EqualsIgnoreCase(f.rule_id, wanted))
    return f.rule_id;
  return std::string(wanted);
}

const char* MethodOf(std::string_view version) {
  if (version == "2.0")
    return "CVSSv2";
  if (version == "3.0")
    return "CVSSv3";
  if (version == "3.1")
    return "CVSSv31";
  if (version == "4.0")
    return "CVSSv4";
  return "other";
}

// The qualitative rating of a score in tenths: CVSS v2's three bands, or
// the five of v3 and v4.
const char* SeverityOf(std::string_view version, int tenths) {
  if (tenths < 0)
    return "";
  if (version == "2.0")
    return tenths < 40 ? "low" : tenths < 70 ? "medium" : "high";
  if (tenths == 0)
    return "none";
  return tenths < 40   ? "low"
         : tenths < 70 ? "medium"
         : tenths < 90 ? "high"
                       : "critical";
}

using RatingKey = std::tuple<std::string, int, std::string, std::string>;

struct EntryKey {
  std::string vulnerability;
  int status;
  int justification;
  std::string by, reason, until;
  bool operator<(const EntryKey& o) const {
    return std::tie(vulnerability, status, justification, by, reason, until) <
           std::tie(o.vulnerability, o.status, o.justification, o.by, o.reason,
                    o.until);
  }
};

struct EntryBuild {
  std::set<std::string> aliases;
  std::set<std::string> products;  // IRIs
  std::map<RatingKey, VexRating> ratings;
};

void AppendSuffix(std::string_view lead,
                  std::string_view value,
                  std::string* out) {
  if (value.empty())
    return;
  out->append(lead);
  out->append(value);
}

}  // namespace

Status CollectVexStatements(const ExportView& view, VexStatements* out) {
  const Assessment& as = view.assessment();
  const std::string day = as.as_of.substr(0, 10);
  const bool dated = day.size() == 10 && day[4] == '-' && day[7] == '-' &&
                     AllAsciiDigits(day.substr(0, 4)) &&
                     AllAsciiDigits(day.substr(5, 2)) &&
                     AllAsciiDigits(day.substr(8, 2));
  out->timestamp = (dated ? day : std::string("1970-01-01")) + "T00:00:00Z";

  std::map<std::string, VexExportProduct> products;
  std::map<EntryKey, EntryBuild> entries;
  EXPOSURE_RETURN_IF_ERROR(view.ForEachFinding([&](const ExportFinding& x) {
    if (!x.decision)
      return true;
    const Finding& f = *x.finding;
    const Decision& d = *x.decision;
    VexExportProduct product = ProductOf(x);
    const std::string iri = product.iri;
    products.emplace(iri, std::move(product));

    std::vector<std::string> names;
    if (!d.match.cve.empty())
      names.push_back(SpellingOf(f, d.match.cve));
    else if (!f.cves.empty())
      names = f.cves;
    else if (!f.aliases.empty())
      names.push_back(f.aliases[0]);
    else
      names.push_back(std::string(x.rule_key));
    // Aliases and the rating belong to the finding's one vulnerability;
    // with several CVEs nothing says which alias or vector is whose.
    const bool single = f.cves.size() <= 1;

    for (const std::string& name : names) {
      EntryKey key{name,
                   static_cast<int>(d.status),
                   static_cast<int>(d.justification),
                   d.by,
                   d.reason,
                   d.until};
      EntryBuild& e = entries[key];
      e.products.insert(iri);
      if (!single)
        continue;
      for (const std::vector<std::string>* ids : {&f.cves, &f.aliases}) {
        for (const std::string& id : *ids) {
          if (!id.empty() && !EqualsIgnoreCase(id, name))
            e.aliases.insert(id);
        }
      }
      if (!x.cvss_vector.empty() && x.assessment && x.assessment->cvss >= 0) {
        const ScoredVector& v =
            as.vectors[static_cast<size_t>(x.assessment->cvss)];
        VexRating r;
        r.method = MethodOf(x.cvss_version);
        r.score_tenths = v.score;
        r.vector = std::string(x.cvss_vector);
        r.source = std::string(as.texts[x.assessment->cvss_source]);
        r.severity = SeverityOf(x.cvss_version, v.score);
        RatingKey rk{r.method, r.score_tenths, r.vector, r.source};
        e.ratings.emplace(std::move(rk), std::move(r));
      }
    }
    return true;
  }));

  std::map<std::string, size_t> index;
  out->products.clear();
  out->products.reserve(products.size());
  for (auto& [iri, p] : products) {
    index[iri] = out->products.size();
    out->products.push_back(std::move(p));
  }
  out->entries.clear();
  out->entries.reserve(entries.size());
  for (auto& [key, build] : entries) {
    VexEntry e;
    e.vulnerability = key.vulnerability;
    e.aliases.assign(build.aliases.begin(), build.aliases.end());
    e.decision.status = static_cast<DecisionStatus>(key.status);
    e.decision.justification = static_cast<VexJustification>(key.justification);
    e.decision.by = key.by;
    e.decision.reason = key.reason;
    e.decision.until = key.until;
    for (const std::string& iri : build.products)
      e.products.push_back(index[iri]);
    for (auto& [rk, r] : build.ratings)
      e.ratings.push_back(std::move(r));
    out->entries.push_back(std::move(e));
  }
  return Status::Ok();
}

std::string VexUuid(const VexStatements& s, std::string_view salt) {
  // Two FNV-1a streams, one started on a different byte, make the 128
  // bits. Every field is followed by a separator so that ("ab", "c") and
  // ("a", "bc") differ.
  Fnv64 a;
  Fnv64 b;
  b.Add("exposure-lens/vex");
  auto add = [&](std::string_view v) {
    a.Add(v).Add("\x1f");
    b.Add(v).Add("\x1f");
  };
  add(salt);
  add(s.timestamp);
  for (const VexEntry& e : s.entries) {
    add(e.vulnerability);
    for (const std::string& alias : e.aliases)
      add(alias);
    add(DecisionStatusName(e.decision.status));
    add(VexJustificationName(e.decision.justification));
    add(e.decision.by);
    add(e.decision.reason);
    add(e.decision.until);
    for (size_t p : e.products)
      add(s.products[p].iri);
    for (const VexRating& r : e.ratings) {
      add(r.method);
      add(std::to_string(r.score_tenths));
      add(r.vector);
      add(r.source);
    }
    add("\x1e");
  }
  std::string hex = a.Hex() + b.Hex();
  hex[12] = '8';  // version 8
  // The variant (binary 10xx) in the top bits of byte 8.
  static const char kVariant[] = "89ab";
  const char c = hex[16];
  const int nibble = c <= '9' ? c - '0' : c - 'a' + 10;
  hex[16] = kVariant[nibble & 3];
  return "urn:uuid:" + hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" +
         hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" + hex.substr(20);
}

std::string AcceptedText(const Decision& d) {
  std::string t = "Risk accepted";
  AppendSuffix(" by ", d.by, &t);
  AppendSuffix(" until ", d.until, &t);
  AppendSuffix(": ", d.reason, &t);
  return t;
}

std::string DeferredText(const Decision& d) {
  std::string t = "Fix deferred";
  AppendSuffix(" until ", d.until, &t);
  AppendSuffix(": ", d.reason, &t);
  return t;
}

std::string FalsePositiveText(const Decision& d) {
  std::string t = "false positive";
  AppendSuffix(": ", d.reason, &t);
  return t;
}

}  // namespace exposure
