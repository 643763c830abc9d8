// The shell of a reader of one CSV (or TSV, or semicolon-separated) file,
// next to the JSON and XML ones: it owns the CsvReader, lets the subclass
// hand over what it held back once the file has ended, well-formed or not,
// and then asks whether a well-formed file was its format after all.
#ifndef CORE_IMPORT_CSV_CSV_IMPORTER_H_
#define CORE_IMPORT_CSV_CSV_IMPORTER_H_

#include <string>
#include <string_view>

#include "core/base/status.h"
#include "core/import/csv/csv_reader.h"
#include "core/import/stage.h"

namespace exposure {

class CsvImporter : public Stage, protected CsvHandler {
 public:
  Status Feed(std::string_view chunk) final;
  Status Finish() final;

 protected:
  explicit CsvImporter(CsvOptions options = {}) : reader_(this, options) {}

  // Emits the record held back (a row merged with the rows after it).
  // Called when the file breaks and again when it is finished, so it must
  // leave nothing behind to emit twice.
  virtual void Flush() {}
  // After a well-formed file, once flushed: an error when it was not this
  // format. By default, a file without a header row is one.
  virtual Status Check();

  const CsvReader& reader() const { return reader_; }
  const CsvHeader& header() const { return reader_.header(); }
  // A field of `row`, by header name or by column index (CsvHeader::kMissing
  // gives ""): as written, or trimmed of surrounding spaces.
  std::string_view Get(const CsvRow& row, std::string_view name) const {
    return reader_.header().Get(row, name);
  }
  static std::string_view Get(const CsvRow& row, size_t column) {
    return column == CsvHeader::kMissing ? std::string_view() : row[column];
  }
  std::string Str(const CsvRow& row, std::string_view name) const;
  static std::string Str(const CsvRow& row, size_t column);

 private:
  CsvReader reader_;
};

}  // namespace exposure

#endif  // CORE_IMPORT_CSV_CSV_IMPORTER_H_
