// When each host of a row-per-finding export (a CSV) was last scanned: the
// rows give a time each, the sink gets one AssetScan per host, its latest,
// once the file has ended.
#ifndef CORE_IMPORTERS_LATEST_SCANS_H_
#define CORE_IMPORTERS_LATEST_SCANS_H_

#include <cstddef>
#include <map>
#include <string>
#include <utility>

#include "core/model/model.h"
#include "core/model/sink.h"

namespace exposure {

class LatestScans {
 public:
  // Notes that the asset record `asset` of host `host` (its IP, else its
  // name) was scanned at `time` (ISO 8601; "" for unknown). The host's
  // first record noted is the one its scan names.
  void Note(const std::string& host, size_t asset, std::string time) {
    Latest& l = hosts_[host];
    if (l.asset == Finding::kNoAsset)
      l.asset = asset;
    if (time > l.time)
      l.time = std::move(time);
  }

  // One AssetScan per host that has a time; then forgets them.
  void Flush(ImportSink* sink) {
    for (const auto& [host, l] : hosts_) {
      if (l.time.empty())
        continue;
      AssetScan scan;
      scan.asset = l.asset;
      scan.time = l.time;
      sink->AddAssetScan(scan);
    }
    hosts_.clear();
  }

 private:
  struct Latest {
    size_t asset = Finding::kNoAsset;
    std::string time;
  };
  std::map<std::string, Latest> hosts_;  // by host, for a stable order
};

}  // namespace exposure

#endif  // CORE_IMPORTERS_LATEST_SCANS_H_
