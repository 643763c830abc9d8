// A streaming, non-validating XML tokenizer for scanner exports.
//
// Bytes arrive in chunks of any size; events are delivered as soon as the
// markup that produces them is complete, so memory stays bounded by the
// largest single token (one tag, comment or CDATA section), not by the file.
//
// Security contract: no DTD is processed. A DOCTYPE (including an internal
// subset) is skipped, entity declarations in it are ignored, and only the five
// predefined entities and numeric character references are expanded; any
// other `&name;` is kept literally. So there is no XXE, no external fetch and
// no entity-expansion bomb by construction.
#ifndef CORE_IMPORT_XML_XML_TOKENIZER_H_
#define CORE_IMPORT_XML_XML_TOKENIZER_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/status.h"
#include "core/base/strings.h"
#include "core/import/input_window.h"

namespace exposure {

struct XmlAttribute {
  std::string_view name;
  std::string_view value;  // entities decoded, whitespace normalized
};

// Receives events. Views are valid only during the call. A handler returning
// an error stops parsing; the tokenizer adds the location.
class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  virtual Status StartElement(std::string_view name,
                              const std::vector<XmlAttribute>& attributes) = 0;
  virtual Status EndElement(std::string_view name) = 0;
  // Character data (entities decoded; CDATA verbatim). One text node may
  // arrive in several calls.
  virtual Status Text(std::string_view text) = 0;
};

struct XmlLimits {
  size_t max_depth = 512;
  size_t max_token_bytes = size_t{64} << 20;  // one tag, comment, CDATA, PI
  size_t max_attributes = 1024;
};

class XmlTokenizer {
 public:
  explicit XmlTokenizer(XmlHandler* handler, XmlLimits limits = {});

  // Parses as much as the bytes so far allow. After an error, further calls
  // return the same error.
  Status Feed(std::string_view chunk);
  // Declares the end of input: reports truncation (unclosed elements).
  Status Finish();

  // Bytes consumed so far (offset of the next unparsed byte).
  uint64_t offset() const { return window_.OffsetOf(pos_); }
  size_t depth() const { return stack_.size(); }

 private:
  enum class Step { kProgress, kNeedMore, kError };

  Status Parse(bool final);
  Step ParseText(bool final);
  Step ParseMarkup(bool final);
  Step ParseStartTag(size_t end);
  Step ParseEndTag(size_t end);
  Step Fail(std::string message, size_t at);
  // Finds `needle` at or after `from`; npos if absent.
  size_t Find(std::string_view needle, size_t from) const;
  bool Emit(const Status& s, size_t at);

  XmlHandler* handler_;
  XmlLimits limits_;
  // The chunk being parsed, in place, or the bytes carried over from the
  // previous one; it also turns positions in it into input offsets and
  // error locations.
  InputWindow window_;
  std::string_view in() const { return window_.bytes(); }
  size_t pos_ = 0;  // next unparsed byte in in()

  // Where to resume searching for the end of an incomplete token starting
  // at pos_, so a large CDATA section is not rescanned on every chunk.
  size_t resume_ = 0;
  char resume_quote_ = 0;

  std::vector<std::string> stack_;
  bool seen_root_ = false;
  bool root_closed_ = false;
  bool bom_checked_ = false;
  Status error_;

  std::string text_scratch_;
  // Decoded attribute values, by position; only those that needed decoding.
  // A deque, so growing it never moves a value that attrs_ views.
  std::deque<std::string> attr_values_;
  std::vector<XmlAttribute> attrs_;
};

// Appends `in` to `out` with the predefined entities and character references
// decoded; unknown entities are kept as written.
void DecodeXmlEntities(std::string_view in, std::string* out);

}  // namespace exposure

#endif  // CORE_IMPORT_XML_XML_TOKENIZER_H_
