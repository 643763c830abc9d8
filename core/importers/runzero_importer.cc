#include "core/importers/runzero_importer.h"

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "core/base/net.h"
#include "core/base/strings.h"
#include "core/import/csv/csv_columns.h"
#include "core/import/csv/csv_importer.h"
#include "core/import/json/json_importer.h"
#include "core/importers/inventory_asset.h"
#include "core/importers/json_or_csv.h"
#include "core/importers/sniff_util.h"

namespace exposure {

namespace {

// An asset as either export gives it.
struct RunZeroAsset {
  std::vector<std::string> addresses;  // addresses, then addresses_extra
  std::vector<std::string> names;
  std::vector<std::string> macs;  // the newest first
  std::string os;
  std::string os_version;
  std::string type;
  std::string hw;
  std::string site;
  std::vector<std::pair<std::string, std::string>> tags;
  // Open ports, when the export lists them without `services`.
  std::vector<std::string> tcp_ports;
  std::vector<std::string> udp_ports;
};

// Services of ports listed bare: a port and a transport.
void AddPorts(ImportSink* sink,
              size_t asset,
              const std::vector<std::string>& ports,
              const char* transport) {
  for (const std::string& text : ports) {
    uint32_t port = 0;
    if (!ParseUint32(text, &port) || port == 0 || port > 65535)
      continue;
    Service s;
    s.asset = asset;
    s.port = port;
    s.protocol = transport;
    sink->AddService(s);
  }
}

// "key=value" (or "key") as a key and a value.
std::pair<std::string, std::string> SplitTag(std::string_view tag) {
  const size_t eq = tag.find('=');
  if (eq == std::string_view::npos)
    return {std::string(tag), std::string()};
  return {std::string(tag.substr(0, eq)), std::string(tag.substr(eq + 1))};
}

size_t AddRunZeroAsset(ImportSink* sink, const RunZeroAsset& r) {
  Asset a;
  a.kind = AssetKind::kHost;
  for (const std::string& name : r.names)
    SetHostName(name, &a.ids);
  // As scanners write it: runZero's exports are lowercase and
  // colon-separated already, but a CSV edited in a spreadsheet may not be.
  if (!r.macs.empty())
    a.ids.mac = InventoryMac(r.macs.front());
  a.os = r.os;
  if (!r.os_version.empty() && r.os.find(r.os_version) == std::string::npos)
    a.os += (a.os.empty() ? "" : " ") + r.os_version;
  a.context.site = r.site;
  for (const auto& [key, value] : r.tags)
    AddInventoryTag(key, value, &a);
  if (!r.type.empty())
    AppendUnique(&a.tags, "type:" + r.type);
  if (!r.hw.empty())
    AppendUnique(&a.tags, "hw:" + r.hw);
  // IPv4 addresses first: the one a scanner most likely reports.
  std::vector<std::string> ips;
  for (const std::string& ip : r.addresses) {
    if (IsIpv4(Trim(ip)))
      ips.push_back(ip);
  }
  for (const std::string& ip : r.addresses) {
    if (!IsIpv4(Trim(ip)))
      ips.push_back(ip);
  }
  a.name = !r.names.empty() ? r.names.front() : std::string();
  if (a.name.empty()) {
    for (const std::string& ip : ips) {
      if (!IsLinkLocalAddress(ip)) {
        a.name = ip;
        break;
      }
    }
  }
  return AddAssetWithAddresses(sink, std::move(a), ips);
}

void AddStrings(const JsonValue& list, std::vector<std::string>* out) {
  if (list.is_string() && !list.text().empty()) {
    out->push_back(list.get<std::string>());
  } else if (list.is_array()) {
    for (const JsonValue& s : list) {
      if (s.is_string() && !s.text().empty())
        out->push_back(s.get<std::string>());
    }
  }
}

// "OpenBSD:OpenSSH:8.0" -> product OpenSSH, version 8.0 (runZero's
// vendor:product:version); other text is the product as written.
void SetProduct(std::string_view text, Service* s) {
  text = Trim(text);
  const size_t first = text.find(':');
  const size_t second =
      first == std::string_view::npos ? first : text.find(':', first + 1);
  if (second != std::string_view::npos &&
      text.find(':', second + 1) == std::string_view::npos) {
    s->product = std::string(Trim(text.substr(first + 1, second - first - 1)));
    s->version = std::string(Trim(text.substr(second + 1)));
  } else {
    s->product = std::string(text);
  }
}

class RunZeroJsonImporter : public JsonLinesImporter {
 public:
  explicit RunZeroJsonImporter(ImportSink* sink)
      : JsonLinesImporter("runZero"), sink_(sink) {}

 private:
  Status OnRecord(const JsonValue& v) override {
    RunZeroAsset r;
    AddStrings(JsonGet(v, "addresses"), &r.addresses);
    AddStrings(JsonGet(v, "addresses_extra"), &r.addresses);
    AddStrings(JsonGet(v, "names"), &r.names);
    const std::string newest = JsonStr(v, "newest_mac");
    if (!newest.empty())
      r.macs.push_back(newest);
    AddStrings(JsonGet(v, "macs"), &r.macs);
    r.os = JsonStr(v, "os");
    r.os_version = JsonStr(v, "os_version");
    r.type = JsonStr(v, "type");
    r.hw = JsonStr(v, "hw");
    r.site = JsonStr(v, "site_name");
    const JsonValue tags = JsonGet(v, "tags");
    if (tags.is_object()) {
      for (auto it = tags.begin(); it != tags.end(); ++it)
        r.tags.emplace_back(std::string(it.key()), JsonStr(tags, it.key()));
    }
    const size_t asset = AddRunZeroAsset(sink_, r);
    const JsonValue services = JsonGet(v, "services");
    if (services.is_object()) {
      AddServices(services, asset);
    } else {
      std::vector<std::string> tcp;
      std::vector<std::string> udp;
      AddStrings(JsonGet(v, "service_ports_tcp"), &tcp);
      AddStrings(JsonGet(v, "service_ports_udp"), &udp);
      AddPorts(sink_, asset, tcp, "tcp");
      AddPorts(sink_, asset, udp, "udp");
    }
    return Status::Ok();
  }

