// UTF-16 and UTF-32 inputs, converted to the UTF-8 every importer reads.
//
// Windows tools write UTF-16 more often than one would like: PowerShell 5's
// `>` and `Out-File` save a scanner's JSON or CSV as UTF-16LE with a byte
// order mark, and some XML exports declare encoding="UTF-16". The text stage
// sits between decompression and the importers: the encoding is told from
// the first bytes, and the text is converted as it streams, a chunk at a
// time, so a gigabyte file is never held whole.
//
// Conversion repairs rather than stops: an unpaired surrogate, a code point
// past U+10FFFF or a code unit cut off by the end of the input becomes
// U+FFFD, as invalid UTF-8 is handled further on. Errors found later by an
// importer count lines and bytes in the converted UTF-8 text.
#ifndef CORE_IMPORT_TEXT_ENCODING_H_
#define CORE_IMPORT_TEXT_ENCODING_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/base/status.h"
#include "core/import/stage.h"

namespace exposure {

enum class TextEncoding { kUtf8, kUtf16Le, kUtf16Be, kUtf32Le, kUtf32Be };

// How many leading bytes DetectTextEncoding needs to decide.
constexpr size_t kTextEncodingMagicBytes = 4;

// From the first bytes of a (decompressed) input: a UTF-16 or UTF-32 byte
// order mark, or, without one, the zero bytes of an ASCII first character
// (every export starts with '<', '{', '[', a quote, a letter or space), as
// XML 1.0 appendix F suggests. Anything else is UTF-8. A prefix shorter
// than kTextEncodingMagicBytes is told by a UTF-16 byte order mark only.
TextEncoding DetectTextEncoding(std::string_view head);

// "utf-8", "utf-16le", "utf-16be", "utf-32le", "utf-32be".
const char* TextEncodingName(TextEncoding e);

// Converts one input of a UTF-16 or UTF-32 encoding to UTF-8, chunk by
// chunk: a code unit or surrogate pair split between chunks is completed by
// the next one. A byte order mark at the start is dropped.
class TextDecoder {
 public:
  // `e` must not be kUtf8.
  explicit TextDecoder(TextEncoding e);

  // Appends the UTF-8 of `bytes` to `out` (at most 1.5 times their size).
  void Decode(std::string_view bytes, std::string* out);
  // Declares the end of input: what is left of a cut code unit or a lone
  // high surrogate is appended as U+FFFD.
  void Finish(std::string* out);

  // Code units replaced by U+FFFD so far.
  uint64_t replaced() const { return replaced_; }

 private:
  void Unit(uint32_t u, std::string* out);
  void CodePoint(uint32_t c, std::string* out);
  void Replace(std::string* out);

  unsigned width_;  // bytes per code unit: 2 or 4
  bool big_endian_;
  uint8_t partial_[4] = {};  // bytes of a code unit cut by a chunk's end
  unsigned partial_size_ = 0;
  uint32_t high_ = 0;  // a high surrogate waiting for its low half, or 0
  bool at_start_ = true;
  uint64_t replaced_ = 0;
};

// The stage after decompression: the encoding is told from the first
// kTextEncodingMagicBytes bytes (noted in the log when it is not UTF-8) and
// UTF-16/32 text is converted as it streams; UTF-8 passes unchanged.
class TextStage : public Stage {
 public:
  TextStage(Stage* next, StageLog* log) : next_(next), log_(log) {}

  Status Feed(std::string_view chunk) override;
  Status Finish() override;

 private:
  // Decides about the encoding once the first bytes are known.
  Status Start();
  // Hands `bytes` on, converted when the text is not UTF-8.
  Status Convert(std::string_view bytes);

  Stage* next_;
  StageLog* log_;
  std::string magic_;  // bytes held until the encoding is known
  bool started_ = false;
  std::unique_ptr<TextDecoder> decoder_;  // null for UTF-8
  std::string text_;                      // converted text, reused per chunk
};

}  // namespace exposure

#endif  // CORE_IMPORT_TEXT_ENCODING_H_
