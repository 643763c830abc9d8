// Fuzzes the streaming CSV reader: any bytes, any chunking, delimiter
// detection on. Every record's fields must lie within the row and the
// record count must not depend on the chunking.
#include <cstdlib>

#include "core/import/csv/csv_reader.h"
#include "fuzz/fuzz_util.h"

namespace {

class Counter : public exposure::CsvHandler {
 public:
  exposure::Status OnRecord(const exposure::CsvRow& row) override {
    ++records;
    fields += row.size();
    return exposure::Status::Ok();
  }
  size_t records = 0;
  size_t fields = 0;
};

// Parses `doc` in chunks of `chunk` bytes; returns false on a parse error.
bool Parse(std::string_view doc, size_t chunk, Counter* counter) {
  exposure::CsvOptions options;
  options.delimiter = 0;
  options.max_field_bytes = 1 << 16;
  exposure::CsvReader reader(counter, options);
  for (size_t off = 0; off < doc.size(); off += chunk) {
    if (!reader.Feed(doc.substr(off, chunk)).ok())
      return false;
  }
  return reader.Finish().ok();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0)
    return 0;
  size_t chunk = static_cast<size_t>(data[0]) + 1;
  std::string_view doc(reinterpret_cast<const char*>(data) + 1, size - 1);
  Counter chunked;
  Counter whole;
  bool ok_chunked = Parse(doc, chunk, &chunked);
  bool ok_whole = Parse(doc, doc.size() + 1, &whole);
  if (ok_chunked != ok_whole)
    std::abort();
  if (ok_whole &&
      (chunked.records != whole.records || chunked.fields != whole.fields)) {
    std::abort();
  }
  return 0;
}
