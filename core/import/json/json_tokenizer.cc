#include "core/import/json/json_tokenizer.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "core/base/hex.h"
#include "core/base/strings.h"
#include "core/base/utf8.h"

namespace exposure {

namespace {

bool IsJsonSpace(char c) {
  return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

bool ReadHex4(std::string_view s, size_t at, uint32_t* out) {
  if (at + 4 > s.size())
    return false;
  uint32_t v = 0;
  for (size_t i = at; i < at + 4; ++i) {
    int d = HexDigitValue(s[i]);
    if (d < 0)
      return false;
    v = v * 16 + static_cast<uint32_t>(d);
  }
  *out = v;
  return true;
}

// Checks the RFC 8259 number grammar.
bool ValidNumber(std::string_view s) {
  size_t i = 0;
  auto digits = [&]() {
    size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9')
      ++i;
    return i - start;
  };
  if (i < s.size() && s[i] == '-')
    ++i;
  if (i >= s.size())
    return false;
  if (s[i] == '0') {
    ++i;
  } else if (digits() == 0) {
    return false;
  }
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (digits() == 0)
      return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-'))
      ++i;
    if (digits() == 0)
      return false;
  }
  return i == s.size();
}

}  // namespace

bool UnescapeJsonString(std::string_view body, std::string* out) {
  size_t i = 0;
  while (i < body.size()) {
    size_t bs = body.find('\\', i);
    if (bs == std::string_view::npos) {
      out->append(body.substr(i));
      return true;
    }
    out->append(body.substr(i, bs - i));
    if (bs + 1 >= body.size())
      return false;
    char e = body[bs + 1];
    i = bs + 2;
    switch (e) {
      case '"':
        out->push_back('"');
        break;
      case '\\':
        out->push_back('\\');
        break;
      case '/':
        out->push_back('/');
        break;
      case 'b':
        out->push_back('\b');
        break;
      case 'f':
        out->push_back('\f');
        break;
      case 'n':
        out->push_back('\n');
        break;
      case 'r':
        out->push_back('\r');
        break;
      case 't':
        out->push_back('\t');
        break;
      case 'u': {
        uint32_t cp;
        if (!ReadHex4(body, i, &cp))
          return false;
        i += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          uint32_t lo;
          if (i + 6 <= body.size() && body[i] == '\\' && body[i + 1] == 'u' &&
              ReadHex4(body, i + 2, &lo) && lo >= 0xDC00 && lo <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            i += 6;
          } else {
            cp = 0xFFFD;
          }
        }
        AppendUtf8(cp, out);
        break;
      }
      default:
        return false;
    }
  }
  return true;
}

JsonTokenizer::JsonTokenizer(JsonHandler* handler, JsonLimits limits)
    : handler_(handler), limits_(limits) {}

Status JsonTokenizer::Feed(std::string_view chunk) {
  if (!error_.ok())
    return error_;
  return window_.Feed(chunk, &pos_, &resume_, [this] { return Parse(false); });
}

Status JsonTokenizer::Finish() {
  if (!error_.ok())
    return error_;
  window_.UseCarried();
  EXPOSURE_RETURN_IF_ERROR(Parse(true));
  if (!stack_.empty()) {
    Fail(std::string("unexpected end of file: ") +
             (stack_.back() == '{' ? "object" : "array") + " is not closed",
         in().size());
    return error_;
  }
  if (values_ == 0 && !limits_.multiple_values) {
    Fail("no JSON value found", in().size());
    return error_;
  }
  return Status::Ok();
}

JsonTokenizer::Step JsonTokenizer::Fail(std::string message, size_t at) {
  error_ = Status::Error(std::move(message), window_.LocationAt(at));
  return Step::kError;
}

bool JsonTokenizer::Emit(const Status& s, size_t at) {
  if (s.ok())
    return true;
  error_ = Status::Error(s.message(), window_.LocationAt(at));
  return false;
}

JsonTokenizer::Step JsonTokenizer::AfterValue() {
  if (stack_.empty()) {
    ++values_;
    expect_ = limits_.multiple_values ? Expect::kValue : Expect::kDone;
  } else {
    expect_ = Expect::kCommaOrClose;
  }
  return Step::kProgress;
}

