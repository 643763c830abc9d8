#include "core/import/decompress.h"

#include <zlib.h>
// For ZSTD_getFrameHeader (exported by the system library and built into
// ours).
#define ZSTD_STATIC_LINKING_ONLY
#include <zstd.h>
#include <zstd_errors.h>

#include <algorithm>
#include <string>

namespace exposure {

Compression DetectCompression(std::string_view head) {
  auto byte = [&](size_t i) { return static_cast<unsigned char>(head[i]); };
  if (head.size() >= 2 && byte(0) == 0x1f && byte(1) == 0x8b) {
    return Compression::kGzip;
  }
  if (head.size() >= 4) {
    // Little-endian 0xFD2FB528: a zstd frame.
    if (byte(0) == 0x28 && byte(1) == 0xb5 && byte(2) == 0x2f &&
        byte(3) == 0xfd) {
      return Compression::kZstd;
    }
    // 0x184D2A50 … 0x184D2A5F: a skippable frame. Only zstd streams start
    // with one (pzstd writes one before every frame), so it means zstd too.
    if ((byte(0) & 0xf0) == 0x50 && byte(1) == 0x2a && byte(2) == 0x4d &&
        byte(3) == 0x18) {
      return Compression::kZstd;
    }
  }
  return Compression::kNone;
}

const char* CompressionName(Compression c) {
  switch (c) {
    case Compression::kGzip:
      return "gzip";
    case Compression::kZstd:
      return "zstd";
    case Compression::kNone:
      break;
  }
  return "none";
}

Decompressor::~Decompressor() = default;

Status Decompressor::Emit(std::string_view piece,
                          const DecompressSink& sink,
                          uint64_t at) {
  if (piece.empty())
    return Status::Ok();
  // out_total_ never exceeds the limit, so the subtraction cannot wrap.
  if (piece.size() > limits_.max_output_bytes - out_total_) {
    return Fail(std::string(CompressionName(compression_)) +
                    ": decompressed size exceeds limit (" +
                    std::to_string(limits_.max_output_bytes) + " bytes)",
                at);
  }
  out_total_ += piece.size();
  Status s = sink(piece);
  if (!s.ok())
    return Stop(std::move(s));
  return Status::Ok();
}

Status Decompressor::Fail(const std::string& message, uint64_t at) {
  Location where;
  where.byte_offset = at;
  error_ = Status::Error(message + " at compressed byte " + std::to_string(at),
                         where);
  return error_;
}

Status Decompressor::Stop(Status s) {
  error_ = std::move(s);
  return error_;
}

namespace {

// ---- gzip (zlib inflate) ----------------------------------------------------

class GzipDecompressor final : public Decompressor {
 public:
  explicit GzipDecompressor(DecompressLimits limits)
      : Decompressor(Compression::kGzip, limits),
        out_(new unsigned char[kMaxDecompressedPiece]) {
    // 16 + 15: gzip wrapper only (no zlib/raw deflate), 32 KiB window, the
    // largest deflate allows, so any gzip stream decodes.
    if (inflateInit2(&z_, 16 + MAX_WBITS) == Z_OK) {
      initialized_ = true;
    } else {
      // Kept in error_: the first Feed() returns it.
      (void)Fail("gzip: cannot initialize decoder (out of memory)", 0);
    }
  }
  ~GzipDecompressor() override {
    if (initialized_)
      inflateEnd(&z_);
  }

