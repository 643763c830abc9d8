// Escaping shared by the exports: CSV cells (RFC 4180, with formulas
// defused), HTML text, Markdown table cells.
#ifndef CORE_RENDER_EXPORTS_TEXT_ESCAPE_H_
#define CORE_RENDER_EXPORTS_TEXT_ESCAPE_H_

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
