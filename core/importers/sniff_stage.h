// The last stage before the importer: tells the format of an input from
// its first kSniffBytes of text (the registry's sniffers, in order) and
// hands the text to that format's importer.
//
// A format whose signature may sit anywhere (CycloneDX JSON, whose
// "bomFormat" some tools write last) is decided at the end of the input:
// when no sniffer takes the head but such a format's `maybe` does, the
// input is read by that importer into a RecordSink, and its records reach
// the analysis only once the importer, finished, confirms the format. Such
// an input is held in memory as records, up to kMaxUndecidedBytes of text.
#ifndef CORE_IMPORTERS_SNIFF_STAGE_H_
#define CORE_IMPORTERS_SNIFF_STAGE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/base/status.h"
#include "core/import/stage.h"
#include "core/importers/importer.h"
#include "core/model/record_sink.h"
#include "core/model/sink.h"

namespace exposure {

// The most text an input whose format waits for its end may have.
constexpr uint64_t kMaxUndecidedBytes = uint64_t{64} << 20;

class SniffStage : public Stage {
 public:
  // The sink the importer of `spec` writes into, asked once the format is
  // known; it must outlive this stage.
  using SinkFor = std::function<ImportSink*(const ImporterSpec& spec)>;

  // With `sink_for` empty the stage only tells the format: once decided()
  // it takes no more interest in the input (a format decided at the end
  // is still read to its end, into a sink of its own).
  // `max_undecided_bytes`: see kMaxUndecidedBytes.
  SniffStage(StageLog* log,
             SinkFor sink_for,
             uint64_t max_undecided_bytes = kMaxUndecidedBytes)
      : log_(log),
        sink_for_(std::move(sink_for)),
        max_undecided_bytes_(max_undecided_bytes) {}

  Status Feed(std::string_view chunk) override;
  Status Finish() override;
  // Decides now from the text held, as the head of a longer input that
  // will not be fed (to tell a format from an input's first bytes only).
  void DecideFromHead();

  // The format, once decided (its id is also in the log); null before and
  // when none matched.
  const ImporterSpec* spec() const { return decided_ ? spec_ : nullptr; }
  bool decided() const { return decided_; }
  // No format matched, or the importer broke.
  bool failed() const { return failed_; }

 private:
  // Chooses the importer once the head is known (`complete`: the head is
  // the whole input).
  Status Start(bool complete);
  Status Import(std::string_view text);
  // An importer's error: the input is broken there (or, while the format
  // is undecided, not of that format).
  Status Fail(const Status& s);
  Status Unsupported();

  StageLog* log_;
  SinkFor sink_for_;
  std::string head_;  // text held until the format is known
  const ImporterSpec* spec_ = nullptr;
  bool decided_ = false;
  bool undecided_ = false;  // reading into records_ until the end decides
  std::unique_ptr<RecordSink> records_;
  uint64_t max_undecided_bytes_;
  uint64_t undecided_bytes_ = 0;
  std::unique_ptr<Importer> importer_;
  bool failed_ = false;
};

}  // namespace exposure

#endif  // CORE_IMPORTERS_SNIFF_STAGE_H_
