// What every reader of an XML document needs: attribute and element-stack
// helpers, and the shell of the reader itself, which the scanner importers
// (core/importers/) derive from.
#ifndef CORE_IMPORT_XML_XML_IMPORTER_H_
#define CORE_IMPORT_XML_XML_IMPORTER_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/base/status.h"
#include "core/import/stage.h"
#include "core/import/xml/xml_tokenizer.h"

namespace exposure {

// The value of attribute `name`, or "" when the element has none.
std::string XmlAttr(const std::vector<XmlAttribute>& attrs,
                    std::string_view name);

// In a stack of open element names (innermost last): the one `up` levels
// above the innermost (0 is the innermost itself), or "" past the root.
const std::string& XmlParent(const std::vector<std::string>& stack, size_t up);

// The error for a document whose root element is `found` instead of
// `expected` (which may list alternatives, e.g. "<a> or <b>").
Status UnexpectedRoot(std::string_view expected, std::string_view found);

// The shell of a reader of one XML document. It owns the tokenizer,
// lets the subclass hand over what it held back once the document has
// ended, well-formed or not (a broken file keeps what was read), and fails
// a document whose root element never came. Subclasses handle the
// elements and set seen_root_ when their root starts.
class XmlImporter : public Stage, protected XmlHandler {
 public:
  Status Feed(std::string_view chunk) final;
  Status Finish() final;

 protected:
  // `no_root`: the error for a well-formed document without the root, e.g.
  // "not a Burp XML export: no <issues>".
  explicit XmlImporter(const char* no_root) : xml_(this), no_root_(no_root) {}

  // Emits the records held back until the end. Called when the document
  // breaks and again when it is finished, so it must leave nothing behind
  // to emit twice.
  virtual void Flush() {}

  bool seen_root_ = false;

 private:
  XmlTokenizer xml_;
  const char* no_root_;
};

}  // namespace exposure

#endif  // CORE_IMPORT_XML_XML_IMPORTER_H_
