// One format written either as JSON or as CSV (an inventory's export, in
// whichever form the user chose): the input's first character that is no
// byte order mark or white space picks the reader, '{' or '[' the JSON one.
// Sniffing already told the format; this only tells the syntax.
#ifndef CORE_IMPORTERS_JSON_OR_CSV_H_
#define CORE_IMPORTERS_JSON_OR_CSV_H_

#include <memory>

#include "core/importers/importer.h"

namespace exposure {

// An importer that hands the input to `json` or to `csv`, as its first
// character says; the other one is never fed.
std::unique_ptr<Importer> JsonOrCsvImporter(std::unique_ptr<Importer> json,
                                            std::unique_ptr<Importer> csv);

}  // namespace exposure

#endif  // CORE_IMPORTERS_JSON_OR_CSV_H_
