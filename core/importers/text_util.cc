#include "core/importers/text_util.h"

#include "core/base/strings.h"
#include "core/import/xml/xml_tokenizer.h"

namespace exposure {

namespace {

// Block elements: their start and end tags end a line. Other tags (inline
// formatting, links) are dropped with nothing in their place.
bool IsBlockTag(std::string_view name) {
  static constexpr std::string_view kBlocks[] = {
      "br",    "p",   "div", "li", "ul", "ol", "dl", "dt", "dd", "tr",
      "table", "pre", "hr",  "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"};
  for (std::string_view b : kBlocks) {
    if (name == b)
      return true;
  }
  return false;
}

// The lower-cased element name of a tag's inside ("/P class=x" -> "p").
std::string TagName(std::string_view tag) {
  if (!tag.empty() && tag[0] == '/')
    tag.remove_prefix(1);
  size_t n = 0;
  while (n < tag.size() && tag[n] != ' ' && tag[n] != '/' && tag[n] != '\t' &&
         tag[n] != '\n' && tag[n] != '\r')
    ++n;
  return ToLower(tag.substr(0, n));
}

}  // namespace

std::string HtmlToText(std::string_view html) {
  std::string plain;
  size_t i = 0;
  while (i < html.size()) {
    const size_t open = html.find('<', i);
    const std::string_view text = html.substr(i, open - i);
    // &nbsp; is HTML's, not XML's: decoded here, so that "&amp;nbsp;"
    // still reads "&nbsp;".
    for (size_t at = 0; at < text.size();) {
      const size_t nbsp = text.find("&nbsp;", at);
      plain.append(text.substr(at, nbsp - at));
      if (nbsp == std::string_view::npos)
        break;
      plain += ' ';
      at = nbsp + 6;
    }
    if (open == std::string_view::npos)
      break;
    const size_t end = html.find('>', open);
    if (end == std::string_view::npos)
      break;
    if (IsBlockTag(TagName(html.substr(open + 1, end - open - 1))))
      plain += '\n';
    i = end + 1;
  }
  std::string decoded;
  DecodeXmlEntities(plain, &decoded);
  std::string out;
  std::string line;
  bool blank = false;  // a blank line since the last text line
  auto flush = [&] {
    std::string_view t = Trim(line);
    if (t.empty()) {
      blank = true;
    } else {
      if (!out.empty())
        out += blank ? "\n\n" : "\n";
      out.append(t);
      blank = false;
    }
    line.clear();
  };
  for (char ch : decoded) {
    if (ch == '\n') {
      flush();
    } else if (ch == '\r' || ch == '\t') {
      line += ' ';
    } else {
      line += ch;
    }
  }
  flush();
  return out;
}

void AddCwe(std::string_view id, std::vector<std::string>* out) {
  id = Trim(id);
  if (id.size() > 4 && EqualsIgnoreCase(id.substr(0, 4), "cwe-"))
    id.remove_prefix(4);
  while (id.size() > 1 && id[0] == '0')
    id.remove_prefix(1);
  if (id.empty() || id.size() > 6)
    return;
  for (char c : id) {
    if (!IsAsciiDigit(c))
      return;
  }
  AppendUnique(out, "CWE-" + std::string(id));
}

void AddCwesFromText(std::string_view text, std::vector<std::string>* out) {
  std::string lower = ToLower(text);
  size_t pos = 0;
  while ((pos = lower.find("cwe", pos)) != std::string::npos) {
    size_t i = pos + 3;
    while (i < lower.size() &&
           (lower[i] == '-' || lower[i] == '_' || lower[i] == ':' ||
            lower[i] == ' ' || lower[i] == '/')) {
      ++i;
    }
    size_t start = i;
    while (i < lower.size() && IsAsciiDigit(lower[i]))
      ++i;
    if (i > start && (i == lower.size() || !IsAsciiDigit(lower[i])))
      AddCwe(lower.substr(start, i - start), out);
    pos += 3;
  }
}

void AddCvesFromText(std::string_view text, std::vector<std::string>* out) {
  std::string upper(text);
  for (char& c : upper) {
    if (c >= 'a' && c <= 'z')
      c = static_cast<char>(c - 'a' + 'A');
  }
  size_t pos = 0;
  while ((pos = upper.find("CVE-", pos)) != std::string::npos) {
    size_t i = pos + 4;
    size_t year = i;
    while (i < upper.size() && IsAsciiDigit(upper[i]))
      ++i;
    if (i - year == 4 && i < upper.size() && upper[i] == '-') {
      size_t num = ++i;
      while (i < upper.size() && IsAsciiDigit(upper[i]))
        ++i;
      if (i - num >= 4)
        AppendUnique(out, upper.substr(pos, i - pos));
    }
    pos += 4;
  }
}

Category CheckCategory(Severity severity,
                       const std::vector<std::string>& cves) {
  return severity == Severity::kInfo && cves.empty() ? Category::kInformation
                                                     : Category::kVulnerability;
}

Severity SeverityFromTenths(int tenths) {
  return tenths >= 90   ? Severity::kCritical
         : tenths >= 70 ? Severity::kHigh
         : tenths >= 40 ? Severity::kMedium
         : tenths > 0   ? Severity::kLow
                        : Severity::kInfo;
}

bool SeverityFromScore(std::string_view text, Severity* out) {
  int tenths = 0;
  if (!ParseScoreTenths(Trim(text), &tenths))
    return false;
  *out = SeverityFromTenths(tenths);
  return true;
}

std::string Bounded(std::string_view text, size_t max) {
  if (text.size() <= max)
    return std::string(text);
  size_t cut = max;
  // Do not split a UTF-8 sequence.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
    --cut;
  return std::string(text.substr(0, cut)) + " [truncated by Exposure Lens]";
}

}  // namespace exposure
