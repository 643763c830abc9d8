#include "core/import/xml/xml_tokenizer.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "core/base/utf8.h"

namespace exposure {

namespace {

// The bytes that matter while looking for the end of a start tag: quotes,
// '>' and '<'.
struct TagStopTable {
  bool stop[256] = {};
  constexpr TagStopTable() {
    stop[static_cast<unsigned char>('"')] = true;
    stop[static_cast<unsigned char>('\'')] = true;
    stop[static_cast<unsigned char>('>')] = true;
    stop[static_cast<unsigned char>('<')] = true;
  }
  constexpr bool operator[](unsigned char c) const { return stop[c]; }
};
constexpr TagStopTable kTagStop;

bool IsXmlSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Decodes one reference body (between '&' and ';'); false if unknown.
bool DecodeReference(std::string_view ref, std::string* out) {
  if (ref == "lt") {
    out->push_back('<');
  } else if (ref == "gt") {
    out->push_back('>');
  } else if (ref == "amp") {
    out->push_back('&');
  } else if (ref == "quot") {
    out->push_back('"');
  } else if (ref == "apos") {
    out->push_back('\'');
  } else if (ref.size() >= 2 && ref[0] == '#') {
    uint32_t cp = 0;
    bool hex = ref[1] == 'x' || ref[1] == 'X';
    size_t i = hex ? 2 : 1;
    if (i >= ref.size() || ref.size() - i > 8)
      return false;
    for (; i < ref.size(); ++i) {
      char c = ref[i];
      uint32_t d;
      if (c >= '0' && c <= '9') {
        d = static_cast<uint32_t>(c - '0');
      } else if (hex && c >= 'a' && c <= 'f') {
        d = static_cast<uint32_t>(c - 'a' + 10);
      } else if (hex && c >= 'A' && c <= 'F') {
        d = static_cast<uint32_t>(c - 'A' + 10);
      } else {
        return false;
      }
      cp = cp * (hex ? 16 : 10) + d;
      if (cp > 0x10FFFF)
        cp = 0x110000;  // clamp; becomes U+FFFD
    }
    AppendUtf8(cp, out);
  } else {
    return false;
  }
  return true;
}

}  // namespace

void DecodeXmlEntities(std::string_view in, std::string* out) {
  size_t i = 0;
  while (i < in.size()) {
    size_t amp = in.find('&', i);
    if (amp == std::string_view::npos) {
      out->append(in.substr(i));
      return;
    }
    out->append(in.substr(i, amp - i));
    // References are short: a ';' more than 12 bytes on means this '&' is
    // literal. Looking only that far keeps text with many bare '&' (query
    // strings) linear.
    size_t semi = in.substr(0, amp + 13).find(';', amp + 1);
    if (semi == std::string_view::npos ||
        !DecodeReference(in.substr(amp + 1, semi - amp - 1), out)) {
      out->push_back('&');
      i = amp + 1;
      continue;
    }
    i = semi + 1;
  }
}

XmlTokenizer::XmlTokenizer(XmlHandler* handler, XmlLimits limits)
    : handler_(handler), limits_(limits) {}

Status XmlTokenizer::Feed(std::string_view chunk) {
  if (!error_.ok())
    return error_;
  return window_.Feed(chunk, &pos_, &resume_, [this] { return Parse(false); });
}

Status XmlTokenizer::Finish() {
  if (!error_.ok())
    return error_;
  window_.UseCarried();
  EXPOSURE_RETURN_IF_ERROR(Parse(true));
  if (!stack_.empty()) {
    Fail("unexpected end of file: <" + stack_.back() + "> is not closed",
         in().size());
    return error_;
  }
  if (!seen_root_) {
    Fail("no XML element found", in().size());
    return error_;
  }
  return Status::Ok();
}

XmlTokenizer::Step XmlTokenizer::Fail(std::string message, size_t at) {
  error_ = Status::Error(std::move(message), window_.LocationAt(at));
  return Step::kError;
}

bool XmlTokenizer::Emit(const Status& s, size_t at) {
  if (s.ok())
    return true;
  Location loc = s.location().known() ? s.location() : window_.LocationAt(at);
  error_ = Status::Error(s.message(), loc);
  return false;
}

size_t XmlTokenizer::Find(std::string_view needle, size_t from) const {
  if (from >= in().size())
    return std::string::npos;
  const char* hay = in().data() + from;
  size_t n = in().size() - from;
  while (n >= needle.size()) {
    const char* hit = FindByte(hay, needle[0], n - needle.size() + 1);
    if (hit == nullptr)
      return std::string::npos;
    const char* h = hit;
    if (std::memcmp(h, needle.data(), needle.size()) == 0) {
      return static_cast<size_t>(h - in().data());
    }
    n -= static_cast<size_t>(h + 1 - hay);
    hay = h + 1;
  }
  return std::string::npos;
}

Status XmlTokenizer::Parse(bool final) {
  if (!bom_checked_) {
    if (in().size() < 3 && !final)
      return Status::Ok();
    if (in().compare(0, 3, "\xEF\xBB\xBF") == 0)
      pos_ = 3;
    bom_checked_ = true;
  }
  while (pos_ < in().size()) {
    Step step = in()[pos_] == '<' ? ParseMarkup(final) : ParseText(final);
    if (step == Step::kError)
      return error_;
    if (step == Step::kNeedMore)
      break;
  }
  return Status::Ok();
}

XmlTokenizer::Step XmlTokenizer::ParseText(bool final) {
  const char* start = in().data() + pos_;
  size_t avail = in().size() - pos_;
  const char* lt = FindByte(start, '<', avail);
  size_t end = lt ? static_cast<size_t>(lt - in().data()) : in().size();
  size_t emit_end = end;
  if (lt == nullptr && !final) {
    // Hold back a trailing entity reference that may be cut in two.
    size_t amp = in().rfind('&', end - 1);
    if (amp != std::string::npos && amp >= pos_ && end - amp <= 12 &&
        in().find(';', amp) == std::string::npos) {
      emit_end = amp;
    }
  }
  std::string_view raw(in().data() + pos_, emit_end - pos_);
  if (!raw.empty()) {
    if (stack_.empty()) {
      // Outside the root only whitespace is allowed.
      if (!Trim(raw).empty()) {
        return Fail(seen_root_ ? "text after the root element"
                               : "text before the root element",
                    pos_);
      }
    } else if (raw.find('&') == std::string_view::npos) {
      if (!Emit(handler_->Text(raw), pos_))
        return Step::kError;
    } else {
      text_scratch_.clear();
      DecodeXmlEntities(raw, &text_scratch_);
      if (!Emit(handler_->Text(text_scratch_), pos_))
        return Step::kError;
    }
  }
  pos_ = emit_end;
  return (lt == nullptr) ? Step::kNeedMore : Step::kProgress;
}

XmlTokenizer::Step XmlTokenizer::ParseMarkup(bool final) {
  size_t avail = in().size() - pos_;
  auto need_more = [&]() -> Step {
    if (final)
      return Fail("unexpected end of file inside markup", pos_);
    if (avail > limits_.max_token_bytes) {
      return Fail("markup larger than " +
                      std::to_string(limits_.max_token_bytes) + " bytes",
                  pos_);
    }
    return Step::kNeedMore;
  };
  if (avail < 2)
    return need_more();
  const char c = in()[pos_ + 1];
  size_t from = std::max(resume_, pos_ + 1);

  if (c == '/') {
    // End tags are short: a plain loop over the next bytes finds most '>'
    // sooner than a library search would start.
    const std::string_view in_view = in();
    const size_t near = std::min(in_view.size(), from + 32);
    size_t gt = from;
    while (gt < near && in_view[gt] != '>')
      ++gt;
    if (gt == near)
      gt = near < in_view.size() ? Find(">", near) : std::string::npos;
    if (gt == std::string::npos) {
      resume_ = in().size();
      return need_more();
    }
    resume_ = 0;
    return ParseEndTag(gt);
  }
  if (c == '?') {
    size_t close = Find("?>", from);
    if (close == std::string::npos) {
      resume_ = in().size() - 1;
      return need_more();
    }
    resume_ = 0;
    pos_ = close + 2;
    return Step::kProgress;
  }
  if (c == '!') {
    if (avail < 9 && !final)
      return need_more();
    std::string_view head(in().data() + pos_, std::min<size_t>(avail, 9));
    if (StartsWith(head, "<!--")) {
      size_t close = Find("-->", std::max(from, pos_ + 4));
      if (close == std::string::npos) {
        resume_ = in().size() - 2;
        return need_more();
      }
      resume_ = 0;
      pos_ = close + 3;
      return Step::kProgress;
    }
    if (StartsWith(head, "<![CDATA[")) {
      if (stack_.empty())
        return Fail("CDATA outside the root element", pos_);
      size_t close = Find("]]>", std::max(from, pos_ + 9));
      if (close == std::string::npos) {
        resume_ = in().size() - 2;
        return need_more();
      }
      resume_ = 0;
      std::string_view data(in().data() + pos_ + 9, close - pos_ - 9);
      if (!Emit(handler_->Text(data), pos_))
        return Step::kError;
      pos_ = close + 3;
      return Step::kProgress;
    }
    if (StartsWith(head, "<!DOCTYPE")) {
      if (seen_root_)
        return Fail("DOCTYPE after the root element", pos_);
      // Skip the declaration, internal subset included, honouring quotes.
      // DOCTYPEs are small, so scanning again after more bytes is cheap.
      size_t i = pos_ + 9;
      char quote = 0;
      int depth = 0;
      for (; i < in().size(); ++i) {
        char ch = in()[i];
        if (quote != 0) {
          if (ch == quote)
            quote = 0;
        } else if (ch == '"' || ch == '\'') {
          quote = ch;
        } else if (ch == '[') {
          ++depth;
        } else if (ch == ']') {
          --depth;
        } else if (ch == '>' && depth <= 0) {
          break;
        }
      }
      if (i >= in().size())
        return need_more();
      resume_ = 0;
      resume_quote_ = 0;
      pos_ = i + 1;
      return Step::kProgress;
    }
    return Fail("unsupported markup declaration", pos_);
  }

  // A start tag: find its '>' outside quoted attribute values.
  size_t i = from;
  char quote = resume_ > 0 ? resume_quote_ : 0;
  const char* data = in().data();
  size_t size = in().size();
  for (; i < size; ++i) {
    // Most bytes of a tag are names and values: skip them a table lookup
    // at a time.
    while (i < size && !kTagStop[static_cast<unsigned char>(data[i])])
      ++i;
    if (i >= size)
      break;
    char ch = data[i];
    if (quote != 0) {
      const char* q = FindByte(data + i, quote, size - i);
      if (q == nullptr) {
        i = size;
        break;
      }
      i = static_cast<size_t>(q - data);
      quote = 0;
    } else if (ch == '"' || ch == '\'') {
      quote = ch;
    } else if (ch == '>') {
      break;
    } else if (ch == '<') {
      return Fail("'<' inside a tag", i);
    }
  }
  if (i >= size) {
    resume_ = size;
    resume_quote_ = quote;
    return need_more();
  }
  resume_ = 0;
  resume_quote_ = 0;
  return ParseStartTag(i);
}

XmlTokenizer::Step XmlTokenizer::ParseEndTag(size_t end) {
  std::string_view name =
      Trim(std::string_view(in().data() + pos_ + 2, end - pos_ - 2));
  if (stack_.empty())
    return Fail(
        "closing tag </" + std::string(name) + "> without an open element",
        pos_);
  if (name != stack_.back()) {
    return Fail("closing tag </" + std::string(name) + "> does not match <" +
                    stack_.back() + ">",
                pos_);
  }
  if (!Emit(handler_->EndElement(name), pos_))
    return Step::kError;
  stack_.pop_back();
  if (stack_.empty())
    root_closed_ = true;
  pos_ = end + 1;
  return Step::kProgress;
}

XmlTokenizer::Step XmlTokenizer::ParseStartTag(size_t end) {
  const char* data = in().data();
  size_t i = pos_ + 1;
  size_t tag_end = end;
  bool self_closing = false;
  if (tag_end > i && data[tag_end - 1] == '/') {
    self_closing = true;
    --tag_end;
  }
  size_t name_start = i;
  while (i < tag_end && !IsXmlSpace(data[i]))
    ++i;
  std::string_view name(data + name_start, i - name_start);
  if (name.empty())
    return Fail("element without a name", pos_);
  if (root_closed_)
    return Fail("second root element <" + std::string(name) + ">", pos_);
  if (stack_.size() >= limits_.max_depth) {
    return Fail(
        "elements nested deeper than " + std::to_string(limits_.max_depth),
        pos_);
  }

  attrs_.clear();
  while (true) {
    while (i < tag_end && IsXmlSpace(data[i]))
      ++i;
    if (i >= tag_end)
      break;
    size_t an = i;
    while (i < tag_end && data[i] != '=' && !IsXmlSpace(data[i]))
      ++i;
    std::string_view attr_name(data + an, i - an);
    if (attr_name.empty())
      return Fail("attribute without a name", an);
    while (i < tag_end && IsXmlSpace(data[i]))
      ++i;
    if (i >= tag_end || data[i] != '=') {
      return Fail("attribute '" + std::string(attr_name) + "' has no value",
                  an);
    }
    ++i;
    while (i < tag_end && IsXmlSpace(data[i]))
      ++i;
    if (i >= tag_end || (data[i] != '"' && data[i] != '\'')) {
      return Fail("attribute '" + std::string(attr_name) + "' is not quoted",
                  an);
    }
    char q = data[i++];
    size_t vs = i;
    const char* close = FindByte(data + i, q, tag_end - i);
    if (close == nullptr)
      return Fail("unterminated attribute value", vs);
    i = static_cast<size_t>(close - data);
    const size_t count = attrs_.size();  // attributes read so far
    if (count >= limits_.max_attributes) {
      return Fail(
          "more than " + std::to_string(limits_.max_attributes) + " attributes",
          an);
    }
    // Names and plain values are views of the buffer, which stays put until
    // the handler returns; only values with references or line breaks and
    // tabs (normalized to spaces, XML 1.0 section 3.3.3) are copied.
    std::string_view raw(data + vs, i - vs);
    bool plain = true;
    for (char ch : raw) {
      if (ch == '&' || ch == '\t' || ch == '\n' || ch == '\r') {
        plain = false;
        break;
      }
    }
    std::string_view value = raw;
    if (!plain) {
      if (attr_values_.size() <= count)
        attr_values_.resize(count + 1);
      std::string& decoded = attr_values_[count];
      decoded.clear();
      DecodeXmlEntities(raw, &decoded);
      for (char& ch : decoded) {
        if (ch == '\t' || ch == '\n' || ch == '\r')
          ch = ' ';
      }
      value = decoded;
    }
    for (const XmlAttribute& earlier : attrs_) {
      if (earlier.name == attr_name) {
        return Fail("duplicate attribute '" + std::string(attr_name) + "'",
                    pos_);
      }
    }
    attrs_.push_back({attr_name, value});
    ++i;
  }
  seen_root_ = true;
  stack_.emplace_back(name);
  if (!Emit(handler_->StartElement(name, attrs_), pos_))
    return Step::kError;
  if (self_closing) {
    if (!Emit(handler_->EndElement(name), pos_))
      return Step::kError;
    stack_.pop_back();
    if (stack_.empty())
      root_closed_ = true;
  }
  pos_ = end + 1;
  return Step::kProgress;
}

}  // namespace exposure
