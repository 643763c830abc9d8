// The stages one input goes through, in order: decompression, the
// analysis's byte allowance, text decoding, format detection and the
// importer (core/import/stage.h), each
// feeding the next. The analyzer builds one per input and turns its log
// into the input's record; format detection builds the same chain without
// a sink and stops once the format is known.
#ifndef CORE_APP_INPUT_CHAIN_H_
#define CORE_APP_INPUT_CHAIN_H_

#include <string>
#include <string_view>
#include <utility>

#include "core/base/status.h"
#include "core/import/byte_allowance.h"
#include "core/import/decompress.h"
#include "core/import/stage.h"
#include "core/import/text_encoding.h"
#include "core/importers/sniff_stage.h"

namespace exposure {

class InputChain {
 public:
  // `sink_for`: see SniffStage; empty to tell the format only.
  // `allowance`: counts the decompressed bytes against the analysis's limit
  // (null: no limit); it must outlive the chain.
  explicit InputChain(SniffStage::SinkFor sink_for,
                      ByteAllowance* allowance = nullptr)
      : sniff_(&log_, std::move(sink_for)),
        text_(&sniff_, &log_),
        allowance_(&text_, &log_, allowance),
        decompress_(&allowance_, &log_) {}
  InputChain(const InputChain&) = delete;
  InputChain& operator=(const InputChain&) = delete;

  // See Stage: an error (already in the log) means the chain takes no more
  // input; Finish() is still called once.
  Status Feed(std::string_view chunk) { return decompress_.Feed(chunk); }
  Status Finish() { return decompress_.Finish(); }
  // See SniffStage::DecideFromHead().
  void DecideFromHead() { sniff_.DecideFromHead(); }

  const StageLog& log() const { return log_; }
  const SniffStage& sniff() const { return sniff_; }

 private:
  StageLog log_;  // before the stages, which write to it
  SniffStage sniff_;
  TextStage text_;
  AllowanceStage allowance_;
  DecompressStage decompress_;
};

// Tells the format of one input from its bytes, fed in chunks, by the chain
// that reads it.
class FormatDetector {
 public:
  FormatDetector() : chain_(SniffStage::SinkFor()) {}

  // False once more bytes would not change the answer.
  bool Feed(std::string_view chunk) {
    if (!done_ && !chain_.Feed(chunk).ok())
      done_ = true;
    return !done_ && !chain_.sniff().decided();
  }
  // No more bytes will come: the input ended here (`complete`), or what was
  // fed is the head of a longer input, to decide on as it is.
  void Finish(bool complete = true) {
    if (!finished_) {
      if (complete)
        (void)chain_.Finish();  // an unknown format is the answer
      else
        chain_.DecideFromHead();
    }
    finished_ = true;
    done_ = true;
  }
  // The format id, or "" while unknown or when none matched.
  const std::string& format() const { return chain_.log().format; }

 private:
  InputChain chain_;
  bool done_ = false;
  bool finished_ = false;
};

}  // namespace exposure

#endif  // CORE_APP_INPUT_CHAIN_H_
