#include "core/base/time.h"

#include <cstdio>

#include "core/base/strings.h"

namespace exposure {

namespace {

// Days since 1970-01-01 -> proleptic Gregorian date (Howard Hinnant's
// civil_from_days algorithm, public domain).
void CivilFromDays(int64_t z, int64_t* y, unsigned* m, unsigned* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = static_cast<int64_t>(yoe) + era * 400 + (*m <= 2 ? 1 : 0);
}

// Proleptic Gregorian date -> days since 1970-01-01 (days_from_civil, the
// inverse of the above).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

}  // namespace

bool DayNumber(std::string_view date, int64_t* out) {
  if (date.size() < 10 || date[4] != '-' || date[7] != '-')
    return false;
  int v[3] = {0, 0, 0};
  const size_t starts[3] = {0, 5, 8};
  const size_t lens[3] = {4, 2, 2};
  for (int k = 0; k < 3; ++k) {
    for (size_t i = starts[k]; i < starts[k] + lens[k]; ++i) {
      if (date[i] < '0' || date[i] > '9')
        return false;
      v[k] = v[k] * 10 + (date[i] - '0');
    }
  }
  if (v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > 31)
    return false;
  *out = DaysFromCivil(v[0], static_cast<unsigned>(v[1]),
                       static_cast<unsigned>(v[2]));
  return true;
}

std::string DateOfDay(int64_t day) {
  int64_t y;
  unsigned m;
  unsigned d;
  CivilFromDays(day, &y, &m, &d);
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%04lld-%02u-%02u", static_cast<long long>(y),
                m, d);
  return buf;
}

std::string AddDays(std::string_view date, int days) {
  int64_t n;
  return DayNumber(date, &n) ? DateOfDay(n + days) : std::string();
}

std::string UnixToIso8601(int64_t seconds) {
  int64_t days = seconds / 86400;
  int64_t rem = seconds % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  int64_t y;
  unsigned m;
  unsigned d;
  CivilFromDays(days, &y, &m, &d);
  char buf[40];
  std::snprintf(buf, sizeof(buf), "%04lld-%02u-%02uT%02d:%02d:%02dZ",
                static_cast<long long>(y), m, d, static_cast<int>(rem / 3600),
                static_cast<int>(rem / 60 % 60), static_cast<int>(rem % 60));
  return buf;
}

namespace {

// Reads `n` decimal digits of `text` at `*pos`, advancing it.
bool ReadDigits(std::string_view text, size_t* pos, size_t n, int* out) {
  if (*pos + n > text.size())
    return false;
  int v = 0;
  for (size_t i = *pos; i < *pos + n; ++i) {
    if (text[i] < '0' || text[i] > '9')
      return false;
    v = v * 10 + (text[i] - '0');
  }
  *pos += n;
  *out = v;
  return true;
}

bool Expect(std::string_view text, size_t* pos, char c) {
  if (*pos >= text.size() || text[*pos] != c)
    return false;
  ++*pos;
  return true;
}

}  // namespace

std::string NormalizeIso8601(std::string_view text) {
  text = Trim(text);
  size_t pos = 0;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (!ReadDigits(text, &pos, 4, &y) || !Expect(text, &pos, '-') ||
      !ReadDigits(text, &pos, 2, &mo) || !Expect(text, &pos, '-') ||
      !ReadDigits(text, &pos, 2, &d)) {
    return "";
  }
  if (pos >= text.size() || (text[pos] != 'T' && text[pos] != ' '))
    return "";
  ++pos;
  if (!ReadDigits(text, &pos, 2, &h) || !Expect(text, &pos, ':') ||
      !ReadDigits(text, &pos, 2, &mi)) {
    return "";
  }
  if (pos < text.size() && text[pos] == ':') {
    ++pos;
    if (!ReadDigits(text, &pos, 2, &s))
      return "";
    // Fractions of a second are dropped: coverage needs no finer time.
    if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
      ++pos;
      size_t start = pos;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9')
        ++pos;
      if (pos == start)
        return "";
    }
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60)
    return "";
  const int64_t days =
      DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  // A day past the month's end (Feb 30) does not round-trip.
  if (AddDays(text.substr(0, 10), 0) != text.substr(0, 10))
    return "";
  int64_t seconds = days * 86400 + h * 3600 + mi * 60 + s;
  if (pos == text.size()) {
    std::string out = UnixToIso8601(seconds);
    out.pop_back();  // no zone was given: none is claimed
    return out;
  }
  if (text[pos] == 'Z' || text[pos] == 'z') {
    if (pos + 1 != text.size())
      return "";
    return UnixToIso8601(seconds);
  }
  if (text[pos] != '+' && text[pos] != '-')
    return "";
  const int sign = text[pos] == '-' ? -1 : 1;
  ++pos;
  int oh = 0, om = 0;
  if (!ReadDigits(text, &pos, 2, &oh))
    return "";
  if (pos < text.size()) {
    if (text[pos] == ':')
      ++pos;
    if (!ReadDigits(text, &pos, 2, &om))
      return "";
  }
  if (pos != text.size() || oh > 23 || om > 59)
    return "";
  // Local time = UTC + offset.
  return UnixToIso8601(seconds - sign * (oh * 3600 + om * 60));
}

bool ParseUnixSeconds(std::string_view text, int64_t* out) {
  text = Trim(text);
  if (text.empty() || text.size() > 12)
    return false;
  int64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9')
      return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

}  // namespace exposure
