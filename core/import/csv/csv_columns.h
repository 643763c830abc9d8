// Helpers for CSV importers: column aliases, sniffing a header from the first
// bytes, and normalizing the loose field spellings exports use.
#ifndef CORE_IMPORT_CSV_CSV_COLUMNS_H_
#define CORE_IMPORT_CSV_CSV_COLUMNS_H_

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/net.h"  // LooksLikeIpAddress
#include "core/import/csv/csv_reader.h"

namespace exposure {

// The index of the first of `names` the header has, or CsvHeader::kMissing.
size_t FirstColumn(const CsvHeader& header,
                   std::initializer_list<std::string_view> names);

// The first `max_records` records of `head` (delimiter detected, no header
// handling), as far as they are complete; a record cut by the end of a head
// that is not `complete` is left out. `delimiter` receives the delimiter.
std::vector<std::vector<std::string>> CsvHeadRecords(std::string_view head,
                                                     bool complete,
                                                     size_t max_records,
                                                     char* delimiter = nullptr);

// True if `fields` holds every one of `names` (case-insensitive, trimmed).
bool HasColumns(const std::vector<std::string>& fields,
                std::initializer_list<std::string_view> names);

// Dates as exports write them, to ISO 8601 when the form is recognised:
// "2023-06-28T11:50:44.895Z" (kept), "2021/03/04" and "2021-03-04"
// (-> 2021-03-04), "Feb 9, 2024 10:48:42 UTC" (-> 2024-02-09T10:48:42Z; with
// another zone only the date is kept), "23/11/2009" (day first ->
// 2009-11-23, or with `month_first` "05/13/2021 07:08:28" ->
// 2021-05-13T07:08:28; a part above 12 decides either way),
// "22/09/2022 13:01" (-> 2022-09-22T13:01). Anything else is returned
// trimmed, "N/A" and "null" as "".
std::string NormalizeDate(std::string_view text, bool month_first = false);

// Every CVE id ("CVE-2021-44228", any case) in `text`, uppercased, in order,
// without duplicates.
std::vector<std::string> ExtractCves(std::string_view text);

// Text with "\r\n" turned into "\n" and surrounding whitespace trimmed.
std::string CleanText(std::string_view text);

}  // namespace exposure

#endif  // CORE_IMPORT_CSV_CSV_COLUMNS_H_
