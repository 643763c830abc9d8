// An input read before its turn, typically on another of the host's
// threads while the analysis reads the input before it: its importer writes
// into records instead of the store, and the analysis adopts them when the
// input's turn comes (Analyzer::Adopt). The records replay the very calls
// the importer would have made on the store, so an analysis is the same
// bytes whether its inputs were read ahead or not.
//
// A read-ahead touches nothing of the analysis: it may run on any thread
// while the analysis reads another input. Its records are held in memory
// until adopted; bytes() tells the caller when to stop reading ahead.
#ifndef CORE_APP_READ_AHEAD_H_
#define CORE_APP_READ_AHEAD_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/app/input_chain.h"
#include "core/model/record_sink.h"

namespace exposure {

class ReadAhead {
 public:
  // `name`: as Analyzer::BeginFile. No byte allowance: an analysis with
  // limits reads its inputs in turn (Analyzer::CanReadAhead).
  explicit ReadAhead(std::string name);
  ReadAhead(const ReadAhead&) = delete;
  ReadAhead& operator=(const ReadAhead&) = delete;

  // As Analyzer::Feed: problems go to the input's record, and the chunks
  // after a broken stage are ignored.
  void Feed(std::string_view chunk);
  // The input ended (Analyzer::Adopt calls it when the caller has not;
  // later calls do nothing).
  void Finish();

  // About what the records hold (RecordSink::bytes).
  uint64_t bytes() const { return records_.bytes(); }

 private:
  friend class Analyzer;

  std::string name_;
  RecordSink records_;  // before chain_, whose importer writes to it
  std::unique_ptr<InputChain> chain_;
  bool stopped_ = false;
  bool finished_ = false;
};

}  // namespace exposure

#endif  // CORE_APP_READ_AHEAD_H_
