// The bytes a streaming tokenizer reads: each fed chunk in place, plus the
// few bytes a chunk leaves unparsed (a token cut by the chunk's end), which
// are carried over and completed from the next chunk. Input is copied only
// around chunk boundaries, never whole.
//
// It also knows where its bytes stand in the whole input, so a tokenizer
// keeps only window positions and asks for a byte offset, line and column
// when it reports one.
#ifndef CORE_IMPORT_INPUT_WINDOW_H_
#define CORE_IMPORT_INPUT_WINDOW_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/base/status.h"
#include "core/base/strings.h"

namespace exposure {

class InputWindow {
 public:
  // What the tokenizer parses. Valid until the next Feed() or UseCarried().
  std::string_view bytes() const { return in_; }

  // Input offset of bytes()[pos].
  uint64_t OffsetOf(size_t pos) const { return base_offset_ + pos; }

  // Offset, line and column of bytes()[pos]; `pos` past the end counts lines
  // only up to the end. Lines are counted only here and when the window
  // moves, never while parsing, and only forward: after asking for a
  // position, an earlier one in the same window gets the later one's line.
  Location LocationAt(size_t pos) {
    CountLines(std::min(pos, in_.size()));
    Location loc;
    loc.byte_offset = base_offset_ + pos;
    loc.line = line_;
    loc.column = loc.byte_offset - line_start_ + 1;
    return loc;
  }

  // Parses `chunk`. `parse()` parses bytes() from `*pos` on, advancing
  // `*pos` past what it consumed, and returns its Status (an error stops
  // the feed). `*resume`, unless 0, is where in bytes() (after `*pos`) the
  // tokenizer goes on looking for the end of the token at `*pos` once more
  // bytes arrive. When bytes()[*pos] is about to become the window's first
  // byte, both move along: *pos becomes 0.
  template <typename Parse>
  Status Feed(std::string_view chunk,
              size_t* pos,
              size_t* resume,
              Parse parse) {
    size_t start = 0;  // where in `chunk` in-place parsing begins
    const size_t lead = carry_.size();
    if (lead > 0) {
      // Append the chunk to the carried token a growing piece at a time
      // until parsing gets past the carried bytes.
      while (true) {
        if (start == chunk.size()) {
          Keep(pos, resume);  // the whole chunk joined the carried bytes
          return Status::Ok();
        }
        size_t take =
            std::min(chunk.size() - start, std::max(carry_.size(), kMinPiece));
        carry_.append(chunk.data() + start, take);
        start += take;
        in_ = carry_;
        Status s = parse();
        if (!s.ok())
          return s;
        if (*pos >= lead)
          break;
      }
      // carry_[*pos, end) is chunk[*pos - lead, start): go on from there.
      start = *pos - lead;
      Rebase(pos, resume);
      carry_.clear();
    }
    in_ = chunk.substr(start);
    Status s = parse();
    if (!s.ok())
      return s;
    Keep(pos, resume);
    return Status::Ok();
  }

  // Makes the carried bytes the window again (for the final parse).
  void UseCarried() { in_ = carry_; }

 private:
  // The first piece of a chunk appended to carried bytes: small, since the
  // cut token usually ends within a few bytes; later pieces double.
  static constexpr size_t kMinPiece = 256;

  // Carries bytes()[*pos, end) over to the next chunk.
  void Keep(size_t* pos, size_t* resume) {
    const size_t done = *pos;
    const bool in_carry = !carry_.empty() && in_.data() == carry_.data();
    Rebase(pos, resume);  // reads the old window, so before carry_ changes
    if (in_carry) {
      carry_.erase(0, done);
    } else {
      carry_.assign(in_.data() + done, in_.size() - done);
    }
    in_ = carry_;
  }

  // Makes bytes()[*pos] position 0 of the window to come.
  void Rebase(size_t* pos, size_t* resume) {
    const size_t dropped = *pos;
    CountLines(dropped);
    base_offset_ += dropped;
    counted_ = 0;
    if (*resume > 0)
      *resume -= dropped;
    *pos = 0;
  }

  // Counts the line breaks in bytes()[counted_, upto).
  void CountLines(size_t upto) {
    if (upto <= counted_)
      return;
    const char* p = in_.data() + counted_;
    const char* end = in_.data() + upto;
    while (true) {
      const char* nl = FindByte(p, '\n', static_cast<size_t>(end - p));
      if (nl == nullptr)
        break;
      p = nl + 1;
      ++line_;
      line_start_ = base_offset_ + static_cast<uint64_t>(p - in_.data());
    }
    counted_ = upto;
  }

  std::string_view in_;
  std::string carry_;
  uint64_t base_offset_ = 0;  // input offset of bytes()[0]
  uint64_t line_ = 1;         // line of bytes()[counted_]
  uint64_t line_start_ = 0;   // input offset of that line's first byte
  size_t counted_ = 0;        // bytes() position up to which lines are counted
};

}  // namespace exposure

#endif  // CORE_IMPORT_INPUT_WINDOW_H_
