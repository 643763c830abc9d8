#include "core/plan/versions.h"

#include <algorithm>
#include <cctype>

#include "core/base/strings.h"

namespace exposure {

namespace {

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}
bool IsAlpha(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) != 0;
}

// The epoch ("2:" before the rest, digits only) and the rest.
std::string_view SplitEpoch(std::string_view v, std::string_view* epoch) {
  size_t i = 0;
  while (i < v.size() && IsDigit(v[i]))
    ++i;
  if (i > 0 && i < v.size() && v[i] == ':') {
    *epoch = v.substr(0, i);
    return v.substr(i + 1);
  }
  *epoch = "0";
  return v;
}

// Numbers as text, compared by value whatever their leading zeros or size.
int CompareNumbers(std::string_view a, std::string_view b) {
  while (a.size() > 1 && a[0] == '0')
    a.remove_prefix(1);
  while (b.size() > 1 && b[0] == '0')
    b.remove_prefix(1);
  if (a.size() != b.size())
    return a.size() < b.size() ? -1 : 1;
  return a.compare(b) < 0 ? -1 : (a == b ? 0 : 1);
}

// Splits off the next segment of `*v`: a run of digits, a run of letters,
// or "~"; separators before it are skipped. Empty at the end.
std::string_view NextSegment(std::string_view* v) {
  size_t i = 0;
  while (i < v->size() && !IsDigit((*v)[i]) && !IsAlpha((*v)[i]) &&
         (*v)[i] != '~')
    ++i;
  v->remove_prefix(i);
  if (v->empty())
    return {};
  size_t n = 1;
  if ((*v)[0] != '~') {
    const bool digits = IsDigit((*v)[0]);
    while (n < v->size() && (digits ? IsDigit((*v)[n]) : IsAlpha((*v)[n])))
      ++n;
  }
  std::string_view seg = v->substr(0, n);
  v->remove_prefix(n);
  return seg;
}

bool IsPreRelease(std::string_view seg) {
  if (seg == "~")
    return true;
  static constexpr const char* kWords[] = {"alpha",   "beta",   "rc",
                                           "pre",     "dev",    "snapshot",
                                           "preview", "canary", "nightly"};
  const std::string lower = ToLower(seg);
  return std::any_of(std::begin(kWords), std::end(kWords),
                     [&lower](const char* w) { return lower == w; });
}

// The sign a version with more segments gets over one that has ended,
// from its next segment.
int RestSign(std::string_view rest) {
  std::string_view seg = NextSegment(&rest);
  if (seg.empty())
    return 0;
  return IsPreRelease(seg) ? -1 : 1;
}

// Leading numeric components of `v` (after its epoch).
std::vector<std::string_view> LeadingNumbers(std::string_view v) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < v.size() && IsDigit(v[i])) {
    size_t start = i;
    while (i < v.size() && IsDigit(v[i]))
      ++i;
    out.push_back(v.substr(start, i - start));
    if (i < v.size() && v[i] == '.' && i + 1 < v.size() && IsDigit(v[i + 1])) {
      ++i;
    } else {
      break;
    }
  }
  return out;
}

}  // namespace

int CompareVersions(std::string_view a, std::string_view b) {
  a = Trim(a);
  b = Trim(b);
  if (!a.empty() && (a[0] == 'v' || a[0] == 'V') && a.size() > 1 &&
      IsDigit(a[1]))
    a.remove_prefix(1);
  if (!b.empty() && (b[0] == 'v' || b[0] == 'V') && b.size() > 1 &&
      IsDigit(b[1]))
    b.remove_prefix(1);
  std::string_view ea, eb;
  a = SplitEpoch(a, &ea);
  b = SplitEpoch(b, &eb);
  if (int c = CompareNumbers(ea, eb))
    return c;
  for (;;) {
    std::string_view sa = NextSegment(&a);
    std::string_view sb = NextSegment(&b);
    if (sa.empty() && sb.empty())
      return 0;
    if (sa.empty())
      return -RestSign(std::string(sb) + std::string(b));
    if (sb.empty())
      return RestSign(std::string(sa) + std::string(a));
    if (sa == "~" || sb == "~") {
      if (sa == sb)
        continue;
      return sa == "~" ? -1 : 1;
    }
    const bool da = IsDigit(sa[0]);
    const bool db = IsDigit(sb[0]);
    if (da && db) {
      if (int c = CompareNumbers(sa, sb))
        return c;
    } else if (da != db) {
      // A pre-release word sorts before a number ("1.0.rc1" < "1.0.0");
      // any other word after one.
      const std::string_view word = da ? sb : sa;
      const int word_sign = IsPreRelease(word) ? -1 : 1;
      return da ? -word_sign : word_sign;
    } else {
      const bool pa = IsPreRelease(sa);
      const bool pb = IsPreRelease(sb);
      if (pa != pb)
        return pa ? -1 : 1;
      const std::string la = ToLower(sa);
      const std::string lb = ToLower(sb);
      if (la != lb)
        return la < lb ? -1 : 1;
    }
  }
}

bool OnReleaseLine(std::string_view installed, std::string_view version) {
  std::string_view ei, ev;
  installed = SplitEpoch(Trim(installed), &ei);
  version = SplitEpoch(Trim(version), &ev);
  if (CompareNumbers(ei, ev) != 0)
    return false;
  std::vector<std::string_view> line = LeadingNumbers(installed);
  std::vector<std::string_view> other = LeadingNumbers(version);
  if (line.empty() || other.empty())
    return false;
  const size_t n = line.size() > 1 ? line.size() - 1 : 1;
  if (other.size() < n)
    return false;
  for (size_t i = 0; i < n; ++i) {
    if (CompareNumbers(line[i], other[i]) != 0)
      return false;
  }
  return true;
}

std::vector<std::string> FixedVersions(std::string_view fixed) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < fixed.size()) {
    // Tokens end at whitespace, commas, '|' and brackets; comparison
    // operators before a version are not part of it.
    while (i < fixed.size() &&
           (fixed[i] == ' ' || fixed[i] == ',' || fixed[i] == '|' ||
            fixed[i] == '[' || fixed[i] == ']' || fixed[i] == '(' ||
            fixed[i] == ')' || fixed[i] == '>' || fixed[i] == '=' ||
            fixed[i] == '<' || fixed[i] == '\t' || fixed[i] == ';' ||
            fixed[i] == '^' || fixed[i] == '~'))
      ++i;
    size_t start = i;
    while (i < fixed.size() && fixed[i] != ' ' && fixed[i] != ',' &&
           fixed[i] != '|' && fixed[i] != ']' && fixed[i] != ')' &&
           fixed[i] != '\t' && fixed[i] != ';')
      ++i;
    std::string_view token = fixed.substr(start, i - start);
    if (token.size() > 1 && (token[0] == 'v' || token[0] == 'V') &&
        IsDigit(token[1]))
      token.remove_prefix(1);
    if (!token.empty() && IsDigit(token[0]))
      out.emplace_back(token);
  }
  return out;
}

std::string ChooseFix(std::string_view installed,
                      const std::vector<std::string>& fixed) {
  const std::string* on_line = nullptr;
  const std::string* any = nullptr;
  for (const std::string& v : fixed) {
    if (!installed.empty() && CompareVersions(v, installed) <= 0)
      continue;
    const bool line = !installed.empty() && OnReleaseLine(installed, v);
    if (line && (!on_line || CompareVersions(v, *on_line) < 0))
      on_line = &v;
    if (!any || CompareVersions(v, *any) < 0)
      any = &v;
  }
  if (on_line)
    return *on_line;
  return any ? *any : std::string();
}

}  // namespace exposure
