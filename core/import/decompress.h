// Streaming decompression of gzip and zstd inputs.
//
// Scanner exports arrive compressed (`.gz`, `.zst`) and can be gigabytes
// large, so decompression is a stage between the byte source and the format
// importers: compressed chunks go in, decompressed pieces come out through a
// sink, and memory stays bounded (decoder state plus one output buffer of
// kMaxDecompressedPiece bytes; zstd additionally holds its window, capped by
// DecompressLimits::max_zstd_window_log) no matter how large the input is.
//
// The format is detected from content (magic bytes), never from a file name:
// a `.gz` that is really plain JSON, or a gzip stream named `.json`, both work.
//
// Pure C++ on top of zlib and libzstd; no I/O. Same behaviour in every
// target: natively the system libraries, in wasm the same Debian sources
// compiled by cmake/c_libs.cmake.
#ifndef CORE_IMPORT_DECOMPRESS_H_
#define CORE_IMPORT_DECOMPRESS_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/base/status.h"
#include "core/import/stage.h"

namespace exposure {

enum class Compression { kNone, kGzip, kZstd };

// How many leading bytes DetectCompression needs to decide.
constexpr size_t kCompressionMagicBytes = 4;

// Detects compression from the first bytes of an input. Pass the first
// min(kCompressionMagicBytes, input size) bytes (more is fine); a shorter
// prefix can only match a magic number it holds completely.
//   gzip: 1f 8b
//   zstd: 28 b5 2f fd (a frame), or 5? 2a 4d 18 (a skippable frame, which
//         e.g. pzstd writes first)
// Anything else is kNone (plain input, handed to the importers unchanged).
Compression DetectCompression(std::string_view head);

// "gzip", "zstd", "none".
const char* CompressionName(Compression c);

// Output pieces handed to the sink are at most this large.
constexpr size_t kMaxDecompressedPiece = size_t{256} << 10;

struct DecompressLimits {
  // Total decompressed bytes allowed for one input; beyond it decoding stops
  // with "decompressed size exceeds limit" (decompression bombs: a 16 MB
  // gzip of zeros inflates to 16 GB).
  uint64_t max_output_bytes = uint64_t{16} << 30;
  // Largest zstd window accepted, as log2 bytes. 27 (128 MiB) is zstd's own
  // default: everything `zstd -1 … --ultra -22` and `zstd --long` write
  // decodes; frames written with `--long=28` … `--long=31` are refused
  // rather than allowed to claim up to 2 GiB of memory.
  int max_zstd_window_log = 27;
};

// Receives decompressed bytes. The view is valid only during the call; a
// non-ok Status stops decoding and is returned as is.
using DecompressSink = std::function<Status(std::string_view)>;

// One input's decoder. Feed compressed chunks of any size (1 byte to the
// whole input), then call Finish once.
//
// Errors name the format, the problem and the compressed byte offset at
// which it was detected, both in the message ("gzip: invalid data (incorrect
// header check) at compressed byte 1234") and in Location.byte_offset (a
// compressed offset here, not a decompressed one). The offset is as precise
// as the libraries allow: gzip reports the byte after the one that broke the
// stream; zstd reports where its decoder resumed, and the damaged block
// (at most 128 KiB) lies just around it; a checksum mismatch ("incorrect data
// check", "checksum mismatch") is found at the end of the member or frame and
// only says that it is damaged somewhere. Truncation is reported at the end
// of the input. After an error (including one from the sink) every further
// call returns it again.
class Decompressor {
 public:
  // nullptr for kNone.
  static std::unique_ptr<Decompressor> Create(Compression c,
                                              DecompressLimits limits = {});
  virtual ~Decompressor();
  Decompressor(const Decompressor&) = delete;
  Decompressor& operator=(const Decompressor&) = delete;

  // Decompresses `chunk`, passing output to `sink` in pieces of at most
  // kMaxDecompressedPiece bytes as soon as they are decoded.
  //
  // Concatenated gzip members (`cat a.gz b.gz`) and concatenated zstd frames
  // decode as one stream; zstd skippable frames are skipped. Zero bytes after
  // the last gzip member are ignored as padding; any other trailing data is
  // an error, since it would silently drop input.
  virtual Status Feed(std::string_view chunk, const DecompressSink& sink) = 0;

  // Declares the end of input. Reports truncation ("zstd: truncated input:
  // frame not finished"), including an input with no bytes at all.
  virtual Status Finish(const DecompressSink& sink) = 0;

  Compression compression() const { return compression_; }
  // Compressed bytes consumed and decompressed bytes produced so far (for
  // progress reports).
  uint64_t compressed_bytes() const { return in_total_; }
  uint64_t decompressed_bytes() const { return out_total_; }

 protected:
  Decompressor(Compression c, DecompressLimits limits)
      : compression_(c), limits_(limits) {}

  // Counts `piece` against the limit and hands it to the sink. `at` is the
  // compressed offset reported if the limit is exceeded.
  Status Emit(std::string_view piece, const DecompressSink& sink, uint64_t at);
  // Records `message` at compressed offset `at` as the sticky error and
  // returns it; the message gets " at compressed byte N" appended.
  Status Fail(const std::string& message, uint64_t at);
  // Records a sink's (or an earlier) error as sticky and returns it.
  Status Stop(Status s);

  Compression compression_;
  DecompressLimits limits_;
  uint64_t in_total_ = 0;   // compressed bytes fully consumed
  uint64_t out_total_ = 0;  // decompressed bytes handed to sinks
  Status error_;            // sticky; ok until the first failure
};

// The first stage of every input: gzip and zstd, told from the first
// kCompressionMagicBytes bytes, are decompressed as they stream; anything
// else passes unchanged. Notes the compression and the bytes handed on in
// the log. A decoding error (corrupt or truncated data) is logged without a
// location (its message gives the compressed offset; locations count the
// text) and marks the input partial; what was decoded before it is still
// finished by the stages after this one.
class DecompressStage : public Stage {
 public:
  DecompressStage(Stage* next, StageLog* log, DecompressLimits limits = {})
      : next_(next), log_(log), limits_(limits) {}

  Status Feed(std::string_view chunk) override;
  Status Finish() override;

 private:
  // Decides about compression once the first bytes are known.
  Status Start();
  // Hands `piece` on, noting whether the next stage failed.
  Status Pass(std::string_view piece);
  // The outcome of a decoder call: the next stage's error as it is, or the
  // decoder's own, logged.
  Status Settle(Status s);

  Stage* next_;
  StageLog* log_;
  DecompressLimits limits_;
  std::string magic_;  // raw bytes held until the compression is known
  bool started_ = false;
  std::unique_ptr<Decompressor> decoder_;  // null for plain input
  bool failed_ = false;                    // the decoder broke
  bool next_failed_ = false;               // a later stage broke
  uint64_t passed_ = 0;                    // bytes handed on
};

}  // namespace exposure

#endif  // CORE_IMPORT_DECOMPRESS_H_
