#include "core/render/coverage_report.h"

#include <algorithm>
#include <tuple>

#include "core/base/strings.h"
#include "core/base/version.h"

namespace exposure {

namespace {

// How the reasons name a scan class's scanners.
constexpr const char* kClassLabel[kScanClassCount] = {
    "network or host", "host", "container/SCA", "code/web", "cloud"};

uint32_t Pct(size_t part, size_t whole) {
  return static_cast<uint32_t>((part * 100 + whole / 2) / whole);
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i)
    out += (i == 0 ? "" : ", ") + items[i];
  return out;
}

// The formats of the inventories (`inventory`) or else of the scans (of
// scan class `scan_class` when it is not -1) that saw `asset`, sorted.
std::vector<std::string> FormatsOf(const Store& store,
                                   size_t asset,
                                   bool inventory,
                                   int scan_class = -1) {
  std::vector<std::string> out;
  for (uint32_t i : store.sightings(asset).inputs) {
    const Input& in = store.inputs()[i];
    if (in.format.empty() ||
        (in.source == SourceClass::kInventory) != inventory ||
        (scan_class >= 0 && ScanClassIndex(in.source) != scan_class))
      continue;
    if (std::find(out.begin(), out.end(), in.format) == out.end())
      out.push_back(in.format);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Why an inventoried asset is missed by scan class `k`.
std::string MissedReason(const Store& store,
                         const AssetCoverage& c,
                         size_t asset,
                         int k) {
  std::string reason = "in " + Join(FormatsOf(store, asset, true)) + "; ";
  if (c.seen == 0)
    return reason + "no scanner saw it";
  return reason + "scanned by " + Join(FormatsOf(store, asset, false)) +
         ", by no " + kClassLabel[k] + " scanner";
}

void WriteEntry(JsonWriter* w,
                const std::string& id,
                const std::string& reason) {
  w->BeginObject();
  w->Key("asset");
  w->String(id);
  w->Key("reason");
  w->String(reason);
  w->EndObject();
}

// Per scan class: the assets it saw, those whose kind calls for it, and of
// those the ones it saw (a whole percentage rounded half up; null when no
// asset calls for the class).
void WriteByClass(JsonWriter* w, const CoverageCounts& n) {
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
      w->Uint(Pct(n.covered[k], n.expected[k]));
    }
    w->EndObject();
  }
  w->EndObject();
}

std::string Pad(std::string text, size_t width) {
  if (text.size() < width)
    text.append(width - text.size(), ' ');
  return text;
}

void AppendCounts(const CoverageCounts& n,
                  bool has_inventory,
                  const std::string& indent,
                  std::string* out) {
  auto line = [&](const char* label, size_t value) {
    *out += indent + Pad(label, 38) + std::to_string(value) + "\n";
  };
  line("assets", n.assets);
  line("in an inventory", n.in_inventory);
  line("scanned", n.scanned);
  if (has_inventory) {
    line("inventory only (never scanned)", n.inventory_only);
    line("scanned only (in no inventory)", n.scanned_only);
  }
  line("host scans without credentials", n.unauthenticated);
  line("not scanned lately (stale)", n.stale);
  line("scanned by every scan they call for", n.complete);
}

}  // namespace

void WriteToolMember(JsonWriter* w) {
  w->Key("tool");
  w->BeginObject();
  w->Key("name");
  w->String("Exposure Lens");
  w->Key("version");
  w->String(kVersion);
  w->EndObject();
}

std::vector<std::string> ScannedBy(const Store& store, size_t asset) {
  return FormatsOf(store, asset, false);
}

void WriteCoverageSummary(JsonWriter* w, const Coverage& c) {
  auto count_or_null = [&](const char* key, size_t value) {
    w->Key(key);
    if (c.has_inventory) {
      w->Uint(value);
    } else {
      w->Null();
    }
  };
  w->Key("coverage");
  w->BeginObject();
  count_or_null("inventory_assets", c.all.in_inventory);
  w->Key("scanned_assets");
  w->Uint(c.all.scanned);
  count_or_null("inventory_only", c.all.inventory_only);
  count_or_null("scanned_only", c.all.scanned_only);
  w->Key("unauthenticated");
  w->Uint(c.all.unauthenticated);
  w->Key("stale");
  w->Uint(c.all.stale);
  w->EndObject();
}