  Status Feed(std::string_view chunk, const DecompressSink& sink) override {
    if (!error_.ok())
      return error_;
    const auto* p = reinterpret_cast<const unsigned char*>(chunk.data());
    size_t left = chunk.size();
    while (left > 0) {
      if (state_ == State::kBetween) {
        // After a member: another member (`cat a.gz b.gz`) or zero padding
        // (tape blocks, dd) may follow. Anything else is caught by inflate's
        // header check below.
        if (*p == 0) {
          state_ = State::kPadding;
        } else {
          inflateReset(&z_);
          state_ = State::kMember;
        }
      }
      if (state_ == State::kPadding) {
        const unsigned char* end = p + left;
        const unsigned char* nonzero =
            std::find_if(p, end, [](unsigned char c) { return c != 0; });
        if (nonzero != end) {
          return Fail("gzip: trailing garbage after compressed data",
                      in_total_ + static_cast<uint64_t>(nonzero - p));
        }
        in_total_ += left;
        return Status::Ok();
      }
      size_t used = 0;
      Status s = Inflate(p, left, &used, sink);
      p += used;
      left -= used;
      in_total_ += used;
      if (!s.ok())
        return s;
    }
    return Status::Ok();
  }

  Status Finish(const DecompressSink& /*sink*/) override {
    if (!error_.ok())
      return error_;
    if (state_ != State::kMember)
      return Status::Ok();
    return Fail(in_total_ == 0 ? "gzip: truncated input: no data"
                               : "gzip: truncated input: member not finished",
                in_total_);
  }

 private:
  enum class State {
    kMember,   // inside a member (or before the first)
    kBetween,  // a member ended; nothing of the next seen yet
    kPadding,  // zero bytes after the last member
  };

  // Inflates from `p` (at most `left` bytes) until the input is used up or
  // the member ends; sets *used to the bytes consumed.
  Status Inflate(const unsigned char* p,
                 size_t left,
                 size_t* used,
                 const DecompressSink& sink) {
    // avail_in is 32-bit; larger chunks are taken in slices.
    const uInt n = static_cast<uInt>(std::min<size_t>(left, size_t{1} << 30));
    z_.next_in = const_cast<unsigned char*>(p);  // zlib never writes input
    z_.avail_in = n;
    for (;;) {
      z_.next_out = out_.get();
      z_.avail_out = static_cast<uInt>(kMaxDecompressedPiece);
      const int ret = inflate(&z_, Z_NO_FLUSH);
      *used = n - z_.avail_in;
      const uint64_t at = in_total_ + *used;
      const size_t produced = kMaxDecompressedPiece - z_.avail_out;
      if (ret == Z_DATA_ERROR || ret == Z_NEED_DICT) {
        return Fail(std::string("gzip: invalid data (") +
                        (z_.msg != nullptr ? z_.msg : "corrupt stream") + ")",
                    at);
      }
      if (ret == Z_MEM_ERROR)
        return Fail("gzip: out of memory", at);
      if (ret == Z_STREAM_ERROR)
        return Fail("gzip: internal decoder error", at);
      EXPOSURE_RETURN_IF_ERROR(Emit(
          std::string_view(reinterpret_cast<const char*>(out_.get()), produced),
          sink, at));
      if (ret == Z_STREAM_END) {
        state_ = State::kBetween;
        return Status::Ok();
      }
      // Z_OK or Z_BUF_ERROR (no progress possible). A full output buffer
      // may hide more output; otherwise all input so far is decoded.
      if (z_.avail_out != 0 && (z_.avail_in == 0 || ret == Z_BUF_ERROR)) {
        return Status::Ok();
      }
    }
  }