  void AddServices(const JsonValue& services, size_t asset) {
    if (!services.is_object())
      return;
    for (const JsonValue& svc : services) {
      const std::string transport = ToLower(JsonStr(svc, "service.transport"));
      uint32_t port = 0;
      if ((transport != "tcp" && transport != "udp") ||
          !ParseUint32(JsonStr(svc, "service.port"), &port) || port == 0 ||
          port > 65535) {
        continue;
      }
      Service s;
      s.asset = asset;
      s.port = port;
      s.protocol = transport;
      // "rpcbind\tsunrpc": several names, the first the most specific.
      const std::vector<std::string> names =
          SplitTrimmed(JsonStr(svc, "protocol"), "\t");
      if (!names.empty())
        s.name = names.front();
      SetProduct(JsonStr(svc, "product"), &s);
      sink_->AddService(s);
    }
  }

  ImportSink* sink_;  // outlives the importer
};

class RunZeroCsvImporter : public CsvImporter {
 public:
  explicit RunZeroCsvImporter(ImportSink* sink)
      : CsvImporter(Options()), sink_(sink) {}

 private:
  static CsvOptions Options() {
    CsvOptions o;
    o.delimiter = 0;
    return o;
  }

  static std::vector<std::string> List(std::string_view text) {
    return SplitTrimmed(text, " \t,;");
  }

  std::string Field(const CsvRow& row,
                    std::initializer_list<std::string_view> names) const {
    return Str(row, FirstColumn(header(), names));
  }

  Status OnHeader(const CsvHeader& h) override {
    if (!h.Has("id") ||
        FirstColumn(h, {"addresses", "address"}) == CsvHeader::kMissing) {
      return Status::Error(
          "not a runZero asset CSV: no id and address columns");
    }
    return Status::Ok();
  }

  Status OnRecord(const CsvRow& row) override {
    if (row.blank())
      return Status::Ok();
    RunZeroAsset r;
    // The primary address first when the export has both columns.
    for (std::string& ip : List(Field(row, {"address"})))
      r.addresses.push_back(std::move(ip));
    for (const char* column : {"addresses", "addresses_extra"}) {
      for (std::string& ip : List(Field(row, {column})))
        r.addresses.push_back(std::move(ip));
    }
    r.names = List(Field(row, {"names", "hostnames", "hostname"}));
    for (std::string& mac : List(Field(row, {"newest_mac"})))
      r.macs.push_back(std::move(mac));
    for (std::string& mac : List(Field(row, {"macs"})))
      r.macs.push_back(std::move(mac));
    r.os = Field(row, {"os"});
    r.os_version = Field(row, {"os_version"});
    r.type = Field(row, {"type"});
    r.hw = Field(row, {"hw"});
    r.site = Field(row, {"site", "site_name"});
    for (const std::string& tag : SplitTrimmed(Field(row, {"tags"}), " \t;"))
      r.tags.push_back(SplitTag(tag));
    const size_t asset = AddRunZeroAsset(sink_, r);
    AddPorts(sink_, asset, List(Field(row, {"service_ports_tcp"})), "tcp");
    AddPorts(sink_, asset, List(Field(row, {"service_ports_udp"})), "udp");
    return Status::Ok();
  }

  ImportSink* sink_;  // outlives the importer
};

}  // namespace

bool SniffRunZero(std::string_view head, bool complete) {
  std::string_view h = SkipBomAndSpace(head);
  if (h.empty())
    return false;
  if (h[0] == '{' || h[0] == '[') {
    // An asset's address lists and names, and a field only runZero writes.
    return Contains(h, "\"addresses\"") &&
           (Contains(h, "\"names\"") || Contains(h, "\"macs\"")) &&
           (Contains(h, "\"addresses_extra\"") ||
            Contains(h, "\"newest_mac\"") || Contains(h, "\"site_id\"") ||
            Contains(h, "\"organization_id\"") ||
            Contains(h, "\"detected_by\""));
  }
  std::vector<std::vector<std::string>> records =
      CsvHeadRecords(head, complete, 1);
  if (records.empty())
    return false;
  const std::vector<std::string>& columns = records[0];
  return HasColumns(columns, {"id", "names", "macs"}) &&
         (HasColumns(columns, {"addresses"}) ||
          HasColumns(columns, {"address"})) &&
         (HasColumns(columns, {"site"}) || HasColumns(columns, {"site_name"}) ||
          HasColumns(columns, {"hw"}));
}

std::unique_ptr<Importer> CreateRunZeroImporter(ImportSink* sink) {
  return JsonOrCsvImporter(std::make_unique<RunZeroJsonImporter>(sink),
                           std::make_unique<RunZeroCsvImporter>(sink));
}

}  // namespace exposure
