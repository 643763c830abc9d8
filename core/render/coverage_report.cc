#include "core/render/coverage_report.h"

#include <algorithm>
#include <tuple>

#include "core/base/strings.h"
#include "core/base/version.h"

namespace exposure {

namespace {

// Counts that need an inventory to mean anything are null without one.
void WriteCounts(JsonWriter* w, const CoverageCounts& n, bool has_inventory) {
  auto count_or_null = [&](const char* key, size_t value) {
    w->Key(key);
    if (has_inventory) {
      w->Uint(value);
    } else {
      w->Null();
    }
  };
  w->Key("assets");
  w->Uint(n.assets);
  w->Key("in_inventory");
  w->Uint(n.in_inventory);
  w->Key("scanned");
  w->Uint(n.scanned);
  count_or_null("inventory_only", n.inventory_only);
  count_or_null("scanned_only", n.scanned_only);
  w->Key("uncredentialed");
  w->Uint(n.uncredentialed);
  w->Key("stale");
  w->Uint(n.stale);
  w->Key("with_gaps");
  w->Uint(n.with_gaps);
  // Per scan class: the assets it saw, those whose kind calls for it, and
  // of those the ones it saw (a whole percentage, rounded half up; null
  // when no asset calls for the class).
  w->Key("by_class");
  w->BeginObject();
  for (int k = 0; k < kScanClassCount; ++k) {
    w->Key(SourceClassName(ScanClass(k)));
    w->BeginObject();
    w->Key("seen");
    w->Uint(n.seen[k]);
    w->Key("expected");
    w->Uint(n.expected[k]);
    w->Key("covered");
    w->Uint(n.covered[k]);
    w->Key("covered_pct");
    if (n.expected[k] == 0) {
      w->Null();
    } else {
      w->Uint((n.covered[k] * 100 + n.expected[k] / 2) / n.expected[k]);
    }
    w->EndObject();
  }
  w->EndObject();
}

// The assets with gaps, by name then id.
std::vector<size_t> AssetsWithGaps(const Store& store,
                                   const Coverage& coverage,
                                   std::vector<std::string>* ids) {
  const auto& assets = store.assets();
  ids->resize(assets.size());
  std::vector<size_t> out;
  for (size_t i = 0; i < assets.size(); ++i) {
    if (coverage.assets[i].gaps == 0)
      continue;
    (*ids)[i] = AssetReportId(store, i);
    out.push_back(i);
  }
  std::sort(out.begin(), out.end(), [&](size_t a, size_t b) {
    return std::tie(assets[a].name, (*ids)[a]) <
           std::tie(assets[b].name, (*ids)[b]);
  });
  return out;
}

std::string Pad(std::string text, size_t width) {
  if (text.size() < width)
    text.append(width - text.size(), ' ');
  return text;
}

std::string Percent(size_t part, size_t whole) {
  if (whole == 0)
    return "-";
  return std::to_string((part * 100 + whole / 2) / whole) + " %";
}

void AppendCounts(const CoverageCounts& n,
                  bool has_inventory,
                  const std::string& indent,
                  std::string* out) {
  auto line = [&](const char* label, size_t value) {
    *out += indent + Pad(label, 34) + std::to_string(value) + "\n";
  };
  line("assets", n.assets);
  line("in an inventory", n.in_inventory);
  line("scanned", n.scanned);
  if (has_inventory) {
    line("inventory only (never scanned)", n.inventory_only);
    line("scanned only (in no inventory)", n.scanned_only);
  }
  line("host scans without credentials", n.uncredentialed);
  line("not scanned lately (stale)", n.stale);
  line("with any gap", n.with_gaps);
}

}  // namespace

std::string AssetReportId(const Store& store, size_t asset) {
  const std::string& primary = store.identity(asset).primary;
  return "a-" + Fnv64().Add(primary.empty() ? "unknown" : primary).Hex();
}

std::vector<std::string> ScannedBy(const Store& store, size_t asset) {
  std::vector<std::string> out;
  for (uint32_t i : store.sightings(asset).inputs) {
    const Input& in = store.inputs()[i];
    if (in.format.empty() || in.source == SourceClass::kInventory)
      continue;
    if (std::find(out.begin(), out.end(), in.format) == out.end())
      out.push_back(in.format);
  }
  std::sort(out.begin(), out.end());
  return out;
}

void WriteCoverageMember(JsonWriter* w, const Coverage& c) {
  w->Key("coverage");
  w->BeginObject();
  w->Key("inventory");
  w->Bool(c.has_inventory);
  w->StringOrNull("as_of", c.as_of);
  w->Key("stale_days");
  w->Uint(static_cast<uint64_t>(c.stale_days));
  WriteCounts(w, c.all, c.has_inventory);
  w->Key("by_scope");
  w->BeginArray();
  for (const ScopeCoverage& scope : c.scopes) {
    w->BeginObject();
    w->Key("name");
    w->String(scope.name);
    WriteCounts(w, scope.counts, c.has_inventory);
    w->EndObject();
  }
  w->EndArray();
  w->EndObject();
}

std::string RenderCoverageJson(const Store& store,
                               const Assessment& assessment) {
  const Coverage& c = assessment.coverage;
  std::string out;
  {
    JsonWriter w(&out);
    w.BeginObject();
    w.Key("schema");
    w.String("exposure-lens/coverage/v1");
    w.Key("tool");
    w.BeginObject();
    w.Key("name");
    w.String("Exposure Lens");
    w.Key("version");
    w.String(kVersion);
    w.EndObject();
    WriteCoverageMember(&w, c);
    std::vector<std::string> ids;
    w.Key("assets");
    w.BeginArray();
    for (size_t i : AssetsWithGaps(store, c, &ids)) {
      const Asset& a = store.assets()[i];
      w.BeginObject();
      w.Key("id");
      w.String(ids[i]);
      w.Key("name");
      w.String(a.name);
      w.Key("kind");
      w.String(AssetKindName(a.kind));
      w.Key("in_inventory");
      w.Bool(c.assets[i].in_inventory);
      w.StringArray("scanned_by", ScannedBy(store, i));
      w.StringOrNull("last_scanned", store.sightings(i).last_scanned);
      w.StringArray("gaps", CoverageGapNames(c.assets[i].gaps));
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  out += '\n';
  return out;
}

std::string RenderCoverageText(const Store& store,
                               const Assessment& assessment,
                               size_t max_assets) {
  const Coverage& c = assessment.coverage;
  std::string out = "Coverage";
  if (!c.as_of.empty())
    out += " as of " + c.as_of;
  out += " (stale after " + std::to_string(c.stale_days) + " days)\n";
  if (!c.has_inventory)
    out += "No inventory among the inputs: only what the scans saw.\n";
  AppendCounts(c.all, c.has_inventory, "  ", &out);

  out += "\nScans each kind of asset calls for\n";
  out += "  " + Pad("class", 16) + Pad("covered", 18) + "seen\n";
  for (int k = 0; k < kScanClassCount; ++k) {
    const std::string name = SourceClassName(ScanClass(k));
    const std::string covered =
        c.all.expected[k] == 0
            ? std::string("not expected")
            : std::to_string(c.all.covered[k]) + "/" +
                  std::to_string(c.all.expected[k]) + " (" +
                  Percent(c.all.covered[k], c.all.expected[k]) + ")";
    out += "  " + Pad(name, 16) + Pad(covered, 18) +
           std::to_string(c.all.seen[k]) + "\n";
  }

  for (const ScopeCoverage& scope : c.scopes) {
    out += "\nScope " + scope.name + "\n";
    AppendCounts(scope.counts, c.has_inventory, "  ", &out);
  }

  std::vector<std::string> ids;
  const std::vector<size_t> gaps = AssetsWithGaps(store, c, &ids);
  if (gaps.empty()) {
    out += "\nNo asset has a coverage gap.\n";
    return out;
  }
  out += "\nAssets with gaps (" + std::to_string(gaps.size()) + ")\n";
  size_t name_width = 4;
  const size_t shown = std::min(max_assets, gaps.size());
  for (size_t n = 0; n < shown; ++n)
    name_width = std::max(name_width, store.assets()[gaps[n]].name.size());
  name_width = std::min<size_t>(name_width, 48);
  for (size_t n = 0; n < shown; ++n) {
    const size_t i = gaps[n];
    const Asset& a = store.assets()[i];
    std::string line = "  " + Pad(a.name, name_width) + "  " +
                       Pad(AssetKindName(a.kind), 16) + " ";
    const std::vector<std::string> names = CoverageGapNames(c.assets[i].gaps);
    for (size_t g = 0; g < names.size(); ++g)
      line += (g == 0 ? "" : ", ") + names[g];
    out += line + "\n";
  }
  if (shown < gaps.size()) {
    out += "  ... and " + std::to_string(gaps.size() - shown) +
           " more (--format json lists them all)\n";
  }
  return out;
}

}  // namespace exposure
