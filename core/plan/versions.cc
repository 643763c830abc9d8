#include "core/plan/versions.h"

#include <algorithm>
#include <cctype>
#include <cstdint>

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

// A range constraint's comparator.
enum class Cmp : uint8_t { kEq, kNe, kLt, kLe, kGt, kGe };

struct Constraint {
  Cmp cmp = Cmp::kEq;
  std::string_view version;
};

// Takes the comparator off the front of `*t` (none: "=").
Cmp TakeComparator(std::string_view* t) {
  static constexpr struct {
    std::string_view text;
    Cmp cmp;
  } kComparators[] = {{">=", Cmp::kGe}, {"<=", Cmp::kLe}, {"!=", Cmp::kNe},
                      {"==", Cmp::kEq}, {">", Cmp::kGt},  {"<", Cmp::kLt},
                      {"=", Cmp::kEq}};
  for (const auto& c : kComparators) {
    if (StartsWith(*t, c.text)) {
      t->remove_prefix(c.text.size());
      *t = Trim(*t);
      return c.cmp;
    }
  }
  return Cmp::kEq;
}

// Whether a version that compares as `c` (CompareVersions) to a
// constraint's version meets it.
bool Meets(int c, Cmp cmp) {
  switch (cmp) {
    case Cmp::kEq:
      return c == 0;
    case Cmp::kNe:
      return c != 0;
    case Cmp::kLt:
      return c < 0;
    case Cmp::kLe:
      return c <= 0;
    case Cmp::kGt:
      return c > 0;
    case Cmp::kGe:
      return c >= 0;
  }
  return false;
}

bool IsLower(Cmp c) {
  return c == Cmp::kGt || c == Cmp::kGe;
}
bool IsUpper(Cmp c) {
  return c == Cmp::kLt || c == Cmp::kLe;
}

// A version a constraint can compare: it holds a digit.
bool Readable(std::string_view v) {
  return std::any_of(v.begin(), v.end(), IsDigit);
}

// The constraints of a vers specifier ("<c>|<c>|..."), as the vers
// specification's containment check reads them.
bool InVers(std::string_view version, std::string_view constraints) {
  std::vector<Constraint> bounds;
  size_t at = 0;
  while (at <= constraints.size()) {
    size_t bar = constraints.find('|', at);
    if (bar == std::string_view::npos)
      bar = constraints.size();
    std::string_view t = Trim(constraints.substr(at, bar - at));
    at = bar + 1;
    if (t == "*")
      return true;
    Constraint c;
    c.cmp = TakeComparator(&t);
    c.version = t;
    if (!Readable(c.version))
      return false;
    const int order = CompareVersions(version, c.version);
    if (c.cmp == Cmp::kEq && order == 0)
      return true;
    if (c.cmp == Cmp::kNe && order == 0)
      return false;
    if (c.cmp != Cmp::kEq && c.cmp != Cmp::kNe)
      bounds.push_back(c);
  }
  std::stable_sort(bounds.begin(), bounds.end(),
                   [](const Constraint& a, const Constraint& b) {
                     return CompareVersions(a.version, b.version) < 0;
                   });
  for (size_t i = 0; i < bounds.size(); ++i) {
    const Constraint& c = bounds[i];
    const bool met = Meets(CompareVersions(version, c.version), c.cmp);
    if (i == 0 && IsUpper(c.cmp) && met)
      return true;
    if (i + 1 == bounds.size()) {
      if (IsLower(c.cmp) && met)
        return true;
      break;
    }
    const Constraint& next = bounds[i + 1];
    if (IsLower(c.cmp) && IsUpper(next.cmp) && met &&
        Meets(CompareVersions(version, next.version), next.cmp))
      return true;
  }
  return false;
}

// Constraints that must all hold, separated by white space or commas; a
// comparator may stand apart from its version ("< 2.0").
bool InAll(std::string_view version, std::string_view text) {
  bool any = false;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (IsAsciiSpace(text[i]) || text[i] == ','))
      ++i;
    if (i == text.size())
      break;
    // The comparator, then the version after any space.
    size_t start = i;
    while (i < text.size() && (text[i] == '<' || text[i] == '>' ||
                               text[i] == '=' || text[i] == '!'))
      ++i;
    while (i < text.size() && IsAsciiSpace(text[i]))
      ++i;
    while (i < text.size() && !IsAsciiSpace(text[i]) && text[i] != ',')
      ++i;
    std::string_view t = Trim(text.substr(start, i - start));
    Constraint c;
    c.cmp = TakeComparator(&t);
    if (!Readable(t))
      return false;
    if (!Meets(CompareVersions(version, t), c.cmp))
      return false;
    any = true;
  }
  return any;
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

bool SameVersion(std::string_view a, std::string_view b) {
  a = Trim(a);
  b = Trim(b);
  if (a.empty() || b.empty())
    return false;
  return EqualsIgnoreCase(a, b) || CompareVersions(a, b) == 0;
}

bool VersionInRange(std::string_view version, std::string_view range) {
  version = Trim(version);
  range = Trim(range);
  if (version.empty() || range.empty())
    return false;
  if (range.size() > 5 && EqualsIgnoreCase(range.substr(0, 5), "vers:")) {
    const size_t slash = range.find('/');
    return slash != std::string_view::npos &&
           InVers(version, range.substr(slash + 1));
  }
  size_t at = 0;
  while (at <= range.size()) {
    size_t bars = range.find("||", at);
    if (bars == std::string_view::npos)
      bars = range.size();
    if (InAll(version, range.substr(at, bars - at)))
      return true;
    at = bars + 2;
  }
  return false;
}

}  // namespace exposure
