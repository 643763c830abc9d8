#include "core/importers/inventory_json_importer.h"

#include <string>
#include <utility>
#include <vector>

#include "core/base/strings.h"
#include "core/import/json/json_importer.h"
#include "core/import/json/json_records.h"
#include "core/import/json/json_tokenizer.h"
#include "core/importers/inventory_record.h"
#include "core/importers/sniff_util.h"

namespace exposure {

namespace {

// The text of a value: a scalar as written, an array's values joined
// with ", " (the record reads the first of them where one is wanted), an
// object by the member that names its value.
std::string ValueText(const JsonValue& v) {
  if (v.is_string())
    return std::string(v.text());
  if (v.is_number() || v.is_boolean())
    return v.dump();
  std::string out;
  if (v.is_array()) {
    for (const JsonValue& e : v) {
      std::string s = ValueText(e);
      if (s.empty())
        continue;
      if (!out.empty())
        out += ", ";
      out += s;
    }
    return out;
  }
  if (v.is_object()) {
    for (const char* key :
         {"display_value", "display", "name", "value", "address"}) {
      out = JsonStr(v, key);
      if (!out.empty())
        return out;
    }
  }
  return out;
}

void AddTags(const JsonValue& v, InventoryRecord* record) {
  if (v.is_string()) {
    record->Set(InventoryField::kTags, 0, v.text());
  } else if (v.is_array()) {
    for (const JsonValue& e : v) {
      if (e.is_object() && (e.contains("Key") || e.contains("key"))) {
        const std::string key =
            e.contains("Key") ? JsonStr(e, "Key") : JsonStr(e, "key");
        const std::string value =
            e.contains("Value") ? JsonStr(e, "Value") : JsonStr(e, "value");
        record->AddTag(value.empty() ? key : key + ":" + value);
      } else {
        record->AddTag(ValueText(e));
      }
    }
  } else if (v.is_object()) {
    for (auto it = v.begin(); it != v.end(); ++it) {
      const std::string value = ValueText(*it);
      const std::string key(it.key());
      record->AddTag(value.empty() ? key : key + ":" + value);
    }
  }
}

bool IsListOfObjects(const JsonValue& v) {
  if (!v.is_array())
    return false;
  for (const JsonValue& e : v) {
    if (e.is_object())
      return true;
  }
  return false;
}

class InventoryJsonImporter : public JsonLinesImporter {
 public:
  explicit InventoryJsonImporter(ImportSink* sink)
      : JsonLinesImporter("JSON asset inventory"), sink_(sink) {}

 private:
  Status OnRecord(const JsonValue& v) override {
    record_.Clear();
    const bool first = records_read_++ == 0;
    for (auto it = v.begin(); it != v.end(); ++it) {
      if (first)
        first_keys_.emplace_back(it.key());
      const InventoryName name =
          GenericInventoryName(NormalizeFieldName(it.key()));
      if (name.field == InventoryField::kNone)
        continue;
      identity_key_ = identity_key_ || IsIdentityField(name.field);
      if (name.field == InventoryField::kTags) {
        AddTags(*it, &record_);
      } else {
        record_.Set(name.field, name.rank, ValueText(*it));
      }
    }
    Asset asset;
    if (record_.ToAsset(true, &asset))
      sink_->AddAsset(asset);
    return Status::Ok();
  }

  Status Check() override {
    Status s = JsonLinesImporter::Check();
    if (!s.ok() || records_read_ == 0 || identity_key_)
      return s;
    return Status::Error(
        "not an asset inventory: no identity key (host name, name, FQDN, IP "
        "address, MAC address, serial number or cloud id such as an ARN or "
        "instance id) among the keys " +
        ListNames(first_keys_));
  }

  ImportSink* sink_;  // outlives the importer
  InventoryRecord record_;
  uint64_t records_read_ = 0;
  bool identity_key_ = false;
  std::vector<std::string> first_keys_;
};

// Reads the first record of a head: the first element of a top-level
// array, or the first top-level object (of JSON lines, or on its own).
class FirstRecord : public JsonRecordHandler {
 public:
  bool Want(const std::string& path) override {
    if (done)
      return false;
    if (path == "$")
      return stream->root_type() == '{';
    return path == "$[]";
  }

  Status OnValue(const std::string& path, const JsonValue& value) override {
    (void)path;
    done = true;
    if (value.is_object()) {
      found = true;
      for (auto it = value.begin(); it != value.end(); ++it) {
        keys.emplace_back(it.key());
        const InventoryName name =
            GenericInventoryName(NormalizeFieldName(it.key()));
        if (name.field != InventoryField::kTags && IsListOfObjects(*it))
          nested = true;
      }
    }
    return Status::Error("enough");  // nothing more is needed
  }

  const JsonRecordStream* stream = nullptr;  // the stream calling it
  bool done = false;
  bool found = false;
  bool nested = false;  // a member holds a list of objects
  std::vector<std::string> keys;
};

}  // namespace

bool SniffInventoryJson(std::string_view head, bool complete) {
  (void)complete;  // a record must be whole in the head anyway
  const std::string_view h = SkipBomAndSpace(head);
  if (h.empty() || (h[0] != '{' && h[0] != '['))
    return false;
  FirstRecord first;
  JsonRecordStream stream(&first);
  first.stream = &stream;
  JsonLimits limits;
  limits.multiple_values = true;
  JsonTokenizer tokenizer(&stream, limits);
  (void)tokenizer.Feed(h);
  return first.found && !first.nested && LooksLikeGenericInventory(first.keys);
}

std::unique_ptr<Importer> CreateInventoryJsonImporter(ImportSink* sink) {
  return std::make_unique<InventoryJsonImporter>(sink);
}

}  // namespace exposure
