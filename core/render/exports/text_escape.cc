#include "core/render/exports/text_escape.h"

#include "core/base/utf8.h"

namespace exposure {

namespace {

// Copies the character at text[i] to `out` and returns its length in
// bytes; a byte that starts no valid UTF-8 sequence, or a control
// character other than those in `allowed`, becomes U+FFFD (one byte).
size_t CopyCharacter(std::string_view text,
                     size_t i,
                     std::string_view allowed,
                     std::string* out) {
  const char c = text[i];
  const size_t n = Utf8SequenceLength(text, i);
  if (n == 0 || (n == 1 && static_cast<unsigned char>(c) < 0x20 &&
                 allowed.find(c) == std::string_view::npos)) {
    out->append("\xEF\xBF\xBD");
    return 1;
  }
  out->append(text.substr(i, n));
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
    i += CopyCharacter(text, i, "", out);
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
    // Control characters other than line breaks and tabs are not allowed
    // in HTML text.
    i += CopyCharacter(text, i, "\n\t", out);
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
    i += CopyCharacter(text, i, "", out);
  }
}

std::string Markdown(std::string_view text) {
  std::string out;
  AppendMarkdown(text, &out);
  return out;
}

}  // namespace exposure
