// The bytes a streaming tokenizer reads: each fed chunk in place, plus the
// few bytes a chunk leaves unparsed (a token cut by the chunk's end), which
// are carried over and completed from the next chunk. Input is copied only
// around chunk boundaries, never whole.
#ifndef CORE_IMPORT_INPUT_WINDOW_H_
#define CORE_IMPORT_INPUT_WINDOW_H_

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>

#include "core/base/status.h"

namespace exposure {

class InputWindow {
 public:
  // What the tokenizer parses. Valid until the next Feed() or UseCarried().
  std::string_view bytes() const { return in_; }

  // Parses `chunk`. `parse()` parses bytes() from `*pos` on, advancing
  // `*pos` past what it consumed, and returns its Status (an error stops
  // the feed). `rebase()` is called when bytes()[*pos] is about to become
  // the window's first byte, while bytes() is still the old window: it
  // moves the tokenizer's positions (and sets *pos to 0).
  template <typename Parse, typename Rebase>
  Status Feed(std::string_view chunk,
              const size_t* pos,
              Parse parse,
              Rebase rebase) {
    size_t start = 0;  // where in `chunk` in-place parsing begins
    const size_t lead = carry_.size();
    if (lead > 0) {
      // Append the chunk to the carried token a growing piece at a time
      // until parsing gets past the carried bytes.
      while (true) {
        if (start == chunk.size()) {
          Keep(*pos, rebase);  // the whole chunk joined the carried bytes
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
      rebase();
      carry_.clear();
    }
    in_ = chunk.substr(start);
    Status s = parse();
    if (!s.ok())
      return s;
    Keep(*pos, rebase);
    return Status::Ok();
  }

  // Makes the carried bytes the window again (for the final parse).
  void UseCarried() { in_ = carry_; }

 private:
  // The first piece of a chunk appended to carried bytes: small, since the
  // cut token usually ends within a few bytes; later pieces double.
  static constexpr size_t kMinPiece = 256;

  // Carries bytes()[done, end) over to the next chunk.
  template <typename Rebase>
  void Keep(size_t done, Rebase rebase) {
    const bool in_carry = !carry_.empty() && in_.data() == carry_.data();
    rebase();  // reads the old window, so before carry_ changes
    if (in_carry) {
      carry_.erase(0, done);
    } else {
      carry_.assign(in_.data() + done, in_.size() - done);
    }
    in_ = carry_;
  }

  std::string_view in_;
  std::string carry_;
};

}  // namespace exposure

#endif  // CORE_IMPORT_INPUT_WINDOW_H_
