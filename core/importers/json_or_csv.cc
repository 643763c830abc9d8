#include "core/importers/json_or_csv.h"

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

namespace exposure {

namespace {

class JsonOrCsv : public Importer {
 public:
  JsonOrCsv(std::unique_ptr<Importer> json, std::unique_ptr<Importer> csv)
      : json_(std::move(json)), csv_(std::move(csv)) {}

  Status Feed(std::string_view chunk) override {
    if (chosen_ != nullptr)
      return chosen_->Feed(chunk);
    // Until the first character tells, the bytes before it (a byte order
    // mark, white space) are held, to be read by the chosen importer.
    for (size_t i = 0; i < chunk.size(); ++i) {
      const unsigned char c = static_cast<unsigned char>(chunk[i]);
      const bool skip = c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
                        c == 0xEF || c == 0xBB || c == 0xBF;
      if (!skip) {
        chosen_ = (c == '{' || c == '[') ? json_.get() : csv_.get();
        break;
      }
    }
    held_.append(chunk.data(), chunk.size());
    if (chosen_ == nullptr)
      return Status::Ok();
    std::string held = std::move(held_);
    held_.clear();
    return chosen_->Feed(held);
  }

  Status Finish() override {
    if (chosen_ == nullptr) {
      // Nothing but space: the CSV reader says what an empty file is.
      chosen_ = csv_.get();
      if (!held_.empty()) {
        Status s = chosen_->Feed(held_);
        if (!s.ok()) {
          // Finished all the same, to hand on what it read (stage.h).
          (void)chosen_->Finish();
          return s;
        }
      }
    }
    return chosen_->Finish();
  }

 private:
  std::unique_ptr<Importer> json_;
  std::unique_ptr<Importer> csv_;
  Importer* chosen_ = nullptr;
  std::string held_;
};

}  // namespace

std::unique_ptr<Importer> JsonOrCsvImporter(std::unique_ptr<Importer> json,
                                            std::unique_ptr<Importer> csv) {
  return std::make_unique<JsonOrCsv>(std::move(json), std::move(csv));
}

}  // namespace exposure
