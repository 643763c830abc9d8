#include "core/import/text_encoding.h"

#include "core/base/utf8.h"

namespace exposure {

namespace {

bool Ascii(unsigned char c) {
  return c != 0 && c < 0x80;
}

}  // namespace

TextEncoding DetectTextEncoding(std::string_view head) {
  auto at = [&](size_t i) { return static_cast<unsigned char>(head[i]); };
  if (head.size() >= 4) {
    if (at(0) == 0xFF && at(1) == 0xFE && at(2) == 0 && at(3) == 0)
      return TextEncoding::kUtf32Le;
    if (at(0) == 0 && at(1) == 0 && at(2) == 0xFE && at(3) == 0xFF)
      return TextEncoding::kUtf32Be;
  }
  if (head.size() >= 2) {
    if (at(0) == 0xFF && at(1) == 0xFE)
      return TextEncoding::kUtf16Le;
    if (at(0) == 0xFE && at(1) == 0xFF)
      return TextEncoding::kUtf16Be;
  }
  if (head.size() < 4)
    return TextEncoding::kUtf8;
  if (at(0) == 0 && at(1) == 0 && at(2) == 0 && Ascii(at(3)))
    return TextEncoding::kUtf32Be;
  if (Ascii(at(0)) && at(1) == 0 && at(2) == 0 && at(3) == 0)
    return TextEncoding::kUtf32Le;
  if (at(0) == 0 && Ascii(at(1)) && at(2) == 0 && Ascii(at(3)))
    return TextEncoding::kUtf16Be;
  if (Ascii(at(0)) && at(1) == 0 && Ascii(at(2)) && at(3) == 0)
    return TextEncoding::kUtf16Le;
  return TextEncoding::kUtf8;
}

const char* TextEncodingName(TextEncoding e) {
  switch (e) {
    case TextEncoding::kUtf8:
      return "utf-8";
    case TextEncoding::kUtf16Le:
      return "utf-16le";
    case TextEncoding::kUtf16Be:
      return "utf-16be";
    case TextEncoding::kUtf32Le:
      return "utf-32le";
    case TextEncoding::kUtf32Be:
      return "utf-32be";
  }
  return "utf-8";
}

TextDecoder::TextDecoder(TextEncoding e)
    : width_(e == TextEncoding::kUtf32Le || e == TextEncoding::kUtf32Be ? 4
                                                                        : 2),
      big_endian_(e == TextEncoding::kUtf16Be || e == TextEncoding::kUtf32Be) {}

void TextDecoder::Decode(std::string_view bytes, std::string* out) {
  out->reserve(out->size() + bytes.size() / 2 * 3 + 4);
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t n = bytes.size();
  auto read = [&](const unsigned char* b) -> uint32_t {
    if (width_ == 2) {
      return big_endian_ ? (uint32_t{b[0]} << 8) | b[1]
                         : (uint32_t{b[1]} << 8) | b[0];
    }
    return big_endian_ ? (uint32_t{b[0]} << 24) | (uint32_t{b[1]} << 16) |
                             (uint32_t{b[2]} << 8) | b[3]
                       : (uint32_t{b[3]} << 24) | (uint32_t{b[2]} << 16) |
                             (uint32_t{b[1]} << 8) | b[0];
  };
  size_t i = 0;
  while (partial_size_ > 0 && i < n) {
    partial_[partial_size_++] = p[i++];
    if (partial_size_ == width_) {
      partial_size_ = 0;
      Unit(read(partial_), out);
    }
  }
  const size_t whole = i + (n - i) / width_ * width_;
  for (; i < whole; i += width_)
    Unit(read(p + i), out);
  for (; i < n; ++i)
    partial_[partial_size_++] = p[i];
}

void TextDecoder::Finish(std::string* out) {
  if (partial_size_ > 0) {
    partial_size_ = 0;
    Replace(out);
  }
  if (high_ != 0) {
    high_ = 0;
    Replace(out);
  }
}

void TextDecoder::Unit(uint32_t u, std::string* out) {
  const bool first = at_start_;
  at_start_ = false;
  if (width_ == 4) {
    if ((u >= 0xD800 && u <= 0xDFFF) || u > 0x10FFFF) {
      Replace(out);
    } else if (!(first && u == 0xFEFF)) {
      CodePoint(u, out);
    }
    return;
  }
  if (high_ != 0) {
    const uint32_t high = high_;
    high_ = 0;
    if (u >= 0xDC00 && u <= 0xDFFF) {
      CodePoint(0x10000 + ((high - 0xD800) << 10) + (u - 0xDC00), out);
      return;
    }
    Replace(out);  // the high surrogate had no low half
  }
  if (u >= 0xD800 && u <= 0xDBFF) {
    high_ = u;
  } else if (u >= 0xDC00 && u <= 0xDFFF) {
    Replace(out);
  } else if (!(first && u == 0xFEFF)) {
    CodePoint(u, out);
  }
}

void TextDecoder::CodePoint(uint32_t c, std::string* out) {
  // NUL stays NUL, as in UTF-8 input; AppendUtf8 would replace it.
  if (c == 0)
    out->push_back('\0');
  else
    AppendUtf8(c, out);
}

void TextDecoder::Replace(std::string* out) {
  ++replaced_;
  CodePoint(0xFFFD, out);
}

Status TextStage::Start() {
  started_ = true;
  const TextEncoding e = DetectTextEncoding(magic_);
  std::string magic;
  magic.swap(magic_);
  if (e != TextEncoding::kUtf8) {
    log_->encoding = TextEncodingName(e);
    decoder_ = std::make_unique<TextDecoder>(e);
  }
  return Convert(magic);
}

Status TextStage::Convert(std::string_view bytes) {
  if (decoder_ == nullptr)
    return next_->Feed(bytes);
  text_.clear();
  decoder_->Decode(bytes, &text_);
  return next_->Feed(text_);
}

Status TextStage::Feed(std::string_view chunk) {
  if (!started_) {
    if (!GatherHead(&magic_, kTextEncodingMagicBytes, &chunk))
      return Status::Ok();
    Status s = Start();
    if (!s.ok() || chunk.empty())
      return s;
  }
  return Convert(chunk);
}

Status TextStage::Finish() {
  if (!started_) {
    // An input shorter than the magic bytes.
    EXPOSURE_RETURN_IF_ERROR(Start());
  }
  if (decoder_ != nullptr) {
    text_.clear();
    decoder_->Finish(&text_);
    Status s = next_->Feed(text_);
    std::string().swap(text_);
    if (!s.ok())
      return s;
  }
  return next_->Finish();
}

}  // namespace exposure
