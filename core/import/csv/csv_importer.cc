#include "core/import/csv/csv_importer.h"

#include "core/base/strings.h"

namespace exposure {

Status CsvImporter::Feed(std::string_view chunk) {
  Status s = reader_.Feed(chunk);
  if (!s.ok())
    Flush();
  return s;
}

Status CsvImporter::Finish() {
  Status s = reader_.Finish();
  Flush();
  if (!s.ok())
    return s;
  return Check();
}

Status CsvImporter::Check() {
  if (!reader_.header_seen())
    return Status::Error("empty file: no CSV header");
  return Status::Ok();
}

std::string CsvImporter::Str(const CsvRow& row, std::string_view name) const {
  return std::string(Trim(Get(row, name)));
}

std::string CsvImporter::Str(const CsvRow& row, size_t column) {
  return std::string(Trim(Get(row, column)));
}

}  // namespace exposure
