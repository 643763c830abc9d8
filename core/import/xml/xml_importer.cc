#include "core/import/xml/xml_importer.h"

namespace exposure {

std::string XmlAttr(const std::vector<XmlAttribute>& attrs,
                    std::string_view name) {
  for (const XmlAttribute& a : attrs) {
    if (a.name == name)
      return std::string(a.value);
  }
  return std::string();
}

const std::string& XmlParent(const std::vector<std::string>& stack, size_t up) {
  static const std::string kNone;
  return stack.size() > up ? stack[stack.size() - 1 - up] : kNone;
}

Status UnexpectedRoot(std::string_view expected, std::string_view found) {
  return Status::Error("expected " + std::string(expected) + ", found <" +
                       std::string(found) + ">");
}

Status XmlImporter::Feed(std::string_view chunk) {
  Status s = xml_.Feed(chunk);
  if (!s.ok())
    Flush();
  return s;
}

Status XmlImporter::Finish() {
  Status s = xml_.Finish();
  Flush();
  if (!s.ok())
    return s;
  if (!seen_root_)
    return Status::Error(no_root_);
  return Status::Ok();
}

}  // namespace exposure