Status JsonTokenizer::Parse(bool final) {
  if (!bom_checked_) {
    if (in().size() < 3 && !final)
      return Status::Ok();
    if (in().compare(0, 3, "\xEF\xBB\xBF") == 0)
      pos_ = 3;
    bom_checked_ = true;
  }
  const char* data = in().data();
  const size_t size = in().size();
  while (true) {
    while (pos_ < size && IsJsonSpace(data[pos_]))
      ++pos_;
    if (pos_ >= size)
      break;
    const char c = data[pos_];
    Step step = Step::kProgress;
    switch (expect_) {
      case Expect::kDone:
        return Fail("unexpected data after the JSON value", pos_), error_;
      case Expect::kColon:
        if (c != ':')
          return Fail("expected ':'", pos_), error_;
        ++pos_;
        expect_ = Expect::kValue;
        continue;
      case Expect::kCommaOrClose: {
        char open = stack_.back();
        if (c == ',') {
          ++pos_;
          expect_ = open == '{' ? Expect::kKey : Expect::kValue;
          continue;
        }
        if ((open == '{' && c == '}') || (open == '[' && c == ']')) {
          if (!Emit(open == '{' ? handler_->EndObject() : handler_->EndArray(),
                    pos_)) {
            return error_;
          }
          ++pos_;
          stack_.pop_back();
          AfterValue();
          continue;
        }
        return Fail(open == '{' ? "expected ',' or '}'" : "expected ',' or ']'",
                    pos_),
               error_;
      }
      case Expect::kFirstKey:
      case Expect::kKey:
        if (c == '}' && expect_ == Expect::kFirstKey) {
          if (!Emit(handler_->EndObject(), pos_))
            return error_;
          ++pos_;
          stack_.pop_back();
          AfterValue();
          continue;
        }
        if (c != '"')
          return Fail("expected a string key", pos_), error_;
        step = ParseString(final, /*is_key=*/true);
        break;
      case Expect::kFirstValue:
        if (c == ']') {
          if (!Emit(handler_->EndArray(), pos_))
            return error_;
          ++pos_;
          stack_.pop_back();
          AfterValue();
          continue;
        }
        [[fallthrough]];
      case Expect::kValue:
        if (c == '{' || c == '[') {
          if (stack_.size() >= limits_.max_depth) {
            return Fail("nesting deeper than " +
                            std::to_string(limits_.max_depth),
                        pos_),
                   error_;
          }
          if (!Emit(c == '{' ? handler_->StartObject() : handler_->StartArray(),
                    pos_)) {
            return error_;
          }
          stack_.push_back(c);
          ++pos_;
          expect_ = c == '{' ? Expect::kFirstKey : Expect::kFirstValue;
          continue;
        }
        if (c == '"') {
          step = ParseString(final, /*is_key=*/false);
        } else if (c == '-' || (c >= '0' && c <= '9')) {
          step = ParseNumber(final);
        } else if (c == 't' || c == 'f' || c == 'n') {
          step = ParseLiteral(final);
        } else {
          return Fail(std::string("unexpected character '") +
                          (c >= 0x20 && c < 0x7f ? std::string(1, c)
                                                 : std::string("?")) +
                          "'",
                      pos_),
                 error_;
        }
        break;
    }
    if (step == Step::kError)
      return error_;
    if (step == Step::kNeedMore) {
      if (final) {
        return Fail("unexpected end of file inside a value", pos_), error_;
      }
      if (size - pos_ > limits_.max_token_bytes) {
        return Fail("value larger than " +
                        std::to_string(limits_.max_token_bytes) + " bytes",
                    pos_),
               error_;
      }
      break;
    }
  }
  return Status::Ok();
}

JsonTokenizer::Step JsonTokenizer::ParseString(bool final, bool is_key) {
  (void) final;
  const char* data = in().data();
  const size_t size = in().size();
  size_t i = std::max(resume_, pos_ + 1);
  size_t close;
  while (true) {
    const char* q = FindByte(data + i, '"', size - i);
    if (q == nullptr) {
      // Resume just before the end: a backslash there may escape the quote
      // that arrives next.
      resume_ = size;
      return Step::kNeedMore;
    }
    close = static_cast<size_t>(q - data);
    size_t bs = 0;
    while (close - bs > pos_ + 1 && data[close - bs - 1] == '\\')
      ++bs;
    if (bs % 2 == 0)
      break;
    i = close + 1;
  }
  resume_ = 0;
  std::string_view body(data + pos_ + 1, close - pos_ - 1);
  std::string_view value = body;
  if (body.find('\\') != std::string_view::npos) {
    scratch_.clear();
    if (!UnescapeJsonString(body, &scratch_)) {
      return Fail("invalid escape in string", pos_);
    }
    value = scratch_;
  }
  if (is_key) {
    if (!Emit(handler_->Key(value), pos_))
      return Step::kError;
    pos_ = close + 1;
    expect_ = Expect::kColon;
    return Step::kProgress;
  }
  if (!Emit(handler_->String(value), pos_))
    return Step::kError;
  pos_ = close + 1;
  return AfterValue();
}

JsonTokenizer::Step JsonTokenizer::ParseNumber(bool final) {
  const char* data = in().data();
  size_t i = pos_;
  while (i < in().size()) {
    char c = data[i];
    if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' ||
        c == 'e' || c == 'E') {
      ++i;
    } else {
      break;
    }
  }
  if (i == in().size() && !final)
    return Step::kNeedMore;
  std::string_view text(data + pos_, i - pos_);
  if (!ValidNumber(text))
    return Fail("invalid number", pos_);
  if (!Emit(handler_->Number(text), pos_))
    return Step::kError;
  pos_ = i;
  return AfterValue();
}

JsonTokenizer::Step JsonTokenizer::ParseLiteral(bool final) {
  static constexpr std::string_view kTrue = "true";
  static constexpr std::string_view kFalse = "false";
  static constexpr std::string_view kNull = "null";
  char c = in()[pos_];
  std::string_view word = c == 't' ? kTrue : c == 'f' ? kFalse : kNull;
  size_t avail = in().size() - pos_;
  size_t n = std::min(avail, word.size());
  if (in().compare(pos_, n, word.data(), n) != 0) {
    return Fail("invalid literal", pos_);
  }
  if (avail < word.size()) {
    return final ? Fail("invalid literal", pos_) : Step::kNeedMore;
  }
  Status s = c == 'n' ? handler_->Null() : handler_->Bool(c == 't');
  if (!Emit(s, pos_))
    return Step::kError;
  pos_ += word.size();
  return AfterValue();
}

}  // namespace exposure
