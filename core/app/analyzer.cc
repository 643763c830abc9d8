#include "core/app/analyzer.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <utility>

#include "core/render/json_report.h"

namespace exposure {

namespace {

// Moves the front of `*chunk` into `*held` until it holds `need` bytes: the
// leading bytes a stage decides on (compression, text encoding, format).
// True once `*held` is complete; `*chunk` keeps the rest.
bool Gather(std::string* held, size_t need, std::string_view* chunk) {
  size_t want = need - std::min(need, held->size());
  held->append(chunk->substr(0, want));
  chunk->remove_prefix(std::min(want, chunk->size()));
  return held->size() >= need;
}

}  // namespace

Analyzer::Analyzer() = default;
Analyzer::~Analyzer() = default;

void Analyzer::BeginFile(std::string name) {
  if (open_)
    EndFile();
  input_ = store_.AddInput(std::move(name));
  open_ = true;
  magic_.clear();
  decoding_known_ = false;
  decompressor_.reset();
  text_magic_.clear();
  text_known_ = false;
  text_decoder_.reset();
  head_.clear();
  spec_ = nullptr;
  importer_.reset();
  failed_ = false;
  decode_failed_ = false;
}

void Analyzer::Fail(const Status& status) {
  Input& in = store_.input(input_);
  std::string format = spec_ != nullptr ? spec_->id : "unknown format";
  in.errors.push_back({in.name + ": " + format + ": " + status.message(),
                       status.location().ToString()});
  in.partial = true;
  failed_ = true;
}

void Analyzer::FailDecoding(const Status& status) {
  Input& in = store_.input(input_);
  in.errors.push_back({in.name + ": " + status.message(), ""});
  in.partial = true;
  decode_failed_ = true;
}

void Analyzer::StartDecoding() {
  decoding_known_ = true;
  Compression c = DetectCompression(magic_);
  std::string raw;
  raw.swap(magic_);
  if (c == Compression::kNone) {
    FeedPlain(raw);
    return;
  }
  store_.input(input_).compression = CompressionName(c);
  decompressor_ = Decompressor::Create(c);
  Status s = decompressor_->Feed(raw, [this](std::string_view piece) {
    FeedPlain(piece);
    return Status::Ok();
  });
  if (!s.ok() && !failed_)
    FailDecoding(s);
}

void Analyzer::Start(bool complete) {
  spec_ = SniffFormat(head_, complete);
  if (spec_ == nullptr) {
    Input& in = store_.input(input_);
    in.errors.push_back(
        {in.name + (complete && head_.empty()
                        ? std::string(": file is empty")
                        : std::string(": not a supported format (the "
                                      "content matches no known export)")),
         ""});
    failed_ = true;
    return;
  }
  store_.input(input_).format = spec_->id;
  sink_ = std::make_unique<StoreSink>(&store_, input_, spec_->id);
  importer_ = spec_->create(sink_.get());
  Status s = importer_->Feed(head_);
  std::string().swap(head_);
  if (!s.ok())
    Fail(s);
}

void Analyzer::Feed(std::string_view chunk) {
  if (!open_ || failed_ || decode_failed_)
    return;
  if (!decoding_known_) {
    if (!Gather(&magic_, kCompressionMagicBytes, &chunk))
      return;
    StartDecoding();
    if (failed_ || decode_failed_ || chunk.empty())
      return;
  }
  if (decompressor_ == nullptr) {
    FeedPlain(chunk);
    return;
  }
  // The sink only stops on importer errors, which FeedPlain records itself.
  Status s = decompressor_->Feed(chunk, [this](std::string_view piece) {
    FeedPlain(piece);
    return failed_ ? Status::Error("stopped") : Status::Ok();
  });
  if (!s.ok() && !failed_)
    FailDecoding(s);
}

void Analyzer::FeedPlain(std::string_view chunk) {
  if (failed_)
    return;
  store_.input(input_).bytes += chunk.size();
  if (!text_known_) {
    if (!Gather(&text_magic_, kTextEncodingMagicBytes, &chunk))
      return;
    StartText();
    if (failed_ || chunk.empty())
      return;
  }
  Convert(chunk);
}

void Analyzer::Convert(std::string_view bytes) {
  if (text_decoder_ == nullptr) {
    FeedText(bytes);
    return;
  }
  text_.clear();
  text_decoder_->Decode(bytes, &text_);
  FeedText(text_);
}

void Analyzer::StartText() {
  text_known_ = true;
  TextEncoding e = DetectTextEncoding(text_magic_);
  std::string magic;
  magic.swap(text_magic_);
  if (e != TextEncoding::kUtf8) {
    store_.input(input_).encoding = TextEncodingName(e);
    text_decoder_ = std::make_unique<TextDecoder>(e);
  }
  Convert(magic);
}

void Analyzer::FinishText() {
  if (failed_)
    return;
  if (!text_known_)
    StartText();  // an input shorter than the encoding's magic bytes
  if (failed_ || text_decoder_ == nullptr)
    return;
  text_.clear();
  text_decoder_->Finish(&text_);
  FeedText(text_);
  std::string().swap(text_);
}

void Analyzer::FeedText(std::string_view chunk) {
  if (failed_)
    return;
  if (importer_ == nullptr) {
    if (!Gather(&head_, kSniffBytes, &chunk))
      return;
    Start(false);
    if (failed_ || chunk.empty())
      return;
  }
  Status s = importer_->Feed(chunk);
  if (!s.ok())
    Fail(s);
}

const Input& Analyzer::EndFile() {
  if (open_) {
    open_ = false;
    if (!failed_ && !decoding_known_)
      StartDecoding();
    if (!failed_ && !decode_failed_ && decompressor_ != nullptr) {
      Status s = decompressor_->Finish([this](std::string_view piece) {
        FeedPlain(piece);
        return failed_ ? Status::Error("stopped") : Status::Ok();
      });
      if (!s.ok() && !failed_)
        FailDecoding(s);
    }
    decompressor_.reset();
    FinishText();
    // Even after a decompression error, what was decoded is imported.
    if (!failed_ && importer_ == nullptr && !(decode_failed_ && head_.empty()))
      Start(true);
    if (!failed_ && importer_ != nullptr) {
      Status s = importer_->Finish();
      if (!s.ok())
        Fail(s);
    }
    importer_.reset();
  }
  return store_.input(input_);
}

const Input& Analyzer::AbortFile(const std::string& message) {
  if (open_ && !failed_)
    Fail(Status::Error(message));
  importer_.reset();
  open_ = false;
  return store_.input(input_);
}

void Analyzer::AddUnreadable(std::string name, const std::string& message) {
  if (open_)
    EndFile();
  input_ = store_.AddInput(std::move(name));
  Input& in = store_.input(input_);
  in.errors.push_back({in.name + ": " + message, ""});
}

Status Analyzer::WriteReportJson(
    const std::function<void(std::string_view)>& sink,
    ReportDetail detail) const {
  return RenderJsonReport(store_, Assess(), sink, detail);
}

IntelLookup IntelLookupIn(const std::shared_ptr<const IntelBundle>& bundle) {
  return [bundle](std::string_view cve) {
    CveIntel ci;
    std::optional<EpssScore> e = bundle->FindEpss(cve);
    if (e) {
      ci.covered_by_epss = true;
      ci.epss = static_cast<int>(e->epss);
      ci.percentile = static_cast<int>(e->percentile);
    }
    std::optional<KevEntry> k = bundle->FindKev(cve);
    if (k) {
      ci.kev = true;
      ci.kev_added = FormatIsoDate(k->date_added);
      ci.kev_due = k->due_date == 0 ? "" : FormatIsoDate(k->due_date);
      ci.ransomware = k->ransomware == RansomwareUse::kKnown;
    }
    return ci;
  };
}

namespace {

// The built-in bundle, loaded once per process (a broken or missing one
// means no intelligence, never a failure to analyze).
const IntelLookup& BuiltInIntel() {
  static const IntelLookup lookup = [] {
    Result<IntelBundle> b = IntelBundle::LoadDefault();
    return IntelLookupIn(std::make_shared<const IntelBundle>(
        b.ok() ? std::move(*b) : IntelBundle()));
  }();
  return lookup;
}

}  // namespace

Assessment Analyzer::Assess() const {
  return exposure::Assess(store_, policy_, intel_ ? intel_ : BuiltInIntel());
}

std::string Analyzer::ReportJson() const {
  return RenderJsonReport(store_, Assess());
}

std::string DetectFormat(std::string_view head, bool complete) {
  // The head as the importers would see it: decompressed, then converted to
  // UTF-8, at most kSniffBytes of it.
  std::string plain;
  Compression c = DetectCompression(head);
  if (c == Compression::kNone) {
    plain.assign(head.substr(0, kSniffBytes));
    complete = complete && head.size() <= kSniffBytes;
  } else {
    std::unique_ptr<Decompressor> d = Decompressor::Create(c);
    const Status enough = Status::Error("enough");
    auto sink = [&](std::string_view piece) {
      plain.append(piece.substr(0, kSniffBytes - plain.size()));
      return plain.size() < kSniffBytes ? Status::Ok() : enough;
    };
    Status s = d->Feed(head, sink);
    if (s.ok() && complete)
      s = d->Finish(sink);
    // The text is whole only when the stream ended where the head did.
    complete = complete && s.ok();
  }
  TextEncoding e = DetectTextEncoding(plain);
  if (e != TextEncoding::kUtf8) {
    std::string text;
    TextDecoder decoder(e);
    decoder.Decode(plain, &text);
    if (complete)
      decoder.Finish(&text);
    plain.swap(text);
  }
  if (plain.size() > kSniffBytes) {
    plain.resize(kSniffBytes);
    complete = false;
  }
  const ImporterSpec* spec = SniffFormat(plain, complete);
  return spec != nullptr ? spec->id : "";
}

}  // namespace exposure
