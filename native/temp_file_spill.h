// The native hosts' spill space (core/base/spill.h): a temporary file.
#ifndef NATIVE_TEMP_FILE_SPILL_H_
#define NATIVE_TEMP_FILE_SPILL_H_

#include <memory>

#include "core/base/spill.h"
#include "core/base/status.h"

namespace exposure {

// A spill space in a new file in $TMPDIR (else /tmp), unlinked as soon as
// it is created: no other process sees it by name, and it is gone when the
// space is destroyed, even if the process is killed.
Result<std::unique_ptr<SpillSpace>> CreateTempFileSpill();

}  // namespace exposure

#endif  // NATIVE_TEMP_FILE_SPILL_H_
