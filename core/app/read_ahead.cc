#include "core/app/read_ahead.h"

#include <utility>

namespace exposure {

ReadAhead::ReadAhead(std::string name)
    : name_(std::move(name)),
      chain_(std::make_unique<InputChain>(
          [this](const ImporterSpec& /*spec*/) { return &records_; })) {}

void ReadAhead::Feed(std::string_view chunk) {
  if (stopped_ || finished_)
    return;
  if (!chain_->Feed(chunk).ok())
    stopped_ = true;
}

void ReadAhead::Finish() {
  if (finished_)
    return;
  finished_ = true;
  // Also after an error, as Analyzer::EndFile: a stage whose own input
  // broke hands on what it read before.
  (void)chain_->Finish();  // its errors are in the log
}

}  // namespace exposure