  z_stream z_{};
  bool initialized_ = false;
  State state_ = State::kMember;
  std::unique_ptr<unsigned char[]> out_;
};

// ---- zstd -------------------------------------------------------------------

// "1 KiB", "128 MiB", "2 GiB" for 2^log2 bytes (log2 >= 10).
std::string PowerOfTwoBytes(int log2) {
  static const char* const kUnits[] = {"KiB", "MiB", "GiB", "TiB"};
  int unit = std::min((log2 - 10) / 10, 3);
  return std::to_string(uint64_t{1} << (log2 - 10 - 10 * unit)) + " " +
         kUnits[unit];
}

// Our own wording, so that native and wasm builds (whose zstd is compiled
// with ZSTD_STRIP_ERROR_STRINGS) say the same thing.
std::string ZstdProblem(size_t code, int max_window_log) {
  switch (ZSTD_getErrorCode(code)) {
    case ZSTD_error_prefix_unknown:
      return "invalid data (unknown frame header: not zstd, or trailing "
             "garbage)";
    case ZSTD_error_version_unsupported:
      return "invalid data (unsupported format version)";
    case ZSTD_error_frameParameter_unsupported:
      return "invalid data (unsupported frame parameter)";
    case ZSTD_error_frameParameter_windowTooLarge:
      // Only zstd's own default limit (27) deserves the hint; a lower limit
      // was chosen by the caller.
      return "frame window larger than the limit of " +
             PowerOfTwoBytes(max_window_log) +
             (max_window_log >= 27 ? " (written with zstd --long=28 or more?)"
                                   : "");
    case ZSTD_error_checksum_wrong:
      return "invalid data (checksum mismatch)";
    case ZSTD_error_dictionary_wrong:
    case ZSTD_error_dictionary_corrupted:
    case ZSTD_error_dictionaryCreation_failed:
      return "frame needs a dictionary (not supported)";
    case ZSTD_error_memory_allocation:
      return "out of memory";
    case ZSTD_error_corruption_detected:
    case ZSTD_error_literals_headerWrong:
    case ZSTD_error_srcSize_wrong:
    case ZSTD_error_tableLog_tooLarge:
    case ZSTD_error_maxSymbolValue_tooLarge:
    case ZSTD_error_maxSymbolValue_tooSmall:
      return "invalid data (corrupted block)";
    default:
      return "decoder error " +
             std::to_string(static_cast<int>(ZSTD_getErrorCode(code)));
  }
}

class ZstdDecompressor final : public Decompressor {
 public:
  explicit ZstdDecompressor(DecompressLimits limits)
      : Decompressor(Compression::kZstd, limits),
        dctx_(ZSTD_createDCtx()),
        out_(new char[kMaxDecompressedPiece]) {
    if (dctx_ == nullptr) {
      // Kept in error_: the first Feed() returns it.
      (void)Fail("zstd: cannot initialize decoder (out of memory)", 0);
      return;
    }
    const size_t r = ZSTD_DCtx_setParameter(dctx_, ZSTD_d_windowLogMax,
                                            limits.max_zstd_window_log);
    if (ZSTD_isError(r)) {
      (void)Fail("zstd: unsupported window limit " +
                     std::to_string(limits.max_zstd_window_log),
                 0);
    }
  }
  ~ZstdDecompressor() override { ZSTD_freeDCtx(dctx_); }

  Status Feed(std::string_view chunk, const DecompressSink& sink) override {
    if (!error_.ok())
      return error_;
    // The streaming API decodes concatenated frames one after another and
    // skips skippable frames by itself.
    ZSTD_inBuffer in{chunk.data(), chunk.size(), 0};
    bool out_full = false;
    while (in.pos < in.size || out_full) {
      if (!frame_open_ && !out_full) {
        // A frame starts: its header first (see StartFrame).
        if (header_.empty())
          frame_at_ = in_total_ + in.pos;
        const size_t take =
            std::min(HeaderSize() - header_.size(), in.size - in.pos);
        header_.append(chunk.data() + in.pos, take);
        in.pos += take;
        if (header_.size() < HeaderSize())
          continue;  // more of the header is needed (next chunk, or below)
        EXPOSURE_RETURN_IF_ERROR(StartFrame());
        continue;
      }
      ZSTD_outBuffer out{out_.get(), kMaxDecompressedPiece, 0};
      const size_t ret = ZSTD_decompressStream(dctx_, &out, &in);
      const uint64_t at = in_total_ + in.pos;
      if (ZSTD_isError(ret)) {
        return Fail("zstd: " + ZstdProblem(ret, limits_.max_zstd_window_log),
                    at);
      }
      frame_output_ += out.pos;
      // 0 exactly when a frame is complete (checksum verified) and flushed.
      frame_open_ = ret != 0;
      if (!frame_open_) {
        EXPOSURE_RETURN_IF_ERROR(CheckContentSize(at));
      }
      EXPOSURE_RETURN_IF_ERROR(
          Emit(std::string_view(out_.get(), out.pos), sink, at));
      // A full output buffer may hide more output even with no input left.
      out_full = out.pos == out.size;
    }
    in_total_ += in.size;
    return Status::Ok();
  }

