// A limit on the plain (decompressed) bytes that all inputs of one analysis
// may hand to their importers together: the edge worker's per-request
// limit, which a body's own size cannot bound when it is compressed (a few
// kilobytes of zstd can expand to gigabytes). The per-input decompression
// limit (DecompressLimits) protects one input; this one the whole request.
#ifndef CORE_IMPORT_BYTE_ALLOWANCE_H_
#define CORE_IMPORT_BYTE_ALLOWANCE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "core/base/status.h"
#include "core/import/stage.h"

namespace exposure {

// Shared by the inputs of one analysis. `limit` 0 means no limit.
struct ByteAllowance {
  uint64_t limit = 0;
  uint64_t used = 0;
  bool exceeded = false;

  // What an input that passed the limit says, and the analysis.
  std::string Message() const {
    return "the inputs exceed the limit of " + std::to_string(limit) +
           " decompressed bytes per analysis";
  }
};

// Sits right after decompression: counts what passes against the
// allowance and stops the input, with an error in the log, at the first
// piece that would go beyond it (that piece is not handed on, so an
// importer never sees more than the limit). Decompression hands on pieces
// of at most kMaxDecompressedPiece bytes, so a bomb is stopped after at
// most one piece beyond what was allowed was decoded.
class AllowanceStage : public Stage {
 public:
  AllowanceStage(Stage* next, StageLog* log, ByteAllowance* allowance)
      : next_(next), log_(log), allowance_(allowance) {}

  Status Feed(std::string_view chunk) override {
    if (allowance_ != nullptr && allowance_->limit != 0) {
      if (allowance_->exceeded ||
          chunk.size() > allowance_->limit - allowance_->used) {
        allowance_->exceeded = true;
        Status s = Status::Error(allowance_->Message());
        log_->errors.push_back(s);
        log_->partial = true;
        return s;
      }
      allowance_->used += chunk.size();
    }
    return next_->Feed(chunk);
  }
  Status Finish() override { return next_->Finish(); }

 private:
  Stage* next_;
  StageLog* log_;
  ByteAllowance* allowance_;  // may be null: no limit
};

}  // namespace exposure

#endif  // CORE_IMPORT_BYTE_ALLOWANCE_H_
