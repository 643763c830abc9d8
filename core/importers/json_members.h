// Reading a top-level JSON object that may be a wrapper or a record.
//
// Several formats write their records in a list under a wrapper object
// ({"Findings": [...]}, {"configurationItems": [...]}) or as one object
// alone, and the first key does not tell which. A reader then walks the
// top-level object instead of capturing it, so that the list streams
// record by record, keeps every other member (a record's members are
// small) and, when the object ends, reads those members as one record if
// the object was one.
#ifndef CORE_IMPORTERS_JSON_MEMBERS_H_
#define CORE_IMPORTERS_JSON_MEMBERS_H_

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/base/status.h"
#include "core/import/json/json_importer.h"
#include "core/import/json/json_value.h"

namespace exposure {

// The first of the members `keys` of `v` that is not empty, as text
// (JsonStr): one field that versions of a format spell differently.
std::string JsonField(const JsonValue& v,
                      std::initializer_list<std::string_view> keys);

// Copies `v` into the tree `b` is building, as the next value (after a
// Key() inside an object, or an element of an array).
void CopyJson(const JsonValue& v, JsonDocBuilder* b);

// The members of the top-level object being walked.
class RootMembers {
 public:
  void Clear() { members_.clear(); }
  // Keeps a copy of member `key` (a path's last key) with value `v`.
  void Add(std::string_view key, const JsonValue& v);
  bool Has(std::string_view key) const;
  bool empty() const { return members_.empty(); }
  // The members kept, in the order they came, as one object. Valid until
  // the next call of any method.
  JsonValue Object();

 private:
  std::vector<std::pair<std::string, JsonDoc>> members_;
  JsonDoc object_;
};

// The shell of a reader whose records are JSON objects that come as JSON
// lines, in an array, one object alone, or in lists that a wrapper object
// holds at given paths ("$.configurationItems", "$.responses.200.body.data").
class WrappedRecordsImporter : public JsonImporter {
 protected:
  // `name` names the format in errors ("not an AWS Config file: ...");
  // `lists` are the paths of lists of records, `singles` the paths of
  // members that are one record each (a notification's item).
  WrappedRecordsImporter(const char* name,
                         std::vector<std::string> lists,
                         std::vector<std::string> singles = {});

  // One record, an object; an error stops the input there.
  virtual Status OnRecord(const JsonValue& record) = 0;
  // Whether a top-level object that held no list, given as its members,
  // is a record of this format (else it is skipped).
  virtual bool IsRecord(RootMembers* members) = 0;
  // For a wrapper that holds more than lists of objects: true for a path
  // whose value goes to OnOther() whole.
  virtual bool WantOther(const std::string& path) {
    (void)path;
    return false;
  }
  virtual Status OnOther(const std::string& path, const JsonValue& value) {
    (void)path;
    (void)value;
    return Status::Ok();
  }
  // A well-formed input that held no array, list or record is another
  // format.
  Status Check() override;

 private:
  bool Want(const std::string& path) final;
  Status OnEnter(const std::string& path) final;
  Status OnLeave(const std::string& path) final;
  Status OnValue(const std::string& path, const JsonValue& value) final;
  bool IsList(const std::string& path) const;
  bool IsSingle(const std::string& path) const;

  const char* name_;
  std::vector<std::string> lists_;
  std::vector<std::string> singles_;
  RootMembers members_;
  bool wrapper_ = false;  // the top-level object holds a list
  bool seen_ = false;     // a list or a record was read
};

}  // namespace exposure

#endif  // CORE_IMPORTERS_JSON_MEMBERS_H_
