#include "core/import/json/json_importer.h"

#include <cmath>

#include "core/base/epss.h"
#include "core/base/strings.h"

namespace exposure {

JsonValue JsonGet(const JsonValue& j, std::string_view key) {
  return j[key];
}

std::string JsonStr(const JsonValue& j, std::string_view key) {
  JsonValue v = j[key];
  if (v.is_string())
    return std::string(v.text());
  if (v.is_number() || v.is_boolean())
    return v.dump();
  return std::string();
}

int JsonScoreTenths(const JsonValue& j, std::string_view key) {
  JsonValue v = j[key];
  if (v.is_number()) {
    double d = v.get<double>();
    if (!(d >= 0 && d <= 10))
      return -1;
    return static_cast<int>(std::lround(d * 10));
  }
  int tenths = -1;
  if (v.is_string() && ParseScoreTenths(v.get<std::string>(), &tenths)) {
    return tenths;
  }
  return -1;
}

int JsonProbability5(const JsonValue& j, std::string_view key) {
  JsonValue v = j[key];
  if (!v.is_number() && !v.is_string())
    return -1;
  uint32_t fixed = 0;
  if (!ParseEpssFixed(JsonStr(j, key), &fixed) || fixed > 100000)
    return -1;
  return static_cast<int>(fixed);
}

std::string JsonPathParent(const std::string& path) {
  size_t dot = path.rfind('.');
  return dot == std::string::npos ? std::string() : path.substr(0, dot);
}

std::string JsonPathKey(const std::string& path) {
  size_t dot = path.rfind('.');
  return dot == std::string::npos ? std::string() : path.substr(dot + 1);
}

Status JsonImporter::Feed(std::string_view chunk) {
  Status s = json_.Feed(chunk);
  if (!s.ok())
    Flush();
  return s;
}

Status JsonImporter::Finish() {
  Status s = json_.Finish();
  Flush();
  if (!s.ok())
    return s;
  return Check();
}

namespace {

JsonLimits LinesLimits() {
  JsonLimits limits;
  limits.multiple_values = true;
  return limits;
}

}  // namespace

JsonLinesImporter::JsonLinesImporter(const char* name)
    : JsonImporter(LinesLimits()), name_(name) {}

bool JsonLinesImporter::Want(const std::string& path) {
  if (path == "$")
    return records_.root_type() == '{';
  return path == "$[]";
}

Status JsonLinesImporter::OnValue(const std::string& path,
                                  const JsonValue& value) {
  (void)path;
  if (!value.is_object()) {
    return Status::Error("not a " + std::string(name_) +
                         " report: a record is not a JSON object");
  }
  return OnRecord(value);
}

Status JsonLinesImporter::Check() {
  if (records_.root_type() != '{' && records_.root_type() != '[') {
    return Status::Error("not a " + std::string(name_) +
                         " report: no JSON objects");
  }
  return Status::Ok();
}

}  // namespace exposure