  Status Finish(const DecompressSink& /*sink*/) override {
    if (!error_.ok())
      return error_;
    if (in_total_ == 0)
      return Fail("zstd: truncated input: no data", 0);
    // A header is held from a frame's first byte to its end.
    if (!header_.empty()) {
      return Fail("zstd: truncated input: frame not finished", in_total_);
    }
    return Status::Ok();
  }

 private:
  static constexpr size_t kMagicBytes = 4;

  // The size of the frame header whose first bytes header_ holds: as much
  // as is needed to know it (the magic number, then the descriptor byte)
  // until then.
  size_t HeaderSize() const {
    if (header_.size() < kMagicBytes)
      return kMagicBytes;
    const uint32_t magic = Magic();
    if (IsSkippable(magic))
      return ZSTD_SKIPPABLEHEADERSIZE;
    if (magic != ZSTD_MAGICNUMBER)
      return kMagicBytes;  // refused by StartFrame
    if (header_.size() < ZSTD_FRAMEHEADERSIZE_PREFIX(ZSTD_f_zstd1))
      return ZSTD_FRAMEHEADERSIZE_PREFIX(ZSTD_f_zstd1);
    const size_t n = ZSTD_frameHeaderSize(header_.data(), header_.size());
    return ZSTD_isError(n) ? header_.size() : n;
  }

  static bool IsSkippable(uint32_t magic) {
    return (magic & ZSTD_MAGIC_SKIPPABLE_MASK) == ZSTD_MAGIC_SKIPPABLE_START;
  }

  uint32_t Magic() const {
    uint32_t magic = 0;
    for (size_t i = kMagicBytes; i-- > 0;)
      magic = (magic << 8) | static_cast<unsigned char>(header_[i]);
    return magic;
  }

  // Hands the whole header of the frame at frame_at_ (in header_) to
  // libzstd, whose own handling of it would depend on how the bytes are
  // chunked in three ways. Given a whole frame in one call, it decodes it
  // in a single pass that checks blocks differently from its streaming
  // path (a compressed block of size 0 fails in one and is skipped in the
  // other); and when a frame's header is bad, or to see whether a frame is
  // whole, it looks for a pre-1.0 ("legacy") frame at the start of that
  // call's bytes, wherever that is, and may decode from there. So the
  // header's first byte goes in alone (never a whole frame in one call),
  // its last byte too (too short to look like anything), and frames must
  // have a zstd or skippable magic number (legacy ones, never seen in
  // scanner exports, are refused too).
  Status StartFrame() {
    const uint32_t magic = Magic();
    if (magic != ZSTD_MAGICNUMBER && !IsSkippable(magic)) {
      return Fail(
          "zstd: invalid data (unknown frame header: not zstd, or trailing "
          "garbage)",
          frame_at_);
    }
    const size_t size = header_.size();
    const size_t cuts[] = {0, 1, size - 1, size};
    for (size_t i = 0; i + 1 < 4; ++i) {
      if (cuts[i] == cuts[i + 1])
        continue;
      ZSTD_inBuffer in{header_.data() + cuts[i], cuts[i + 1] - cuts[i], 0};
      ZSTD_outBuffer out{out_.get(), kMaxDecompressedPiece, 0};
      const size_t ret = ZSTD_decompressStream(dctx_, &out, &in);
      if (ZSTD_isError(ret)) {
        return Fail("zstd: " + ZstdProblem(ret, limits_.max_zstd_window_log),
                    frame_at_ + size);
      }
    }
    frame_open_ = true;
    return Status::Ok();
  }

