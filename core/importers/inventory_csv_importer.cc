#include "core/importers/inventory_csv_importer.h"

#include <string>
#include <vector>

#include "core/import/csv/csv_columns.h"
#include "core/import/csv/csv_importer.h"
#include "core/import/csv/csv_reader.h"
#include "core/importers/inventory_record.h"
#include "core/importers/servicenow_cmdb_importer.h"
#include "core/importers/sniff_util.h"

namespace exposure {

namespace {

class InventoryCsvImporter : public CsvImporter {
 public:
  explicit InventoryCsvImporter(ImportSink* sink)
      : CsvImporter(Options()), sink_(sink) {}

 private:
  static CsvOptions Options() {
    CsvOptions o;
    o.delimiter = 0;  // spreadsheets save ',' or ';', asset tools tabs
    return o;
  }

  Status OnHeader(const CsvHeader& header) override {
    columns_.clear();
    std::vector<std::string> names;
    bool identity = false;
    for (size_t i = 0; i < header.size(); ++i) {
      names.push_back(header.name(i));
      columns_.push_back(
          GenericInventoryName(NormalizeFieldName(header.name(i))));
      identity = identity || IsIdentityField(columns_.back().field);
    }
    if (!identity) {
      return Status::Error(
          "not an asset inventory: no identity column (host name, name, "
          "FQDN, IP address, MAC address, serial number or cloud id such as "
          "an ARN or instance id) among the columns " +
          ListNames(names));
    }
    return Status::Ok();
  }

  Status OnRecord(const CsvRow& row) override {
    record_.Clear();
    for (size_t i = 0; i < columns_.size() && i < row.size(); ++i)
      record_.Set(columns_[i].field, columns_[i].rank, row[i]);
    Asset asset;
    if (record_.ToAsset(true, &asset))
      sink_->AddAsset(asset);
    return Status::Ok();
  }

  ImportSink* sink_;  // outlives the importer
  std::vector<InventoryName> columns_;
  InventoryRecord record_;
};

}  // namespace

bool SniffInventoryCsv(std::string_view head, bool complete) {
  std::string_view h = SkipBomAndSpace(head);
  if (h.empty() || h[0] == '{' || h[0] == '[' || h[0] == '<' || h[0] == '#')
    return false;
  std::vector<std::vector<std::string>> records =
      CsvHeadRecords(head, complete, 1);
  if (records.empty())
    return false;
  const std::vector<std::string>& header = records.front();
  return !IsServiceNowCsvHeader(header) && LooksLikeGenericInventory(header);
}

std::unique_ptr<Importer> CreateInventoryCsvImporter(ImportSink* sink) {
  return std::make_unique<InventoryCsvImporter>(sink);
}

}  // namespace exposure
