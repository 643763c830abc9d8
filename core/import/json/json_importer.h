// What every reader of a JSON document needs: reading fields from records
// (core/import/json/json_value.h) and the shell of the reader itself, which
// the scanner importers (core/importers/) and the intel feeders
// (core/intel/) derive from.
#ifndef CORE_IMPORT_JSON_JSON_IMPORTER_H_
#define CORE_IMPORT_JSON_JSON_IMPORTER_H_

#include <string>
#include <string_view>

#include "core/base/status.h"
#include "core/import/json/json_records.h"
#include "core/import/json/json_tokenizer.h"
#include "core/import/json/json_value.h"
#include "core/import/stage.h"

namespace exposure {

// The member `key` of object `j` as text: strings as they are, numbers and
// booleans in their JSON spelling, anything else (absent, null, object,
// array) as "".
std::string JsonStr(const JsonValue& j, std::string_view key);
// The member `key` if `j` is an object holding it, else a null value.
JsonValue JsonGet(const JsonValue& j, std::string_view key);
// A number or numeric string member as tenths (7.5 -> 75), else -1.
int JsonScoreTenths(const JsonValue& j, std::string_view key);
// A probability in [0, 1] (number or numeric string, as EPSS values are
// written) as an integer x100000, rounded half up; -1 when absent or invalid.
int JsonProbability5(const JsonValue& j, std::string_view key);

// Record-stream paths (core/import/json/json_records.h): the path of the
// containing value ("$.a[].b" -> "$.a[]") and the last member key
// ("$.a[].b" -> "b"); "" for the root.
std::string JsonPathParent(const std::string& path);
std::string JsonPathKey(const std::string& path);

// The shell of a reader of one JSON document (or of JSON lines). It owns
// the tokenizer and the record stream, lets the subclass hand over what it
// held back once the document has ended, well-formed or not (a broken file
// keeps every record read whole), and then asks the subclass whether a
// well-formed document was its format after all.
class JsonImporter : public Stage, protected JsonRecordHandler {
 public:
  Status Feed(std::string_view chunk) final;
  Status Finish() final;

 protected:
  explicit JsonImporter(JsonLimits limits = {})
      : records_(this), json_(&records_, limits) {}

  // Emits the records held back until their container ends (an asset or
  // a rule named after them). Called when the document breaks and again
  // when it is finished, so it must leave nothing behind to emit twice.
  virtual void Flush() {}
  // After a well-formed document, once flushed: an error when it was not
  // this format, e.g. "not a Grype report: no \"matches\" array".
  virtual Status Check() = 0;

  // Where in the input the tokenizer is (see JsonTokenizer::location()):
  // asked in Want(), where the wanted value starts.
  Location location() { return json_.location(); }

  JsonRecordStream records_;

 private:
  JsonTokenizer json_;
};

// The shell of a reader of records that tools write as JSON lines (one
// object per line) and, asked for a file, as one object or an array of
// objects: each object is a record.
class JsonLinesImporter : public JsonImporter {
 protected:
  // `name` names the format in errors ("not a Nuclei report: ...").
  explicit JsonLinesImporter(const char* name);

  // One record; an error stops the input there.
  virtual Status OnRecord(const JsonValue& record) = 0;
  // An input that is not objects (a string, a number, an array of them) is
  // not this format.
  Status Check() override;

 private:
  bool Want(const std::string& path) final;
  Status OnValue(const std::string& path, const JsonValue& value) final;

  const char* name_;
};

}  // namespace exposure

#endif  // CORE_IMPORT_JSON_JSON_IMPORTER_H_
