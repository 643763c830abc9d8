#include "core/importers/json_members.h"

#include <utility>

#include "core/base/strings.h"

namespace exposure {

std::string JsonField(const JsonValue& v,
                      std::initializer_list<std::string_view> keys) {
  for (std::string_view k : keys) {
    std::string s = JsonStr(v, k);
    if (!s.empty())
      return s;
  }
  return {};
}

void CopyJson(const JsonValue& v, JsonDocBuilder* b) {
  switch (v.type()) {
    case JsonType::kNull:
      b->Null();
      break;
    case JsonType::kBool:
      b->Bool(v.get<bool>());
      break;
    case JsonType::kNumber:
      b->Number(v.text());
      break;
    case JsonType::kString:
      b->String(v.text());
      break;
    case JsonType::kArray:
      b->StartArray();
      for (const JsonValue& e : v)
        CopyJson(e, b);
      b->End();
      break;
    case JsonType::kObject:
      b->StartObject();
      for (auto it = v.begin(); it != v.end(); ++it) {
        b->Key(it.key());
        CopyJson(*it, b);
      }
      b->End();
      break;
  }
}

void RootMembers::Add(std::string_view key, const JsonValue& v) {
  members_.emplace_back(std::string(key), JsonDoc::Clone(v));
}

bool RootMembers::Has(std::string_view key) const {
  for (const auto& m : members_) {
    if (m.first == key)
      return true;
  }
  return false;
}

JsonValue RootMembers::Object() {
  JsonDocBuilder b;
  b.Reset(&object_);
  b.StartObject();
  for (const auto& m : members_) {
    b.Key(m.first);
    CopyJson(m.second.root(), &b);
  }
  b.End();
  return object_.root();
}

namespace {

JsonLimits LinesLimits() {
  JsonLimits limits;
  limits.multiple_values = true;
  return limits;
}

// True for "$.a.b" under `list` "$.a.b.c" (or equal to it).
bool OnTheWayTo(const std::string& path, const std::string& list) {
  return list == path || (StartsWith(list, path) && list.size() > path.size() &&
                          list[path.size()] == '.');
}

}  // namespace

WrappedRecordsImporter::WrappedRecordsImporter(const char* name,
                                               std::vector<std::string> lists,
                                               std::vector<std::string> singles)
    : JsonImporter(LinesLimits()),
      name_(name),
      lists_(std::move(lists)),
      singles_(std::move(singles)) {}

bool WrappedRecordsImporter::IsList(const std::string& path) const {
  for (const std::string& list : lists_) {
    if (path.size() == list.size() + 2 && StartsWith(path, list) &&
        EndsWith(path, "[]")) {
      return true;
    }
  }
  return false;
}

bool WrappedRecordsImporter::IsSingle(const std::string& path) const {
  for (const std::string& single : singles_) {
    if (path == single)
      return true;
  }
  return false;
}

bool WrappedRecordsImporter::Want(const std::string& path) {
  if (path == "$")
    return false;
  if (path == "$[]" || IsList(path) || IsSingle(path))
    return true;
  for (const std::string& list : lists_) {
    if (OnTheWayTo(path, list))
      return false;
  }
  for (const std::string& single : singles_) {
    if (OnTheWayTo(path, single))
      return false;
  }
  if (WantOther(path))
    return true;
  // A member of the top-level object: kept until the object ends.
  return StartsWith(path, "$.") && path.find('.', 2) == std::string::npos &&
         path.find('[') == std::string::npos;
}

Status WrappedRecordsImporter::OnEnter(const std::string& path) {
  if (path == "$") {
    members_.Clear();
    wrapper_ = false;
  } else {
    for (const std::string& list : lists_) {
      if (path == list) {
        wrapper_ = true;
        seen_ = true;
      }
    }
  }
  return Status::Ok();
}

Status WrappedRecordsImporter::OnLeave(const std::string& path) {
  if (path != "$" || records_.root_type() != '{')
    return Status::Ok();
  Status s = Status::Ok();
  if (!wrapper_ && !members_.empty() && IsRecord(&members_)) {
    seen_ = true;
    s = OnRecord(members_.Object());
  }
  members_.Clear();
  return s;
}

Status WrappedRecordsImporter::OnValue(const std::string& path,
                                       const JsonValue& value) {
  if (path == "$[]" || IsList(path) || IsSingle(path)) {
    if (!value.is_object()) {
      if (IsSingle(path))
        return Status::Ok();
      return Status::Error("not " + std::string(name_) +
                           ": a record is not a JSON object");
    }
    seen_ = true;
    return OnRecord(value);
  }
  if (WantOther(path))
    return OnOther(path, value);
  members_.Add(JsonPathKey(path), value);
  return Status::Ok();
}

Status WrappedRecordsImporter::Check() {
  if (records_.root_type() != '[' && !seen_) {
    return Status::Error("not " + std::string(name_) +
                         ": no records, nor a list of them");
  }
  return Status::Ok();
}

}  // namespace exposure
