// Bytes that stay where they are written: views of them are valid as long
// as the pool. For many small texts kept for a whole pass (keys, ids), one
// copy into a shared chunk instead of a string (and an allocation) apiece.
#ifndef CORE_BASE_TEXT_POOL_H_
#define CORE_BASE_TEXT_POOL_H_

#include <cstddef>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

namespace exposure {

class TextPool {
 public:
  // A copy of `text`; empty texts are not stored.
  std::string_view Add(std::string_view text) {
    if (text.empty())
      return {};
    char* at;
    if (text.size() > kChunk / 4) {  // a large text gets a block of its own
      large_.push_back(std::unique_ptr<char[]>(new char[text.size()]));
      at = large_.back().get();
    } else {
      if (chunks_.empty() || text.size() > kChunk - used_) {
        // Uninitialized (make_unique would zero it): texts overwrite it.
        chunks_.push_back(std::unique_ptr<char[]>(new char[kChunk]));
        used_ = 0;
      }
      at = chunks_.back().get() + used_;
      used_ += text.size();
    }
    std::memcpy(at, text.data(), text.size());
    return std::string_view(at, text.size());
  }

 private:
  static constexpr size_t kChunk = size_t{64} << 10;
  std::vector<std::unique_ptr<char[]>> chunks_;
  size_t used_ = 0;  // of chunks_.back()
  std::vector<std::unique_ptr<char[]>> large_;
};

}  // namespace exposure

#endif  // CORE_BASE_TEXT_POOL_H_