void WriteCoverageMember(JsonWriter* w,
                         const Store& store,
                         const Coverage& c,
                         const std::vector<std::string>& id,
                         const std::vector<size_t>& order) {
  w->Key("coverage");
  w->BeginObject();
  w->Key("inventory");
  w->Bool(c.has_inventory);
  w->StringOrNull("as_of", c.as_of);
  w->Key("stale_days");
  w->Uint(static_cast<uint64_t>(c.stale_days));

  // Inventoried assets each scan class missed.
  w->Key("inventory_only");
  if (!c.has_inventory) {
    w->Null();
  } else {
    w->BeginObject();
    for (int k = 0; k < kScanClassCount; ++k) {
      w->Key(SourceClassName(ScanClass(k)));
      w->BeginArray();
      for (size_t i : order) {
        if (c.assets[i].inventory_missed & (1u << k))
          WriteEntry(w, id[i], MissedReason(store, c.assets[i], i, k));
      }
      w->EndArray();
    }
    w->EndObject();
  }

  w->Key("scanned_only");
  if (!c.has_inventory) {
    w->Null();
  } else {
    w->BeginArray();
    for (size_t i : order) {
      if (c.assets[i].gaps & kGapNotInInventory) {
        WriteEntry(w, id[i],
                   "seen by " + Join(FormatsOf(store, i, false)) +
                       "; in no inventory");
      }
    }
    w->EndArray();
  }

  w->Key("unauthenticated");
  w->BeginArray();
  const int host = ScanClassIndex(SourceClass::kHost);
  for (size_t i : order) {
    if (c.assets[i].gaps & kGapUnauthenticated) {
      WriteEntry(w, id[i],
                 "host scans by " + Join(FormatsOf(store, i, false, host)) +
                     " ran without credentials");
    }
  }
  w->EndArray();

  w->Key("stale");
  w->BeginArray();
  for (size_t i : order) {
    if (c.assets[i].gaps & kGapStale) {
      WriteEntry(w, id[i],
                 "last scanned " +
                     store.sightings(i).last_scanned.substr(0, 10) +
                     ", more than " + std::to_string(c.stale_days) +
                     " days before " + c.as_of);
    }
  }
  w->EndArray();

  WriteByClass(w, c.all);

  w->Key("by_scope");
  w->BeginArray();
  for (const ScopeCoverage& scope : c.scopes) {
    const CoverageCounts& n = scope.counts;
    w->BeginObject();
    w->Key("name");
    w->String(scope.name);
    w->Key("assets");
    w->Uint(n.assets);
    w->Key("scanned");
    w->Uint(n.scanned);
    // The share of its assets that every scan they call for saw.
    w->Key("coverage_pct");
    if (n.assets == 0) {
      w->Null();
    } else {
      w->Uint(Pct(n.complete, n.assets));
    }
    w->Key("exposures");
    w->Uint(n.exposures);
    w->Key("risk");
    w->Uint(static_cast<uint64_t>(n.max_risk));
    WriteByClass(w, n);
    w->EndObject();
  }
  w->EndArray();
  w->EndObject();
}

std::string RenderCoverageJson(const Store& store,
                               const Assessment& assessment) {
  const Coverage& c = assessment.coverage;
  const ReportAssetIds ids = ComputeReportAssetIds(store);
  std::string out;
  {
    JsonWriter w(&out);
    w.BeginObject();
    w.Key("schema");
    w.String("exposure-lens/coverage/v1");
    WriteToolMember(&w);
    w.Key("summary");
    w.BeginObject();
    w.Key("assets");
    w.Uint(store.assets().size());
    WriteCoverageSummary(&w, c);
    w.EndObject();
    WriteCoverageMember(&w, store, c, ids.id, ids.order);
    w.Key("assets");
    w.BeginArray();
    for (size_t i : ids.order) {
      if (c.assets[i].gaps == 0)
        continue;
      const Asset& a = store.assets()[i];
      w.BeginObject();
      w.Key("id");
      w.String(ids.id[i]);
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
  out += "  " + Pad("class", 16) + Pad("covered", 20) + "seen\n";
  for (int k = 0; k < kScanClassCount; ++k) {
    const std::string covered =
        c.all.expected[k] == 0
            ? std::string("not expected")
            : std::to_string(c.all.covered[k]) + "/" +
                  std::to_string(c.all.expected[k]) + " (" +
                  std::to_string(Pct(c.all.covered[k], c.all.expected[k])) +
                  " %)";
    out += "  " + Pad(SourceClassName(ScanClass(k)), 16) + Pad(covered, 20) +
           std::to_string(c.all.seen[k]) + "\n";
  }

  if (!c.scopes.empty()) {
    out += "\nScopes\n";
    out += "  " + Pad("scope", 24) + Pad("assets", 8) + Pad("scanned", 9) +
           Pad("coverage", 10) + Pad("exposures", 11) + "risk\n";
    for (const ScopeCoverage& scope : c.scopes) {
      const CoverageCounts& n = scope.counts;
      out +=
          "  " + Pad(scope.name, 24) + Pad(std::to_string(n.assets), 8) +
          Pad(std::to_string(n.scanned), 9) +
          Pad(n.assets == 0 ? std::string("-")
                            : std::to_string(Pct(n.complete, n.assets)) + " %",
              10) +
          Pad(std::to_string(n.exposures), 11) + std::to_string(n.max_risk) +
          "\n";
    }
  }

  const ReportAssetIds ids = ComputeReportAssetIds(store);
  std::vector<size_t> gaps;
  for (size_t i : ids.order) {
    if (c.assets[i].gaps != 0)
      gaps.push_back(i);
  }
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
    out += "  " + Pad(a.name, name_width) + "  " +
           Pad(AssetKindName(a.kind), 16) + " " +
           Join(CoverageGapNames(c.assets[i].gaps)) + "\n";
  }
  if (shown < gaps.size()) {
    out += "  ... and " + std::to_string(gaps.size() - shown) +
           " more (--format json lists them all)\n";
  }
  return out;
}

}  // namespace exposure
