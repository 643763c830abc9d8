// One step in reading an input. Every step has this shape: it is fed the
// input's bytes in chunks of any size (1 byte to megabytes), in order, then
// finished once. Steps wrap the next one (decompression hands its output to
// text decoding, which hands it to format detection, which hands it to the
// importer), so a new container or encoding is one more stage in the chain.
//
// A non-ok Status from Feed or Finish means the input is broken at that
// point: what was passed on before stays, and the stage is not fed again.
#ifndef CORE_IMPORT_STAGE_H_
#define CORE_IMPORT_STAGE_H_

#include <string_view>

#include "core/base/status.h"

namespace exposure {

class Stage {
 public:
  virtual ~Stage() = default;
  virtual Status Feed(std::string_view chunk) = 0;
  virtual Status Finish() = 0;
};

}  // namespace exposure

#endif  // CORE_IMPORT_STAGE_H_
