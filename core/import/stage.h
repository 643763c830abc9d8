// One step in reading an input, and what the steps of one input report.
//
// Every step has one shape: it is fed the input's bytes in chunks of any
// size (1 byte to megabytes), in order, then finished once. Steps wrap the
// next one: decompression hands its output to text decoding, which hands it
// to format detection, which hands it to the importer. So a new container
// or encoding is one more stage in the chain, and the owner of a chain only
// builds it, feeds its first stage and finishes it.
#ifndef CORE_IMPORT_STAGE_H_
#define CORE_IMPORT_STAGE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/status.h"

namespace exposure {

// A non-ok Status from Feed or Finish means the input is broken at that
// point, in this stage or one after it: what was passed on before stays,
// and the stage is not fed again (Finish is still called, so that a stage
// whose own input broke can hand on what it read; it then returns Ok or
// what the stages after it say).
class Stage {
 public:
  virtual ~Stage() = default;
  virtual Status Feed(std::string_view chunk) = 0;
  virtual Status Finish() = 0;
};

// What the stages of one input found out about it, and the errors they
// met: the chain's owner turns it into the input's record. One input can
// have more than one error (compressed data cut short, and then the
// importer's complaint about a document that stops in the middle).
struct StageLog {
  std::string compression;   // "gzip", "zstd"; "" for plain input
  std::string encoding;      // "utf-16le" etc. when converted; "" for UTF-8
  std::string format;        // the importer's id once the format is known
  uint64_t plain_bytes = 0;  // bytes after decompression
  // In the order met. Messages say which stage and what ("gzip: ...",
  // "nessus: ...", "not a supported format ..."); locations count the text
  // the importers read.
  std::vector<Status> errors;
  // Reading stopped before the end: what was read is kept. (An input whose
  // format is not recognised is not partial: nothing of it was read.)
  bool partial = false;
};

// Moves the front of `*chunk` into `*held` until it holds `need` bytes:
// the leading bytes a stage decides on. True once `*held` is complete;
// `*chunk` keeps the rest.
inline bool GatherHead(std::string* held,
                       size_t need,
                       std::string_view* chunk) {
  const size_t want = need - (held->size() < need ? held->size() : need);
  const size_t take = want < chunk->size() ? want : chunk->size();
  held->append(chunk->data(), take);
  chunk->remove_prefix(take);
  return held->size() >= need;
}

}  // namespace exposure

#endif  // CORE_IMPORT_STAGE_H_
