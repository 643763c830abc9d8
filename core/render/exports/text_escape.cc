#include "core/render/exports/text_escape.h"

#include <cstdint>

namespace exposure {

namespace {

// The length of the valid UTF-8 sequence at text[i], or 0 if it is not one.
size_t Utf8Length(std::string_view text, size_t i) {
  const unsigned char c = static_cast<unsigned char>(text[i]);
  if (c < 0x80)
    return 1;
  size_t n = 0;
  uint32_t min = 0;
  if ((c & 0xE0) == 0xC0) {
    n = 2;
    min = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    n = 3;
    min = 0x800;
  } else if ((c & 0xF8) == 0xF0) {
    n = 4;
    min = 0x10000;
  } else {
    return 0;
  }
  if (i + n > text.size())
    return 0;
  uint32_t cp = c & (0x7F >> n);
  for (size_t k = 1; k < n; ++k) {
    const unsigned char d = static_cast<unsigned char>(text[i + k]);
    if ((d & 0xC0) != 0x80)
      return 0;
    cp = cp << 6 | (d & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
    return 0;
  return n;
}

}  // namespace

void AppendCsvCell(std::string_view cell, std::string* out) {
  size_t lead = 0;
  while (lead < cell.size() && cell[lead] == ' ')
    ++lead;
  const bool formula =
      lead < cell.size() &&
      (cell[lead] == '=' || cell[lead] == '+' || cell[lead] == '-' ||
       cell[lead] == '@' || cell[lead] == '\t' || cell[lead] == '\r');
  const bool quote =
      formula || cell.find_first_of(",\"\r\n") != std::string_view::npos ||
      (!cell.empty() && (cell.front() == ' ' || cell.back() == ' '));
  if (!quote) {
    out->append(cell);
    return;
  }
  out->push_back('"');
  if (formula)
    out->push_back('\'');
  for (char c : cell) {
    if (c == '"')
      out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

void AppendJiraText(std::string_view text, std::string* out) {
  for (size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (c == '\n' || c == '\r' || c == '\t') {
      out->push_back(' ');
      ++i;
      continue;
    }
    if (c == '\\' || c == '[' || c == ']' || c == '{' || c == '}' || c == '|' ||
        c == '!') {
      out->push_back('\\');
      out->push_back(c);
      ++i;
      continue;
    }
    const size_t n = Utf8Length(text, i);
    if (n == 0 || (n == 1 && static_cast<unsigned char>(c) < 0x20)) {
      out->append("\xEF\xBF\xBD");
      ++i;
    } else {
      out->append(text.substr(i, n));
      i += n;
    }
  }
}

std::string CutUtf8(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes)
    return std::string(text);
  size_t n = max_bytes;
  while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80)
    --n;
  return std::string(text.substr(0, n)) + "...";
}

void AppendHtml(std::string_view text, std::string* out) {
  for (size_t i = 0; i < text.size();) {
    const char c = text[i];
    switch (c) {
      case '&':
        out->append("&amp;");
        ++i;
        continue;
      case '<':
        out->append("&lt;");
        ++i;
        continue;
      case '>':
        out->append("&gt;");
        ++i;
        continue;
      case '"':
        out->append("&quot;");
        ++i;
        continue;
      case '\'':
        out->append("&#39;");
        ++i;
        continue;
      default:
        break;
    }
    const size_t n = Utf8Length(text, i);
    if (n == 0) {
      out->append("\xEF\xBF\xBD");
      ++i;
    } else if (n == 1 && static_cast<unsigned char>(c) < 0x20 && c != '\n' &&
               c != '\t') {
      // Control characters are not allowed in HTML text.
      out->append("\xEF\xBF\xBD");
      ++i;
    } else {
      out->append(text.substr(i, n));
      i += n;
    }
  }
}

std::string Html(std::string_view text) {
  std::string out;
  AppendHtml(text, &out);
  return out;
}

void AppendMarkdown(std::string_view text, std::string* out) {
  for (size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (c == '\n' || c == '\r' || c == '\t') {
      out->push_back(' ');
      ++i;
      continue;
    }
    if (c == '<') {
      out->append("&lt;");
      ++i;
      continue;
    }
    if (c == '>') {
      out->append("&gt;");
      ++i;
      continue;
    }
    if (c == '&') {
      out->append("&amp;");
      ++i;
      continue;
    }
    if (c == '\\' || c == '`' || c == '*' || c == '_' || c == '[' || c == ']' ||
        c == '|' || c == '#' || c == '!' || c == '~' || c == '(' || c == ')') {
      out->push_back('\\');
      out->push_back(c);
      ++i;
      continue;
    }
    const size_t n = Utf8Length(text, i);
    if (n == 0 || (n == 1 && static_cast<unsigned char>(c) < 0x20)) {
      out->append("\xEF\xBF\xBD");
      ++i;
    } else {
      out->append(text.substr(i, n));
      i += n;
    }
  }
}

std::string Markdown(std::string_view text) {
  std::string out;
  AppendMarkdown(text, &out);
  return out;
}

}  // namespace exposure
