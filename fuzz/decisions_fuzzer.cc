// Fuzzes the decisions file parser: any bytes give a decisions list or an
// error, never a crash; a list that parses renders to a file that parses
// back to the same list (RenderDecisions is what the dashboard's download
// and the docs describe).
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/plan/decisions.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  exposure::Result<exposure::Decisions> d = exposure::ParseDecisions(text);
  if (!d.ok()) {
    if (d.status().message().empty())
      std::abort();  // an error always says what is wrong
    return 0;
  }
  const std::string rendered = exposure::RenderDecisions(*d);
  exposure::Result<exposure::Decisions> again =
      exposure::ParseDecisions(rendered);
  if (!again.ok() || exposure::RenderDecisions(*again) != rendered)
    std::abort();
  return 0;
}
