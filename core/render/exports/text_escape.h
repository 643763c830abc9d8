// Escaping shared by the exports: CSV cells (RFC 4180, with formulas
// defused), HTML text, Markdown table cells.
#ifndef CORE_RENDER_EXPORTS_TEXT_ESCAPE_H_
#define CORE_RENDER_EXPORTS_TEXT_ESCAPE_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace exposure {

// Appends `cell` as one RFC 4180 field: quoted when it holds a comma, a
// quote, a line break or leading/trailing space, quotes doubled. A cell a
// spreadsheet would run as a formula (it starts with =, +, -, @, a tab or
// a carriage return, after any leading spaces) gets a leading apostrophe,
// which spreadsheets show as text, so "=HYPERLINK(...)" in a scanner's
// finding title never runs on an analyst's machine.
void AppendCsvCell(std::string_view cell, std::string* out);
// `cells` joined by commas (each as AppendCsvCell writes it), then "\r\n".
template <typename... Cells>
void AppendCsvRow(std::string* out, const Cells&... cells) {
  bool first = true;
  ((out->append(first ? "" : ","), first = false,
    AppendCsvCell(std::string_view(cells), out)),
   ...);
  out->append("\r\n");
}

// Appends `text` for one line of a Jira issue description (wiki markup):
// line breaks and tabs as spaces, other control characters and bytes that
// are not valid UTF-8 as U+FFFD, and a backslash before \ [ ] { } | !,
// the characters that open links, macros ({html}, {color}), tables and
// images. A scanner's text thus never becomes a link or an image (which
// would fetch a URL when the issue is viewed) in an imported issue; text
// effects (*bold*, _italic_) are left as they are, being harmless.
void AppendJiraText(std::string_view text, std::string* out);

// The first `max_bytes` bytes of `text`, cut back to a UTF-8 character
// boundary, and "..." after them when anything was cut: for the long
// texts (SARIF messages, solutions) an export shows only the start of.
std::string CutUtf8(std::string_view text, size_t max_bytes);

// Appends `text` with &, <, >, " and ' as character references, and bytes
// that are not valid UTF-8 as U+FFFD.
void AppendHtml(std::string_view text, std::string* out);
std::string Html(std::string_view text);

// Appends `text` for a Markdown table cell or a line of prose: line breaks
// as spaces, and the characters Markdown or HTML would interpret (\ ` * _
// [ ] < > | # ! ~ &) escaped, so a finding's text never turns into a link,
// an image or markup in a pull-request comment.
void AppendMarkdown(std::string_view text, std::string* out);
std::string Markdown(std::string_view text);

}  // namespace exposure

#endif  // CORE_RENDER_EXPORTS_TEXT_ESCAPE_H_