  // libzstd checks a frame's declared content size when it has the whole
  // frame in one call, but not always when the frame arrives in pieces (a
  // last, empty block ends it unchecked), so the same bytes would decode
  // or fail depending on how they were chunked. This checks every frame
  // the same way, then starts on the next one.
  Status CheckContentSize(uint64_t at) {
    ZSTD_frameHeader h;
    const bool mismatch =
        ZSTD_getFrameHeader(&h, header_.data(), header_.size()) == 0 &&
        h.frameType == ZSTD_frame &&
        h.frameContentSize != ZSTD_CONTENTSIZE_UNKNOWN &&
        h.frameContentSize != frame_output_;
    header_.clear();
    frame_output_ = 0;
    if (mismatch) {
      return Fail(
          "zstd: invalid data (frame content size is not the size "
          "declared in its header)",
          at);
    }
    return Status::Ok();
  }

  ZSTD_DCtx* dctx_;
  bool frame_open_ = false;
  std::string header_;         // the current frame's header
  uint64_t frame_at_ = 0;      // where that frame starts
  uint64_t frame_output_ = 0;  // bytes the current frame has decoded to
  std::unique_ptr<char[]> out_;
};

}  // namespace

std::unique_ptr<Decompressor> Decompressor::Create(Compression c,
                                                   DecompressLimits limits) {
  switch (c) {
    case Compression::kGzip:
      return std::unique_ptr<Decompressor>(new GzipDecompressor(limits));
    case Compression::kZstd:
      return std::unique_ptr<Decompressor>(new ZstdDecompressor(limits));
    case Compression::kNone:
      break;
  }
  return nullptr;
}

Status DecompressStage::Pass(std::string_view piece) {
  passed_ += piece.size();
  log_->plain_bytes += piece.size();
  Status s = next_->Feed(piece);
  if (!s.ok())
    next_failed_ = true;
  return s;
}

Status DecompressStage::Settle(Status s) {
  if (s.ok() || next_failed_)
    return s;
  failed_ = true;
  Status logged = Status::Error(s.message());
  log_->errors.push_back(logged);
  log_->partial = true;
  return logged;
}

Status DecompressStage::Start() {
  started_ = true;
  const Compression c = DetectCompression(magic_);
  std::string raw;
  raw.swap(magic_);
  if (c == Compression::kNone)
    return Pass(raw);
  log_->compression = CompressionName(c);
  decoder_ = Decompressor::Create(c, limits_);
  return Settle(decoder_->Feed(
      raw, [this](std::string_view piece) { return Pass(piece); }));
}

Status DecompressStage::Feed(std::string_view chunk) {
  if (failed_ || next_failed_)
    return Status::Ok();  // stopped: the error was returned before
  if (!started_) {
    if (!GatherHead(&magic_, kCompressionMagicBytes, &chunk))
      return Status::Ok();
    Status s = Start();
    if (!s.ok() || chunk.empty())
      return s;
  }
  if (decoder_ == nullptr)
    return Pass(chunk);
  return Settle(decoder_->Feed(
      chunk, [this](std::string_view piece) { return Pass(piece); }));
}

Status DecompressStage::Finish() {
  if (next_failed_)
    return Status::Ok();
  if (!started_) {
    // An input shorter than the magic bytes.
    Status s = Start();
    if (next_failed_)
      return Status::Ok();
    (void)s;  // a decoder's error is logged; what it decoded goes on
  }
  if (decoder_ != nullptr && !failed_) {
    Status s = Settle(decoder_->Finish(
        [this](std::string_view piece) { return Pass(piece); }));
    if (next_failed_)
      return s;
  }
  // After a decoding error, the stages after this one still read what was
  // decoded, unless nothing was.
  if (failed_ && passed_ == 0)
    return Status::Ok();
  return next_->Finish();
}

}  // namespace exposure
