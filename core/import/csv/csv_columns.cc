#include "core/import/csv/csv_columns.h"

#include <cstdio>

#include "core/base/net.h"
#include "core/base/strings.h"

namespace exposure {

namespace {

class HeadCollector : public CsvHandler {
 public:
  explicit HeadCollector(size_t max) : max_(max) {}
  Status OnRecord(const CsvRow& row) override {
    std::vector<std::string> fields;
    for (size_t i = 0; i < row.size(); ++i)
      fields.emplace_back(row[i]);
    records.push_back(std::move(fields));
    if (records.size() >= max_)
      return Status::Error("enough");
    return Status::Ok();
  }
  std::vector<std::vector<std::string>> records;

 private:
  size_t max_;
};

std::string Pad2(std::string_view s) {
  return s.size() == 1 ? "0" + std::string(s) : std::string(s);
}

int MonthNumber(std::string_view name) {
  static const char* const kMonths[] = {"jan", "feb", "mar", "apr",
                                        "may", "jun", "jul", "aug",
                                        "sep", "oct", "nov", "dec"};
  if (name.size() < 3)
    return 0;
  std::string key = ToLower(name.substr(0, 3));
  for (int i = 0; i < 12; ++i) {
    if (key == kMonths[i])
      return i + 1;
  }
  return 0;
}

}  // namespace

size_t FirstColumn(const CsvHeader& header,
                   std::initializer_list<std::string_view> names) {
  for (std::string_view name : names) {
    size_t i = header.Index(name);
    if (i != CsvHeader::kMissing)
      return i;
  }
  return CsvHeader::kMissing;
}

std::vector<std::vector<std::string>> CsvHeadRecords(std::string_view head,
                                                     bool complete,
                                                     size_t max_records,
                                                     char* delimiter) {
  HeadCollector collector(max_records);
  CsvOptions options;
  options.delimiter = 0;
  options.header = false;
  CsvReader reader(&collector, options);
  Status s = reader.Feed(head);
  // A broken head still yields the records read before the break.
  if (s.ok() && complete)
    (void)reader.Finish();
  if (delimiter != nullptr)
    *delimiter = reader.delimiter() == 0 ? ',' : reader.delimiter();
  return std::move(collector.records);
}

bool HasColumns(const std::vector<std::string>& fields,
                std::initializer_list<std::string_view> names) {
  for (std::string_view name : names) {
    bool found = false;
    for (const std::string& f : fields) {
      if (EqualsIgnoreCase(Trim(f), name)) {
        found = true;
        break;
      }
    }
    if (!found)
      return false;
  }
  return true;
}

std::string NormalizeDate(std::string_view text, bool month_first) {
  std::string_view t = Trim(text);
  if (EqualsIgnoreCase(t, "N/A") || EqualsIgnoreCase(t, "null"))
    return std::string();
  // YYYY-MM-DD... or YYYY/MM/DD...
  if (t.size() >= 10 && AllAsciiDigits(t.substr(0, 4)) &&
      (t[4] == '-' || t[4] == '/') && t[7] == t[4] &&
      AllAsciiDigits(t.substr(5, 2)) && AllAsciiDigits(t.substr(8, 2))) {
    std::string out(t);
    out[4] = '-';
    out[7] = '-';
    if (out.size() > 10 && out[10] == ' ')
      out[10] = 'T';
    return out;
  }
  // DD/MM/YYYY [HH:MM[:SS]]
  if (t.size() >= 10 && t[2] == '/' && t[5] == '/' &&
      AllAsciiDigits(t.substr(0, 2)) && AllAsciiDigits(t.substr(3, 2)) &&
      AllAsciiDigits(t.substr(6, 4))) {
    std::string_view a = t.substr(0, 2);
    std::string_view b = t.substr(3, 2);
    bool swap = a > "12" ? false : b > "12" ? true : month_first;
    std::string out = std::string(t.substr(6, 4)) + "-" +
                      std::string(swap ? a : b) + "-" +
                      std::string(swap ? b : a);
    std::string_view rest = Trim(t.substr(10));
    if (!rest.empty())
      out += "T" + std::string(rest);
    return out;
  }
  // "Feb 9, 2024 10:48:42 UTC"
  std::vector<std::string> parts = SplitTrimmed(t, " ,");
  if (parts.size() >= 3 && MonthNumber(parts[0]) != 0 &&
      AllAsciiDigits(parts[1]) && parts[1].size() <= 2 &&
      AllAsciiDigits(parts[2]) && parts[2].size() == 4) {
    char month[3];
    std::snprintf(month, sizeof(month), "%02d", MonthNumber(parts[0]));
    std::string out = parts[2] + "-" + month + "-" + Pad2(parts[1]);
    if (parts.size() >= 5 && parts[4] == "UTC" && parts[3].size() == 8) {
      out += "T" + parts[3] + "Z";
    }
    return out;
  }
  return std::string(t);
}

std::vector<std::string> ExtractCves(std::string_view text) {
  std::vector<std::string> out;
  for (size_t i = 0; i + 4 <= text.size(); ++i) {
    if (!EqualsIgnoreCase(text.substr(i, 4), "CVE-"))
      continue;
    if (i > 0) {
      char p = text[i - 1];
      if ((p >= 'A' && p <= 'Z') || (p >= 'a' && p <= 'z') || IsAsciiDigit(p))
        continue;
    }
    size_t j = i + 4;
    size_t year_start = j;
    while (j < text.size() && IsAsciiDigit(text[j]))
      ++j;
    if (j - year_start != 4 || j >= text.size() || text[j] != '-')
      continue;
    size_t num_start = ++j;
    while (j < text.size() && IsAsciiDigit(text[j]))
      ++j;
    if (j - num_start < 4)
      continue;
    AppendUnique(&out,
                 "CVE-" + std::string(text.substr(year_start, j - year_start)));
    i = j - 1;
  }
  return out;
}

std::string CleanText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n')
      continue;
    out.push_back(text[i]);
  }
  return std::string(Trim(out));
}

}  // namespace exposure
